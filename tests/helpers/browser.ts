import { existsSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import { type Browser, chromium } from 'playwright-core';
import { freePort } from '../../src/neo4j/local-neo4j.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** CI installs Chromium (.ci/run); elsewhere the browser tests say why they did not run. */
export const haveChromium = existsSync(CHROMIUM) || process.env.CI === 'true';

/** Debian's Chromium, headless, kept from reaching anything but the page under test. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}

/** Serves `handler` on a free loopback port; returns the server and its base URL. */
export async function serveOnLoopback(
  handler: RequestListener,
): Promise<{ server: Server; base: string }> {
  const server = createServer(handler);
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${port}` };
}
