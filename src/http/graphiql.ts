import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, gzip, constants as zlibConstants } from 'node:zlib';
import * as bundle from '@graphql-yoga/render-graphiql/graphiql';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Where GraphiQL's files are served; each URL carries a hash of the file, so it never changes. */
export const GRAPHIQL_ASSETS_PATH = '/graphiql/assets/';

interface Asset {
  name: string;
  contentType: string;
  body: Buffer;
  hash: string;
  compressed: Map<'br' | 'gzip', Promise<Buffer>>;
}

function dataUrlBytes(dataUrl: string): Buffer {
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

function makeAsset(name: string, contentType: string, body: Buffer): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return { name, contentType, body, hash, compressed: new Map() };
}

let assets: Map<string, Asset> | undefined;

/** GraphiQL's bundle (9 MB inlined in one page by default) as separate, hashed files. */
function graphiqlAssets(): Map<string, Asset> {
  if (!assets) {
    const javascript = 'text/javascript; charset=utf-8';
    const list = [
      makeAsset('graphiql.js', javascript, Buffer.from(bundle.js)),
      makeAsset('graphiql.css', 'text/css; charset=utf-8', Buffer.from(bundle.css)),
      makeAsset('editor.worker.js', javascript, Buffer.from(bundle.editorWorkerService)),
      makeAsset('json.worker.js', javascript, Buffer.from(bundle.jsonWorker)),
      makeAsset('graphql.worker.js', javascript, Buffer.from(bundle.graphqlWorker)),
      makeAsset('favicon.ico', 'image/x-icon', dataUrlBytes(bundle.favicon)),
    ];
    assets = new Map(list.map((asset) => [asset.name, asset]));
  }
  return assets;
}

function assetUrl(name: string): string {
  const asset = graphiqlAssets().get(name);
  if (!asset) throw new Error(`no GraphiQL asset named ${name}`);
  return `${GRAPHIQL_ASSETS_PATH}${asset.hash}/${asset.name}`;
}

function compressed(asset: Asset, encoding: 'br' | 'gzip'): Promise<Buffer> {
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
export async function prepareGraphiQLAssets(): Promise<void> {
  await Promise.all(
    [...graphiqlAssets().values()].flatMap((asset) => [
      compressed(asset, 'br'),
      compressed(asset, 'gzip'),
    ]),
  );
}

/** JSON that is safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value ?? {})
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The GraphiQL page: a few kilobytes that load the cacheable assets. */
export function renderGraphiQL(options?: GraphiQLOptions): string {
  const workers = {
    editorWorkerService: assetUrl('editor.worker.js'),
    json: assetUrl('json.worker.js'),
    graphql: assetUrl('graphql.worker.js'),
  };
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options?.title ?? 'GraphiQL')}</title>
    <link rel="icon" href="${assetUrl('favicon.ico')}" />
    <link rel="stylesheet" href="${assetUrl('graphiql.css')}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run GraphiQL.</noscript>
    <div id="root"></div>
    <script src="${assetUrl('graphiql.js')}"></script>
    <script>
      const workers = ${scriptJson(workers)};
      self['MonacoEnvironment'] = {
        globalAPI: false,
        getWorkerUrl: function (moduleId, label) {
          return workers[label];
        },
      };
      YogaGraphiQL.renderYogaGraphiQL(window.document.querySelector('#root'), ${scriptJson(options)});
    </script>
  </body>
</html>
`;
}

function preferredEncoding(acceptEncoding: string | null): 'br' | 'gzip' | null {
  const accepted = (acceptEncoding ?? '')
    .split(',')
    .map((part) => part.trim().split(';'))
    .filter(([, quality]) => !quality || !/^q=0(\.0*)?$/.test(quality.trim()))
    .map(([name]) => name?.trim().toLowerCase());
  if (accepted.includes('br')) return 'br';
  if (accepted.includes('gzip')) return 'gzip';
  return null;
}

/**
 * Serves GraphiQL's files compressed (brotli or gzip, as the browser accepts) with a year-long
 * immutable cache: a second visit loads nothing but the small page.
 */
export function useGraphiQLAssets(): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (!url.pathname.startsWith(GRAPHIQL_ASSETS_PATH)) return;
      const [hash, name] = url.pathname.slice(GRAPHIQL_ASSETS_PATH.length).split('/');
      const asset = name ? graphiqlAssets().get(name) : undefined;
      if (
        !asset ||
        asset.hash !== hash ||
        (request.method !== 'GET' && request.method !== 'HEAD')
      ) {
        endResponse(new fetchAPI.Response('Not found', { status: 404 }));
        return;
      }
      const etag = `"${asset.hash}"`;
      const headers: Record<string, string> = {
        'content-type': asset.contentType,
        'cache-control': 'public, max-age=31536000, immutable',
        etag,
        vary: 'accept-encoding',
      };
      if (request.headers.get('if-none-match') === etag) {
        endResponse(new fetchAPI.Response(null, { status: 304, headers }));
        return;
      }
      const encoding = preferredEncoding(request.headers.get('accept-encoding'));
      const body = encoding ? await compressed(asset, encoding) : asset.body;
      if (encoding) headers['content-encoding'] = encoding;
      headers['content-length'] = String(body.length);
      endResponse(
        new fetchAPI.Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
          status: 200,
          headers,
        }),
      );
    },
  };
}
