import { startLocalNeo4j } from '../../src/neo4j/local-neo4j.ts';
import { type Neo4jConnection, onExit, onLastResort } from './service.ts';

export interface BenchNeo4j {
  connection: Neo4jConnection;
  pid: number | null;
}

/**
 * The embedded Neo4j a benchmark runs on, stopped when the script ends (killed if it has to end
 * at once), with its progress on the console.
 */
export async function startBenchNeo4j(options: {
  dataDir: string;
  heap: string;
  pageCacheMb: number;
}): Promise<BenchNeo4j> {
  const local = await startLocalNeo4j({
    ...options,
    startTimeoutMs: 300_000,
    onProgress: (message) => console.log(message),
  });
  onExit(async () => {
    console.log('stopping Neo4j...');
    await local.stop();
  });
  onLastResort(() => {
    if (local.pid === undefined) return;
    try {
      process.kill(local.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  return {
    connection: { ...local.auth, uri: local.uri, database: 'neo4j' },
    pid: local.pid ?? null,
  };
}
