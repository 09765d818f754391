import type { Caller } from './auth/tokens.ts';
import type { Loaders } from './graph/loaders.ts';
import type { Logger } from './logger.ts';
import type { GraphDatabase, StatementCounter } from './neo4j/database.ts';

/** What every resolver receives: the database for this request, its loaders and statement count. */
export interface Context {
  db: GraphDatabase;
  loaders: Loaders;
  statements: StatementCounter;
  logger: Logger;
  /** Who sent the request, from its Authorization header. */
  caller: Caller;
  /** False when no token is configured: then nobody may change the graph. */
  writesEnabled: boolean;
}
