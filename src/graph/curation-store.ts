import neo4j from 'neo4j-driver';
import { z } from 'zod';
import { defineQuery, type Transaction } from '../neo4j/database.ts';
import { nameTextCypher, STANCE_EDGE_TYPES } from './model.ts';

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

/**
 * Write-locks the names that a document's entities are about to be matched on, creating those
 * not yet in the graph: a concurrent import of the same new name waits here until this one has
 * committed, then matches the entity it created instead of creating a second. The unique
 * constraint on the key makes the creation wait too; the property set and removed locks an
 * existing name.
 */
const lockNameKeysQuery = defineQuery(
  'lockEntityNameKeys',
  `UNWIND $keys AS key
   MERGE (n:EntityName {key: key})
   SET n.lockedForMatching = true
   REMOVE n.lockedForMatching
   RETURN count(n) AS locked`,
  z.object({ locked: z.number().int() }),
);

export async function lockNameKeys(tx: Transaction, keys: readonly string[]): Promise<void> {
  // One order for every transaction, so that two that share names do not deadlock on them.
  await tx.run(lockNameKeysQuery, { keys: [...keys].sort() });
}

const dropUnnamedKeysQuery = defineQuery(
  'dropUnusedEntityNameKeys',
  `UNWIND $keys AS key
   MATCH (n:EntityName {key: key}) WHERE NOT EXISTS { (n)<-[:NAMED]-() }
   DELETE n
   RETURN count(*) AS dropped`,
  z.object({ dropped: z.number().int() }),
);

/** Takes out the names lockNameKeys created that no entity took in the end. */
export async function dropUnusedNameKeys(tx: Transaction, keys: readonly string[]): Promise<void> {
  await tx.run(dropUnnamedKeysQuery, { keys: [...keys] });
}

const entityForEditRow = z.object({
  version: z.number().int(),
  type: z.string(),
  name: z.string(),
  description: z.string(),
  aliases: z.array(z.string()),
  /** The change that last set its fields, or null while its defining document owns them. */
  curatedIn: z.string().nullable(),
});
export type EntityForEdit = z.infer<typeof entityForEditRow>;

/** An entity as an edit needs it, locked against other writers until the transaction ends. */
const lockEntityQuery = defineQuery(
  'lockEntity',
  `MATCH (e:Entity {id: $id})
   SET e.version = coalesce(e.version, 1)
   RETURN e.version AS version, e.type AS type, e.name AS name,
          coalesce(e.description, '') AS description, coalesce(e.aliases, []) AS aliases,
          e.curatedIn AS curatedIn`,
  entityForEditRow,
);

export async function lockEntity(tx: Transaction, id: string): Promise<EntityForEdit | null> {
  const [row] = await tx.run(lockEntityQuery, { id });
  return row ?? null;
}

/**
 * A curator's name, description and aliases for an entity, marked with the change that set them
 * so that no document's load changes them again (a null change hands them back to the document
 * that defines the entity: a revert to before any curation). Its names are relinked for lookup.
 */
const curateEntityQuery = defineQuery(
  'curateEntity',
  `MATCH (e:Entity {id: $id})
   SET e.name = $name, e.description = $description, e.aliases = $aliases,
       e.nameKeys = $nameKeys, e.sortKey = coalesce($nameKeys[0], ''),
       e.nameText = ${nameTextCypher('$nameKeys')}, e.searchText = $searchText,
       e.version = $version,
       e.curatedIn = $curatedIn,
       e.curatedAt = CASE WHEN $curatedIn IS NULL THEN null ELSE timestamp() END
   WITH e
   CALL (e) {
     UNWIND e.nameKeys AS key
     MERGE (n:EntityName {key: key})
     MERGE (e)-[:NAMED]->(n)
   }
   CALL (e) {
     MATCH (e)-[link:NAMED]->(n:EntityName) WHERE NOT n.key IN e.nameKeys
     DELETE link
     WITH n WHERE NOT EXISTS { (n)<-[:NAMED]-() }
     DELETE n
   }
   RETURN e.id AS id`,
  z.object({ id: z.string() }),
);

export async function curateEntity(
  tx: Transaction,
  fields: {
    id: string;
    name: string;
    description: string;
    aliases: string[];
    nameKeys: string[];
    searchText: string;
    version: number;
    curatedIn: string | null;
  },
): Promise<void> {
  await tx.run(curateEntityQuery, { ...fields, version: neo4j.int(fields.version) });
}

const entitiesNamedQuery = defineQuery(
  'entitiesNamedByKeys',
  `UNWIND $keys AS key
   MATCH (:EntityName {key: key})<-[:NAMED]-(other:Entity)
   WHERE other.id <> $exceptId
   RETURN key, other.id AS id, other.name AS name, other.type AS type
   ORDER BY key, id`,
  z.object({ key: z.string(), id: z.string(), name: z.string(), type: z.string() }),
);

/** The entities other than `exceptId` that have one of these name keys as a name or alias. */
export function entitiesNamedByKeys(
  tx: Transaction,
  keys: readonly string[],
  exceptId: string,
): Promise<{ key: string; id: string; name: string; type: string }[]> {
  return tx.run(entitiesNamedQuery, { keys: [...keys], exceptId });
}

const documentsMentioningQuery = defineQuery(
  'documentsMentioning',
  `MATCH (:Entity {id: $id})-[:MENTIONED_AT]->(s:Span)
   RETURN DISTINCT s.documentId AS documentId ORDER BY documentId`,
  z.object({ documentId: z.string() }),
);

/** The documents whose annotations name the entity (each names it at least once). */
export async function documentsMentioning(tx: Transaction, id: string): Promise<string[]> {
  return (await tx.run(documentsMentioningQuery, { id })).map((row) => row.documentId);
}

const existingClaimsQuery = defineQuery(
  'existingClaims',
  'UNWIND $ids AS id MATCH (c:Claim {id: id}) RETURN c.id AS id',
  z.object({ id: z.string() }),
);

/** Which of these claim ids (document/claim) the graph holds. */
export async function existingClaimIds(
  tx: Transaction,
  ids: readonly string[],
): Promise<Set<string>> {
  return new Set((await tx.run(existingClaimsQuery, { ids: [...ids] })).map((row) => row.id));
}

const stancesFromElsewhereQuery = defineQuery(
  'stancesFromElsewhere',
  `MATCH (b:Claim) WHERE b.documentId = $documentId AND b.position IS NOT NULL
   MATCH (b)<-[r]-(a:Claim)
   WHERE type(r) IN $stanceTypes AND a.documentId <> $documentId
   RETURN a.documentId AS fromDocument, r.key AS stance, b.key AS claim
   ORDER BY fromDocument, stance`,
  z.object({ fromDocument: z.string(), stance: z.string(), claim: z.string() }),
);

/** Other documents' stances on this document's claims (their annotations name these claims). */
export function stancesFromElsewhere(
  tx: Transaction,
  documentId: string,
): Promise<{ fromDocument: string; stance: string; claim: string }[]> {
  return tx.run(stancesFromElsewhereQuery, {
    documentId,
    stanceTypes: Object.values(STANCE_EDGE_TYPES),
  });
}
