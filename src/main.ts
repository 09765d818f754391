import { createServer } from 'node:http';
import { createApp } from './app.ts';
import { type Config, parseConfig } from './config.ts';
import { StartupError } from './errors.ts';
import { createLogger, type Logger } from './logger.ts';
import { GraphDatabase } from './neo4j/database.ts';
import { createDriver, type Driver } from './neo4j/driver.ts';
import { type LocalNeo4j, startLocalNeo4j } from './neo4j/local-neo4j.ts';

async function connect(
  config: Config,
  logger: Logger,
): Promise<{ driver: Driver; local?: LocalNeo4j }> {
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
  try {
    await driver.verifyConnectivity({ database: config.neo4j.database });
  } catch (error) {
    await driver.close();
    await local?.stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(
      `Cannot reach Neo4j at ${uri} (database ${config.neo4j.database}): ${reason}`,
    );
  }
  logger.info(
    { uri, database: config.neo4j.database, localNeo4jPid: local?.pid },
    local ? 'connected to the local Neo4j' : 'connected to Neo4j',
  );
  return local ? { driver, local } : { driver };
}

async function main(): Promise<void> {
  const started = Date.now();
  let config: Config;
  try {
    config = parseConfig(process.env, process.stdout.isTTY);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  const logger = createLogger(config);
  const { driver, local } = await connect(config, logger);
  const db = new GraphDatabase(driver, config.neo4j.database);

  const app = createApp({ db, logger });
  const server = createServer(app);
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolvePromise);
  });
  const shownHost =
    config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  logger.info(
    { startupMs: Date.now() - started },
    `Dossier is ready: GraphiQL at http://${shownHost}:${config.port}/graphql`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new requests, finishing those in flight');
    const forced = setTimeout(() => {
      logger.warn('requests still open after the grace period; closing them');
      server.closeAllConnections();
    }, config.shutdownGraceMs);
    forced.unref();
    await new Promise<void>((resolvePromise) => {
      server.close(() => resolvePromise());
      server.closeIdleConnections();
    });
    clearTimeout(forced);
    await driver.close();
    if (local) {
      logger.info('stopping the local Neo4j');
      const stopStarted = Date.now();
      await local.stop();
      logger.info({ ms: Date.now() - stopStarted }, 'local Neo4j stopped');
    }
    logger.info('stopped');
    logger.flush();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof StartupError) {
    console.error(`Dossier could not start.\n${error.message}`);
  } else {
    console.error('Dossier could not start:', error);
  }
  process.exit(1);
});
