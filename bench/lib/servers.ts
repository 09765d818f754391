/**
 * The floor and the peer as processes of their own, compiled to JavaScript first as the service
 * is (no TypeScript loader in the measured process), and pointed at the given Neo4j through
 * their environment.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../src/neo4j/local-neo4j.ts';
import { type Neo4jConnection, neo4jEnv, startNodeProcess } from './service.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Inside node_modules, so that the compiled files find their packages as the sources do. */
const OUT_DIR = join(ROOT, 'node_modules/.cache/dossier-bench');

export type BenchServerKind = 'floor' | 'peer';

/** Compiles bench/floor/server.ts and bench/peer/server.ts with what they import. */
export function compileBenchServers(): void {
  console.log('compiling the floor and the peer (tsc -p bench/tsconfig.servers.json)...');
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', 'bench/tsconfig.servers.json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`compiling failed:\n${build.stdout}${build.stderr}`);
  // Outside the repository's package scope: say that these .js files are ES modules.
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(join(OUT_DIR, 'package.json'), '{ "type": "module" }\n');
}

export interface BenchServer {
  origin: URL;
  pid: number;
}

export async function startBenchServer(
  kind: BenchServerKind,
  neo4j: Neo4jConnection,
): Promise<BenchServer> {
  const port = await freePort();
  console.log(`starting the ${kind} on port ${port}...`);
  const { pid } = await startNodeProcess({
    name: kind,
    // rootDir is the repository: the bench shares some of the service's own rules (src/).
    args: [join(OUT_DIR, 'bench', kind, 'server.js')],
    // Production mode, as the service runs: graphql-js (in the peer) is faster there.
    env: { ...neo4jEnv(neo4j), NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port) },
    ready: new RegExp(`^${kind} ready on `),
    readyTimeoutMs: 60_000,
    stopTimeoutMs: 10_000,
  });
  return { origin: new URL(`http://127.0.0.1:${port}`), pid };
}
