import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GraphDatabase } from '../neo4j/database.ts';

export const CONSTRAINTS_FILE = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../schema/constraints.cypher',
);

/** The statements of schema/constraints.cypher, comments dropped. */
export function readSchemaStatements(file = CONSTRAINTS_FILE): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n')
    .split(';')
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}

/** Creates the constraints and indexes that are missing and waits until they are online. */
export async function applyGraphSchema(db: GraphDatabase): Promise<number> {
  const statements = readSchemaStatements();
  for (const statement of statements) {
    // Schema statements cannot share a transaction with data or with each other.
    await db.driver.executeQuery(statement, {}, { database: db.database });
  }
  await db.driver.executeQuery('CALL db.awaitIndexes(300)', {}, { database: db.database });
  return statements.length;
}
