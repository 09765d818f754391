import { afterAll, inject } from 'vitest';
import { GraphDatabase } from '../../src/neo4j/database.ts';
import { createDriver } from '../../src/neo4j/driver.ts';

/** A driver to the run's Neo4j for this test file, closed when the file is done. */
export function useTestDatabase(): GraphDatabase {
  const driver = createDriver({
    uri: inject('neo4jUri'),
    user: process.env.NEO4J_USER ?? 'neo4j',
    password: process.env.NEO4J_PASSWORD ?? '',
  });
  afterAll(() => driver.close());
  return new GraphDatabase(driver, process.env.NEO4J_DATABASE ?? 'neo4j');
}
