import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app.ts';
import { CHROMIUM, haveChromium, launchChromium, serveOnLoopback } from '../helpers/browser.ts';
import { useTestDatabase } from '../helpers/database.ts';

const db = useTestDatabase();
let server: Server;
let browser: Browser | undefined;
let base = '';

beforeAll(async () => {
  if (!haveChromium) return;
  ({ server, base } = await serveOnLoopback(testApp(db)));
  browser = await launchChromium();
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
