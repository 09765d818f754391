import { z } from 'zod';
import { defineQuery, type GraphDatabase, type Transaction } from '../neo4j/database.ts';

const storedEntityRow = z.object({
  id: z.string(),
  type: z.string(),
  name: z.string(),
  nameKeys: z.array(z.string()),
});
export type StoredEntityRow = z.infer<typeof storedEntityRow>;

/** The graph's entities with one of `ids`, or named by one of `nameKeys` (name or alias). */
const entitiesToMatchQuery = defineQuery(
  'entitiesToMatch',
  `CALL () {
     UNWIND $ids AS id MATCH (e:Entity {id: id}) RETURN e
     UNION
     UNWIND $nameKeys AS key MATCH (:EntityName {key: key})<-[:NAMED]-(e:Entity) RETURN e
   }
   RETURN e.id AS id, e.type AS type, e.name AS name, coalesce(e.nameKeys, []) AS nameKeys
   ORDER BY id`,
  storedEntityRow,
);

/** The same, inside a write transaction: what the load that follows will see. */
export function entitiesToMatchIn(
  tx: Transaction,
  ids: readonly string[],
  nameKeys: readonly string[],
): Promise<StoredEntityRow[]> {
  return tx.run(entitiesToMatchQuery, { ids: [...ids], nameKeys: [...nameKeys] });
}

export function entitiesToMatch(
  db: GraphDatabase,
  ids: readonly string[],
  nameKeys: readonly string[],
): Promise<StoredEntityRow[]> {
  return db.read(entitiesToMatchQuery, { ids: [...ids], nameKeys: [...nameKeys] });
}

const documentExistsQuery = defineQuery(
  'documentExists',
  'OPTIONAL MATCH (d:Document {id: $id}) RETURN d IS NOT NULL AS exists',
  z.object({ exists: z.boolean() }),
);

export async function documentExists(db: GraphDatabase, id: string): Promise<boolean> {
  const [row] = await db.read(documentExistsQuery, { id });
  return row?.exists ?? false;
}
