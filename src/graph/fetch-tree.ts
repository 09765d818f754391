import neo4j from 'neo4j-driver';
import { z } from 'zod';
import { defineQuery, type GraphDatabase, type Query, RowShapeError } from '../neo4j/database.ts';
import {
  aboutProfilesTotal,
  CLAIM_KEY,
  type ClaimFilter,
  claimFilterCypher,
  claimParams,
  claimSourceOf,
  claimStartOf,
  claimTotalCypher,
  countsByAboutProfiles,
  type EntityClaimRole,
  filtersByProfile,
  knownProfilesCypher,
  matchingProfilesCypher,
  ownerClaimSource,
  ownerClaimTotal,
  type ProfiledPageStrategy,
  type ProfileStats,
  profiledPageStrategy,
  profileStats,
  selectClaims,
  startsAtSpeaker,
  withoutProfiledFilters,
} from './claim-store.ts';
import {
  ENTITY_SORT_CONDITIONS,
  ENTITY_SORTS,
  type EntityFilter,
  type EntitySort,
  entityMentionsInOrder,
  entityPageParams,
} from './entity-store.ts';
import { nameKey } from './model.ts';
import { cursorFor, keyset, type PageRequest, pageLimit } from './pagination.ts';
import {
  ATTRIBUTION_COLUMNS,
  asList,
  attributionColumns,
  CLAIM_COLUMNS,
  COMMENT_COLUMNS,
  CypherNames,
  claimColumns,
  commentColumns,
  ENTITY_COLUMNS,
  type EntityColumn,
  entityColumns,
  QUANTITY_COLUMNS,
  quantityColumns,
  ROLE_COLUMNS,
  roleColumns,
  SPAN_COLUMNS,
  type SpanColumn,
  STANCE_COLUMNS,
  STANCE_TYPES,
  spanColumns,
  stanceColumns,
} from './projections.ts';

/**
 * One statement for a whole selection: a tree of what to read below a root, turned into nested
 * Cypher subqueries (COLLECT {}, COUNT {}) that return exactly that, in one round trip. The
 * schema layer builds the tree from the GraphQL selection (src/schema/fetch-plan.ts) and puts
 * the rows into the request's loaders, so resolvers find them there.
 */

/** What to read below an object; each link is one nested subquery. */
export interface FetchTree {
  links: FetchLink[];
  /**
   * For an entity the statement returns itself (a root): the properties to read, besides id and
   * type. Unset: the whole row, as the by-id loaders hold it.
   */
  fields?: readonly EntityProperty[];
}

/** The properties of an entity row a selection may need. */
export type EntityProperty =
  | 'name'
  | 'named'
  | 'scope'
  | 'aliases'
  | 'description'
  | 'mentionCount'
  | 'version';

/** The properties of a span a selection may need, besides documentId, start, end and exact. */
export type SpanProperty = 'id' | 'prefix' | 'suffix' | 'line' | 'regionKind' | 'regionId';

/** Below a speaker or reporter: what to read when it is an entity, and when a reader comment. */
export interface SourceTree {
  entity: FetchTree;
  comment: FetchTree;
}

export type SpanEdge =
  | 'role.evidence'
  | 'attribution.spans'
  | 'stance.evidence'
  | 'quantity.span'
  | 'comment.spans';

/**
 * Where each span edge keeps its span ids: properties of the item, in the annotation's order. A
 * missing id (a cue an attribution does not have) is null, which matches no span.
 */
const SPAN_ID_LISTS: Record<SpanEdge, (item: string) => string> = {
  'role.evidence': (item) => `coalesce(${item}.evidenceSpanIds, [])`,
  'attribution.spans': (item) =>
    `coalesce(${item}.evidenceSpanIds, []) + coalesce(${item}.hedgeSpanIds, []) + [${item}.cueSpanId]`,
  'stance.evidence': (item) => `coalesce(${item}.evidenceSpanIds, [])`,
  'quantity.span': (item) => `[${item}.spanId]`,
  'comment.spans': (item) => `[${item}.textSpanId, ${item}.labelSpanId]`,
};

export type FetchLink =
  | { edge: 'entity.roles'; first: number; child: FetchTree }
  | {
      edge: 'entity.claims';
      role: EntityClaimRole;
      filter: ClaimFilter;
      page: PageRequest;
      withTotal: boolean;
      child: FetchTree;
    }
  | {
      edge: 'entity.mentions';
      regionKinds: readonly string[] | null;
      page: PageRequest;
      withTotal: boolean;
      /** Only what the selection reads of each span: mentions are many, and read whole they weigh. */
      spanFields: readonly SpanProperty[];
    }
  | { edge: 'role.organization' | 'role.holder'; child: FetchTree }
  | { edge: SpanEdge }
  | { edge: 'claim.attributions'; child: FetchTree }
  | { edge: 'claim.speakers' | 'attribution.sources'; child: SourceTree }
  | {
      edge: 'claim.about' | 'claim.quantities' | 'claim.stances' | 'stance.claims';
      child: FetchTree;
    };

export type FetchEdge = FetchLink['edge'];

/**
 * What the statement returns for one object: a list of its row, then one value per link, in
 * order. A list, not a map: the driver decodes every key of every map, for every object.
 */
export const fetchedNode = {
  parse(value: unknown): { row: unknown; links: readonly unknown[] } {
    if (!Array.isArray(value) || value.length === 0) {
      throw new RowShapeError('A fetched object is not a list that starts with its row');
    }
    return { row: value[0], links: value.length > 1 ? value.slice(1) : [] };
  },
};

/** A page read by a link: the total when it was asked for, and the rows. */
export const fetchedPage = z
  .tuple([z.number().int().nullable(), z.array(z.unknown())])
  .transform(([total, rows]) => ({ total, rows }));
export type FetchedPage = z.infer<typeof fetchedPage>;

/** A mention read by a link: its kind and its span's values (see `spanNames`). */
export const fetchedMention = z.tuple([z.string(), z.array(z.unknown())]);

export type NodeKind =
  | 'entity'
  | 'role'
  | 'claim'
  | 'attribution'
  | 'quantity'
  | 'stance'
  | 'comment';

const FULL_ROWS: Record<NodeKind, readonly string[]> = {
  entity: ENTITY_COLUMNS,
  role: ROLE_COLUMNS,
  claim: CLAIM_COLUMNS,
  attribution: ATTRIBUTION_COLUMNS,
  quantity: QUANTITY_COLUMNS,
  stance: STANCE_COLUMNS,
  comment: COMMENT_COLUMNS,
};

/**
 * The columns of `all` that are always read or that `fields` asks for, in `all`'s order; worked
 * out once per fields list (a tree's lists live as long as the request that built it).
 */
function picker<Name extends string, Field extends Name>(
  all: readonly Name[],
  always: readonly Name[],
): (fields: readonly Field[]) => readonly Name[] {
  const picked = new WeakMap<readonly Field[], readonly Name[]>();
  return (fields) => {
    let names = picked.get(fields);
    if (!names) {
      const wanted = new Set<Name>([...always, ...fields]);
      names = all.filter((name) => wanted.has(name));
      picked.set(fields, names);
    }
    return names;
  };
}

const partialEntityNames = picker<EntityColumn, EntityProperty>(ENTITY_COLUMNS, ['id', 'type']);

/** The names of the values in an object's row, in the order the statement returns them. */
export function rowNames(kind: NodeKind, tree: FetchTree): readonly string[] {
  return kind === 'entity' && tree.fields ? partialEntityNames(tree.fields) : FULL_ROWS[kind];
}

/** The names of a mention's span values: what every mention needs, and what `fields` adds. */
export const spanNames = picker<SpanColumn, SpanProperty>(SPAN_COLUMNS, [
  'documentId',
  'start',
  'end',
  'exact',
]);

/** The trees a link reads below its far end. */
function childTrees(link: FetchLink): readonly FetchTree[] {
  if (!('child' in link)) return [];
  const child = link.child;
  return 'links' in child ? [child] : [child.entity, child.comment];
}

/**
 * Whether a link filters an entity's claims on what a claim profile answers (type, source,
 * kinds). Not a speaker's: their claims are tested on the speaker's own attribution, which a
 * profile cannot say, and which the page reads anyway.
 */
function filtersEntityClaimsByProfile(link: FetchLink): boolean {
  return (
    link.edge === 'entity.claims' &&
    link.role !== 'SPEAKER' &&
    link.filter.speaker === null &&
    filtersByProfile(claimParams(link.filter))
  );
}

function treeFiltersByProfile(tree: FetchTree): boolean {
  return tree.links.some(
    (link) => filtersEntityClaimsByProfile(link) || childTrees(link).some(treeFiltersByProfile),
  );
}

/** The claim profiles the process knows, when some tree filters an entity's claims by one. */
async function profilesFor(
  db: GraphDatabase,
  ...trees: readonly FetchTree[]
): Promise<ProfileStats | null> {
  return trees.some(treeFiltersByProfile) ? await profileStats(db) : null;
}

class TreeCompiler {
  readonly names = new CypherNames();

  /** With the known claim profiles, an entity's claims filtered on one test its key (entityClaims). */
  constructor(private readonly profiles: ProfileStats | null = null) {}

  /** `[row, ...links]` for the object bound to `v`; `parent` is the claim of an attribution or quantity. */
  node(kind: NodeKind, v: string, tree: FetchTree, parent = ''): string {
    const links = tree.links.map((link) => this.link(link, v));
    const row = asList(this.columns(kind, v, parent), rowNames(kind, tree));
    return `[${[row, ...links].join(', ')}]`;
  }

  private columns(kind: NodeKind, v: string, parent: string): Readonly<Record<string, string>> {
    switch (kind) {
      case 'entity':
        return entityColumns(v);
      case 'role':
        return roleColumns(v, this.names);
      case 'claim':
        return claimColumns(v);
      case 'attribution':
        return attributionColumns(v, parent, this.names);
      case 'quantity':
        return quantityColumns(v, parent);
      case 'stance':
        return stanceColumns(v);
      case 'comment':
        return commentColumns(v);
    }
  }

  private source(v: string, tree: SourceTree): string {
    return `CASE WHEN ${v}:Comment THEN ['comment', ${this.node('comment', v, tree.comment)}]
      ELSE ['entity', ${this.node('entity', v, tree.entity)}] END`;
  }

  private spans(edge: SpanEdge, p: string): string {
    const s = this.names.variable('span');
    const e = this.names.variable('edge');
    const span = asList(spanColumns(s), SPAN_COLUMNS);
    const ids = SPAN_ID_LISTS[edge](p);
    return `COLLECT { UNWIND ${ids} AS ${e} WITH DISTINCT ${e}
      MATCH (${s}:Span {id: ${e}}) RETURN ${span} AS span }`;
  }

  link(link: FetchLink, p: string): string {
    const names = this.names;
    switch (link.edge) {
      case 'entity.roles': {
        const role = names.variable('role');
        const first = names.param('first', neo4j.int(link.first));
        return `COLLECT {
          CALL (${p}) {
            MATCH (${p})-[:HOLDS_ROLE]->(${role}:Role) RETURN ${role}
            UNION
            MATCH (${role}:Role)-[:AT]->(${p}) RETURN ${role}
          }
          WITH ${role} ORDER BY ${role}.id LIMIT $${first}
          RETURN ${this.node('role', role, link.child)} AS role }`;
      }
      case 'entity.claims':
        return this.entityClaims(link, p);
      case 'entity.mentions':
        return this.entityMentions(link, p);
      case 'role.organization': {
        const org = names.variable('org');
        return `head(COLLECT { MATCH (${p})-[:AT]->(${org}:Entity)
          RETURN ${this.node('entity', org, link.child)} AS org })`;
      }
      case 'role.holder': {
        const holder = names.variable('holder');
        return `head(COLLECT { MATCH (${holder}:Entity)-[:HOLDS_ROLE]->(${p})
          RETURN ${this.node('entity', holder, link.child)} AS holder })`;
      }
      case 'role.evidence':
      case 'attribution.spans':
      case 'stance.evidence':
      case 'quantity.span':
      case 'comment.spans':
        return this.spans(link.edge, p);
      case 'claim.attributions': {
        const a = names.variable('attribution');
        return `COLLECT { MATCH (${a}:Attribution)-[:ATTRIBUTES]->(${p})
          RETURN ${this.node('attribution', a, link.child, p)} AS attribution ORDER BY ${a}.ordinal }`;
      }
      case 'claim.speakers': {
        const a = names.variable('attribution');
        const source = names.variable('source');
        return `COLLECT { MATCH (${a}:Attribution)-[:ATTRIBUTES]->(${p}), (${a})-[:SPEAKER]->(${source})
          RETURN DISTINCT ${this.source(source, link.child)} AS source }`;
      }
      case 'attribution.sources': {
        const source = names.variable('source');
        return `COLLECT { MATCH (${p})-[:SPEAKER|REPORTER|VIA]->(${source})
          RETURN DISTINCT ${this.source(source, link.child)} AS source }`;
      }
      case 'claim.about': {
        const e = names.variable('entity');
        return `COLLECT { MATCH (${p})-[:ABOUT]->(${e}:Entity)
          RETURN ${this.node('entity', e, link.child)} AS entity
          ORDER BY ${e}.mentionCount DESC, ${e}.id }`;
      }
      case 'claim.quantities': {
        const q = names.variable('quantity');
        return `COLLECT { MATCH (${p})-[:HAS_QUANTITY]->(${q}:Quantity)
          RETURN ${this.node('quantity', q, link.child, p)} AS quantity ORDER BY ${q}.ordinal }`;
      }
      case 'claim.stances': {
        const r = names.variable('stance');
        return `COLLECT { MATCH (${p})-[${r}:${STANCE_TYPES}]-(:Claim)
          RETURN ${this.node('stance', r, link.child)} AS stance ORDER BY ${r}.id }`;
      }
      case 'stance.claims': {
        const c = names.variable('claim');
        return `[${c} IN [startNode(${p}), endNode(${p})] | ${this.node('claim', c, link.child)}]`;
      }
    }
  }

  private entityClaims(link: Extract<FetchLink, { edge: 'entity.claims' }>, p: string): string {
    const names = this.names;
    const c = names.variable('claim');
    const params = claimParams(link.filter);
    const prefix = names.variable('claims');
    for (const [key, value] of Object.entries(params)) names.params[`${prefix}_${key}`] = value;
    const filterParam = (name: keyof typeof params) => `$${prefix}_${name}`;
    const variable = (base: string) => names.variable(base);
    const own = names.variable('own');
    // A hub's claims are many: the profile's key is one property to read, its attributions are not.
    const byKey =
      this.profiles !== null && filtersEntityClaimsByProfile(link)
        ? knownProfilesCypher(
            c,
            params,
            this.profiles,
            (base, value) => names.param(base, value),
            filterParam,
            variable,
          )
        : null;
    const filter =
      byKey === null
        ? claimFilterCypher(
            c,
            filterParam,
            variable,
            params,
            link.role === 'SPEAKER' ? own : undefined,
          )
        : `${claimFilterCypher(c, filterParam, variable, withoutProfiledFilters(params))}
      AND ${byKey}`;
    const cursor = names.param('cursor', cursorFor(link.page, CLAIM_KEY));
    const limit = names.param('limit', pageLimit(link.page));
    const select = selectClaims({
      source: ownerClaimSource(link.role, p, c, own),
      c,
      filter,
      forward: link.page.forward,
      cursor,
      cursorGiven: link.page.cursor !== null,
      limit,
      variable: (base) => names.variable(base),
    });
    // The claims about a hub are many, its profiles a few dozen: counted by profile when it can.
    const total = !link.withTotal
      ? 'null'
      : link.role === 'SUBJECT' && params.aboutId === null && countsByAboutProfiles(params)
        ? `coalesce(${aboutProfilesTotal(p, params, filterParam, variable)}, 0)`
        : ownerClaimTotal('Entity', link.role, p, c, own, filter);
    return `[${total}, COLLECT {
      ${select}
      RETURN ${this.node('claim', c, link.child)} AS claim }]`;
  }

  private entityMentions(link: Extract<FetchLink, { edge: 'entity.mentions' }>, p: string) {
    const names = this.names;
    const m = names.variable('mention');
    const s = names.variable('span');
    const regionKinds = names.param('regionKinds', link.regionKinds);
    const cursor = names.param('cursor', cursorFor(link.page, ['string', 'number', 'number']));
    const limit = names.param('limit', pageLimit(link.page));
    const inRegions = link.regionKinds === null ? 'true' : `${s}.regionKind IN $${regionKinds}`;
    // Unfiltered, the count is the entity's degree, which Neo4j keeps: only spans are mentioned.
    const total = !link.withTotal
      ? 'null'
      : link.regionKinds === null
        ? `COUNT { (${p})-[:MENTIONED_AT]->() }`
        : `COUNT { MATCH (${p})-[:MENTIONED_AT]->(${s}:Span) WHERE ${inRegions} }`;
    const span = asList(spanColumns(s), spanNames(link.spanFields));
    return `[${total}, COLLECT {
      ${entityMentionsInOrder({
        entityId: `${p}.id`,
        m,
        s,
        filter: inRegions,
        forward: link.page.forward,
        cursor,
        cursorGiven: link.page.cursor !== null,
        limit,
      })}
      RETURN [${m}.kind, ${span}] AS mention }]`;
  }
}

const rootNode = z.object({ result: z.unknown() });
const rootPage = z.object({ total: z.number().int().nullable(), rows: z.array(z.unknown()) });

/** A statement ready to run: its text depends only on the tree's shape, so Neo4j caches its plan. */
export interface FetchStatement<Row> {
  query: Query<Row>;
  params: Record<string, unknown>;
}

export type EntityLookup = { by: 'id'; id: string } | { by: 'name'; name: string };

export function entityStatement(
  lookup: EntityLookup,
  tree: FetchTree,
  profiles: ProfileStats | null = null,
): FetchStatement<z.infer<typeof rootNode>> {
  const compiler = new TreeCompiler(profiles);
  const node = compiler.node('entity', 'e', tree);
  const cypher =
    lookup.by === 'id'
      ? `MATCH (e:Entity {id: $id})
RETURN ${node} AS result`
      : `MATCH (:EntityName {key: $key})<-[:NAMED]-(e:Entity)
WITH e ORDER BY e.mentionCount DESC, e.id LIMIT 1
RETURN ${node} AS result`;
  const params = lookup.by === 'id' ? { id: lookup.id } : { key: nameKey(lookup.name) };
  return {
    query: defineQuery(`fetchEntityBy_${lookup.by}`, cypher, rootNode),
    params: { ...compiler.names.params, ...params },
  };
}

/** One entity and everything `tree` asks for below it, in one statement; null when there is none. */
export async function fetchEntity(
  db: GraphDatabase,
  lookup: EntityLookup,
  tree: FetchTree,
): Promise<unknown> {
  const { query, params } = entityStatement(lookup, tree, await profilesFor(db, tree));
  const [row] = await db.read(query, params);
  return row?.result ?? null;
}

export function entityPageStatement(
  filter: EntityFilter,
  sort: EntitySort,
  page: PageRequest,
  withTotal: boolean,
  tree: FetchTree,
  profiles: ProfileStats | null = null,
): FetchStatement<z.infer<typeof rootPage>> {
  const compiler = new TreeCompiler(profiles);
  const { where, orderBy } = keyset(
    ENTITY_SORTS[sort],
    page.forward,
    'cursor',
    page.cursor !== null,
  );
  const conditions = [
    ...(filter.types === null ? [] : ['e.type IN $types']),
    ...(filter.name === null ? [] : ['e.nameText CONTAINS $name']),
  ];
  // A document's entities are read from the document (a hundred or so), not found among all.
  const pattern =
    filter.documentId === null
      ? '(e:Entity)'
      : '(:Document {id: $documentId})<-[:APPEARS_IN]-(e:Entity)';
  const matching = (extra: readonly string[]) => {
    const all = [...conditions, ...extra];
    return `MATCH ${pattern} WHERE ${all.length > 0 ? all.join(' AND ') : 'true'}`;
  };
  // The count leaves the sort's conditions out: with no filter, the count store answers it.
  const total = withTotal ? `COUNT { ${matching([])} RETURN e }` : 'null';
  const cypher = `CALL () {
  ${matching(ENTITY_SORT_CONDITIONS[sort])} AND ${where}
  WITH e ORDER BY ${orderBy} LIMIT $limit
  RETURN collect(${compiler.node('entity', 'e', tree)}) AS rows
}
RETURN ${total} AS total, rows`;
  return {
    query: defineQuery(`fetchEntityPage${sort}`, cypher, rootPage),
    params: {
      ...compiler.names.params,
      ...entityPageParams(filter, sort, page),
    },
  };
}

/** A page of entities and everything `tree` asks for below each, in one statement. */
export async function fetchEntityPage(
  db: GraphDatabase,
  filter: EntityFilter,
  sort: EntitySort,
  page: PageRequest,
  withTotal: boolean,
  tree: FetchTree,
): Promise<{ total: number | null; rows: unknown[] }> {
  const { query, params } = entityPageStatement(
    filter,
    sort,
    page,
    withTotal,
    tree,
    await profilesFor(db, tree),
  );
  const [row] = await db.read(query, params);
  return row ?? { total: withTotal ? 0 : null, rows: [] };
}

export function claimPageStatement(
  filter: ClaimFilter,
  page: PageRequest,
  withTotal: boolean,
  tree: FetchTree,
  byProfile: ProfiledPageStrategy | null = null,
  profiles: ProfileStats | null = null,
): FetchStatement<z.infer<typeof rootPage>> {
  const compiler = new TreeCompiler(profiles);
  const start = claimStartOf(filter);
  const given = claimParams(filter);
  const variable = (base: string) => compiler.names.variable(base);
  // What a profile answers (type, source, the attributions' kinds) is one property to test on a
  // claim, its profile's key, rather than its attributions to read; with a speaker the kinds must
  // hold for the speaker's own attribution, which a profile cannot say.
  const byProfileKeys = filtersByProfile(given) && given.speakerId === null;
  // Claims read from their subject's ABOUT links are about it, and those read from a speaker's
  // attributions are the speaker's: no need to test either again. The other attribution filters
  // are tested on the speaker's attribution each claim is read from, `own`.
  const fromSpeaker = startsAtSpeaker(start);
  const onEach =
    start === 'about'
      ? { ...given, aboutId: null }
      : fromSpeaker
        ? { ...given, speakerId: null }
        : given;
  const rowFilter = byProfileKeys
    ? `${claimFilterCypher('c', (name) => `$${name}`, variable, withoutProfiledFilters(onEach))}
      AND c.profile IN profiles`
    : claimFilterCypher(
        'c',
        (name) => `$${name}`,
        variable,
        onEach,
        fromSpeaker ? 'own' : undefined,
      );
  const total = withTotal
    ? claimTotalCypher(start, rowFilter, (name) => `$${name}`, given)
    : 'null';
  // Over all claims, the claims of the matching profiles are sought by the profile index or read
  // in reading order, as the profiles' counts say is cheaper.
  const strategy = byProfile !== null && readsByProfile(filter) ? byProfile : null;
  const source =
    strategy === 'seek'
      ? { match: 'MATCH (c:Claim) USING INDEX c:Claim(profile) WHERE c.profile IN profiles' }
      : claimSourceOf(start);
  const select = selectClaims({
    source,
    c: 'c',
    filter: rowFilter,
    forward: page.forward,
    cursor: 'cursor',
    cursorGiven: page.cursor !== null,
    limit: 'limit',
    variable,
  });
  const cypher = `${byProfileKeys ? matchingProfilesCypher(given) : ''}
CALL (${byProfileKeys ? 'profiles' : ''}) {
  ${select}
  RETURN collect(${compiler.node('claim', 'c', tree)}) AS rows
}
RETURN ${total} AS total, rows`;
  return {
    query: defineQuery(
      `fetchClaimPage_${strategy === null ? start : `profile_${strategy}`}${byProfileKeys ? '_profiled' : ''}`,
      cypher,
      rootPage,
    ),
    params: {
      ...compiler.names.params,
      ...claimParams(filter),
      cursor: cursorFor(page, CLAIM_KEY),
      limit: pageLimit(page),
    },
  };
}

/**
 * Whether a page of claims is read by the profiles of its filter: a filter on what a profile
 * answers (type, source, the attributions' kinds), over all claims rather than a document's, a
 * speaker's or a subject's, which their own indexes bound.
 */
function readsByProfile(filter: ClaimFilter): boolean {
  const given = claimParams(filter);
  return claimStartOf(filter) === 'all' && given.documentId === null && filtersByProfile(given);
}

/** A page of claims and everything `tree` asks for below each, in one statement. */
export async function fetchClaimPage(
  db: GraphDatabase,
  filter: ClaimFilter,
  page: PageRequest,
  withTotal: boolean,
  tree: FetchTree,
): Promise<{ total: number | null; rows: unknown[] }> {
  const [byProfile, profiles] = await Promise.all([
    readsByProfile(filter) ? profiledPageStrategy(db, claimParams(filter), page.size + 1) : null,
    profilesFor(db, tree),
  ]);
  const { query, params } = claimPageStatement(filter, page, withTotal, tree, byProfile, profiles);
  const [row] = await db.read(query, params);
  return row ?? { total: withTotal ? 0 : null, rows: [] };
}

const nodesRow = z.object({
  entities: z.array(z.unknown()),
  claims: z.array(z.unknown()),
  spans: z.array(z.unknown()),
});
export type FetchedNodes = z.infer<typeof nodesRow>;

/** Objects already found by id (search hits, say), each with what its tree asks for below it. */
export interface NodesByIds {
  entityIds: readonly string[];
  entityTree: FetchTree;
  claimIds: readonly string[];
  claimTree: FetchTree;
  spanIds: readonly string[];
}

export function nodesStatement(
  request: NodesByIds,
  profiles: ProfileStats | null = null,
): FetchStatement<FetchedNodes> {
  const compiler = new TreeCompiler(profiles);
  const cypher = `CALL () {
  UNWIND $entityIds AS id MATCH (e:Entity {id: id})
  RETURN collect(${compiler.node('entity', 'e', request.entityTree)}) AS entities
}
CALL () {
  UNWIND $claimIds AS id MATCH (c:Claim {id: id})
  RETURN collect(${compiler.node('claim', 'c', request.claimTree)}) AS claims
}
CALL () {
  UNWIND $spanIds AS id MATCH (s:Span {id: id})
  RETURN collect(${asList(spanColumns('s'), SPAN_COLUMNS)}) AS spans
}
RETURN entities, claims, spans`;
  return {
    query: defineQuery('fetchNodesByIds', cypher, nodesRow),
    params: {
      ...compiler.names.params,
      entityIds: request.entityIds,
      claimIds: request.claimIds,
      spanIds: request.spanIds,
    },
  };
}

/** Entities, claims and spans by id, each with its tree, in one statement. */
export async function fetchNodes(db: GraphDatabase, request: NodesByIds): Promise<FetchedNodes> {
  const { query, params } = nodesStatement(
    request,
    await profilesFor(db, request.entityTree, request.claimTree),
  );
  const [row] = await db.read(query, params);
  return row ?? { entities: [], claims: [], spans: [] };
}
