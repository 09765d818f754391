import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, gzip, constants as zlibConstants } from 'node:zlib';
import type { FetchAPI } from 'graphql-yoga';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

type Encoding = 'br' | 'gzip';

/** A file served from memory, compressed once per encoding on first use. */
export interface StaticAsset {
  name: string;
  contentType: string;
  body: Buffer;
  hash: string;
  compressed: Map<Encoding, Promise<Buffer>>;
}

/** A year, and the browser need not even ask again: the URL changes when the file does. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Kept, but asked about again on every visit (answered 304 while unchanged). */
export const REVALIDATE = 'no-cache';

export function makeAsset(name: string, contentType: string, body: Buffer): StaticAsset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return { name, contentType, body, hash, compressed: new Map() };
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
};

export function contentTypeOf(name: string): string {
  const extension = name.slice(name.lastIndexOf('.'));
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}

function compressed(asset: StaticAsset, encoding: Encoding): Promise<Buffer> {
  let pending = asset.compressed.get(encoding);
  if (!pending) {
    pending =
      encoding === 'br'
        ? brotliAsync(asset.body, {
            params: {
              [zlibConstants.BROTLI_PARAM_QUALITY]: 6,
              [zlibConstants.BROTLI_PARAM_SIZE_HINT]: asset.body.length,
            },
          })
        : gzipAsync(asset.body, { level: 9 });
    asset.compressed.set(encoding, pending);
  }
  return pending;
}

/** Compresses every asset ahead of the first visit (in zlib's thread pool, off the event loop). */
export async function precompress(assets: Iterable<StaticAsset>): Promise<void> {
  await Promise.all(
    [...assets].flatMap((asset) => [compressed(asset, 'br'), compressed(asset, 'gzip')]),
  );
}

function preferredEncoding(acceptEncoding: string | null): Encoding | null {
  const accepted = (acceptEncoding ?? '')
    .split(',')
    .map((part) => part.trim().split(';'))
    .filter(([, quality]) => !quality || !/^q=0(\.0*)?$/.test(quality.trim()))
    .map(([name]) => name?.trim().toLowerCase());
  if (accepted.includes('br')) return 'br';
  if (accepted.includes('gzip')) return 'gzip';
  return null;
}

/** Answers GET or HEAD for an asset: compressed as the browser accepts, 304 while unchanged. */
export async function assetResponse(
  request: Request,
  asset: StaticAsset,
  cacheControl: string,
  fetchAPI: FetchAPI,
  extraHeaders: Record<string, string> = {},
): Promise<Response> {
  const etag = `"${asset.hash}"`;
  const headers: Record<string, string> = {
    'content-type': asset.contentType,
    'cache-control': cacheControl,
    etag,
    vary: 'accept-encoding',
    'x-content-type-options': 'nosniff',
    ...extraHeaders,
  };
  if (request.headers.get('if-none-match') === etag) {
    return new fetchAPI.Response(null, { status: 304, headers });
  }
  const encoding = preferredEncoding(request.headers.get('accept-encoding'));
  const body = encoding ? await compressed(asset, encoding) : asset.body;
  if (encoding) headers['content-encoding'] = encoding;
  headers['content-length'] = String(body.length);
  return new fetchAPI.Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers,
  });
}
