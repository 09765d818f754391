import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';

const SOURCE_DIR = 'web/explorer';
const BUILT_PAGE = 'dist/explorer/index.html';

function newestChange(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(
    stats.mtimeMs,
    ...readdirSync(path).map((name) => newestChange(join(path, name))),
  );
}

/**
 * Builds the explorer's bundle when it is missing or older than its sources, so that the tests
 * of a clean clone (CI) need no build step of their own.
 */
export async function ensureExplorerBuilt(): Promise<void> {
  const fresh =
    existsSync(BUILT_PAGE) &&
    statSync(BUILT_PAGE).mtimeMs >=
      Math.max(newestChange(SOURCE_DIR), newestChange('package-lock.json'));
  if (fresh) return;
  await build({ configFile: join(SOURCE_DIR, 'vite.config.ts') });
}
