/**
 * npm run bench:explorer: the explorer in headless Chromium on a large graph. It opens the
 * article's graph with the neighbourhoods of the most mentioned entities expanded (a link any
 * reader could share), and measures how long the page takes to draw it and how smoothly it then
 * zooms and pans (frames per second and the longest frame while the wheel turns and the mouse
 * drags).
 *
 * Environment (a .env file in the working folder is read first):
 *   BENCH_SCALE_DATA_DIR     a graph kept by npm run bench:scale (required: the article alone is
 *                            too small to say anything about a few thousand nodes)
 *   BENCH_EXPLORER_EXPAND    how many of the most mentioned entities to expand (default 80)
 *   BENCH_SCALE_HEAP, BENCH_SCALE_PAGE_CACHE_MB  the embedded Neo4j's memory (2g, 1536)
 *   CHROMIUM_PATH            the browser (default /usr/bin/chromium)
 * Results: bench/results/explorer.md and explorer.json.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { chromium } from 'playwright-core';
import { startBenchNeo4j } from './lib/neo4j.ts';
import { onExit, openService, runMain } from './lib/service.ts';

if (existsSync('.env')) process.loadEnvFile('.env');

const DRAWN_MARK = 'explorer:graph-drawn';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Smoothness {
  frames: number;
  seconds: number;
  framesPerSecond: number;
  longestFrameMs: number;
}

async function main(): Promise<number> {
  const dataDir = process.env.BENCH_SCALE_DATA_DIR;
  if (!dataDir || !existsSync(dataDir)) {
    console.error(
      'BENCH_SCALE_DATA_DIR must name a graph kept by npm run bench:scale, e.g.\n' +
        '  BENCH_SCALE_DATA_DIR=.data/scale npm run bench:scale && BENCH_SCALE_DATA_DIR=.data/scale npm run bench:explorer',
    );
    return 2;
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH`);
    return 2;
  }
  const expand = Number(process.env.BENCH_EXPLORER_EXPAND ?? 80);
  const { connection } = await startBenchNeo4j({
    dataDir,
    heap: process.env.BENCH_SCALE_HEAP ?? '4g',
    pageCacheMb: Number(process.env.BENCH_SCALE_PAGE_CACHE_MB ?? 1536),
  });
  const service = await openService({ neo4j: connection });
  const origin = service.url.origin;
  const response = await fetch(service.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `query($first: Int!) { entities(first: $first, sort: MENTIONS) { edges { node { id } } } }`,
      variables: { first: expand },
    }),
  });
  const body = (await response.json()) as {
    data?: { entities: { edges: { node: { id: string } }[] } };
  };
  const hubs = body.data?.entities.edges.map((edge) => edge.node.id) ?? [];
  if (hubs.length === 0) throw new Error(`no entities: ${JSON.stringify(body)}`);

  // One pass over the same neighbourhoods first, so that the page meets a warm Neo4j (a cold
  // store read from disk is another measurement).
  const warmStarted = performance.now();
  for (const id of hubs) {
    await fetch(service.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'query($id: ID!) { neighborhood(entity: $id, limit: 60) { nodes { id } } }',
        variables: { id },
      }),
    });
  }
  console.log(
    `warm-up: ${hubs.length} neighbourhoods in ${Math.round(performance.now() - warmStarted)} ms`,
  );
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  onExit(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('response', async (answer) => {
    if (!answer.url().includes('/graphql')) return;
    const text = await answer.text().catch(() => '');
    if (answer.status() >= 400 || text.includes('"errors"')) {
      problems.push(`${answer.status()} from /graphql: ${text.slice(0, 300)}`);
    }
  });
  const url = `${origin}/explore?expand=${hubs.map(encodeURIComponent).join(',')}`;
  console.log(`opening the article's graph with ${hubs.length} neighbourhoods expanded...`);
  await page.goto(url);
  await page
    .waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, DRAWN_MARK, {
      timeout: 300_000,
    })
    .catch((error: unknown) => {
      throw new Error(
        `the graph was not drawn: ${error instanceof Error ? error.message : error}\n${problems.join('\n')}`,
      );
    });
  if (problems.length > 0) console.log(`the page reported:\n  ${problems.join('\n  ')}`);
  const drawnMs = await page.evaluate(
    (mark) => performance.getEntriesByName(mark)[0]?.startTime ?? -1,
    DRAWN_MARK,
  );
  const nodes = Number(
    (await page.locator('[data-node-count]').first().getAttribute('data-node-count')) ?? 0,
  );
  const canvas = page.locator('canvas').last();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no graph canvas');
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };

  // Frames counted while the reader zooms in and out and drags the graph around.
  // A string, not a function: the TypeScript loader would wrap a function in helpers the page
  // does not have.
  await page.evaluate(`(() => {
    const frames = [];
    window.benchFrames = frames;
    const tick = (time) => { frames.push(time); requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  await page.mouse.move(centre.x, centre.y);
  for (let step = 0; step < 20; step += 1) {
    await page.mouse.wheel(0, step < 10 ? -120 : 120);
    await page.waitForTimeout(50);
  }
  await page.mouse.down();
  for (let step = 0; step < 40; step += 1) {
    await page.mouse.move(centre.x + 200 * Math.sin(step / 6), centre.y + 120 * Math.cos(step / 6));
    await page.waitForTimeout(25);
  }
  await page.mouse.up();
  const frames = (await page.evaluate('window.benchFrames')) as number[];
  const gaps = frames.slice(1).map((time, index) => time - (frames[index] ?? time));
  const seconds = ((frames.at(-1) ?? 0) - (frames[0] ?? 0)) / 1000;
  const smoothness: Smoothness = {
    frames: frames.length,
    seconds: Math.round(seconds * 10) / 10,
    framesPerSecond: Math.round((frames.length / Math.max(seconds, 0.001)) * 10) / 10,
    longestFrameMs: Math.round(Math.max(0, ...gaps)),
  };
  await page.screenshot({ path: 'test-results/explorer-large-graph.png' });
  await browser.close();

  const result = {
    at: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 20)} MB`,
    expanded: hubs.length,
    nodesDrawn: nodes,
    drawnMs: Math.round(drawnMs),
    smoothness,
  };
  console.log(JSON.stringify(result, null, 2));
  await writeFile('bench/results/explorer.json', `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(
    'bench/results/explorer.md',
    `# The explorer on a large graph

${result.at}: ${result.machine}; headless Chromium, software rendering (no GPU); the service,
Neo4j and the browser on one machine. The article's graph with the neighbourhoods of the
${result.expanded} most mentioned entities expanded (\`/explore?expand=...\`), in a graph of
the size \`BENCH_SCALE_DATA_DIR\` holds.

| nodes drawn | drawn after | frames per second while zooming and dragging | longest frame |
|---:|---:|---:|---:|
| ${nodes} | ${result.drawnMs} ms | ${smoothness.framesPerSecond} (${smoothness.frames} in ${smoothness.seconds} s) | ${smoothness.longestFrameMs} ms |
`,
  );
  return 0;
}

runMain(main);
