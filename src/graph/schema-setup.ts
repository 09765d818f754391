import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Driver } from 'neo4j-driver';
import { z } from 'zod';
import { defineQuery, type GraphDatabase } from '../neo4j/database.ts';
import { LINK_SAMPLE_SIZE, relationRefCypher, roleRefCypher } from './entity-links.ts';
import { RELATION_EDGE_TYPES } from './model.ts';

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

const nameRow = z.object({ name: z.string() });
const showConstraints = defineQuery('showConstraints', 'SHOW CONSTRAINTS YIELD name', nameRow);
const showIndexes = defineQuery('showIndexes', 'SHOW INDEXES YIELD name', nameRow);
const awaitIndexes = defineQuery('awaitIndexes', 'CALL db.awaitIndexes($seconds)', z.object({}));

/** Indexes an earlier version created that nothing reads any more: dropped where found. */
const RETIRED_INDEXES = ['span_text'] as const;

/**
 * Data an earlier version wrote without what a new index needs, put right when that index is
 * created: spans loaded before the Quote label existed get it if they are some attribution's
 * evidence.
 */
const MIGRATIONS: Record<string, ReturnType<typeof defineQuery<{ count: number }>>> = {
  quote_text: defineQuery(
    'migrate:quote_text',
    `MATCH (:Attribution)-[:EVIDENCED_BY]->(s:Span) WHERE NOT s:Quote
     SET s:Quote
     RETURN count(DISTINCT s) AS count`,
    z.object({ count: z.number().int() }),
  ),
  // Entity links from every role and relation already stored.
  linked_pair: defineQuery(
    'migrate:linked_pair',
    `CALL () {
       MATCH (holder:Entity)-[:HOLDS_ROLE]->(role:Role)-[:AT]->(org:Entity)
       RETURN holder.id AS one, org.id AS other, ${roleRefCypher('role')} AS ref
       ${Object.values(RELATION_EDGE_TYPES)
         .map(
           (type) => `UNION ALL
       MATCH (a:Entity)-[r:${type}]->(b:Entity)
       RETURN a.id AS one, b.id AS other, ${relationRefCypher(type, 'r')} AS ref`,
         )
         .join('\n       ')}
     }
     WITH CASE WHEN one <= other THEN one ELSE other END AS low,
          CASE WHEN one <= other THEN other ELSE one END AS high, ref
     WITH low, high, collect(ref) AS refs
     MATCH (a:Entity {id: low}), (b:Entity {id: high})
     MERGE (a)-[l:LINKED {pair: low + '\t' + high}]->(b)
     SET l.count = size(refs),
         l.sample = COLLECT { UNWIND refs AS ref RETURN ref ORDER BY ref LIMIT ${LINK_SAMPLE_SIZE} }
     RETURN count(l) AS count`,
    z.object({ count: z.number().int() }),
  ),
};

/** Databases this process has already checked, per driver: start-up and the loader both ask. */
const applied = new WeakMap<Driver, Set<string>>();

/**
 * Creates the constraints and indexes that are missing and waits until they are online. On a
 * database that has them all, this is two reads, once per process.
 */
export async function applyGraphSchema(db: GraphDatabase): Promise<number> {
  const done = applied.get(db.driver) ?? new Set<string>();
  applied.set(db.driver, done);
  if (done.has(db.database)) return 0;
  const [constraints, indexes] = await Promise.all([
    db.read(showConstraints),
    db.read(showIndexes),
  ]);
  const existing = new Set([...constraints, ...indexes].map((row) => row.name));
  const missing = readSchemaStatements().filter(
    (statement) => !existing.has(schemaNameOf(statement)),
  );
  for (const name of RETIRED_INDEXES) {
    if (existing.has(name)) {
      await db.write(
        defineQuery(`schema:drop ${name}`, `DROP INDEX ${name} IF EXISTS`, z.object({})),
      );
    }
  }
  for (const statement of missing) {
    const name = schemaNameOf(statement);
    const migration = MIGRATIONS[name];
    if (migration) await db.write(migration);
    // Schema statements cannot share a transaction with data or with each other. Their text is
    // the project's own file, never input.
    await db.write(defineQuery(`schema:${name}`, statement, z.object({})));
  }
  if (missing.length > 0) {
    const seconds = Math.max(1, Math.floor(db.limits.writeTimeoutMs / 1000) - 1);
    await db.write(awaitIndexes, { seconds });
  }
  done.add(db.database);
  return missing.length;
}
