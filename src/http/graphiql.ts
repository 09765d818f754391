import * as bundle from '@graphql-yoga/render-graphiql/graphiql';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';
import {
  assetResponse,
  IMMUTABLE,
  makeAsset,
  precompress,
  type StaticAsset,
} from './static-assets.ts';

/** Where GraphiQL's files are served; each URL carries a hash of the file, so it never changes. */
export const GRAPHIQL_ASSETS_PATH = '/graphiql/assets/';

function dataUrlBytes(dataUrl: string): Buffer {
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

let assets: Map<string, StaticAsset> | undefined;

/** GraphiQL's bundle (9 MB inlined in one page by default) as separate, hashed files. */
function graphiqlAssets(): Map<string, StaticAsset> {
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

/** Compresses every asset ahead of the first visit (in zlib's thread pool, off the event loop). */
export function prepareGraphiQLAssets(): Promise<void> {
  return precompress(graphiqlAssets().values());
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
      endResponse(await assetResponse(request, asset, IMMUTABLE, fetchAPI));
    },
  };
}
