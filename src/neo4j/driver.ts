import neo4j, { type AuthToken, type AuthTokenManager, type Driver } from 'neo4j-driver';
import { DEFAULT_DATABASE_LIMITS } from './database.ts';

/** Fixed credentials, or a manager whose token changes (the local Neo4j gets a new password per start). */
export type DriverAuth =
  | { user: string; password: string }
  | { authTokenManager: AuthTokenManager };

export type DriverSettings = DriverAuth & {
  uri: string;
  /** Connections at most (default 100). */
  maxConnectionPoolSize?: number;
  /** How long a statement waits for a free connection before it fails (the database default). */
  poolWaitMs?: number;
  /** How long opening one connection may take (default 5000 ms, at most poolWaitMs). */
  connectionTimeoutMs?: number;
};

/** One driver per process; the caller owns it and closes it on shutdown. */
export function createDriver(settings: DriverSettings): Driver {
  const auth =
    'authTokenManager' in settings
      ? settings.authTokenManager
      : neo4j.auth.basic(settings.user, settings.password);
  const poolWait = settings.poolWaitMs ?? DEFAULT_DATABASE_LIMITS.poolWaitMs;
  return neo4j.driver(settings.uri, auth, {
    // Every integer the graph holds (offsets, counts) fits in a JS number: no Integer objects to
    // convert row by row.
    disableLosslessIntegers: true,
    maxConnectionPoolSize: settings.maxConnectionPoolSize ?? 100,
    connectionAcquisitionTimeout: poolWait,
    // The wait for a connection includes opening one, so opening may not take longer.
    connectionTimeout: Math.min(settings.connectionTimeoutMs ?? 5_000, poolWait),
    // GraphDatabase fails fast and its circuit decides when Neo4j is back; the driver's own
    // retries (1 s, 2 s, 4 s ...) would only hold requests while Neo4j is gone.
    maxTransactionRetryTime: 0,
    userAgent: 'dossier/0.1',
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
