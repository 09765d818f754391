import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Driver } from 'neo4j-driver';
import neo4j from 'neo4j-driver';
import { z } from 'zod';
import { defineQuery, type GraphDatabase } from '../neo4j/database.ts';
import { BY_PAIR, LINK_SAMPLE_SIZE, linkEntries } from './entity-links.ts';
import { nameTextCypher } from './model.ts';

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
const showIndexes = defineQuery(
  'showIndexes',
  'SHOW INDEXES YIELD name, type, entityType',
  z.object({ name: z.string(), type: z.string(), entityType: z.string() }),
);

/**
 * Neo4j gives every new database a lookup index of relationships by type. Nothing here reads
 * relationships by their type alone: reads start at a node or at an index of relationship
 * properties, and counts by type come from the count store. Yet every relationship written
 * costs it an entry, about a quarter of the index entries a document writes, so it goes. The
 * lookup of nodes by label stays: small labels are read whole (the claim profiles, say).
 */
function isRelationshipTypeLookup(index: z.infer<typeof showIndexes.row>): boolean {
  return index.type === 'LOOKUP' && index.entityType === 'RELATIONSHIP';
}

/**
 * Drops an index by the name Neo4j lists it under. A schema command takes no parameters, so the
 * name goes in quoted as an identifier (a backtick in it doubled): whatever it is, it stays a name.
 */
async function dropIndex(db: GraphDatabase, name: string): Promise<void> {
  const quoted = `\`${name.replaceAll('`', '``')}\``;
  await db.write(
    defineQuery(`schema:drop ${name}`, `DROP INDEX ${quoted} IF EXISTS`, z.object({})),
  );
}

const awaitIndexes = defineQuery('awaitIndexes', 'CALL db.awaitIndexes($seconds)', z.object({}));
const resampleOutdatedIndexes = defineQuery(
  'resampleOutdatedIndexes',
  'CALL db.resampleOutdatedIndexes()',
  z.object({}),
);

/** Indexes an earlier version created that nothing reads any more: dropped where found. */
const RETIRED_INDEXES = ['span_text'] as const;

const countRow = z.object({ count: z.number().int() });
const batchRow = z.object({ count: z.number().int(), last: z.string().nullable() });

/**
 * Documents or entities a batched migration takes in one transaction: some 13,000 mentions, or
 * the claims about a few hubs.
 */
const MIGRATION_BATCH = 50;

/** The links to spans that earlier versions wrote, and the properties that replace them. */
const SPAN_LINK_LISTS = [
  ['EVIDENCED_BY', 'evidenceSpanIds'],
  ['HEDGED_BY', 'hedgeSpanIds'],
] as const;
const SPAN_LINKS = [
  ['CUED_BY', 'cueSpanId'],
  ['STATED_AT', 'spanId'],
  ['TEXT_AT', 'textSpanId'],
  ['LABELLED_AT', 'labelSpanId'],
] as const;

/**
 * What an earlier version wrote that this one reads differently, put right once per database, in
 * order, each in one transaction with the Migration node that records it. A new database runs
 * them all on nothing and records them.
 */
const MIGRATIONS: readonly {
  name: string;
  query: ReturnType<typeof defineQuery<{ count: number }>>;
}[] = [
  {
    // Evidence, hedges, cues and the words of quantities and comments were links to span nodes;
    // they are span ids on the item now (as relations and stances always had), and a quote (some
    // attribution's evidence, labelled Quote) names the claims it is quoted for.
    name: 'evidence-properties',
    query: defineQuery(
      'migrate:evidence-properties',
      `CALL () {
         MATCH (a:Attribution)-[:EVIDENCED_BY]->(s:Span), (a)-[:ATTRIBUTES]->(c:Claim)
         WITH s, c.id AS claimId ORDER BY claimId
         WITH s, collect(DISTINCT claimId) AS claimIds
         SET s:Quote, s.quotedIn = claimIds
         RETURN count(*) AS quotes
       }
       ${SPAN_LINK_LISTS.map(
         ([type, property]) => `CALL () {
         MATCH (x)-[link:${type}]->(s:Span)
         WITH x, link, s ORDER BY link.ordinal
         WITH x, collect(s.id) AS ids, collect(link) AS links
         SET x.${property} = ids
         FOREACH (link IN links | DELETE link)
         RETURN count(*) AS ${property}
       }`,
       ).join('\n')}
       ${SPAN_LINKS.map(
         ([type, property]) => `CALL () {
         MATCH (x)-[link:${type}]->(s:Span)
         SET x.${property} = s.id
         DELETE link
         RETURN count(*) AS ${property}
       }`,
       ).join('\n')}
       RETURN quotes + ${[...SPAN_LINK_LISTS, ...SPAN_LINKS].map(([, property]) => property).join(' + ')}
         AS count`,
      countRow,
    ),
  },
  {
    // Entity links (graph/entity-links.ts) from every role and relation already stored.
    name: 'entity-links',
    query: defineQuery(
      'migrate:entity-links',
      `${linkEntries(() => 'true')}
       ${BY_PAIR}
       MERGE (low)-[l:LINKED {pair: key}]->(high)
       SET l.count = size(refs),
           l.sample = COLLECT { UNWIND refs AS ref RETURN ref ORDER BY ref LIMIT ${LINK_SAMPLE_SIZE} }
       RETURN count(l) AS count`,
      countRow,
    ),
  },
  {
    // An entity's documents were a list property, rewritten whole by every document naming it.
    name: 'appears-in',
    query: defineQuery(
      'migrate:appears-in',
      `MATCH (e:Entity) WHERE e.documentIds IS NOT NULL
       CALL (e) {
         UNWIND e.documentIds AS documentId
         MATCH (d:Document {id: documentId})
         MERGE (e)-[:APPEARS_IN]->(d)
       }
       REMOVE e.documentIds
       RETURN count(e) AS count`,
      countRow,
    ),
  },
  {
    // Changes with items (edits, reviews, merges, not imports) are found by an index that holds
    // only them (itemsChangedAt), not among every change there is (one per import).
    name: 'change-items-changed-at',
    query: defineQuery(
      'migrate:change-items-changed-at',
      `MATCH (c:Change) WHERE c.itemsChangedAt IS NULL AND size(coalesce(c.itemIds, [])) > 0
       SET c.itemsChangedAt = c.at
       RETURN count(c) AS count`,
      countRow,
    ),
  },
  {
    // The entities page sorted by name read every entity to sort them by their first name key;
    // the key is a property of its own now, in an index that a page reads in order.
    name: 'entity-sort-key',
    query: defineQuery(
      'migrate:entity-sort-key',
      `MATCH (e:Entity) WHERE e.sortKey IS NULL
       SET e.sortKey = coalesce(e.nameKeys[0], '')
       RETURN count(e) AS count`,
      countRow,
    ),
  },
  {
    // Entities filtered by part of a name tested every entity's name keys, and counting them
    // read every entity; the keys are one string now, which a text index serves.
    name: 'entity-name-text',
    query: defineQuery(
      'migrate:entity-name-text',
      `MATCH (e:Entity) WHERE e.nameText IS NULL
       SET e.nameText = ${nameTextCypher('coalesce(e.nameKeys, [])')}
       RETURN count(e) AS count`,
      countRow,
    ),
  },
];

/**
 * A batched migration over `label` in id order: `perItem` runs for each node `n` it takes.
 * Documents hold what is many per document (mentions, claims); entities what is many per entity.
 */
function inBatches(label: 'Document' | 'Entity', name: string, perItem: string) {
  return defineQuery(
    `migrate:${name}`,
    `MATCH (n:${label}) WHERE n.id > $after
     WITH n ORDER BY n.id LIMIT $batch
     CALL (n) {
       ${perItem}
     }
     RETURN count(n) AS count, max(n.id) AS last`,
    batchRow,
  );
}

/**
 * Migrations of what every document or entity holds many of (mentions, claims), run a few
 * documents or entities to a transaction, in the order of their ids, so that a graph of any size
 * fits in memory. Each statement takes the ones after `$after`, at most `$batch` of them, and
 * returns how many it took and the last one's id; a run cut short starts again on what is left
 * undone.
 */
const BATCHED_MIGRATIONS: readonly {
  name: string;
  unit: 'documents' | 'entities';
  query: ReturnType<typeof defineQuery<{ count: number; last: string | null }>>;
}[] = [
  {
    // A page of an entity's mentions sorted all of them by their span's place; the mention
    // carries its entity's id and that place now, in an index a page reads in order.
    name: 'mention-reading-order',
    unit: 'documents',
    query: inBatches(
      'Document',
      'mention-reading-order',
      `MATCH (s:Span) WHERE s.documentId = n.id AND s.start IS NOT NULL
       MATCH (e:Entity)-[m:MENTIONED_AT]->(s) WHERE m.entityId IS NULL
       SET m.entityId = e.id, m.documentId = s.documentId, m.start = s.start, m.end = s.end`,
    ),
  },
  {
    // A claim names its profile (graph-rows.ts claimProfileKey), so that a page filtered to a
    // rare profile seeks its claims instead of reading all in order. The same JSON text: the
    // vocabulary's values need no escaping, and the attributions sort as the loader sorts them.
    name: 'claim-profile',
    unit: 'documents',
    query: inBatches(
      'Document',
      'claim-profile',
      `MATCH (c:Claim)
       WHERE c.documentId = n.id AND c.position IS NOT NULL AND c.id IS NOT NULL
         AND c.profile IS NULL
       CALL (c) {
         MATCH (a:Attribution)-[:ATTRIBUTES]->(c)
         WITH a.mode + '|' + a.certainty + '|' + a.polarity AS sortable,
              '["' + a.mode + '","' + a.certainty + '","' + a.polarity + '"]' AS attribution
         ORDER BY sortable
         RETURN collect(attribution) AS attributions
       }
       SET c.profile = '["' + c.type + '","' + c.sourceKind + '",['
         + reduce(text = '', a IN attributions | text + CASE WHEN text = '' THEN '' ELSE ',' END + a)
         + ']]'`,
    ),
  },
  {
    // The claims about an entity are counted by profile (the loader's entity statistics), so
    // that a filtered count of them adds a few dozen numbers instead of reading every claim.
    name: 'about-profiles',
    unit: 'entities',
    query: inBatches(
      'Entity',
      'about-profiles',
      `CALL (n) {
         MATCH (n)<-[:ABOUT]-(c:Claim) WHERE c.profile IS NOT NULL
         WITH c.profile AS profile, count(*) AS claims ORDER BY profile
         RETURN collect(profile) AS profiles, collect(claims) AS counts
       }
       SET n.aboutProfiles = CASE WHEN size(profiles) = 0 THEN null ELSE profiles END,
           n.aboutProfileClaims = CASE WHEN size(counts) = 0 THEN null ELSE counts END`,
    ),
  },
];

const appliedMigrations = defineQuery(
  'appliedMigrations',
  'MATCH (m:Migration) RETURN m.name AS name',
  nameRow,
);
const recordMigration = defineQuery(
  'recordMigration',
  'CREATE (m:Migration {name: $name, at: datetime()}) RETURN 1 AS count',
  countRow,
);

/** Databases this process has already checked, per driver: start-up and the loader both ask. */
const applied = new WeakMap<Driver, Set<string>>();

/**
 * Creates the constraints and indexes that are missing, waits until they are online, and runs
 * the migrations the database has not had. On a database that has them all, this is three
 * reads, once per process.
 */
export async function applyGraphSchema(
  db: GraphDatabase,
  onProgress: (message: string) => void = () => {},
): Promise<number> {
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
    if (existing.has(name)) await dropIndex(db, name);
  }
  for (const statement of missing) {
    // Schema statements cannot share a transaction with data or with each other. Their text is
    // the project's own file, never input.
    await db.write(defineQuery(`schema:${schemaNameOf(statement)}`, statement, z.object({})));
  }
  if (missing.length > 0) {
    const seconds = Math.max(1, Math.floor(db.limits.writeTimeoutMs / 1000) - 1);
    await db.write(awaitIndexes, { seconds });
  }
  const migrated = new Set((await db.read(appliedMigrations)).map((row) => row.name));
  const migrating = [...MIGRATIONS, ...BATCHED_MIGRATIONS].some(
    (migration) => !migrated.has(migration.name),
  );
  for (const migration of MIGRATIONS) {
    if (migrated.has(migration.name)) continue;
    await db.writeTransaction(async (tx) => {
      await tx.run(migration.query);
      await tx.run(recordMigration, { name: migration.name });
    });
  }
  for (const migration of BATCHED_MIGRATIONS) {
    if (migrated.has(migration.name)) continue;
    const started = Date.now();
    let after = '';
    let taken = 0;
    for (;;) {
      const [row] = await db.write(migration.query, { after, batch: neo4j.int(MIGRATION_BATCH) });
      if (!row?.last || row.count === 0) break;
      after = row.last;
      taken += row.count;
      if (taken % 1000 < MIGRATION_BATCH) {
        onProgress(`Migrating ${migration.name}: ${taken} ${migration.unit} taken...`);
      }
    }
    await db.write(recordMigration, { name: migration.name });
    if (taken > 0) {
      onProgress(
        `Migrated ${migration.name}: ${taken} ${migration.unit} in ${Math.round((Date.now() - started) / 1000)} s.`,
      );
    }
  }
  // A migration fills indexes faster than Neo4j samples them, and a plan made from an index's
  // old sample can skip it: sample the ones that moved.
  if (migrating) await db.write(resampleOutdatedIndexes);
  // After the migrations, which may still walk the links of a type.
  for (const { name } of indexes.filter(isRelationshipTypeLookup)) await dropIndex(db, name);
  done.add(db.database);
  return missing.length;
}
