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

const SCHEMA_NAME = /^CREATE\s+(?:CONSTRAINT|(?:FULLTEXT\s+|RANGE\s+|TEXT\s+)?INDEX)\s+(\w+)/i;

/** The name a schema statement creates, e.g. entity_id for CREATE CONSTRAINT entity_id ... */
export function schemaNameOf(statement: string): string {
  const name = SCHEMA_NAME.exec(statement)?.[1];
  if (!name)
    throw new Error(`constraints.cypher: every statement must name what it creates:\n${statement}`);
  return name;
}

/**
 * Creates the constraints and indexes that are missing and waits until they are online. On a
 * database that has them all, this is two reads.
 */
export async function applyGraphSchema(db: GraphDatabase): Promise<number> {
  const run = (cypher: string) => db.driver.executeQuery(cypher, {}, { database: db.database });
  const [constraints, indexes] = await Promise.all([
    run('SHOW CONSTRAINTS YIELD name'),
    run('SHOW INDEXES YIELD name'),
  ]);
  const existing = new Set(
    [...constraints.records, ...indexes.records].map((record) => String(record.get('name'))),
  );
  const missing = readSchemaStatements().filter(
    (statement) => !existing.has(schemaNameOf(statement)),
  );
  for (const statement of missing) {
    // Schema statements cannot share a transaction with data or with each other.
    await run(statement);
  }
  if (missing.length > 0) await run('CALL db.awaitIndexes(300)');
  return missing.length;
}
