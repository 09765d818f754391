import neo4j, {
  type AuthToken,
  type AuthTokenManager,
  type Driver,
  type Config as DriverConfig,
} from 'neo4j-driver';
import { DEFAULT_DATABASE_LIMITS } from './database.ts';

/**
 * The connection settings that matter once Neo4j is more than one machine. The defaults are the
 * driver's own, so leaving them unset changes nothing.
 */
export const DEFAULT_CONNECTION_SETTINGS = {
  /** Connections at most to each server (a cluster of three may get three times this many). */
  maxConnectionPoolSize: 100,
  /** Records pulled per batch; -1 pulls all of a result at once. */
  fetchSize: 1_000,
  /** A pooled connection older than this is closed instead of reused (the driver's 1 hour). */
  maxConnectionLifetimeMs: 3_600_000,
  /** Unset: a pooled connection is not checked before reuse (0: always; n: when idle over n ms). */
  connectionLivenessCheckMs: undefined,
} as const satisfies Record<string, number | undefined>;

/** Fixed credentials, or a manager whose token changes (the local Neo4j gets a new password per start). */
export type DriverAuth =
  | { user: string; password: string }
  | { authTokenManager: AuthTokenManager };

export type DriverSettings = DriverAuth & {
  /** bolt:// talks to one server; neo4j:// asks it for a routing table (readers, writers). */
  uri: string;
  /** Connections at most to each server (default 100). */
  maxConnectionPoolSize?: number;
  /** How long a statement waits for a free connection before it fails (the database default). */
  poolWaitMs?: number;
  /** How long opening one connection may take (default 5000 ms, at most poolWaitMs). */
  connectionTimeoutMs?: number;
  /** Records pulled per batch (default 1000; -1: all at once). */
  fetchSize?: number;
  /**
   * Pooled connections older than this are closed, not reused (default 1 hour); keep it below
   * the idle timeout of any load balancer or firewall between the service and Neo4j.
   */
  maxConnectionLifetimeMs?: number;
  /**
   * Checks (RESET) a pooled connection that has been idle longer than this before reusing it;
   * 0 checks every time. Unset (the default): no check.
   */
  connectionLivenessCheckMs?: number;
  /** The driver's own log (routing table updates, lost servers); off by default. */
  logging?: DriverConfig['logging'];
};

/** One driver per process; the caller owns it and closes it on shutdown. */
export function createDriver(settings: DriverSettings): Driver {
  const auth =
    'authTokenManager' in settings
      ? settings.authTokenManager
      : neo4j.auth.basic(settings.user, settings.password);
  const poolWait = settings.poolWaitMs ?? DEFAULT_DATABASE_LIMITS.poolWaitMs;
  const defaults = DEFAULT_CONNECTION_SETTINGS;
  return neo4j.driver(settings.uri, auth, {
    // Every integer the graph holds (offsets, counts) fits in a JS number: no Integer objects to
    // convert row by row.
    disableLosslessIntegers: true,
    maxConnectionPoolSize: settings.maxConnectionPoolSize ?? defaults.maxConnectionPoolSize,
    connectionAcquisitionTimeout: poolWait,
    fetchSize: settings.fetchSize ?? defaults.fetchSize,
    maxConnectionLifetime: settings.maxConnectionLifetimeMs ?? defaults.maxConnectionLifetimeMs,
    // Undefined: the driver does not check idle connections before reuse.
    connectionLivenessCheckTimeout:
      settings.connectionLivenessCheckMs ?? defaults.connectionLivenessCheckMs,
    // The wait for a connection includes opening one, so opening may not take longer.
    connectionTimeout: Math.min(settings.connectionTimeoutMs ?? 5_000, poolWait),
    // GraphDatabase fails fast and its circuit decides when Neo4j is back; the driver's own
    // retries (1 s, 2 s, 4 s ...) would only hold requests while Neo4j is gone.
    maxTransactionRetryTime: 0,
    userAgent: 'dossier/0.1',
    logging: settings.logging,
  });
}

/** Hands the driver whatever password the local Neo4j has now; set() after each restart. */
export class CurrentPassword implements AuthTokenManager {
  private token: AuthToken;

  constructor(
    private readonly user: string,
    password: string,
  ) {
    this.token = neo4j.auth.basic(user, password);
  }

  set(password: string): void {
    this.token = neo4j.auth.basic(this.user, password);
  }

  getToken(): AuthToken {
    return this.token;
  }

  handleSecurityException(): boolean {
    // A refused password is not retried: the token is already the newest one there is.
    return false;
  }
}

export type { Driver };
