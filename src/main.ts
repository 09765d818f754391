import { createServer, type Server } from 'node:http';
import { createApp } from './app.ts';
import { type Config, parseConfig } from './config.ts';
import { StartupError } from './errors.ts';
import { applyGraphSchema } from './graph/schema-setup.ts';
import { EXPLORER_PATH, prepareExplorerAssets } from './http/explorer.ts';
import { trackResponses } from './http/graceful-close.ts';
import { prepareGraphiQLAssets } from './http/graphiql.ts';
import { WARM_UP_LIMITS, warmUpQueryPlans } from './http/warm-up.ts';
import { createLogger, type Logger } from './logger.ts';
import { type Connection, connectToNeo4j } from './neo4j/connect.ts';
import { seedDatabase } from './seed/seed-database.ts';

async function prepareGraph(connection: Connection, config: Config, logger: Logger) {
  await applyGraphSchema(connection.db, (message) => logger.info(message));
  if (!config.seedOnStart) return;
  const seeded = await seedDatabase(connection.db, {
    onlyIfChanged: true,
    onProgress: (message) => logger.info(message),
  });
  if (seeded.report) {
    logger.info(
      { documentId: seeded.documentId, ms: seeded.report.millis, written: seeded.report.written },
      'article loaded into Neo4j',
    );
  } else if (seeded.curatorChanges > 0) {
    logger.warn(
      { documentId: seeded.documentId, curatorChanges: seeded.curatorChanges },
      'shipped article not loaded: curators have changed the document',
    );
  } else {
    logger.info({ documentId: seeded.documentId }, 'article already loaded; nothing to do');
  }
}

function listen(server: Server, config: Config): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolvePromise);
  });
}

/**
 * Fails at once when the port is taken, before minutes of starting Neo4j and warming plans up
 * would end in the same error. The port is let go again: the server binds it once ready.
 */
async function checkPortFree(config: Config): Promise<void> {
  const probe = createServer();
  try {
    await listen(probe, config);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      throw new StartupError(
        `Port ${config.port} on ${config.host} is ${code === 'EADDRINUSE' ? 'taken by another process (another Dossier?)' : 'not ours to open'}: ` +
          'stop that process, or choose another port with PORT (and HOST).',
      );
    }
    throw error;
  }
  await new Promise<void>((resolvePromise) => probe.close(() => resolvePromise()));
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
  let connection: Connection | undefined;
  let closer: ReturnType<typeof trackResponses> | undefined;

  // Installed first, so that Ctrl-C during start-up also stops the local Neo4j.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new requests, finishing those in flight');
    if (closer) {
      const allFinished = await closer.close(config.shutdownGraceMs);
      if (!allFinished) logger.warn('requests still open after the grace period were closed');
    }
    await connection?.close();
    logger.info('stopped');
    logger.flush();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  try {
    await checkPortFree(config);
    connection = await connectToNeo4j(config, logger);
    await prepareGraph(connection, config, logger);
    if (stopping) return;
    const app = createApp({
      db: connection.db,
      logger,
      http: config.http,
      tokens: config.tokens,
    });
    // Before listening: the first users then find the plans of the common reads in Neo4j's cache.
    // Its own limits: a freshly started Neo4j can take longer than a statement may to plan one.
    const warmUpApp = createApp({
      db: connection.db.withLimits(WARM_UP_LIMITS),
      logger,
      http: config.http,
      tokens: config.tokens,
    });
    await warmUpQueryPlans(warmUpApp, logger, () => stopping);
    if (stopping) return;
    // A restarted Neo4j has an empty plan cache: warm it up again before clients come back, or
    // their first reads time out while Neo4j plans them. The circuit keeps them out meanwhile.
    const restartedWarmUpApp = createApp({
      db: connection.db.unguarded(WARM_UP_LIMITS),
      logger,
      http: config.http,
      tokens: config.tokens,
    });
    connection.beforeServingAgain(() =>
      warmUpQueryPlans(restartedWarmUpApp, logger, () => stopping),
    );
    const server = createServer(app);
    closer = trackResponses(server);
    await listen(server, config);
  } catch (error) {
    await connection?.close();
    throw error;
  }
  const shownHost =
    config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  const address = `http://${shownHost}:${config.port}/graphql`;
  logger.info(
    { startupMs: Date.now() - started },
    config.http.graphiql
      ? `Dossier is ready: GraphiQL at ${address}`
      : `Dossier is ready: GraphQL at ${address}`,
  );
  prepareExplorerAssets().then(
    (built) =>
      built
        ? logger.info(`the explorer is at http://${shownHost}:${config.port}${EXPLORER_PATH}`)
        : logger.warn('the explorer is not built (npm run build): /explore answers 503'),
    (error: unknown) => logger.warn({ err: error }, 'could not read the explorer files'),
  );
  if (config.tokens.length === 0) {
    logger.info(
      'writes are disabled: no API token is configured, so every mutation is refused. Create one with npm run token -- create <name> and set API_TOKENS (see the README).',
    );
  } else {
    logger.info(
      { tokens: config.tokens.map((token) => `${token.name} (${token.scopes.join(', ')})`) },
      `writes are enabled for ${config.tokens.length} token${config.tokens.length === 1 ? '' : 's'}`,
    );
  }
  if (config.http.graphiql) {
    // Compressed once, in zlib's threads, so the first visit does not wait for it.
    prepareGraphiQLAssets().catch((error: unknown) =>
      logger.warn({ err: error }, 'could not compress the GraphiQL assets ahead of time'),
    );
  }
}

main().catch((error: unknown) => {
  if (error instanceof StartupError) {
    console.error(`Dossier could not start.\n${error.message}`);
  } else {
    console.error('Dossier could not start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
