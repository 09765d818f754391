import { readFile } from 'node:fs/promises';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPLORER_BUILD_DIR } from '../../src/http/explorer.ts';
import { testApp } from '../helpers/app.ts';
import { useTestDatabase } from '../helpers/database.ts';
import { ensureExplorerBuilt } from '../helpers/explorer-build.ts';

const app = testApp(useTestDatabase());
let page = '';
let assetUrls: string[] = [];

beforeAll(async () => {
  await ensureExplorerBuilt();
  const response = await app.fetch('http://dossier/explore', {
    headers: { 'accept-encoding': 'identity' },
  });
  page = await response.text();
  assetUrls = [...page.matchAll(/\/explore\/assets\/[\w.-]+/g)].map((match) => match[0]);
});

describe('the explorer over HTTP', () => {
  it('serves its page at /explore, asked about again on every visit', async () => {
    const response = await app.fetch('http://dossier/explore?view=read&sel=x', {
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-encoding')).toBe('br');
    // The page may fetch nothing from another origin.
    expect(response.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(page).toContain('Dossier explorer');
    const etag = response.headers.get('etag') ?? '';
    const again = await app.fetch('http://dossier/explore', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('serves each hashed asset compressed, with a year-long immutable cache', async () => {
    expect(assetUrls.some((url) => url.endsWith('.js'))).toBe(true);
    expect(assetUrls.some((url) => url.endsWith('.css'))).toBe(true);
    for (const url of assetUrls) {
      const original = await readFile(`${EXPLORER_BUILD_DIR}${url.slice('/explore/'.length)}`);
      for (const [encoding, decode] of [
        ['br', brotliDecompressSync],
        ['gzip', gunzipSync],
      ] as const) {
        const response = await app.fetch(`http://dossier${url}`, {
          headers: { 'accept-encoding': encoding },
        });
        expect(response.status, url).toBe(200);
        expect(response.headers.get('cache-control'), url).toBe(
          'public, max-age=31536000, immutable',
        );
        expect(response.headers.get('content-encoding'), url).toBe(encoding);
        const body = Buffer.from(await response.arrayBuffer());
        expect(body.length, url).toBeLessThan(original.length / 2);
        expect(decode(body).equals(original), url).toBe(true);
      }
    }
  });

  it('answers 404 for an asset it does not have, and 405 for a POST', async () => {
    const missing = await app.fetch('http://dossier/explore/assets/index-00000000.js');
    expect(missing.status).toBe(404);
    const post = await app.fetch('http://dossier/explore', { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
  });
});
