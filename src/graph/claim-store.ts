import { z } from 'zod';
import { defineQuery, type GraphDatabase } from '../neo4j/database.ts';
import { allForEach, oneForEach } from './batch.ts';
import {
  type Connection,
  cursorFor,
  keyset,
  type PageRequest,
  pageLimit,
  toConnection,
} from './pagination.ts';
import {
  attributionProjection,
  CypherNames,
  claimProjection,
  commentProjection,
  quantityProjection,
  STANCE_TYPES,
  spanProjection,
  stanceProjection,
} from './projections.ts';
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

/** Claims come in reading order: by document, then where they first appear on the page. */
export function claimOrder(c: string) {
  return [
    { expression: `${c}.documentId` },
    { expression: `${c}.position` },
    { expression: `${c}.id` },
  ] as const;
}

/** A claim's place in reading order: document, position, id. */
export const CLAIM_KEY = ['string', 'number', 'string'] as const;

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
  /** Leave out drafted claims no curator has accepted or corrected. */
  reviewedOnly: boolean;
}

type ClaimParams = ReturnType<typeof claimParams>;

/**
 * Every filter except the starting node, over claim variable `c`: the attribution filters must
 * hold for one attribution. `param` names a parameter of claimParams(); `variable` makes the
 * names of inner variables (fresh ones when the filter sits in a nested subquery).
 *
 * When the claims are read from a speaker's attributions, `own` names the attribution each was
 * read from: the attribution filters are tested on it, as the speaker's own, rather than on
 * whichever attribution of the claim.
 *
 * Without `given`, every condition is written with its "parameter IS NULL OR" escape, for a
 * fixed statement text. With the parameters `given`, only the conditions that filter are
 * written: a smaller statement that Neo4j plans faster, one text per combination of filters.
 */
export function claimFilterCypher(
  c: string,
  param: (name: keyof ClaimParams) => string,
  variable: (base: string) => string = (base) => base,
  given?: ClaimParams,
  own?: string,
): string {
  const condition = (name: keyof ClaimParams, test: (value: string) => string) => {
    if (given && given[name] === null) return [];
    const value = param(name);
    return [given ? test(value) : `(${value} IS NULL OR ${test(value)})`];
  };
  const a = own ?? variable('a');
  const sp = variable('sp');
  const onAttribution = [
    ...condition('modes', (value) => `${a}.mode IN ${value}`),
    ...condition('certainties', (value) => `${a}.certainty IN ${value}`),
    ...condition('polarities', (value) => `${a}.polarity IN ${value}`),
    ...condition('speakerId', (value) =>
      own === undefined
        ? `EXISTS { (${a})-[:SPEAKER]->(${sp}) WHERE ${sp}.id = ${value} }`
        : `${a}.speakerId = ${value}`,
    ),
  ];
  const anyAttributionFilter = ['modes', 'certainties', 'polarities', 'speakerId'] as const;
  const conditions = [
    ...condition('types', (value) => `${c}.type IN ${value}`),
    ...condition('sourceKind', (value) => `${c}.sourceKind = ${value}`),
    ...condition('documentId', (value) => `${c}.documentId = ${value}`),
    ...condition('aboutId', (value) => `EXISTS { (${c})-[:ABOUT]->(:Entity {id: ${value}}) }`),
    ...condition('reviewed', () => `${c}.draft IS NULL`),
  ];
  const attribution = `EXISTS { MATCH (${a}:Attribution)-[:ATTRIBUTES]->(${c}) WHERE ${onAttribution.join(' AND ')} }`;
  if (own !== undefined) {
    conditions.push(...onAttribution);
  } else if (!given) {
    const none = anyAttributionFilter.map((name) => `${param(name)} IS NULL`).join(' AND ');
    conditions.push(`(${none} OR ${attribution})`);
  } else if (onAttribution.length > 0) {
    conditions.push(attribution);
  }
  return conditions.length > 0 ? conditions.join('\n  AND ') : 'true';
}

const CLAIM_FILTER = claimFilterCypher('c', (name) => `$${name}`);
/** The same, over the claims of a speaker, each read from the speaker's attribution `own`. */
const OWN_CLAIM_FILTER = claimFilterCypher('c', (name) => `$${name}`, undefined, undefined, 'own');

/** Where a claims query starts: from an index on the most selective thing it was given. */
export const CLAIM_STARTS = {
  // Every claim has all three: the predicates let Neo4j read the reading-order index
  // (schema/constraints.cypher) in order and stop at the page's end, rather than sort them all.
  // The hint keeps it from the (documentId, position) index, which gives no order by id.
  all: `MATCH (c:Claim) USING INDEX c:Claim(documentId, position, id)
    WHERE c.documentId IS NOT NULL AND c.position IS NOT NULL AND c.id IS NOT NULL`,
  // A claim once per attribution of the speaker's: the filter is tested on that one, `own`.
  speakerEntity:
    'MATCH (:Entity {id: $speakerId})<-[:SPEAKER]-(own:Attribution)-[:ATTRIBUTES]->(c:Claim)',
  speakerComment:
    'MATCH (:Comment {id: $speakerId})<-[:SPEAKER]-(own:Attribution)-[:ATTRIBUTES]->(c:Claim)',
  about: 'MATCH (:Entity {id: $aboutId})<-[:ABOUT]-(c:Claim)',
} as const;
export type ClaimStart = keyof typeof CLAIM_STARTS;

/**
 * Where a page of claims is read from: a pattern that binds the claim, a subject's id, or a
 * speaker's id and the name of the attribution of the speaker's each claim is read from.
 */
export type ClaimSource =
  | { match: string }
  | { speakerId: string; own: string }
  | { aboutId: string };

/**
 * The claims of one page, bound to `c` in reading order and cut at the page's size: the lines
 * before a RETURN. A speaker's claims are read in order from the attributions' speaker index
 * (schema/constraints.cypher) and the reading stops at the page's end, however many claims the
 * speaker made; ordering by the index's first column too is what lets the planner see that.
 */
export function selectClaims(options: {
  source: ClaimSource;
  c: string;
  filter: string;
  forward: boolean;
  cursor: string;
  cursorGiven?: boolean;
  limit: string;
  variable: (base: string) => string;
}): string {
  const { source, c, filter, forward, cursor, cursorGiven, limit, variable } = options;
  if ('match' in source) {
    const { where, orderBy } = keyset(claimOrder(c), forward, cursor, cursorGiven);
    return `${source.match} WITH ${c} WHERE ${filter} AND ${where}
      WITH ${c} ORDER BY ${orderBy} LIMIT $${limit}`;
  }
  if ('aboutId' in source) {
    // ABOUT links carry their entity's id and their claim's place: one ordered relationship seek.
    const r = variable('about');
    const column = (name: string) => ({ expression: `${r}.${name}` });
    const { where } = keyset(
      ['documentId', 'position', 'claimId'].map(column),
      forward,
      cursor,
      cursorGiven,
    );
    const { orderBy } = keyset(
      ['entityId', 'documentId', 'position', 'claimId'].map(column),
      forward,
    );
    return `MATCH ()-[${r}:ABOUT]->() WHERE ${r}.entityId = ${source.aboutId}
        AND ${r}.documentId IS NOT NULL AND ${r}.position IS NOT NULL AND ${r}.claimId IS NOT NULL
        AND ${where}
      WITH ${r}, startNode(${r}) AS ${c} WHERE ${filter}
      WITH ${r}, ${c} ORDER BY ${orderBy} LIMIT $${limit}`;
  }
  const a = source.own;
  const keys = ['speaker', 'document', 'position', 'claim'].map((base) => variable(base));
  const { where } = keyset(
    ['documentId', 'claimPosition', 'claimId'].map((name) => ({ expression: `${a}.${name}` })),
    forward,
    cursor,
    cursorGiven,
  );
  const { orderBy } = keyset(
    keys.map((key) => ({ expression: key })),
    forward,
    cursor,
  );
  const [speaker, document, position, claim] = keys;
  return `MATCH (${a}:Attribution)
      WHERE ${a}.speakerId = ${source.speakerId} AND ${a}.documentId IS NOT NULL
        AND ${a}.claimPosition IS NOT NULL AND ${a}.claimId IS NOT NULL AND ${where}
      MATCH (${a})-[:ATTRIBUTES]->(${c}:Claim) WHERE ${filter}
      WITH DISTINCT ${c}, ${a}.speakerId AS ${speaker}, ${a}.documentId AS ${document},
        ${a}.claimPosition AS ${position}, ${a}.claimId AS ${claim}
      ORDER BY ${orderBy} LIMIT $${limit}`;
}

/** Whether a claims page that starts at `start` reads each claim from the speaker's attribution `own`. */
export function startsAtSpeaker(start: ClaimStart): boolean {
  return start === 'speakerEntity' || start === 'speakerComment';
}

/** How a claims page that starts at `start` finds its claims. */
export function claimSourceOf(start: ClaimStart): ClaimSource {
  if (startsAtSpeaker(start)) return { speakerId: '$speakerId', own: 'own' };
  return start === 'about' ? { aboutId: '$aboutId' } : { match: CLAIM_STARTS[start] };
}

/** The most selective start for a filter: its speaker, else its subject, else all claims. */
export function claimStartOf(filter: ClaimFilter): ClaimStart {
  if (filter.speaker) return filter.speaker.kind === 'entity' ? 'speakerEntity' : 'speakerComment';
  return filter.aboutId ? 'about' : 'all';
}

export function claimParams(filter: ClaimFilter) {
  return {
    types: filter.types,
    modes: filter.modes,
    certainties: filter.certainties,
    polarities: filter.polarities,
    sourceKind: filter.sourceKind,
    documentId: filter.documentId,
    speakerId: filter.speaker?.id ?? null,
    aboutId: filter.aboutId,
    reviewed: filter.reviewedOnly ? true : null,
  };
}

/**
 * The number of claims that pass a filter, as a Cypher expression: from the count store when
 * nothing filters; from the claim profiles (graph-rows.ts) when only the claim's type, its source
 * and its attributions' mode, certainty and polarity do; from the entity when only its speaker or
 * only its subject does (the loader's entity statistics); else by counting the claims `start`
 * finds. All but the last cost the same at any size.
 */
export function claimTotalCypher(
  start: ClaimStart,
  filter: string,
  param: (name: keyof ClaimParams) => string,
  given: ClaimParams,
): string {
  if (start === 'all' && filter === 'true') return 'COUNT { MATCH (c:Claim) }';
  if (start === 'all' && given.reviewed !== null) {
    // The reviewed claims are all of them less the drafts, which are few and indexed: only they
    // carry the property.
    const rest = { ...given, reviewed: null };
    const restFilter = claimFilterCypher('c', param, (base) => `draft_${base}`, rest);
    return `(${claimTotalCypher(start, restFilter, param, rest)})
      - COUNT { MATCH (c:Claim) USING INDEX c:Claim(draft) WHERE c.draft = true AND ${restFilter} }`;
  }
  const only = (name: keyof ClaimParams) =>
    Object.entries(given).every(([key, value]) => key === name || value === null);
  if ((start === 'speakerEntity' && only('speakerId')) || (start === 'about' && only('aboutId'))) {
    const [id, count] =
      start === 'about' ? ['aboutId', 'claimsAboutCount'] : ['speakerId', 'claimsMadeCount'];
    return `coalesce(head(COLLECT { MATCH (e:Entity {id: $${id}}) RETURN e.${count} AS claims }), 0)`;
  }
  if (start === 'about' && countsByAboutProfiles(given)) {
    const total = aboutProfilesTotal('about', given, param, (base) => `about_${base}`);
    return `coalesce(head(COLLECT { MATCH (about:Entity {id: $aboutId}) RETURN ${total} AS claims }), 0)`;
  }
  const profiled =
    start === 'all' &&
    given.documentId === null &&
    given.speakerId === null &&
    given.aboutId === null &&
    given.reviewed === null;
  if (!profiled) return countClaims(CLAIM_STARTS[start], 'c', filter, startsAtSpeaker(start));
  return `head(COLLECT { MATCH (p:ClaimProfile) WHERE ${profileConditions(given, param).join(' AND ')}
    RETURN sum(p.claims) AS claims })`;
}

/**
 * How many claims `c` that `start` finds pass `filter`. Read from a speaker's attributions, a
 * claim comes once per attribution the filter is tested on, and is counted once.
 */
function countClaims(start: string, c: string, filter: string, fromSpeaker: boolean): string {
  return fromSpeaker
    ? `COUNT { ${start} WHERE ${filter} WITH DISTINCT ${c} RETURN ${c} }`
    : `COUNT { ${start} WITH ${c} WHERE ${filter} RETURN ${c} }`;
}

/** The filters a claim's profile answers: its type and source, its attributions' kinds. */
const PROFILED_FILTERS = ['types', 'sourceKind', 'modes', 'certainties', 'polarities'] as const;

/** Whether any filter a profile answers is given. */
export function filtersByProfile(given: ClaimParams): boolean {
  return PROFILED_FILTERS.some((name) => given[name] !== null);
}

/**
 * The given filters as conditions on profile `p`; the attribution ones must hold for one entry.
 * Without `given`, every filter is written with its "parameter IS NULL OR" escape, for a fixed
 * statement text.
 */
function profileConditions(
  given: ClaimParams | undefined,
  param: (name: keyof ClaimParams) => string,
  p = 'p',
  k = 'i',
): string[] {
  const on = (name: keyof ClaimParams, test: (value: string) => string) => {
    if (given === undefined) return [`(${param(name)} IS NULL OR ${test(param(name))})`];
    return given[name] === null ? [] : [test(param(name))];
  };
  const onAttribution = [
    ...on('modes', (value) => `${p}.modes[${k}] IN ${value}`),
    ...on('certainties', (value) => `${p}.certainties[${k}] IN ${value}`),
    ...on('polarities', (value) => `${p}.polarities[${k}] IN ${value}`),
  ];
  const anyAttribution = `any(${k} IN range(0, size(${p}.modes) - 1) WHERE ${onAttribution.join(' AND ')})`;
  const attributionFilters = (['modes', 'certainties', 'polarities'] as const).map(
    (name) => `${param(name)} IS NULL`,
  );
  return [
    ...on('types', (value) => `${p}.type IN ${value}`),
    ...on('sourceKind', (value) => `${p}.sourceKind = ${value}`),
    ...(onAttribution.length === 0
      ? []
      : given === undefined
        ? [`((${attributionFilters.join(' AND ')}) OR ${anyAttribution})`]
        : [anyAttribution]),
  ];
}

/**
 * Whether the claims about an entity under these filters can be counted from its counts by
 * profile: some filter a profile answers is given, and nothing else but the subject.
 */
export function countsByAboutProfiles(given: ClaimParams): boolean {
  return (
    filtersByProfile(given) &&
    given.documentId === null &&
    given.speakerId === null &&
    given.reviewed === null
  );
}

/**
 * How many claims about entity `e` pass the filters a profile answers, from the entity's counts of
 * them by profile (the loader's entity statistics): a row for each profile it has, however many
 * claims. `variable` makes fresh names; without `given`, the filters are written for a fixed
 * statement text (profileConditions).
 */
export function aboutProfilesTotal(
  e: string,
  given: ClaimParams | undefined,
  param: (name: keyof ClaimParams) => string,
  variable: (base: string) => string,
): string {
  const at = variable('at');
  const key = variable('key');
  const claims = variable('claims');
  const p = variable('profile');
  const conditions = profileConditions(given, param, p, variable('k'));
  // Added up by reduce: an aggregation inside the subquery would make Neo4j read the statement's
  // RETURN as one that groups by the entity.
  const total = variable('total');
  return `reduce(${total} = 0, ${claims} IN COLLECT {
      UNWIND range(0, size(coalesce(${e}.aboutProfiles, [])) - 1) AS ${at}
      WITH ${e}.aboutProfiles[${at}] AS ${key}, ${e}.aboutProfileClaims[${at}] AS ${claims}
      MATCH (${p}:ClaimProfile {key: ${key}})
      WHERE ${conditions.length === 0 ? 'true' : conditions.join(' AND ')}
      RETURN ${claims} } | ${total} + ${claims})`;
}

/** Cypher binding `profiles` to the keys of the profiles that pass the given filters. */
export function matchingProfilesCypher(given: ClaimParams): string {
  return `CALL () {
    MATCH (p:ClaimProfile) WHERE ${profileConditions(given, (name) => `$${name}`).join(' AND ')}
    RETURN collect(p.key) AS profiles
  }`;
}

/** The given parameters without the filters a profile answers: what is left to test on a claim. */
export function withoutProfiledFilters(given: ClaimParams): ClaimParams {
  return {
    ...given,
    types: null,
    sourceKind: null,
    modes: null,
    certainties: null,
    polarities: null,
  };
}

/** The given parameters with only the filters a profile answers. */
function onlyProfiledFilters(given: ClaimParams): ClaimParams {
  return {
    ...given,
    documentId: null,
    speakerId: null,
    aboutId: null,
    reviewed: null,
  };
}

const profileStatsQuery = defineQuery(
  'claimProfileStats',
  `MATCH (p:ClaimProfile)
   RETURN p.key AS key, p.type AS type, p.sourceKind AS sourceKind, p.modes AS modes,
     p.certainties AS certainties, p.polarities AS polarities, p.claims AS claims`,
  z.object({
    key: z.string(),
    type: z.string(),
    sourceKind: z.string(),
    modes: z.array(z.string()),
    certainties: z.array(z.string()),
    polarities: z.array(z.string()),
    claims: z.number().int(),
  }),
);
export type ProfileStats = z.infer<typeof profileStatsQuery.row>[];

/** How old the profiles a plan is chosen from may be: they only choose, the answer is read live. */
const PROFILE_STATS_TTL_MS = 30_000;
const profileStatsCache = new WeakMap<
  object,
  Map<string, { at: number; stats: Promise<ProfileStats> }>
>();

/** The claim profiles, read at most once per PROFILE_STATS_TTL_MS however many ask at once. */
export function profileStats(db: GraphDatabase): Promise<ProfileStats> {
  const byDatabase = profileStatsCache.get(db.driver) ?? new Map();
  profileStatsCache.set(db.driver, byDatabase);
  const cached = byDatabase.get(db.database);
  if (cached && Date.now() - cached.at < PROFILE_STATS_TTL_MS) return cached.stats;
  const stats = db.read(profileStatsQuery);
  const entry = { at: Date.now(), stats };
  byDatabase.set(db.database, entry);
  // A failed read is not kept: the next request asks again.
  stats.catch(() => {
    if (byDatabase.get(db.database) === entry) byDatabase.delete(db.database);
  });
  return stats;
}

function profilePasses(profile: ProfileStats[number], given: ClaimParams): boolean {
  const among = (values: readonly string[] | null, value: string | undefined) =>
    values === null || (value !== undefined && values.includes(value));
  return (
    among(given.types, profile.type) &&
    (given.sourceKind === null || given.sourceKind === profile.sourceKind) &&
    (given.modes === null && given.certainties === null && given.polarities === null
      ? true
      : profile.modes.some(
          (mode, i) =>
            among(given.modes, mode) &&
            among(given.certainties, profile.certainties[i]) &&
            among(given.polarities, profile.polarities[i]),
        ))
  );
}

/**
 * A filter on what a profile answers, over claim `c`, as a lookup of its profile's key among the
 * profiles the process knows (`stats`, read a few seconds ago): one property to read rather than
 * the claim's attributions. A claim of a profile newer than `stats` is tested the long way, so
 * the answer is the same as claimFilterCypher's however old `stats` is: a key names its
 * profile's content (claimProfileKey), so whether it passes never changes. `param` binds a value
 * as a parameter and gives its name.
 */
export function knownProfilesCypher(
  c: string,
  given: ClaimParams,
  stats: ProfileStats,
  param: (base: string, value: unknown) => string,
  filterParam: (name: keyof ClaimParams) => string,
  variable: (base: string) => string,
): string {
  const passes = param(
    'profilePasses',
    Object.fromEntries(stats.map((profile) => [profile.key, profilePasses(profile, given)])),
  );
  const longWay = claimFilterCypher(c, filterParam, variable, onlyProfiledFilters(given));
  // A CASE, so that Neo4j reads the attributions of the claims of unknown profiles alone: as an
  // OR, it planned the long way for every claim whose profile did not pass.
  return `CASE $${passes}[${c}.profile] WHEN true THEN true WHEN false THEN false
    ELSE ${longWay} END`;
}

export type ProfiledPageStrategy = 'seek' | 'scan';

/**
 * What a claim costs the seek against one the ordered read passes over: the seek reads it from
 * the profile index, reads its place and sorts it; the ordered read takes the next index entry
 * and tests one property.
 */
const SEEK_ROW_COST = 4;

/**
 * How a page of all claims filtered by profile is read: `seek` finds every claim of the matching
 * profiles by the profile index and sorts them; `scan` reads claims in reading order and keeps
 * those of the matching profiles until the page is full. Reading in order costs about
 * limit x all / matching claims, seeking about matching claims, each dearer (SEEK_ROW_COST):
 * whichever is smaller, which is at most about the square root of limit x all (some 4,000
 * claims' worth of 190,000 for a page of 20).
 */
export async function profiledPageStrategy(
  db: GraphDatabase,
  given: ClaimParams,
  limit: number,
): Promise<ProfiledPageStrategy> {
  const stats = await profileStats(db);
  const all = stats.reduce((sum, profile) => sum + profile.claims, 0);
  const matching = stats
    .filter((profile) => profilePasses(profile, given))
    .reduce((sum, profile) => sum + profile.claims, 0);
  return SEEK_ROW_COST * matching * matching < limit * all ? 'seek' : 'scan';
}

/** How claims hang off their owner: its speaker, its subject, or the document they are in. */
export type EntityClaimRole = 'SPEAKER' | 'SUBJECT' | 'IN_DOCUMENT';

/**
 * The claims `c` of owner `e` in a role, for counting; a page reads them with selectClaims. A
 * speaker's come once per attribution of theirs, `own`, which the filter is tested on.
 */
export const ENTITY_CLAIM_STARTS: Record<
  EntityClaimRole,
  (e: string, c: string, own: string) => string
> = {
  SPEAKER: (e, c, own) =>
    `MATCH (${e})<-[:SPEAKER]-(${own}:Attribution)-[:ATTRIBUTES]->(${c}:Claim)`,
  SUBJECT: (e, c) => `MATCH (${e})<-[:ABOUT]-(${c}:Claim)`,
  // Naming every property of the reading-order index lets Neo4j seek it by the document's id.
  IN_DOCUMENT: (e, c) =>
    `MATCH (${c}:Claim) WHERE ${c}.documentId = ${e}.id AND ${c}.position IS NOT NULL AND ${c}.id IS NOT NULL`,
};

/** Whose claims a batch reads: an entity's, a reader comment's or a document's. */
export type ClaimOwner = 'Entity' | 'Comment' | 'Document';

function entityClaimsQuery(
  owner: ClaimOwner,
  role: EntityClaimRole,
  forward: boolean,
  withTotal: boolean,
  cursorGiven: boolean,
) {
  const filter = role === 'SPEAKER' ? OWN_CLAIM_FILTER : CLAIM_FILTER;
  const total = withTotal ? batchedOwnerClaimTotal(owner, role) : 'null';
  const select = selectClaims({
    source: ownerClaimSource(role, 'e', 'c', 'own'),
    c: 'c',
    filter,
    forward,
    cursor: 'cursor',
    cursorGiven,
    limit: 'limit',
    variable: (base) => base,
  });
  return defineQuery(
    `claimsBy${owner}_${role}_${forward ? 'forward' : 'backward'}${withTotal ? '_total' : ''}${cursorGiven ? '_after' : ''}`,
    `UNWIND $ids AS id
     MATCH (e:${owner} {id: id})
     CALL (e) {
       ${select}
       RETURN collect(${claimProjection('c')}) AS rows
     }
     RETURN id AS entityId, ${total} AS total, rows`,
    z.object({
      entityId: z.string(),
      total: z.number().int().nullable(),
      rows: z.array(claimRow),
    }),
  );
}

/** Where a page of owner `e`'s claims in a role is read from. */
export function ownerClaimSource(
  role: EntityClaimRole,
  e: string,
  c: string,
  own: string,
): ClaimSource {
  if (role === 'SPEAKER') return { speakerId: `${e}.id`, own };
  return role === 'SUBJECT'
    ? { aboutId: `${e}.id` }
    : { match: ENTITY_CLAIM_STARTS[role](e, c, own) };
}

/**
 * How many claims `c` an owner `e` has in a role that pass `filter`: kept on an entity at load when
 * nothing filters (the loader's entity statistics), else counted.
 */
export function ownerClaimTotal(
  owner: ClaimOwner,
  role: EntityClaimRole,
  e: string,
  c: string,
  own: string,
  filter: string,
): string {
  if (owner === 'Entity' && filter === 'true') {
    return `coalesce(${e}.${role === 'SPEAKER' ? 'claimsMadeCount' : 'claimsAboutCount'}, 0)`;
  }
  return countClaims(ENTITY_CLAIM_STARTS[role](e, c, own), c, filter, role === 'SPEAKER');
}

/**
 * The same for the fixed text of a batched read (CLAIM_FILTER): the claims about an entity are
 * counted from its counts by profile when the parameters filter by nothing else.
 */
function batchedOwnerClaimTotal(owner: ClaimOwner, role: EntityClaimRole): string {
  const counted = ownerClaimTotal(
    owner,
    role,
    'e',
    'c',
    'own',
    role === 'SPEAKER' ? OWN_CLAIM_FILTER : CLAIM_FILTER,
  );
  if (owner !== 'Entity' || role !== 'SUBJECT') return counted;
  const byProfile = aboutProfilesTotal(
    'e',
    undefined,
    (name) => `$${name}`,
    (base) => base,
  );
  return `CASE WHEN $documentId IS NULL AND $speakerId IS NULL AND $aboutId IS NULL
      AND $reviewed IS NULL THEN coalesce(${byProfile}, 0) ELSE ${counted} END`;
}

const CLAIM_OWNERS: Record<ClaimOwner, readonly EntityClaimRole[]> = {
  Entity: ['SPEAKER', 'SUBJECT'],
  Comment: ['SPEAKER'],
  Document: ['IN_DOCUMENT'],
};

const entityClaimsQueries = new Map(
  (Object.keys(CLAIM_OWNERS) as ClaimOwner[]).flatMap((owner) =>
    CLAIM_OWNERS[owner].flatMap((role) =>
      [true, false].flatMap((forward) =>
        [true, false].flatMap((withTotal) =>
          [true, false].map(
            (cursorGiven) =>
              [
                `${owner}:${role}:${forward}:${withTotal}:${cursorGiven}`,
                entityClaimsQuery(owner, role, forward, withTotal, cursorGiven),
              ] as const,
          ),
        ),
      ),
    ),
  ),
);

/**
 * A page of the claims each entity made (SPEAKER) or is the subject of, or each reader comment
 * made; one statement for all of them.
 */
export async function claimsByEntity(
  db: GraphDatabase,
  ids: readonly string[],
  role: EntityClaimRole,
  filter: ClaimFilter,
  page: PageRequest,
  withTotal = true,
  owner: ClaimOwner = 'Entity',
): Promise<Connection<ClaimRow>[]> {
  const query = entityClaimsQueries.get(
    `${owner}:${role}:${page.forward}:${withTotal}:${page.cursor !== null}`,
  );
  if (!query) throw new Error(`no claims query for ${owner} ${role}`);
  const rows = await db.read(query, {
    ids,
    ...claimParams(filter),
    cursor: cursorFor(page, CLAIM_KEY),
    limit: pageLimit(page),
  });
  const byId = new Map(rows.map((row) => [row.entityId, row]));
  return ids.map((id) => {
    const row = byId.get(id);
    return toConnection(row?.rows ?? [], page, row?.total ?? (withTotal ? 0 : null), claimSortKey);
  });
}

const claimsByIdsQuery = defineQuery(
  'claimsByIds',
  `UNWIND $ids AS id MATCH (c:Claim {id: id}) RETURN ${claimProjection('c')} AS claim`,
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

const attributionsByClaimQuery = defineQuery(
  'attributionsByClaim',
  `UNWIND $ids AS id
   MATCH (a:Attribution)-[:ATTRIBUTES]->(c:Claim {id: id})
   RETURN id AS claimId, ${attributionProjection('a', 'c', new CypherNames())} AS attribution
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
   MATCH (c:Claim {id: id})-[:HAS_QUANTITY]->(q:Quantity)
   RETURN ${quantityProjection('q', 'c')} AS quantity
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
   MATCH (c:Claim {id: id})-[r:${STANCE_TYPES}]-(:Claim)
   RETURN id AS claimId, ${stanceProjection('r')} AS stance
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
  `UNWIND $ids AS id MATCH (s:Span {id: id}) RETURN ${spanProjection('s')} AS span`,
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
   MATCH (k:Comment {id: id})
   RETURN ${commentProjection('k')} AS comment`,
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
