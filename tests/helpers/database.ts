import { afterAll, inject } from 'vitest';
import { applyGraphSchema } from '../../src/graph/schema-setup.ts';
import { GraphDatabase } from '../../src/neo4j/database.ts';
import { createDriver } from '../../src/neo4j/driver.ts';

/** The run's Neo4j (see global-setup.ts): its URI and credentials. */
export function testNeo4j(): { uri: string; user: string; password: string } {
  return { uri: inject('neo4jUri'), user: inject('neo4jUser'), password: inject('neo4jPassword') };
}

// A cold Neo4j on a busy test machine can take seconds to plan a query; the time limits are
// tested on their own (neo4j-limits.test.ts), here they only must not cut a slow first run.
const RELAXED_LIMITS = {
  statementTimeoutMs: 60_000,
  writeTimeoutMs: 120_000,
  requestBudgetMs: 120_000,
};

/** A driver to the run's Neo4j for this test file, closed when the file is done. */
export function useTestDatabase(): GraphDatabase {
  const driver = createDriver(testNeo4j());
  afterAll(() => driver.close());
  return new GraphDatabase(driver, process.env.NEO4J_DATABASE ?? 'neo4j', {
    limits: RELAXED_LIMITS,
  });
}

/**
 * Applies the schema and its migrations as a process starting up would: through a new driver,
 * since the schema is checked once per driver and database.
 */
export async function applySchemaAsAtStartUp(db: GraphDatabase): Promise<void> {
  const driver = createDriver(testNeo4j());
  try {
    await applyGraphSchema(new GraphDatabase(driver, db.database));
  } finally {
    await driver.close();
  }
}
