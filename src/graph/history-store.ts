/**
 * The history of changes: a Change node per import, edit, removal or revert, with who made it,
 * when, the items before and after, and the document's annotations before it (what a revert
 * restores). Documents carry a version that every change moves on by one.
 */
import neo4j from 'neo4j-driver';
import { z } from 'zod';
import { defineQuery, type GraphDatabase, type Transaction } from '../neo4j/database.ts';

export const CHANGE_KINDS = [
  'IMPORT',
  'EDIT',
  'REMOVE',
  'REVERT',
  'ENTITY',
  'MERGE',
  'REVIEW',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

const changeRow = z.object({
  id: z.string(),
  kind: z.enum(CHANGE_KINDS),
  by: z.string(),
  at: z.number().int(),
  /** The document it changed; null for a change to an entity (ENTITY, MERGE). */
  documentId: z.string().nullable(),
  /** The entity it changed (ENTITY, MERGE: the survivor), or null. */
  entityId: z.string().nullable(),
  /** The documents a merge (or its revert) rewrote; empty for other changes. */
  documentIds: z.array(z.string()),
  versionBefore: z.number().int().nullable(),
  versionAfter: z.number().int().nullable(),
  summary: z.string(),
  items: z.string(),
  clientMutationId: z.string().nullable(),
  revertOf: z.string().nullable(),
  revertedBy: z.string().nullable(),
});
export type ChangeRow = z.infer<typeof changeRow>;

const CHANGE = `c { .id, .kind, .by, .at, .documentId, .entityId, .versionBefore, .versionAfter, .summary,
  .items, .clientMutationId, .revertOf, .revertedBy, documentIds: coalesce(c.documentIds, []) }`;

/** The document as an edit needs it, locked against other writers until the transaction ends. */
const lockDocumentQuery = defineQuery(
  'lockDocument',
  `MATCH (d:Document {id: $id})
   SET d.version = coalesce(d.version, 1)
   RETURN d.version AS version, d.annotations AS annotations, d.text AS text,
          d.itemOrigins AS itemOrigins`,
  z.object({
    version: z.number().int(),
    annotations: z.string().nullable(),
    text: z.string(),
    itemOrigins: z.string().nullable(),
  }),
);

export async function lockDocument(tx: Transaction, id: string) {
  const [row] = await tx.run(lockDocumentQuery, { id });
  return row ?? null;
}

const changeByClientIdQuery = defineQuery(
  'changeByClientMutationId',
  `MATCH (c:Change {by: $by, clientMutationId: $clientMutationId}) RETURN ${CHANGE} AS change`,
  z.object({ change: changeRow }),
);

/** A change this caller already made with this client mutation id: a retry, not a new change. */
export async function changeByClientId(
  tx: Transaction,
  by: string,
  clientMutationId: string,
): Promise<ChangeRow | null> {
  const [row] = await tx.run(changeByClientIdQuery, { by, clientMutationId });
  return row?.change ?? null;
}

const createChangeQuery = defineQuery(
  'createChange',
  `CREATE (c:Change {id: $change.id, at: timestamp()})
   SET c += $change
   SET c.itemsChangedAt = CASE WHEN size(c.itemIds) > 0 THEN c.at END
   WITH c
   CALL (c) {
     MATCH (reverted:Change {id: c.revertOf}) SET reverted.revertedBy = c.id
   }
   RETURN ${CHANGE} AS change`,
  z.object({ change: changeRow }),
);

export interface NewChange {
  /** Made before the change is written, so that what it writes can name it. */
  id: string;
  kind: ChangeKind;
  by: string;
  documentId: string | null;
  entityId: string | null;
  /** The documents a merge (or its revert) rewrote, so that their histories show it. */
  documentIds?: string[];
  versionBefore: number | null;
  versionAfter: number | null;
  summary: string;
  /** JSON: the items before and after. */
  items: string;
  /** JSON: the document's annotations before the change; null when it did not exist. */
  annotationsBefore: string | null;
  /** The document's text before the change, when the change replaced or removed it. */
  textBefore: string | null;
  /** JSON: the document's item origins before the change (see src/curation/item-origins.ts). */
  originsBefore: string | null;
  clientMutationId: string | null;
  revertOf: string | null;
}

export async function recordChange(tx: Transaction, change: NewChange): Promise<ChangeRow> {
  const integer = (value: number | null) => (value === null ? null : neo4j.int(value));
  // The annotation ids of the items it touched, to find an item's own history.
  const itemIds = (JSON.parse(change.items) as { id: string }[]).map((item) => item.id);
  const [row] = await tx.run(createChangeQuery, {
    change: {
      ...change,
      itemIds,
      versionBefore: integer(change.versionBefore),
      versionAfter: integer(change.versionAfter),
    },
  });
  if (!row) throw new Error('the change was not recorded');
  return row.change;
}

const changeForRevertQuery = defineQuery(
  'changeForRevert',
  `MATCH (c:Change {id: $id})
   RETURN ${CHANGE} AS change, c.annotationsBefore AS annotationsBefore, c.textBefore AS textBefore,
          c.originsBefore AS originsBefore`,
  z.object({
    change: changeRow,
    annotationsBefore: z.string().nullable(),
    textBefore: z.string().nullable(),
    originsBefore: z.string().nullable(),
  }),
);

export async function changeForRevert(tx: Transaction, id: string) {
  const [row] = await tx.run(changeForRevertQuery, { id });
  return row ?? null;
}

/** Newest first; `before` is the [at, id] of the last change of the previous page. */
const latestChangesOfDocumentQuery = defineQuery(
  'latestChangesOfDocument',
  `MATCH (c:Change) WHERE c.documentId = $documentId AND c.at IS NOT NULL
   RETURN c.id AS id, c.kind AS kind, c.by AS by, c.versionAfter AS versionAfter,
          coalesce(c.itemIds, []) AS itemIds
   ORDER BY c.at DESC, c.id DESC
   LIMIT $limit`,
  z.object({
    id: z.string(),
    kind: z.enum(CHANGE_KINDS),
    by: z.string(),
    versionAfter: z.number().int().nullable(),
    itemIds: z.array(z.string()),
  }),
);

/** A document's latest changes, newest first: who made them and which items they touched. */
export function latestChangesOfDocument(tx: Transaction, documentId: string, limit: number) {
  return tx.run(latestChangesOfDocumentQuery, { documentId, limit: neo4j.int(limit) });
}

/**
 * Where a page of the history starts reading: every change newest first (the index of `at`), a
 * document's (its own changes, and the merges that rewrote it, among the changes with items), or
 * an entity's. Each is an index read, so that a page does not read every change there is.
 */
const CHANGE_SOURCES = {
  all: 'MATCH (c:Change) WHERE c.at IS NOT NULL RETURN c',
  document: `MATCH (c:Change) WHERE c.documentId = $documentId AND c.at IS NOT NULL RETURN c
     UNION
     MATCH (c:Change) WHERE c.itemsChangedAt IS NOT NULL
       AND $documentId IN coalesce(c.documentIds, [])
     RETURN c`,
  entity: 'MATCH (c:Change) WHERE c.entityId = $entityId AND c.at IS NOT NULL RETURN c',
} as const;

function changesPageQuery(source: keyof typeof CHANGE_SOURCES) {
  return defineQuery(
    `changesPage_${source}`,
    `CALL () {
       ${CHANGE_SOURCES[source]}
     }
     WITH c WHERE ($documentId IS NULL OR c.documentId = $documentId
                   OR $documentId IN coalesce(c.documentIds, []))
       AND ($entityId IS NULL OR c.entityId = $entityId)
       AND ($before IS NULL OR [c.at, c.id] < $before)
     RETURN ${CHANGE} AS change
     ORDER BY c.at DESC, c.id DESC
     LIMIT $limit`,
    z.object({ change: changeRow }),
  );
}
const changesPageQueries = {
  all: changesPageQuery('all'),
  document: changesPageQuery('document'),
  entity: changesPageQuery('entity'),
};

export async function changesPage(
  db: GraphDatabase,
  options: {
    documentId: string | null;
    entityId: string | null;
    before: [number, string] | null;
    limit: number;
  },
): Promise<ChangeRow[]> {
  const source =
    options.entityId !== null ? 'entity' : options.documentId !== null ? 'document' : 'all';
  const rows = await db.read(changesPageQueries[source], {
    documentId: options.documentId,
    entityId: options.entityId,
    before: options.before ? [neo4j.int(options.before[0]), options.before[1]] : null,
    limit: neo4j.int(options.limit),
  });
  return rows.map((row) => row.change);
}

const latestChangeQuery = defineQuery(
  'latestChangeOf',
  `CALL () {
     MATCH (c:Change) WHERE c.documentId = $documentId AND c.at IS NOT NULL RETURN c
     UNION
     MATCH (c:Change) WHERE c.entityId = $entityId AND c.at IS NOT NULL RETURN c
   }
   RETURN c.id AS id ORDER BY c.at DESC, c.id DESC LIMIT 1`,
  z.object({ id: z.string() }),
);

/** The id of the latest change of a document or of an entity. */
export async function latestChangeId(
  tx: Transaction,
  of: { documentId: string | null; entityId: string | null },
): Promise<string | null> {
  const [row] = await tx.run(latestChangeQuery, of);
  return row?.id ?? null;
}

const changesOfClaimsQuery = defineQuery(
  'changesOfClaims',
  `UNWIND $ids AS claimId
   MATCH (claim:Claim {id: claimId})
   CALL (claim) {
     MATCH (c:Change)
     WHERE c.documentId = claim.documentId AND c.at IS NOT NULL
       AND claim.key IN coalesce(c.itemIds, [])
     RETURN c ORDER BY c.at DESC, c.id DESC
   }
   RETURN claimId, collect(${CHANGE}) AS changes`,
  z.object({ claimId: z.string(), changes: z.array(changeRow) }),
);

/** For each claim, the changes that edited it, newest first (none: as its annotations gave it). */
export async function changesOfClaims(
  db: GraphDatabase,
  ids: readonly string[],
): Promise<ChangeRow[][]> {
  const rows = await db.read(changesOfClaimsQuery, { ids: [...ids] });
  const byId = new Map(rows.map((row) => [row.claimId, row.changes]));
  return ids.map((id) => byId.get(id) ?? []);
}

/**
 * For each entity, the changes that edited it, newest first: its own (updateEntity, a merge into
 * it) and the document edits that put or took out its item. Edits are found among the changes
 * with items (an index read): their number grows with curators' work, not with the corpus.
 */
const changesOfEntitiesQuery = defineQuery(
  'changesOfEntities',
  `UNWIND $ids AS entityId
   CALL (entityId) {
     MATCH (c:Change) WHERE c.entityId = entityId AND c.at IS NOT NULL RETURN c
     UNION
     MATCH (c:Change) WHERE c.itemsChangedAt IS NOT NULL AND entityId IN c.itemIds
     RETURN c
   }
   WITH entityId, c ORDER BY c.at DESC, c.id DESC
   RETURN entityId, collect(${CHANGE}) AS changes`,
  z.object({ entityId: z.string(), changes: z.array(changeRow) }),
);

export async function changesOfEntities(
  db: GraphDatabase,
  ids: readonly string[],
): Promise<ChangeRow[][]> {
  const rows = await db.read(changesOfEntitiesQuery, { ids: [...ids] });
  const byId = new Map(rows.map((row) => [row.entityId, row.changes]));
  return ids.map((id) => byId.get(id) ?? []);
}

const changesByIdsQuery = defineQuery(
  'changesByIds',
  `UNWIND $ids AS id MATCH (c:Change {id: id}) RETURN ${CHANGE} AS change`,
  z.object({ change: changeRow }),
);

export async function changesByIds(
  db: GraphDatabase,
  ids: readonly string[],
): Promise<(ChangeRow | null)[]> {
  const rows = await db.read(changesByIdsQuery, { ids: [...ids] });
  const byId = new Map(rows.map((row) => [row.change.id, row.change]));
  return ids.map((id) => byId.get(id) ?? null);
}

const itemOriginsQuery = defineQuery(
  'itemOriginsOf',
  `UNWIND $ids AS id MATCH (d:Document {id: id})
   RETURN d.id AS id, d.itemOrigins AS itemOrigins, d.draftedBy AS draftedBy`,
  z.object({
    id: z.string(),
    itemOrigins: z.string().nullable(),
    draftedBy: z.string().nullable(),
  }),
);

/**
 * For each document, its item origins as stored (JSON, null when nobody curated it) and the
 * extractor that drafted it (null for annotations made by hand).
 */
export async function itemOriginsOf(
  db: GraphDatabase,
  ids: readonly string[],
): Promise<{ itemOrigins: string | null; draftedBy: string | null }[]> {
  const rows = await db.read(itemOriginsQuery, { ids: [...ids] });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? { itemOrigins: null, draftedBy: null });
}

const entityOriginsQuery = defineQuery(
  'entityOrigins',
  `UNWIND $ids AS id MATCH (e:Entity {id: id})
   RETURN e.id AS id, e.definedIn AS definedIn, e.curatedIn AS curatedIn`,
  z.object({ id: z.string(), definedIn: z.string().nullable(), curatedIn: z.string().nullable() }),
);

/**
 * Where each entity's name, description and aliases come from: the document that defines it,
 * and the curator's change that set them, if one did.
 */
export async function entityOrigins(
  db: GraphDatabase,
  ids: readonly string[],
): Promise<{ definedIn: string | null; curatedIn: string | null }[]> {
  const rows = await db.read(entityOriginsQuery, { ids: [...ids] });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? { definedIn: null, curatedIn: null });
}

/**
 * Curators' changes to a document: its own, which name it in documentId, and the merges (and
 * their reverts) that rewrote it, which list it in documentIds. With `sinceLastImport`, only
 * those after its last import (all, when none is recorded): what a new import would replace.
 */
function changesToDocumentQuery(sinceLastImport: boolean) {
  const since = sinceLastImport
    ? `OPTIONAL MATCH (imported:Change)
         WHERE imported.documentId = $documentId AND imported.kind = 'IMPORT' AND imported.at IS NOT NULL
       WITH max(imported.at) AS since`
    : 'WITH null AS since';
  return defineQuery(
    sinceLastImport ? 'changesSinceLastImport' : 'changesToDocument',
    `${since}
     CALL (since) {
       MATCH (c:Change) WHERE c.documentId = $documentId AND c.at IS NOT NULL RETURN c
       UNION
       MATCH (c:Change) WHERE c.itemsChangedAt IS NOT NULL
         AND $documentId IN coalesce(c.documentIds, [])
       RETURN c
     }
     WITH c WHERE since IS NULL OR c.at > since
     WITH c ORDER BY c.at DESC, c.id DESC
     RETURN count(c) AS count, head(collect(c { .id, .kind, .by })) AS latest`,
    z.object({
      count: z.number().int(),
      latest: z.object({ id: z.string(), kind: z.enum(CHANGE_KINDS), by: z.string() }).nullable(),
    }),
  );
}
const changesToDocumentQueries = {
  all: changesToDocumentQuery(false),
  sinceLastImport: changesToDocumentQuery(true),
};

/** How many curator changes a document has (since its last import), and the latest of them. */
export async function changesToDocument(
  tx: Transaction,
  documentId: string,
  { sinceLastImport }: { sinceLastImport: boolean },
): Promise<{ count: number; latest: { id: string; kind: ChangeKind; by: string } | null }> {
  const query = changesToDocumentQueries[sinceLastImport ? 'sinceLastImport' : 'all'];
  const [row] = await tx.run(query, { documentId });
  return row ?? { count: 0, latest: null };
}
