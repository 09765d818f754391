import { z } from 'zod';
import { defineQuery, type GraphDatabase } from '../neo4j/database.ts';
import { allForEach, oneForEach } from './batch.ts';
import { ENTITY_LABELS, RELATION_EDGE_TYPES, STANCE_EDGE_TYPES } from './model.ts';
import {
  type Connection,
  cursorFor,
  keyset,
  type PageRequest,
  pageLimit,
  toConnection,
} from './pagination.ts';
import {
  type CommentRow,
  commentRow,
  type DocumentRow,
  documentRow,
  type RegionRow,
  regionRow,
} from './rows.ts';

const DOCUMENT_PROJECTION = `{ .id, .title, .sourceFile, .sha256, .language, .codePoints,
  .publicationDate, .titleSpanId, version: coalesce(d.version, 1),
  publisherId: head([(d)-[:PUBLISHED_BY]->(p) | p.id]),
  publisherSpanIds: coalesce(head([(d)-[r:PUBLISHED_BY]->() | r.evidenceSpanIds]), []),
  authors: [(d)-[r:WRITTEN_BY]->(a) | { entityId: a.id, role: r.role, evidenceSpanIds: r.evidenceSpanIds }] }`;

const documentsByIdsQuery = defineQuery(
  'documentsByIds',
  `UNWIND $ids AS id MATCH (d:Document {id: id}) RETURN d ${DOCUMENT_PROJECTION} AS document`,
  z.object({ document: documentRow }),
);

export async function documentsByIds(
  db: GraphDatabase,
  ids: readonly string[],
): Promise<(DocumentRow | null)[]> {
  const rows = await db.read(documentsByIdsQuery, { ids });
  return oneForEach(
    ids,
    rows,
    (row) => row.document.id,
    (row) => row.document,
  );
}

function documentsPageQuery(forward: boolean) {
  const { where, orderBy } = keyset([{ expression: 'd.id' }], forward);
  return defineQuery(
    `documentsPage${forward ? 'Forward' : 'Backward'}`,
    `CALL () { MATCH (d:Document) RETURN count(d) AS total }
     CALL () {
       MATCH (d:Document) WHERE d.id IS NOT NULL AND ${where}
       WITH d ORDER BY ${orderBy} LIMIT $limit
       RETURN collect(d ${DOCUMENT_PROJECTION}) AS rows
     }
     RETURN total, rows`,
    z.object({ total: z.number().int(), rows: z.array(documentRow) }),
  );
}
const documentsPageQueries = {
  forward: documentsPageQuery(true),
  backward: documentsPageQuery(false),
};

export async function documentsPage(
  db: GraphDatabase,
  page: PageRequest,
): Promise<Connection<DocumentRow>> {
  const query = page.forward ? documentsPageQueries.forward : documentsPageQueries.backward;
  const [result] = await db.read(query, {
    cursor: cursorFor(page, ['string']),
    limit: pageLimit(page),
  });
  return toConnection(result?.rows ?? [], page, result?.total ?? 0, (row) => [row.id]);
}

const documentTextQuery = defineQuery(
  'documentText',
  `UNWIND $ids AS id MATCH (d:Document {id: id}) RETURN d.id AS id, d.text AS text`,
  z.object({ id: z.string(), text: z.string() }),
);

export async function documentTexts(db: GraphDatabase, ids: readonly string[]): Promise<string[]> {
  const rows = await db.read(documentTextQuery, { ids });
  return oneForEach(
    ids,
    rows,
    (row) => row.id,
    (row) => row.text,
  ).map((text) => text ?? '');
}

const regionsByDocumentQuery = defineQuery(
  'regionsByDocument',
  `UNWIND $ids AS id
   MATCH (:Document {id: id})-[:HAS_REGION]->(r:PageRegion)
   RETURN r { .id, .documentId, .key, .kind, .start, .end, .ordinal } AS region
   ORDER BY region.documentId, region.ordinal`,
  z.object({ region: regionRow }),
);

export async function regionsByDocument(
  db: GraphDatabase,
  ids: readonly string[],
): Promise<RegionRow[][]> {
  const rows = await db.read(regionsByDocumentQuery, { ids });
  return allForEach(
    ids,
    rows,
    (row) => row.region.documentId,
    (row) => row.region,
  );
}

const commentsByDocumentQuery = defineQuery(
  'commentsByDocument',
  `UNWIND $ids AS id
   MATCH (:Document {id: id})-[:HAS_COMMENT]->(k:Comment), (text:Span {id: k.textSpanId})
   RETURN k { .id, .documentId, .number, .textSpanId, .labelSpanId } AS comment
   ORDER BY comment.documentId, text.start`,
  z.object({ comment: commentRow }),
);

/** Each document's reader comments, in page order. */
export async function commentsByDocument(
  db: GraphDatabase,
  ids: readonly string[],
): Promise<CommentRow[][]> {
  const rows = await db.read(commentsByDocumentQuery, { ids });
  return allForEach(
    ids,
    rows,
    (row) => row.comment.documentId,
    (row) => row.comment,
  );
}

/** Counts Neo4j keeps per label and relationship type (its count store): read, never counted. */
function countStoreList(patterns: readonly (readonly [key: string, pattern: string])[]): string {
  return `[x IN [${patterns
    .map(([key, pattern]) => `{ key: '${key}', count: COUNT { MATCH ${pattern} } }`)
    .join(', ')}] WHERE x.count > 0]`;
}

const ENTITY_KIND_COUNTS = countStoreList(
  Object.values(ENTITY_LABELS)
    .sort()
    .map((label) => [label, `(:${label})`] as const),
);
const STANCE_TYPE_COUNTS = countStoreList(
  Object.entries(STANCE_EDGE_TYPES)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([type, edge]) => [type, `()-[:${edge}]->()`] as const),
);
const RELATION_COUNT = Object.values(RELATION_EDGE_TYPES)
  .map((edge) => `COUNT { MATCH ()-[:${edge}]->() }`)
  .join(' + ');

/**
 * Counts by a property of claims, added up from the graph's claim profiles (written at load, see
 * graph-rows.ts): the cost follows the number of profiles, a handful, not the number of claims.
 * An attribution mode counts once per attribution of each claim.
 */
function profiled(key: string): string {
  return `MATCH (p:ClaimProfile)
     UNWIND ${key} AS key
     WITH key, sum(p.claims) AS n ORDER BY key
     RETURN collect({ key: key, count: n })`;
}

// Totals, kinds of entity and types of stance come from the count store, whatever the graph's
// size; counts by claim type, claim source and attribution mode from the claim profiles.
const statsQuery = defineQuery(
  'graphStats',
  `CALL () { MATCH (d:Document) RETURN count(d) AS documents }
   CALL () { MATCH (e:Entity) RETURN count(e) AS entities }
   CALL () { RETURN ${ENTITY_KIND_COUNTS} AS entitiesByKind }
   CALL () { MATCH (:Entity)-[m:MENTIONED_AT]->() RETURN count(m) AS mentions }
   CALL () { MATCH (c:Claim) RETURN count(c) AS claims }
   CALL () { ${profiled('[p.type]')} AS claimsByType }
   CALL () { ${profiled('[p.sourceKind]')} AS claimsBySourceKind }
   CALL () { MATCH (a:Attribution) RETURN count(a) AS attributions }
   CALL () { ${profiled('p.modes')} AS attributionsByMode }
   CALL () { RETURN ${STANCE_TYPE_COUNTS} AS stancesByType }
   CALL () { RETURN ${RELATION_COUNT} AS relations }
   CALL () { MATCH (r:Role) RETURN count(r) AS roles }
   CALL () { MATCH (q:Quantity) RETURN count(q) AS quantities }
   CALL () { MATCH (k:Comment) RETURN count(k) AS comments }
   CALL () { MATCH (s:Span) RETURN count(s) AS spans }
   RETURN documents, entities, entitiesByKind, mentions, claims, claimsByType, claimsBySourceKind,
          attributions, attributionsByMode, stancesByType, relations, roles, quantities, comments, spans`,
  z.object({
    documents: z.number().int(),
    entities: z.number().int(),
    entitiesByKind: z.array(z.object({ key: z.string(), count: z.number().int() })),
    mentions: z.number().int(),
    claims: z.number().int(),
    claimsByType: z.array(z.object({ key: z.string(), count: z.number().int() })),
    claimsBySourceKind: z.array(z.object({ key: z.string(), count: z.number().int() })),
    attributions: z.number().int(),
    attributionsByMode: z.array(z.object({ key: z.string(), count: z.number().int() })),
    stancesByType: z.array(z.object({ key: z.string(), count: z.number().int() })),
    relations: z.number().int(),
    roles: z.number().int(),
    quantities: z.number().int(),
    comments: z.number().int(),
    spans: z.number().int(),
  }),
);
export type GraphStats = z.infer<typeof statsQuery.row>;

export async function graphStats(db: GraphDatabase): Promise<GraphStats> {
  const [row] = await db.read(statsQuery);
  if (!row) throw new Error('graphStats returned no row');
  return row;
}
