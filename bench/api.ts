/**
 * npm run bench:queries: latency, Neo4j statements and memory for the GraphiQL example queries and a
 * few heavier ones, against a real Neo4j holding the seeded article.
 *
 * Uses NEO4J_URI when set, else a fresh embedded Neo4j in a temporary folder. Requests go over
 * HTTP on a loopback port, bounded in count: BENCH_ROUNDS rounds (default 30) after 5 warm-up
 * rounds. Writes bench/results/latest.json and prints a table.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApp } from '../src/app.ts';
import { GraphDatabase } from '../src/neo4j/database.ts';
import { createDriver } from '../src/neo4j/driver.ts';
import { freePort, type LocalNeo4j, startLocalNeo4j } from '../src/neo4j/local-neo4j.ts';
import { loadExampleQueries } from '../src/schema/examples.ts';
import { seedDatabase } from '../src/seed/seed-database.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const WARM_UP = 5;

const HEAVY = [
  {
    name: 'fifty entities with roles and claims',
    query: `{ entities(first: 50, sort: MENTIONS) { edges { node { name
      roles { title organization { name } evidence { exact } }
      claimsMade(first: 5) { totalCount edges { node { proposition
        attributions { mode speaker { ... on Entity { name } } evidence { exact } }
        stances { type other { proposition } } } } } } } } }`,
  },
  {
    name: 'all claims with attributions and stances',
    query: `{ claims(first: 100) { totalCount edges { node { proposition type
      about { name } quantities { amount lower upper unit }
      attributions { mode certainty polarity speaker { ... on Entity { name } ... on Comment { number } }
        hedges { exact } evidence { exact context } }
      stances { type other { key } evidence { exact } } } } } }`,
  },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
  let local: LocalNeo4j | undefined;
  let dataDir: string | undefined;
  let uri = process.env.NEO4J_URI;
  if (!uri) {
    dataDir = await mkdtemp(join(tmpdir(), 'dossier-bench-'));
    local = await startLocalNeo4j({
      dataDir,
      heap: '1g',
      pageCacheMb: 256,
      startTimeoutMs: 300_000,
    });
    uri = local.uri;
  }
  const driver = createDriver({
    uri,
    ...(local?.auth ?? {
      user: process.env.NEO4J_USER ?? 'neo4j',
      password: process.env.NEO4J_PASSWORD ?? '',
    }),
  });
  const db = new GraphDatabase(driver, process.env.NEO4J_DATABASE ?? 'neo4j');
  const server = createServer(createApp({ db, logger: pino({ level: 'warn' }) }));
  try {
    const seeded = await seedDatabase(db);
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const cases = [...loadExampleQueries(), ...HEAVY];
    const results = [];
    for (const example of cases) {
      const timings: number[] = [];
      let statements = 0;
      let bytes = 0;
      for (let round = 0; round < WARM_UP + ROUNDS; round += 1) {
        const started = performance.now();
        const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: example.query }),
        });
        const text = await response.text();
        const elapsed = performance.now() - started;
        const body = JSON.parse(text) as {
          errors?: unknown;
          extensions?: { neo4jStatements?: number };
        };
        if (body.errors) throw new Error(`${example.name}: ${JSON.stringify(body.errors)}`);
        if (round >= WARM_UP) timings.push(elapsed);
        statements = body.extensions?.neo4jStatements ?? -1;
        bytes = text.length;
      }
      timings.sort((a, b) => a - b);
      results.push({
        name: example.name,
        statements,
        responseBytes: bytes,
        p50Ms: Number(percentile(timings, 50).toFixed(1)),
        p95Ms: Number(percentile(timings, 95).toFixed(1)),
      });
    }
    const report = {
      when: new Date().toISOString(),
      rounds: ROUNDS,
      node: process.version,
      seedLoadMs: seeded.report?.millis ?? null,
      serviceRssMb: Math.round(process.memoryUsage().rss / 1024 / 1024),
      results,
    };
    await writeFile(
      new URL('./results/latest.json', import.meta.url),
      `${JSON.stringify(report, null, 2)}\n`,
    );
    console.log(
      `seed load ${report.seedLoadMs} ms, service RSS ${report.serviceRssMb} MB, ${ROUNDS} rounds\n`,
    );
    console.log(
      'query'.padEnd(44),
      'stmts'.padStart(5),
      'p50 ms'.padStart(8),
      'p95 ms'.padStart(8),
      'bytes'.padStart(8),
    );
    for (const row of results) {
      console.log(
        row.name.padEnd(44),
        String(row.statements).padStart(5),
        String(row.p50Ms).padStart(8),
        String(row.p95Ms).padStart(8),
        String(row.responseBytes).padStart(8),
      );
    }
  } finally {
    server.close();
    await driver.close();
    await local?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
