import type { Config } from '../config.ts';
import { StartupError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { GraphDatabase } from './database.ts';
import { createDriver } from './driver.ts';
import { type LocalNeo4j, startLocalNeo4j } from './local-neo4j.ts';

export interface Connection {
  db: GraphDatabase;
  /** The embedded Neo4j this process started, when NEO4J_URI was unset. */
  local: LocalNeo4j | undefined;
  close(): Promise<void>;
}

/** The configured Neo4j, or an embedded one when NEO4J_URI is unset; verified before returning. */
export async function connectToNeo4j(config: Config, logger: Logger): Promise<Connection> {
  let local: LocalNeo4j | undefined;
  let uri = config.neo4j.uri;
  if (!uri) {
    local = await startLocalNeo4j({
      ...config.localNeo4j,
      onProgress: (message) => logger.info(message),
    });
    uri = local.uri;
  }
  const driver = createDriver({ uri, user: config.neo4j.user, password: config.neo4j.password });
  const close = async () => {
    await driver.close();
    if (local) {
      const started = Date.now();
      await local.stop();
      logger.info({ ms: Date.now() - started }, 'local Neo4j stopped');
    }
  };
  try {
    await driver.verifyConnectivity({ database: config.neo4j.database });
  } catch (error) {
    await close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(
      `Cannot reach Neo4j at ${uri} (database ${config.neo4j.database}): ${reason}`,
    );
  }
  logger.info(
    { uri, database: config.neo4j.database, localNeo4jPid: local?.pid },
    local ? 'connected to the local Neo4j' : 'connected to Neo4j',
  );
  return { db: new GraphDatabase(driver, config.neo4j.database), local, close };
}
