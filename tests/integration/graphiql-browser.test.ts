import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/neo4j/local-neo4j.ts';
import { testApp } from '../helpers/app.ts';
import { useTestDatabase } from '../helpers/database.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// CI installs Chromium (.ci/run); elsewhere the test says why it did not run.
const haveChromium = existsSync(CHROMIUM) || process.env.CI === 'true';

const db = useTestDatabase();
let server: Server;
let browser: Browser | undefined;
let base = '';

beforeAll(async () => {
  if (!haveChromium) return;
  server = createServer(testApp(db));
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

describe.skipIf(!haveChromium)(`GraphiQL in a browser (needs ${CHROMIUM})`, () => {
  it('opens on the example queries and runs one against Neo4j, with no request leaving the machine', async () => {
    if (!browser) throw new Error('no browser');
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const outside: string[] = [];
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(base) && !url.startsWith('blob:') && !url.startsWith('data:')) {
        outside.push(url);
      }
    });
    await page.goto(`${base}/graphql`, { waitUntil: 'load' });
    await page.getByText('Who said what about cyber theft').first().waitFor({ timeout: 30_000 });
    const response = page.waitForResponse(
      (candidate) =>
        candidate.url().startsWith(`${base}/graphql`) && candidate.request().method() === 'POST',
    );
    await page.locator('.graphiql-execute-button').click();
    const body = (await (await response).json()) as { data?: { entity?: { name: string } } };
    expect(body.data?.entity?.name).toBe('Kenneth Lieberthal');
    // The result pane shows the answer (Monaco renders only the lines in view).
    await page
      .locator('.result-window')
      .getByText('"Kenneth Lieberthal"')
      .first()
      .waitFor({ timeout: 10_000 });
    await mkdir('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/graphiql.png' });
    expect(outside).toEqual([]);
    await page.close();
  });
});
