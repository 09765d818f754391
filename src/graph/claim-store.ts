import { z } from 'zod';
import { defineQuery, type GraphDatabase, type Query } from '../neo4j/database.ts';
import { allForEach, oneForEach } from './batch.ts';
import { SPAN_PROJECTION } from './entity-store.ts';
import {
  type Connection,
  cursorFor,
  keyset,
  type PageRequest,
  pageLimit,
  toConnection,
} from './pagination.ts';
import {
  type AttributionRow,
  attributionRow,
  type ClaimRow,
  type CommentRow,
  claimRow,
  commentRow,
  type QuantityRow,
  quantityRow,
  type SpanRow,
  type StanceRow,
  spanRow,
  stanceRow,
} from './rows.ts';

const CLAIM_PROJECTION =
  '{ .id, .key, .documentId, .type, .proposition, .sourceKind, position: coalesce(c.position, 0) }';

/** Claims come in reading order: by document, then where they first appear on the page. */
const CLAIM_ORDER = [
  { expression: 'c.documentId' },
  { expression: 'c.position' },
  { expression: 'c.id' },
] as const;

/** A claim's place in reading order: document, position, id. */
const CLAIM_KEY = ['string', 'number', 'string'] as const;

export function claimSortKey(claim: ClaimRow): (string | number)[] {
  return [claim.documentId, claim.position, claim.id];
}

export interface ClaimFilter {
  types: readonly string[] | null;
  modes: readonly string[] | null;
  certainties: readonly string[] | null;
  polarities: readonly string[] | null;
  sourceKind: string | null;
  documentId: string | null;
  speaker: { kind: 'entity' | 'comment'; id: string } | null;
  aboutId: string | null;
}

/** Every filter except the starting node: the attribution filters must hold for one attribution. */
const CLAIM_FILTER = `($types IS NULL OR c.type IN $types)
  AND ($sourceKind IS NULL OR c.sourceKind = $sourceKind)
  AND ($documentId IS NULL OR c.documentId = $documentId)
  AND ($aboutId IS NULL OR EXISTS { (c)-[:ABOUT]->(:Entity {id: $aboutId}) })
  AND ($modes IS NULL AND $certainties IS NULL AND $polarities IS NULL AND $speakerId IS NULL
       OR EXISTS {
         MATCH (a:Attribution)-[:ATTRIBUTES]->(c)
         WHERE ($modes IS NULL OR a.mode IN $modes)
           AND ($certainties IS NULL OR a.certainty IN $certainties)
           AND ($polarities IS NULL OR a.polarity IN $polarities)
           AND ($speakerId IS NULL OR EXISTS { (a)-[:SPEAKER]->(sp) WHERE sp.id = $speakerId })
       })`;

/** Where a claims query starts: from an index on the most selective thing it was given. */
const CLAIM_STARTS = {
  all: 'MATCH (c:Claim)',
  speakerEntity:
    'MATCH (:Entity {id: $speakerId})<-[:SPEAKER]-(:Attribution)-[:ATTRIBUTES]->(c:Claim) WITH DISTINCT c',
  speakerComment:
    'MATCH (:Comment {id: $speakerId})<-[:SPEAKER]-(:Attribution)-[:ATTRIBUTES]->(c:Claim) WITH DISTINCT c',
  about: 'MATCH (:Entity {id: $aboutId})<-[:ABOUT]-(c:Claim)',
} as const;
type ClaimStart = keyof typeof CLAIM_STARTS;

const claimPageRow = z.object({ total: z.number().int(), rows: z.array(claimRow) });

function claimPageQuery(start: ClaimStart, forward: boolean): Query<z.infer<typeof claimPageRow>> {
  const { where, orderBy } = keyset(CLAIM_ORDER, forward);
  return defineQuery(
    `claimsPage_${start}_${forward ? 'forward' : 'backward'}`,
    `CALL () { ${CLAIM_STARTS[start]} WITH c WHERE ${CLAIM_FILTER} RETURN count(c) AS total }
     CALL () {
       ${CLAIM_STARTS[start]} WITH c WHERE ${CLAIM_FILTER} AND ${where}
       WITH c ORDER BY ${orderBy} LIMIT $limit
       RETURN collect(c ${CLAIM_PROJECTION}) AS rows
     }
     RETURN total, rows`,
    claimPageRow,
  );
}

const claimPageQueries = new Map(
  (Object.keys(CLAIM_STARTS) as ClaimStart[]).flatMap((start) =>
    [true, false].map(
      (forward) => [`${start}:${forward}`, claimPageQuery(start, forward)] as const,
    ),
  ),
);

function claimParams(filter: ClaimFilter) {
  return {
    types: filter.types,
    modes: filter.modes,
    certainties: filter.certainties,
    polarities: filter.polarities,
    sourceKind: filter.sourceKind,
    documentId: filter.documentId,
    speakerId: filter.speaker?.id ?? null,
    aboutId: filter.aboutId,
  };
}

export async function claimsPage(
  db: GraphDatabase,
  filter: ClaimFilter,
  page: PageRequest,
): Promise<Connection<ClaimRow>> {
  const start: ClaimStart = filter.speaker
    ? filter.speaker.kind === 'entity'
      ? 'speakerEntity'
      : 'speakerComment'
    : filter.aboutId
      ? 'about'
      : 'all';
  const query = claimPageQueries.get(`${start}:${page.forward}`);
  if (!query) throw new Error(`no claims query for ${start}`);
  const [result] = await db.read(query, {
    ...claimParams(filter),
    cursor: cursorFor(page, CLAIM_KEY),
    limit: pageLimit(page),
  });
  return toConnection(result?.rows ?? [], page, result?.total ?? 0, claimSortKey);
}

export type EntityClaimRole = 'SPEAKER' | 'SUBJECT';

const ENTITY_CLAIM_STARTS: Record<EntityClaimRole, string> = {
  SPEAKER: 'MATCH (e)<-[:SPEAKER]-(:Attribution)-[:ATTRIBUTES]->(c:Claim) WITH DISTINCT c',
  SUBJECT: 'MATCH (e)<-[:ABOUT]-(c:Claim)',
};

function entityClaimsQuery(role: EntityClaimRole, forward: boolean) {
  const { where, orderBy } = keyset(CLAIM_ORDER, forward);
  return defineQuery(
    `claimsByEntity_${role}_${forward ? 'forward' : 'backward'}`,
    `UNWIND $ids AS id
     MATCH (e:Entity {id: id})
     CALL (e) { ${ENTITY_CLAIM_STARTS[role]} WITH c WHERE ${CLAIM_FILTER} RETURN count(c) AS total }
     CALL (e) {
       ${ENTITY_CLAIM_STARTS[role]} WITH c WHERE ${CLAIM_FILTER} AND ${where}
       WITH c ORDER BY ${orderBy} LIMIT $limit
       RETURN collect(c ${CLAIM_PROJECTION}) AS rows
     }
     RETURN id AS entityId, total, rows`,
    z.object({ entityId: z.string(), total: z.number().int(), rows: z.array(claimRow) }),
  );
}

const entityClaimsQueries = new Map(
  (['SPEAKER', 'SUBJECT'] as const).flatMap((role) =>
    [true, false].map(
      (forward) => [`${role}:${forward}`, entityClaimsQuery(role, forward)] as const,
    ),
  ),
);

/** A page of the claims each entity made (SPEAKER) or is the subject of; one statement for all. */
export async function claimsByEntity(
  db: GraphDatabase,
  ids: readonly string[],
  role: EntityClaimRole,
  filter: ClaimFilter,
  page: PageRequest,
): Promise<Connection<ClaimRow>[]> {
  const query = entityClaimsQueries.get(`${role}:${page.forward}`);
  if (!query) throw new Error(`no entity claims query for ${role}`);
  const rows = await db.read(query, {
    ids,
    ...claimParams(filter),
    cursor: cursorFor(page, CLAIM_KEY),
    limit: pageLimit(page),
  });
  const byId = new Map(rows.map((row) => [row.entityId, row]));
  return ids.map((id) => {
    const row = byId.get(id);
    return toConnection(row?.rows ?? [], page, row?.total ?? 0, claimSortKey);
  });
}

const claimsByIdsQuery = defineQuery(
  'claimsByIds',
  `UNWIND $ids AS id MATCH (c:Claim {id: id}) RETURN c ${CLAIM_PROJECTION} AS claim`,
  z.object({ claim: claimRow }),
);

export async function claimsByIds(db: GraphDatabase, ids: readonly string[]) {
  const rows = await db.read(claimsByIdsQuery, { ids });
  return oneForEach(
    ids,
    rows,
    (row) => row.claim.id,
    (row) => row.claim,
  );
}

const SOURCE_REF = `CASE WHEN src:Comment THEN 'comment' ELSE 'entity' END`;

const attributionsByClaimQuery = defineQuery(
  'attributionsByClaim',
  `UNWIND $ids AS id
   MATCH (a:Attribution)-[:ATTRIBUTES]->(c:Claim {id: id})
   RETURN id AS claimId, a { .id, .ordinal, .mode, .cue, .certainty, .polarity, claimId: id,
     speaker: head([(a)-[:SPEAKER]->(src) | { kind: ${SOURCE_REF}, id: src.id }]),
     reporter: head([(a)-[:REPORTER]->(src) | { kind: ${SOURCE_REF}, id: src.id }]),
     via: COLLECT { MATCH (a)-[v:VIA]->(src) RETURN { kind: ${SOURCE_REF}, id: src.id } ORDER BY v.ordinal },
     cueSpanId: head([(a)-[:CUED_BY]->(s) | s.id]),
     hedgeSpanIds: COLLECT { MATCH (a)-[h:HEDGED_BY]->(s) RETURN s.id ORDER BY h.ordinal },
     evidenceSpanIds: COLLECT { MATCH (a)-[ev:EVIDENCED_BY]->(s) RETURN s.id ORDER BY ev.ordinal } } AS attribution
   ORDER BY claimId, attribution.ordinal`,
  z.object({ claimId: z.string(), attribution: attributionRow }),
);

export async function attributionsByClaim(
  db: GraphDatabase,
  ids: readonly string[],
): Promise<AttributionRow[][]> {
  const rows = await db.read(attributionsByClaimQuery, { ids });
  return allForEach(
    ids,
    rows,
    (row) => row.claimId,
    (row) => row.attribution,
  );
}

const quantitiesByClaimQuery = defineQuery(
  'quantitiesByClaim',
  `UNWIND $ids AS id
   MATCH (c:Claim {id: id})-[:HAS_QUANTITY]->(q:Quantity)-[:STATED_AT]->(s:Span)
   RETURN q { .id, .ordinal, .amount, .lower, .upper, .unit, .period, .approximate, .measure,
     claimId: id, spanId: s.id } AS quantity
   ORDER BY quantity.claimId, quantity.ordinal`,
  z.object({ quantity: quantityRow }),
);

export async function quantitiesByClaim(
  db: GraphDatabase,
  ids: readonly string[],
): Promise<QuantityRow[][]> {
  const rows = await db.read(quantitiesByClaimQuery, { ids });
  return allForEach(
    ids,
    rows,
    (row) => row.quantity.claimId,
    (row) => row.quantity,
  );
}

const aboutByClaimQuery = defineQuery(
  'aboutByClaim',
  `UNWIND $ids AS id
   MATCH (c:Claim {id: id})-[:ABOUT]->(e:Entity)
   RETURN id AS claimId, e.id AS entityId ORDER BY claimId, e.mentionCount DESC, e.id`,
  z.object({ claimId: z.string(), entityId: z.string() }),
);

export async function aboutByClaim(db: GraphDatabase, ids: readonly string[]): Promise<string[][]> {
  const rows = await db.read(aboutByClaimQuery, { ids });
  return allForEach(
    ids,
    rows,
    (row) => row.claimId,
    (row) => row.entityId,
  );
}

const stancesByClaimQuery = defineQuery(
  'stancesByClaim',
  `UNWIND $ids AS id
   MATCH (c:Claim {id: id})-[r:SUPPORTS|DISPUTES|DENIES|QUALIFIES]-(:Claim)
   RETURN id AS claimId, { id: r.id, type: r.type, basis: r.basis, fromId: startNode(r).id,
     toId: endNode(r).id, evidenceSpanIds: r.evidenceSpanIds } AS stance
   ORDER BY claimId, stance.id`,
  z.object({ claimId: z.string(), stance: stanceRow }),
);

/** Stances from and to each claim. */
export async function stancesByClaim(
  db: GraphDatabase,
  ids: readonly string[],
): Promise<StanceRow[][]> {
  const rows = await db.read(stancesByClaimQuery, { ids });
  return allForEach(
    ids,
    rows,
    (row) => row.claimId,
    (row) => row.stance,
  );
}

const spansByIdsQuery = defineQuery(
  'spansByIds',
  `UNWIND $ids AS id MATCH (s:Span {id: id}) RETURN s ${SPAN_PROJECTION} AS span`,
  z.object({ span: spanRow }),
);

export async function spansByIds(
  db: GraphDatabase,
  ids: readonly string[],
): Promise<(SpanRow | null)[]> {
  const rows = await db.read(spansByIdsQuery, { ids });
  return oneForEach(
    ids,
    rows,
    (row) => row.span.id,
    (row) => row.span,
  );
}

const commentsByIdsQuery = defineQuery(
  'commentsByIds',
  `UNWIND $ids AS id
   MATCH (k:Comment {id: id})-[:TEXT_AT]->(text:Span), (k)-[:LABELLED_AT]->(label:Span)
   RETURN k { .id, .documentId, .number, textSpanId: text.id, labelSpanId: label.id } AS comment`,
  z.object({ comment: commentRow }),
);

export async function commentsByIds(
  db: GraphDatabase,
  ids: readonly string[],
): Promise<(CommentRow | null)[]> {
  const rows = await db.read(commentsByIdsQuery, { ids });
  return oneForEach(
    ids,
    rows,
    (row) => row.comment.id,
    (row) => row.comment,
  );
}
