import { z } from 'zod';
import { defineQuery, type GraphDatabase } from '../neo4j/database.ts';

const componentsQuery = defineQuery(
  'databaseComponents',
  `CALL dbms.components() YIELD name, versions, edition
   RETURN name, versions[0] AS version, edition`,
  z.object({ name: z.string(), version: z.string(), edition: z.string() }),
);

const countsQuery = defineQuery(
  'databaseCounts',
  `CALL () { MATCH (n) RETURN count(n) AS nodeCount }
   CALL () { MATCH ()-[r]->() RETURN count(r) AS relationshipCount }
   RETURN nodeCount, relationshipCount`,
  z.object({ nodeCount: z.number().int(), relationshipCount: z.number().int() }),
);

const pingQuery = defineQuery('ping', 'RETURN 1 AS ok', z.object({ ok: z.literal(1) }));

export interface DatabaseInfo {
  product: string;
  version: string;
  edition: string;
  database: string;
  nodeCount: number;
  relationshipCount: number;
}

export async function readDatabaseInfo(db: GraphDatabase): Promise<DatabaseInfo> {
  const [components, counts] = await Promise.all([db.read(componentsQuery), db.read(countsQuery)]);
  const kernel = components.find((row) => row.name === 'Neo4j Kernel') ?? components[0];
  const count = counts[0];
  if (!kernel || !count) throw new Error('Neo4j returned no component or count rows');
  return {
    product: kernel.name,
    version: kernel.version,
    edition: kernel.edition,
    database: db.database,
    nodeCount: count.nodeCount,
    relationshipCount: count.relationshipCount,
  };
}

export async function ping(db: GraphDatabase): Promise<void> {
  await db.read(pingQuery);
}
