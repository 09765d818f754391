import type { Logger } from './logger.ts';
import type { GraphDatabase, StatementCounter } from './neo4j/database.ts';

/** What every resolver receives: the database for this request and its statement count. */
export interface Context {
  db: GraphDatabase;
  statements: StatementCounter;
  logger: Logger;
}
