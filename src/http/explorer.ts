import { readdir, readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'graphql-yoga';
import {
  assetResponse,
  contentTypeOf,
  IMMUTABLE,
  makeAsset,
  precompress,
  REVALIDATE,
  type StaticAsset,
} from './static-assets.ts';

/** The explorer's page; its state lives in the query string, so one HTML serves every view. */
export const EXPLORER_PATH = '/explore';
const ASSETS_PATH = `${EXPLORER_PATH}/assets/`;

/** Vite's output (npm run build), two levels up from both src/http and dist/http. */
export const EXPLORER_BUILD_DIR = fileURLToPath(new URL('../../dist/explorer/', import.meta.url));

/** The page may talk to this origin only: nothing it shows comes from elsewhere. */
const PAGE_POLICY =
  "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; " +
  "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

interface ExplorerFiles {
  /** When the build wrote the page: a newer build is read again (npm run build:explorer). */
  builtAt: number;
  page: StaticAsset;
  /** By file name; Vite puts a hash of the content in each name. */
  assets: Map<string, StaticAsset>;
}

let loading: Promise<ExplorerFiles | null> | undefined;

async function builtAt(directory: string): Promise<number | null> {
  return stat(`${directory}index.html`).then(
    (stats) => stats.mtimeMs,
    () => null,
  );
}

async function readExplorerFiles(directory: string): Promise<ExplorerFiles | null> {
  const time = await builtAt(directory);
  if (time === null) return null;
  const html = await readFile(`${directory}index.html`);
  const names = await readdir(`${directory}assets`).catch(() => []);
  const assets = await Promise.all(
    names.map(async (name) =>
      makeAsset(name, contentTypeOf(name), await readFile(`${directory}assets/${name}`)),
    ),
  );
  return {
    builtAt: time,
    page: makeAsset('index.html', contentTypeOf('index.html'), html),
    assets: new Map(assets.map((asset) => [asset.name, asset])),
  };
}

/** Read once per build; a missing build is looked for again on the next visit. */
async function explorerFiles(checkForNewBuild = false): Promise<ExplorerFiles | null> {
  if (loading && checkForNewBuild) {
    const files = await loading;
    if (files && files.builtAt !== (await builtAt(EXPLORER_BUILD_DIR))) loading = undefined;
  }
  if (!loading) {
    loading = readExplorerFiles(EXPLORER_BUILD_DIR).then((files) => {
      if (!files) loading = undefined;
      return files;
    });
  }
  return loading;
}

/** Reads and compresses the explorer's files ahead of the first visit; false when not built. */
export async function prepareExplorerAssets(): Promise<boolean> {
  const files = await explorerFiles();
  if (!files) return false;
  await precompress([files.page, ...files.assets.values()]);
  return true;
}

/** Serves /explore and its assets: the page revalidated on each visit, the assets cached a year. */
export function useExplorer(): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      const { pathname } = url;
      if (pathname !== EXPLORER_PATH && !pathname.startsWith(`${EXPLORER_PATH}/`)) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response('Method not allowed', { status: 405 }));
        return;
      }
      const isAsset = pathname.startsWith(ASSETS_PATH);
      const files = await explorerFiles(!isAsset);
      if (!files) {
        endResponse(
          new fetchAPI.Response('The explorer is not built: run npm run build.', {
            status: 503,
            headers: { 'content-type': 'text/plain; charset=utf-8' },
          }),
        );
        return;
      }
      if (isAsset) {
        const asset = files.assets.get(pathname.slice(ASSETS_PATH.length));
        endResponse(
          asset
            ? await assetResponse(request, asset, IMMUTABLE, fetchAPI)
            : new fetchAPI.Response('Not found', { status: 404 }),
        );
        return;
      }
      endResponse(
        await assetResponse(request, files.page, REVALIDATE, fetchAPI, {
          'content-security-policy': PAGE_POLICY,
          'referrer-policy': 'no-referrer',
        }),
      );
    },
  };
}
