import type { Config } from '../config.ts';
import { StartupError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { GraphDatabase } from './database.ts';
import { CurrentPassword, createDriver, type Driver } from './driver.ts';
import { DatabaseHealth, probeNeo4j } from './health.ts';
import {
  type LocalNeo4j,
  type LocalNeo4jExit,
  type LocalNeo4jOptions,
  LocalNeo4jPortTakenError,
  startLocalNeo4j,
} from './local-neo4j.ts';

export interface Connection {
  /** Works across losses of Neo4j: refuses at once while it is down, serves again when it is back. */
  db: GraphDatabase;
  /** The embedded Neo4j running now, when NEO4J_URI was unset; a restart replaces it. */
  readonly local: LocalNeo4j | undefined;
  health: DatabaseHealth;
  /**
   * Work to do on an embedded Neo4j that was restarted, before clients are let in again (the
   * circuit stays open until it ends); nothing for a Neo4j of NEO4J_URI, which we never restart.
   */
  beforeServingAgain(work: () => Promise<void>): void;
  /** Stops everything this connection started; nothing is restarted after this. */
  close(): Promise<void>;
}

/** Pauses before restarting a local Neo4j that died, one per failed attempt; the last repeats. */
const RESTART_DELAYS_MS = [500, 1_000, 2_000, 4_000, 8_000, 15_000];
/** A Neo4j that dies sooner than this after a restart keeps the pauses growing. */
const STABLE_AFTER_MS = 60_000;

function driverFor(config: Config, uri: string, auth: CurrentPassword | undefined): Driver {
  const pool = {
    maxConnectionPoolSize: config.neo4jLimits.maxPoolSize,
    poolWaitMs: config.neo4jLimits.poolWaitMs,
    // NEO4J_FETCH_SIZE, NEO4J_MAX_CONNECTION_LIFETIME_MS, NEO4J_CONNECTION_LIVENESS_CHECK_MS
    ...config.neo4jConnections,
  };
  if (auth) {
    // Loopback: a connection that is not open within a second will not open at all.
    return createDriver({ uri, authTokenManager: auth, connectionTimeoutMs: 1_000, ...pool });
  }
  return createDriver({ uri, user: config.neo4j.user, password: config.neo4j.password, ...pool });
}

/**
 * Keeps the embedded Neo4j running: when it dies, restarts it on the same port and data folder
 * (so the driver's URI stays valid) and the same password, which only this process knows.
 */
class LocalSupervisor {
  current: LocalNeo4j;
  private closing = false;
  private attempt = 0;
  private lostAt = 0;
  private startedAt = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private starting: AbortController | undefined;
  beforeServing: (() => Promise<void>) | undefined;

  constructor(
    first: LocalNeo4j,
    private readonly options: LocalNeo4jOptions,
    private readonly password: CurrentPassword,
    private readonly health: DatabaseHealth,
    private readonly logger: Logger,
  ) {
    this.current = first;
    this.watch(first);
  }

  /** From now on an exit is expected: nothing is restarted. */
  release(): void {
    this.closing = true;
    clearTimeout(this.timer);
    this.starting?.abort();
  }

  async close(): Promise<void> {
    this.release();
    await this.current.stop();
  }

  private watch(local: LocalNeo4j): void {
    void local.exited.then((exit) => {
      if (!this.closing && local === this.current) this.lost(local, exit);
    });
  }

  private lost(local: LocalNeo4j, exit: LocalNeo4jExit): void {
    this.lostAt = Date.now();
    if (this.lostAt - this.startedAt > STABLE_AFTER_MS) this.attempt = 0;
    this.health.markDown('it is restarting', { hold: true });
    this.logger.error(
      { localNeo4jPid: local.pid, code: exit.code, signal: exit.signal, port: local.port },
      'the local Neo4j stopped unexpectedly; restarting it on the same port',
    );
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    const delay = RESTART_DELAYS_MS[Math.min(this.attempt, RESTART_DELAYS_MS.length - 1)] ?? 15_000;
    this.attempt += 1;
    this.timer = setTimeout(() => void this.restart(), delay);
  }

  private async restart(): Promise<void> {
    if (this.closing) return;
    const port = this.current.port;
    this.starting = new AbortController();
    try {
      const local = await startLocalNeo4j({
        ...this.options,
        port,
        // Still secret (never shown anywhere), and keeping it spares a cold ALTER USER.
        password: this.current.auth.password,
        signal: this.starting.signal,
        onProgress: (message) => this.logger.info(message),
      });
      if (this.closing) {
        await local.stop();
        return;
      }
      this.current = local;
      this.startedAt = Date.now();
      this.password.set(local.auth.password);
      this.watch(local);
      this.logger.warn(
        { localNeo4jPid: local.pid, port, attempt: this.attempt, downMs: Date.now() - this.lostAt },
        'local Neo4j restarted',
      );
      if (this.beforeServing) {
        try {
          await this.beforeServing();
        } catch (error) {
          this.logger.warn(
            { err: error },
            'getting the restarted Neo4j ready failed; serving anyway',
          );
        }
        if (this.closing || local !== this.current) return;
      }
      if (!(await this.health.checkNow())) {
        this.logger.warn('the restarted local Neo4j does not answer yet; probing');
      }
    } catch (error) {
      if (this.closing) return;
      if (error instanceof LocalNeo4jPortTakenError) {
        this.logger.error({ port, attempt: this.attempt }, error.message);
      } else {
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.error(
          { port, attempt: this.attempt, reason },
          'restarting the local Neo4j failed',
        );
      }
      this.scheduleRestart();
    } finally {
      this.starting = undefined;
    }
  }
}

async function verify(driver: Driver, uri: string, database: string): Promise<void> {
  try {
    await driver.verifyConnectivity({ database });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(`Cannot reach Neo4j at ${uri} (database ${database}): ${reason}`);
  }
}

/** The configured Neo4j, or an embedded one when NEO4J_URI is unset; verified before returning. */
export async function connectToNeo4j(config: Config, logger: Logger): Promise<Connection> {
  const database = config.neo4j.database;
  const limits = {
    statementTimeoutMs: config.neo4jLimits.statementTimeoutMs,
    writeTimeoutMs: config.neo4jLimits.writeTimeoutMs,
    requestBudgetMs: config.neo4jLimits.requestBudgetMs,
    poolWaitMs: config.neo4jLimits.poolWaitMs,
  };

  if (config.neo4j.uri) {
    const uri = config.neo4j.uri;
    const driver = driverFor(config, uri, undefined);
    // A remote Neo4j may need a TLS handshake before it can answer.
    const health = new DatabaseHealth({ probe: () => probeNeo4j(driver, database, 3_000), logger });
    const close = async () => {
      health.close();
      await driver.close();
    };
    try {
      await verify(driver, uri, database);
    } catch (error) {
      await close();
      throw error;
    }
    logger.info({ uri, database }, 'connected to Neo4j');
    const db = new GraphDatabase(driver, database, { limits, health });
    return { db, local: undefined, health, beforeServingAgain: () => {}, close };
  }

  const options: LocalNeo4jOptions = { ...config.localNeo4j };
  const first = await startLocalNeo4j({
    ...options,
    onProgress: (message) => logger.info(message),
  });
  const password = new CurrentPassword(first.auth.user, first.auth.password);
  const driver = driverFor(config, first.uri, password);
  const health = new DatabaseHealth({ probe: () => probeNeo4j(driver, database), logger });
  try {
    await verify(driver, first.uri, database);
  } catch (error) {
    health.close();
    await driver.close();
    await first.stop();
    throw error;
  }
  const supervisor = new LocalSupervisor(first, options, password, health, logger);
  logger.info(
    { uri: first.uri, database, localNeo4jPid: first.pid },
    'connected to the local Neo4j',
  );
  return {
    db: new GraphDatabase(driver, database, { limits, health }),
    get local() {
      return supervisor.current;
    },
    health,
    beforeServingAgain: (work) => {
      supervisor.beforeServing = work;
    },
    close: async () => {
      supervisor.release();
      health.close();
      await driver.close();
      const started = Date.now();
      await supervisor.close();
      logger.info({ ms: Date.now() - started }, 'local Neo4j stopped');
    },
  };
}
