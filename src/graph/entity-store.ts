import neo4j from 'neo4j-driver';
import { z } from 'zod';
import { DossierError, ErrorCode } from '../errors.ts';
import { defineQuery, type GraphDatabase } from '../neo4j/database.ts';
import { allForEach, oneForEach } from './batch.ts';
import { nameKey, RELATION_EDGE_TYPES } from './model.ts';
import {
  type Connection,
  cursorFor,
  keyset,
  type PageRequest,
  pageLimit,
  type SortColumn,
  toConnection,
} from './pagination.ts';
import { CypherNames, entityProjection, roleProjection, spanProjection } from './projections.ts';
import {
  type EntityRow,
  entityRow,
  type MentionRow,
  mentionRow,
  type RelationRow,
  type RoleRow,
  relationRow,
  roleRow,
} from './rows.ts';

const entitiesByIdsQuery = defineQuery(
  'entitiesByIds',
  `UNWIND $ids AS id
   MATCH (e:Entity {id: id})
   RETURN ${entityProjection('e')} AS entity`,
  z.object({ entity: entityRow }),
);

export async function entitiesByIds(db: GraphDatabase, ids: readonly string[]) {
  const rows = await db.read(entitiesByIdsQuery, { ids });
  return oneForEach(
    ids,
    rows,
    (row) => row.entity.id,
    (row) => row.entity,
  );
}

const entityByNameQuery = defineQuery(
  'entityByName',
  `MATCH (:EntityName {key: $key})<-[:NAMED]-(e:Entity)
   RETURN ${entityProjection('e')} AS entity
   ORDER BY e.mentionCount DESC, e.id
   LIMIT 1`,
  z.object({ entity: entityRow }),
);

/** An entity by its name or one of its aliases, ignoring case and accents. */
export async function entityByName(db: GraphDatabase, name: string): Promise<EntityRow | null> {
  const [row] = await db.read(entityByNameQuery, { key: nameKey(name) });
  return row?.entity ?? null;
}

export const ENTITY_SORTS = {
  NAME: [{ expression: 'e.sortKey' }, { expression: 'e.id' }],
  MENTIONS: [
    { expression: 'e.mentionCount', descending: true, numeric: true },
    { expression: 'e.sortKey' },
    { expression: 'e.id' },
  ],
} as const satisfies Record<string, readonly SortColumn[]>;
export type EntitySort = keyof typeof ENTITY_SORTS;

/**
 * What a sort adds to the filter: every entity has a mention count and a sort key (the loader
 * keeps both), and saying so lets Neo4j read their index in order and stop at the page's end.
 */
export const ENTITY_SORT_CONDITIONS: Record<EntitySort, readonly string[]> = {
  NAME: ['e.sortKey IS NOT NULL', 'e.id IS NOT NULL'],
  MENTIONS: ['e.mentionCount IS NOT NULL'],
};

export interface EntityFilter {
  types: readonly string[] | null;
  name: string | null;
  documentId: string | null;
}

const ENTITY_FILTER = `($types IS NULL OR e.type IN $types)
     AND ($name IS NULL OR e.nameText CONTAINS $name)
     AND ($documentId IS NULL OR EXISTS { (e)-[:APPEARS_IN]->(:Document {id: $documentId}) })`;

function entityPageQuery(sort: EntitySort, forward: boolean, withTotal: boolean) {
  const { where, orderBy } = keyset(ENTITY_SORTS[sort], forward);
  const filter = [ENTITY_FILTER, ...ENTITY_SORT_CONDITIONS[sort]].join(' AND ');
  const total = withTotal ? `COUNT { MATCH (e:Entity) WHERE ${ENTITY_FILTER} RETURN e }` : 'null';
  return defineQuery(
    `entitiesPage${sort}${forward ? 'Forward' : 'Backward'}${withTotal ? 'Total' : ''}`,
    `CALL () {
       MATCH (e:Entity) WHERE ${filter} AND ${where}
       WITH e ORDER BY ${orderBy} LIMIT $limit
       RETURN collect(${entityProjection('e')}) AS rows
     }
     RETURN ${total} AS total, rows`,
    z.object({ total: z.number().int().nullable(), rows: z.array(entityRow) }),
  );
}

const entityPageQueries = new Map(
  (Object.keys(ENTITY_SORTS) as EntitySort[]).flatMap((sort) =>
    [true, false].flatMap((forward) =>
      [true, false].map(
        (withTotal) =>
          [`${sort}:${forward}:${withTotal}`, entityPageQuery(sort, forward, withTotal)] as const,
      ),
    ),
  ),
);

export function entitySortKey(sort: EntitySort, entity: EntityRow): (string | number)[] {
  const key = nameKey(entity.name);
  return sort === 'NAME' ? [key, entity.id] : [entity.mentionCount, key, entity.id];
}

/** The parameters of an entity page: its filters, its cursor checked against the sort, its limit. */
export function entityPageParams(filter: EntityFilter, sort: EntitySort, page: PageRequest) {
  return {
    types: filter.types,
    name: filter.name === null ? null : nameKey(filter.name),
    documentId: filter.documentId,
    cursor: cursorFor(
      page,
      sort === 'NAME' ? ['string', 'string'] : ['number', 'string', 'string'],
    ),
    limit: pageLimit(page),
  };
}

export async function entitiesPage(
  db: GraphDatabase,
  filter: EntityFilter,
  sort: EntitySort,
  page: PageRequest,
  withTotal = true,
): Promise<Connection<EntityRow>> {
  const query = entityPageQueries.get(`${sort}:${page.forward}:${withTotal}`);
  if (!query) throw new Error(`no entity page query for ${sort}`);
  const [result] = await db.read(query, entityPageParams(filter, sort, page));
  return toConnection(result?.rows ?? [], page, result?.total ?? (withTotal ? 0 : null), (row) =>
    entitySortKey(sort, row),
  );
}

/** How many roles `roles` gives unless asked for more, and the most it gives. */
export const ROLES_PAGE = { default: 20, max: 100 } as const;

/** How many relations `relations` gives unless asked for more, and the most it gives. */
export const RELATIONS_PAGE = { default: 50, max: 500 } as const;

/** The number of items of a bounded list to read for a `first` argument, refused outside its bounds. */
function listSizeToRead(
  list: string,
  bounds: { default: number; max: number },
  first: number | null | undefined,
): number {
  const value = first ?? bounds.default;
  if (!Number.isInteger(value) || value < 0 || value > bounds.max) {
    throw new DossierError(
      ErrorCode.PageSizeOutOfRange,
      `"first" of ${list} must be between 0 and ${bounds.max}; got ${value}.`,
      { argument: 'first', value, max: bounds.max },
    );
  }
  return value;
}

/** The number of roles to read for a `first` argument, refused outside its bounds. */
export function rolesToRead(first: number | null | undefined): number {
  return listSizeToRead('roles', ROLES_PAGE, first);
}

/** The number of relations to read for a `first` argument, refused outside its bounds. */
export function relationsToRead(first: number | null | undefined): number {
  return listSizeToRead('relations', RELATIONS_PAGE, first);
}

const rolesByEntityQuery = defineQuery(
  'rolesByEntity',
  `UNWIND $ids AS id
   MATCH (e:Entity {id: id})
   CALL (e) {
     CALL (e) {
       MATCH (e)-[:HOLDS_ROLE]->(role:Role)
       RETURN role
       UNION
       MATCH (role:Role)-[:AT]->(e)
       RETURN role
     }
     WITH role ORDER BY role.id LIMIT $first
     RETURN role
   }
   RETURN id AS entityId, ${roleProjection('role', new CypherNames())} AS role
   ORDER BY entityId, role.id`,
  z.object({
    entityId: z.string(),
    role: roleRow,
  }),
);

/** The first roles (by id) each entity holds, and roles held at it (for an organisation). */
export async function rolesByEntity(
  db: GraphDatabase,
  ids: readonly string[],
  first: number = ROLES_PAGE.default,
): Promise<RoleRow[][]> {
  const rows = await db.read(rolesByEntityQuery, { ids, first: neo4j.int(first) });
  return allForEach(
    ids,
    rows,
    (row) => row.entityId,
    (row) => row.role,
  );
}

const RELATION_TYPES: ReadonlySet<string> = new Set(Object.values(RELATION_EDGE_TYPES));

/**
 * The types are written into the pattern, not passed as `$any($types)`: Neo4j then follows only
 * those relationships of an entity, where a dynamic type had it read every relationship of a hub
 * (its mentions, claims and links) and filter them: 514,171 db hits against 21,610 at 1,500
 * documents. The types come from RELATION_EDGE_TYPES only, so the text varies with the choice.
 */
function relationPattern(types: readonly string[]): string {
  const unknown = types.filter((type) => !RELATION_TYPES.has(type));
  if (unknown.length > 0) throw new Error(`not relation types: ${unknown.join(', ')}`);
  return [...new Set(types)].sort().join('|');
}

const RELATION_PROJECTION = `{ id: r.id, type: r.type, subjectId: startNode(r).id,
     objectId: endNode(r).id, claimId: r.claimId, evidenceSpanIds: r.evidenceSpanIds }`;

const relationsRow = z.object({ entityId: z.string(), relation: relationRow });

function relationsByEntityQuery(types: readonly string[]) {
  const pattern = relationPattern(types);
  return defineQuery(
    `relationsByEntity:${pattern}`,
    `UNWIND $ids AS id
   MATCH (e:Entity {id: id})
   CALL (e) {
     MATCH (e)-[r:${pattern}]-(:Entity)
     WITH r ORDER BY r.id LIMIT $first
     RETURN r
   }
   RETURN id AS entityId, ${RELATION_PROJECTION} AS relation
   ORDER BY entityId, relation.id`,
    relationsRow,
  );
}

/**
 * The relations one document states, found by the relationship index each type has on
 * `documentId` (one seek a type: Neo4j cannot seek several types at once), then kept for the
 * entities asked about. A hub's relations in all documents are never read.
 */
function documentRelationsQuery(types: readonly string[]) {
  const pattern = relationPattern(types);
  const byType = pattern
    .split('|')
    .map((type) => `MATCH ()-[r:${type}]->() WHERE r.documentId = $documentId RETURN r`)
    .join('\n     UNION ALL\n     ');
  return defineQuery(
    `relationsInDocument:${pattern}`,
    `CALL () {
     ${byType}
   }
   UNWIND [startNode(r).id, endNode(r).id] AS entityId
   WITH DISTINCT entityId, r WHERE entityId IN $ids
   WITH entityId, r ORDER BY entityId, r.id
   WITH entityId, collect(r)[..$first] AS relations
   UNWIND relations AS r
   RETURN entityId, ${RELATION_PROJECTION} AS relation`,
    relationsRow,
  );
}

/**
 * The first relations (by id) of the given types each entity takes part in, either way; with a
 * document, only those that document states.
 */
export async function relationsByEntity(
  db: GraphDatabase,
  ids: readonly string[],
  types: readonly string[],
  options: { documentId: string | null; first: number } = {
    documentId: null,
    first: RELATIONS_PAGE.default,
  },
): Promise<RelationRow[][]> {
  if (types.length === 0 || options.first === 0) return ids.map(() => []);
  const first = neo4j.int(options.first);
  const rows =
    options.documentId === null
      ? await db.read(relationsByEntityQuery(types), { ids, first })
      : await db.read(documentRelationsQuery(types), {
          ids,
          first,
          documentId: options.documentId,
        });
  return allForEach(
    ids,
    rows,
    (row) => row.entityId,
    (row) => row.relation,
  );
}

/**
 * An entity's mentions `m` of spans `s`, in reading order and cut at the page's size: the lines
 * before a RETURN. A mention carries its entity's id and its span's place, in an index read in
 * order from the entity's first, so a page of a hub's mentions stops at its end instead of
 * sorting all of them (28,619 for the most mentioned entity at 1,500 documents).
 */
export function entityMentionsInOrder(options: {
  entityId: string;
  m: string;
  s: string;
  filter: string;
  forward: boolean;
  cursor: string;
  cursorGiven?: boolean;
  limit: string;
}): string {
  const { entityId, m, s, filter, forward, cursor, cursorGiven, limit } = options;
  const column = (name: string) => ({ expression: `${m}.${name}` });
  const { where } = keyset(
    ['documentId', 'start', 'end'].map(column),
    forward,
    cursor,
    cursorGiven,
  );
  const { orderBy } = keyset(['entityId', 'documentId', 'start', 'end'].map(column), forward);
  // The hint: a plan made before the index was sampled read every span instead.
  return `MATCH ()-[${m}:MENTIONED_AT]->(${s}:Span)
      USING INDEX ${m}:MENTIONED_AT(entityId, documentId, start, end)
      WHERE ${m}.entityId = ${entityId}
        AND ${m}.documentId IS NOT NULL AND ${m}.start IS NOT NULL AND ${m}.end IS NOT NULL
        AND ${filter} AND ${where}
      WITH ${m}, ${s} ORDER BY ${orderBy} LIMIT $${limit}`;
}

function mentionsPageQuery(forward: boolean, withTotal: boolean) {
  // Unfiltered, the count is the entity's degree, which Neo4j keeps: only spans are mentioned.
  const total = withTotal
    ? `CASE WHEN $regionKinds IS NULL THEN COUNT { (e)-[:MENTIONED_AT]->() }
       ELSE COUNT { MATCH (e)-[:MENTIONED_AT]->(s:Span) WHERE s.regionKind IN $regionKinds } END`
    : 'null';
  return defineQuery(
    `mentionsByEntity${forward ? 'Forward' : 'Backward'}${withTotal ? 'Total' : ''}`,
    `UNWIND $ids AS id
     MATCH (e:Entity {id: id})
     CALL (e) {
       ${entityMentionsInOrder({
         entityId: 'e.id',
         m: 'm',
         s: 's',
         filter: '($regionKinds IS NULL OR s.regionKind IN $regionKinds)',
         forward,
         cursor: 'cursor',
         limit: 'limit',
       })}
       RETURN collect({ entityId: e.id, kind: m.kind, span: ${spanProjection('s')} }) AS rows
     }
     RETURN id AS entityId, ${total} AS total, rows`,
    z.object({
      entityId: z.string(),
      total: z.number().int().nullable(),
      rows: z.array(mentionRow),
    }),
  );
}
const mentionsPageQueries = new Map(
  [true, false].flatMap((forward) =>
    [true, false].map(
      (withTotal) => [`${forward}:${withTotal}`, mentionsPageQuery(forward, withTotal)] as const,
    ),
  ),
);

export function mentionSortKey(mention: MentionRow): (string | number)[] {
  return [mention.span.documentId, mention.span.start, mention.span.end];
}

/** A page of mentions for each entity, in text order; one statement for all of them. */
export async function mentionsByEntity(
  db: GraphDatabase,
  ids: readonly string[],
  regionKinds: readonly string[] | null,
  page: PageRequest,
  withTotal = true,
): Promise<Connection<MentionRow>[]> {
  const query = mentionsPageQueries.get(`${page.forward}:${withTotal}`);
  if (!query) throw new Error('no mentions query');
  const rows = await db.read(query, {
    ids,
    regionKinds,
    cursor: cursorFor(page, ['string', 'number', 'number']),
    limit: pageLimit(page),
  });
  const byId = new Map(rows.map((row) => [row.entityId, row]));
  return ids.map((id) => {
    const row = byId.get(id);
    return toConnection(
      row?.rows ?? [],
      page,
      row?.total ?? (withTotal ? 0 : null),
      mentionSortKey,
    );
  });
}

function documentMentionsQuery(forward: boolean, withTotal: boolean) {
  const { where, orderBy } = keyset(
    [{ expression: 's.start' }, { expression: 's.end' }, { expression: 'e.id' }],
    forward,
  );
  // The span index (documentId, start) is sought only when both its properties are named.
  const match = `MATCH (s:Span) WHERE s.documentId = id AND s.start IS NOT NULL
     MATCH (e:Entity)-[m:MENTIONED_AT]->(s)
     WHERE ($regionKinds IS NULL OR s.regionKind IN $regionKinds)`;
  const total = withTotal ? `COUNT { ${match} RETURN m }` : 'null';
  return defineQuery(
    `mentionsByDocument${forward ? 'Forward' : 'Backward'}${withTotal ? 'Total' : ''}`,
    `UNWIND $ids AS id
     CALL (id) {
       ${match} AND ${where}
       WITH e, m, s ORDER BY ${orderBy} LIMIT $limit
       RETURN collect({ entityId: e.id, kind: m.kind, span: ${spanProjection('s')} }) AS rows
     }
     RETURN id AS documentId, ${total} AS total, rows`,
    z.object({
      documentId: z.string(),
      total: z.number().int().nullable(),
      rows: z.array(mentionRow),
    }),
  );
}
const documentMentionsQueries = new Map(
  [true, false].flatMap((forward) =>
    [true, false].map(
      (withTotal) =>
        [`${forward}:${withTotal}`, documentMentionsQuery(forward, withTotal)] as const,
    ),
  ),
);

/** A page of every mention in each document, in text order; one statement for all of them. */
export async function mentionsByDocument(
  db: GraphDatabase,
  ids: readonly string[],
  regionKinds: readonly string[] | null,
  page: PageRequest,
  withTotal = true,
): Promise<Connection<MentionRow>[]> {
  const query = documentMentionsQueries.get(`${page.forward}:${withTotal}`);
  if (!query) throw new Error('no document mentions query');
  const rows = await db.read(query, {
    ids,
    regionKinds,
    cursor: cursorFor(page, ['number', 'number', 'string']),
    limit: pageLimit(page),
  });
  const byId = new Map(rows.map((row) => [row.documentId, row]));
  return ids.map((id) => {
    const row = byId.get(id);
    return toConnection(row?.rows ?? [], page, row?.total ?? (withTotal ? 0 : null), (mention) => [
      mention.span.start,
      mention.span.end,
      mention.entityId,
    ]);
  });
}
