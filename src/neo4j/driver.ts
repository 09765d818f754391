import neo4j, { type Driver } from 'neo4j-driver';

export interface DriverSettings {
  uri: string;
  user: string;
  password: string;
}

/** One driver per process; the caller owns it and closes it on shutdown. */
export function createDriver(settings: DriverSettings): Driver {
  // A database with auth disabled (the local one) accepts any basic credentials.
  return neo4j.driver(settings.uri, neo4j.auth.basic(settings.user, settings.password), {
    disableLosslessIntegers: false,
    connectionAcquisitionTimeout: 10_000,
    connectionTimeout: 5_000,
    maxTransactionRetryTime: 10_000,
    userAgent: 'dossier/0.1',
  });
}

export type { Driver };
