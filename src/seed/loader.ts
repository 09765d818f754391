import neo4j from 'neo4j-driver';
import { z } from 'zod';
import { BY_PAIR, LINK_SAMPLE_SIZE, linkEntries, refsBetween } from '../graph/entity-links.ts';
import { nameTextCypher, RELATION_EDGE_TYPES, STANCE_EDGE_TYPES } from '../graph/model.ts';
import { applyGraphSchema } from '../graph/schema-setup.ts';
import { fieldsOf, overColumns, toColumns } from '../neo4j/columns.ts';
import {
  defineQuery,
  type GraphDatabase,
  type Query,
  type QueryParams,
  type Transaction,
} from '../neo4j/database.ts';
import { claimProfiles, compareText, type GraphRows } from './graph-rows.ts';

/**
 * The version of what the loader writes. A database loaded by an older loader lacks what reads
 * now expect (a span's regionId, say), so a change here makes start-up reload the seed.
 */
export const GRAPH_FORMAT_VERSION = 'graph-format-8';

const countRow = z.object({ count: z.number().int() });
type CountRow = z.infer<typeof countRow>;

/**
 * One seek per relation type on the relationship index of its documentId (schema/constraints.cypher):
 * the types are fixed constants (graph/model.ts), so the statement names them instead of $any(...), which
 * no index serves.
 */
function relationDeletes(): string {
  return Object.values(RELATION_EDGE_TYPES)
    .map(
      (type) =>
        `MATCH ()-[r:${type} {documentId: $documentId}]->() DELETE r RETURN count(*) AS relations`,
    )
    .join(' UNION ALL ');
}

// Everything a document owns carries its documentId; entities are shared between documents.
// Each MATCH seeks an index: the composite ones (documentId, start or position) need a
// predicate on every property to be used, hence the IS NOT NULL.
const deleteDocumentGraph = defineQuery(
  'deleteDocumentGraph',
  `CALL () {
     MATCH (n:Span) WHERE n.documentId = $documentId AND n.start IS NOT NULL
     DETACH DELETE n RETURN count(*) AS spans
   }
   CALL () { MATCH (n:PageRegion {documentId: $documentId}) DETACH DELETE n RETURN count(*) AS regions }
   CALL () { MATCH (n:Comment {documentId: $documentId}) DETACH DELETE n RETURN count(*) AS comments }
   CALL () { MATCH (n:Role {documentId: $documentId}) DETACH DELETE n RETURN count(*) AS roles }
   CALL () {
     MATCH (n:Claim) WHERE n.documentId = $documentId AND n.position IS NOT NULL
     DETACH DELETE n RETURN count(*) AS claims
   }
   CALL () { MATCH (n:Quantity {documentId: $documentId}) DETACH DELETE n RETURN count(*) AS quantities }
   CALL () {
     MATCH (n:Attribution {documentId: $documentId}) DETACH DELETE n RETURN count(*) AS attributions
   }
   CALL () { CALL () { ${relationDeletes()} } RETURN sum(relations) AS relations }
   CALL () { MATCH (d:Document {id: $documentId}) DETACH DELETE d RETURN count(*) AS documents }
   RETURN spans + regions + comments + roles + claims + quantities + attributions + relations
     + documents AS count`,
  countRow,
);

const existingDocuments = defineQuery(
  'existingDocuments',
  'UNWIND $documentIds AS id MATCH (d:Document {id: id}) RETURN d.id AS id',
  z.object({ id: z.string() }),
);

const mergeDocument = defineQuery(
  'mergeDocument',
  `MERGE (d:Document {id: $document.id})
   SET d.title = $document.title, d.text = $document.text, d.sourceFile = $document.sourceFile,
       d.sha256 = $document.sha256, d.language = $document.language,
       d.codePoints = $document.codePoints, d.publicationDate = $document.publicationDate,
       d.titleSpanId = $document.titleSpanId,
       d.seedSha256 = $document.seedSha256, d.annotations = $document.annotations,
       d.version = $document.version, d.itemOrigins = $document.itemOrigins,
       d.draftedBy = $document.draftedBy
   RETURN count(d) AS count`,
  countRow,
);

const mergeRegions = defineQuery(
  'mergeRegions',
  `MATCH (d:Document {id: $documentId})
   UNWIND $rows AS row
   CREATE (r:PageRegion {id: row.id})
   SET r.documentId = $documentId, r.key = row.key, r.kind = row.kind,
       r.start = row.start, r.end = row.end, r.ordinal = row.ordinal
   CREATE (d)-[:HAS_REGION]->(r)
   RETURN count(r) AS count`,
  countRow,
);

// A span names its region by id (regionId): reads filter and group by it, and no read walks
// from a span to its region, so a link per span would only be written, 600 times a document.
const SPAN_FIELDS = fieldsOf<GraphRows['spans'][number]>()([
  'id',
  'start',
  'end',
  'exact',
  'prefix',
  'suffix',
  'line',
  'regionKind',
  'regionId',
  'quotedIn',
]);

const mergeSpans = defineQuery(
  'mergeSpans',
  overColumns(
    'spans',
    SPAN_FIELDS,
    `UNWIND $rows AS row
   CREATE (s:Span {id: row.id})
   SET s.documentId = $documentId, s.start = row.start, s.end = row.end, s.exact = row.exact,
       s.prefix = row.prefix, s.suffix = row.suffix, s.line = row.line, s.regionKind = row.regionKind,
       s.regionId = row.regionId
   FOREACH (_ IN CASE WHEN size(row.quotedIn) > 0 THEN [1] ELSE [] END |
     SET s:Quote, s.quotedIn = row.quotedIn)
   RETURN count(s) AS count`,
  ),
  countRow,
);

const ENTITY_FIELDS = fieldsOf<GraphRows['entities'][number]>()([
  'id',
  'label',
  'type',
  'name',
  'named',
  'scope',
  'aliases',
  'description',
  'nameKeys',
  'searchText',
]);

/**
 * The document that first names an entity owns its name, aliases and description: a later
 * document that mentions it is matched to it and leaves them as they are. Its owner's reload
 * updates them; an owner that is gone hands them to the next document that loads it. Once a
 * curator has set them (curatedAt), no load changes them.
 */
const mergeEntities = defineQuery(
  'mergeEntities',
  overColumns(
    'entities',
    ENTITY_FIELDS,
    `UNWIND $rows AS row
   MERGE (e:Entity {id: row.id})
   ON CREATE SET e.definedIn = $documentId
   WITH e, row
   CALL (e, row) {
     WITH e, row
     WHERE e.curatedAt IS NULL
       AND (e.definedIn IS NULL OR e.definedIn = $documentId
            OR NOT EXISTS { MATCH (:Document {id: e.definedIn}) })
     SET e:$(row.label), e.definedIn = $documentId, e.type = row.type, e.name = row.name,
         e.named = row.named, e.scope = row.scope, e.aliases = row.aliases,
         e.description = row.description, e.nameKeys = row.nameKeys,
         e.sortKey = coalesce(row.nameKeys[0], ''), e.nameText = ${nameTextCypher('row.nameKeys')},
         e.searchText = row.searchText
     WITH e
     UNWIND e.nameKeys AS key
     MERGE (n:EntityName {key: key})
     MERGE (e)-[:NAMED]->(n)
   }
   RETURN count(DISTINCT e) AS count`,
  ),
  countRow,
);

const MENTION_FIELDS = fieldsOf<GraphRows['mentions'][number]>()(['entityId', 'spanId', 'kind']);

const mergeMentions = defineQuery(
  'mergeMentions',
  overColumns(
    'mentions',
    MENTION_FIELDS,
    `UNWIND $rows AS row
   MATCH (e:Entity {id: row.entityId}), (s:Span {id: row.spanId})
   CREATE (e)-[m:MENTIONED_AT]->(s)
   SET m.kind = row.kind, m.entityId = row.entityId, m.documentId = $documentId,
       m.start = s.start, m.end = s.end
   RETURN count(m) AS count`,
  ),
  countRow,
);

const mergeDocumentSources = defineQuery(
  'mergeDocumentSources',
  `MATCH (d:Document {id: $document.id})
   CALL (d) {
     MATCH (p:Entity {id: $document.publisherId})
     MERGE (d)-[r:PUBLISHED_BY]->(p)
     SET r.evidenceSpanIds = $document.publisherSpanIds
   }
   CALL (d) {
     UNWIND $document.authors AS author
     MATCH (a:Entity {id: author.entityId})
     MERGE (d)-[r:WRITTEN_BY]->(a)
     SET r.role = author.role, r.evidenceSpanIds = author.nameSpanIds + [author.roleSpanId]
   }
   RETURN count(d) AS count`,
  countRow,
);

const mergeComments = defineQuery(
  'mergeComments',
  `MATCH (d:Document {id: $documentId})
   UNWIND $rows AS row
   MATCH (r:PageRegion {id: row.regionId})
   CREATE (c:Comment {id: row.id})
   SET c.documentId = $documentId, c.key = row.key, c.number = row.number,
       c.labelSpanId = row.labelSpanId, c.textSpanId = row.textSpanId
   CREATE (d)-[:HAS_COMMENT]->(c)
   CREATE (c)-[:IN_REGION]->(r)
   RETURN count(c) AS count`,
  countRow,
);

const mergeRoles = defineQuery(
  'mergeRoles',
  `UNWIND $rows AS row
   MATCH (holder:Entity {id: row.holderId})
   CREATE (role:Role {id: row.id})
   SET role.documentId = $documentId, role.key = row.key, role.title = row.title,
       role.time = row.time, role.evidenceSpanIds = row.evidenceSpanIds
   CREATE (holder)-[:HOLDS_ROLE]->(role)
   WITH role, row
   CALL (role, row) {
     MATCH (org:Entity {id: row.organizationId})
     CREATE (role)-[:AT]->(org)
   }
   RETURN count(DISTINCT role) AS count`,
  countRow,
);

// Entity-to-entity links stay direct edges, so paths and neighbourhoods traverse them in one hop;
// their evidence is a list of span ids on the edge. CREATE, not MERGE: the document's previous
// links are gone by now, and MERGE would read every link already between two busy entities.
const mergeRelations = defineQuery(
  'mergeRelations',
  `UNWIND $rows AS row
   MATCH (a:Entity {id: row.subjectId}), (b:Entity {id: row.objectId})
   CREATE (a)-[r:$(row.edgeType) {id: row.id}]->(b)
   SET r.documentId = $documentId, r.key = row.key, r.type = row.type, r.claimId = row.claimId,
       r.evidenceSpanIds = row.evidenceSpanIds
   RETURN count(r) AS count`,
  countRow,
);

const ofThisDocument = (item: string) => `${item}.documentId = $documentId`;

// A pair's sample stays its first LINK_SAMPLE_SIZE entries in order (graph/entity-links.ts).
const linkEntities = defineQuery(
  'linkEntities',
  `${linkEntries(ofThisDocument)}
   ${BY_PAIR}
   ORDER BY key
   MERGE (low)-[l:LINKED {pair: key}]->(high)
   SET l.count = coalesce(l.count, 0) + size(refs),
       l.sample = COLLECT {
         UNWIND coalesce(l.sample, []) + refs AS ref
         RETURN ref ORDER BY ref LIMIT $sampleSize
       }
   RETURN count(l) AS count`,
  countRow,
);

/**
 * Takes a stored document's entries off its pairs' links, before its roles and relations go.
 * Returns each pair, whether its sample is now short of what the pair still has, and the sample's
 * last entry (samples are sorted): what refillEntityLinks needs to tell whether to read it again.
 */
const unlinkEntities = defineQuery(
  'unlinkEntities',
  `${linkEntries(ofThisDocument)}
   ${BY_PAIR}
   ORDER BY key
   MATCH (low)-[l:LINKED {pair: key}]->(high)
   SET l.count = l.count - size(refs), l.sample = [ref IN l.sample WHERE NOT ref IN refs]
   RETURN key, size(l.sample) < l.count AND size(l.sample) < $sampleSize AS short,
          l.sample[-1] AS last`,
  z.object({ key: z.string(), short: z.boolean(), last: z.string().nullable() }),
);

type UnlinkedPair = z.infer<typeof unlinkEntities.row>;

/**
 * After a document's previous roles and relations are gone, and its new ones linked if it is
 * reloaded: a link nothing joins any more goes, and a sample left short is read again from every
 * role and relation of the pair (for a pair that many documents restate, thousands).
 *
 * A reload usually gives its entries back. A short sample was a prefix of what the pair kept, up
 * to its last entry; if it is full again and nothing in it sorts after that entry, nothing the
 * pair kept is missing from it, and reading it all again would change nothing.
 */
const refillEntityLinks = defineQuery(
  'refillEntityLinks',
  `UNWIND $pairs AS pair
   MATCH (a:Entity)-[l:LINKED {pair: pair.key}]->(b:Entity)
   WITH a, b, l, l.count <= 0 AS unused,
        pair.short AND NOT (size(l.sample) = $sampleSize AND pair.last IS NOT NULL
                            AND l.sample[-1] <= pair.last) AS short
   CALL (a, b, l, unused, short) {
     WITH a, b, l WHERE NOT unused AND short
     SET l.sample = COLLECT {
       CALL (a, b) {
         ${refsBetween('a', 'b')}
       }
       RETURN ref ORDER BY ref LIMIT $sampleSize
     }
   }
   CALL (l, unused) { WITH l WHERE unused DELETE l }
   RETURN count(CASE WHEN unused OR short THEN 1 END) AS count`,
  countRow,
);

const CLAIM_FIELDS = fieldsOf<GraphRows['claims'][number]>()([
  'id',
  'key',
  'type',
  'proposition',
  'sourceKind',
  'draft',
  'position',
  'aboutIds',
  'profile',
]);

const mergeClaims = defineQuery(
  'mergeClaims',
  overColumns(
    'claims',
    CLAIM_FIELDS,
    `MATCH (d:Document {id: $documentId})
   UNWIND $rows AS row
   CREATE (c:Claim {id: row.id})
   SET c.documentId = $documentId, c.key = row.key, c.type = row.type,
       c.proposition = row.proposition, c.sourceKind = row.sourceKind, c.position = row.position,
       c.draft = CASE WHEN row.draft THEN true END, c.profile = row.profile
   CREATE (c)-[:IN_DOCUMENT]->(d)
   WITH c, row
   CALL (c, row) {
     UNWIND row.aboutIds AS entityId
     WITH DISTINCT c, row, entityId
     MATCH (e:Entity {id: entityId})
     CREATE (c)-[r:ABOUT]->(e)
     SET r.entityId = entityId, r.documentId = $documentId, r.position = row.position,
         r.claimId = row.id
   }
   RETURN count(c) AS count`,
  ),
  countRow,
);

const mergeQuantities = defineQuery(
  'mergeQuantities',
  `UNWIND $rows AS row
   MATCH (c:Claim {id: row.claimId})
   CREATE (q:Quantity {id: row.id})
   SET q.documentId = $documentId, q.ordinal = row.ordinal, q.amount = row.amount,
       q.lower = row.lower, q.upper = row.upper, q.unit = row.unit, q.period = row.period,
       q.approximate = row.approximate, q.measure = row.measure, q.spanId = row.spanId
   CREATE (c)-[:HAS_QUANTITY]->(q)
   RETURN count(q) AS count`,
  countRow,
);

const ATTRIBUTION_FIELDS = fieldsOf<GraphRows['attributions'][number]>()([
  'id',
  'claimId',
  'ordinal',
  'speaker',
  'reporter',
  'via',
  'mode',
  'cue',
  'cueSpanId',
  'certainty',
  'polarity',
  'hedges',
  'hedgeSpanIds',
  'evidenceSpanIds',
]);

// speakerId, claimPosition and claimId repeat the speaker's id and the claim's place in reading
// order, so that a speaker's claims come in order from one index (schema/constraints.cypher)
// instead of all being read and sorted.
const mergeAttributions = defineQuery(
  'mergeAttributions',
  overColumns(
    'attributions',
    ATTRIBUTION_FIELDS,
    `UNWIND $rows AS row
   MATCH (c:Claim {id: row.claimId})
   CREATE (a:Attribution {id: row.id})
   SET a.documentId = $documentId, a.ordinal = row.ordinal, a.mode = row.mode, a.cue = row.cue,
       a.certainty = row.certainty, a.polarity = row.polarity, a.hedges = row.hedges,
       a.speakerId = coalesce(row.speaker.entityId, row.speaker.commentId),
       a.claimPosition = c.position, a.claimId = c.id, a.cueSpanId = row.cueSpanId,
       a.hedgeSpanIds = row.hedgeSpanIds, a.evidenceSpanIds = row.evidenceSpanIds
   CREATE (a)-[:ATTRIBUTES]->(c)
   WITH a, row
   CALL (a, row) {
     OPTIONAL MATCH (e:Entity {id: row.speaker.entityId})
     OPTIONAL MATCH (k:Comment {id: row.speaker.commentId})
     WITH a, coalesce(e, k) AS speaker
     CREATE (a)-[:SPEAKER]->(speaker)
   }
   CALL (a, row) {
     WITH a, row WHERE row.reporter IS NOT NULL
     OPTIONAL MATCH (e:Entity {id: row.reporter.entityId})
     OPTIONAL MATCH (k:Comment {id: row.reporter.commentId})
     WITH a, coalesce(e, k) AS reporter
     CREATE (a)-[:REPORTER]->(reporter)
   }
   CALL (a, row) {
     UNWIND range(0, size(row.via) - 1) AS i
     WITH a, row.via[i] AS via, max(i) AS i
     OPTIONAL MATCH (e:Entity {id: via.entityId})
     OPTIONAL MATCH (k:Comment {id: via.commentId})
     WITH a, i, coalesce(e, k) AS intermediary
     CREATE (a)-[v:VIA]->(intermediary)
     SET v.ordinal = i
   }
   RETURN count(a) AS count`,
  ),
  countRow,
);

/**
 * The stances of other documents on this document's claims, read before its claims go. The
 * claims come from the (documentId, position) index, which needs a predicate on both: without
 * one, Neo4j reads every claim of the graph.
 */
const incomingStancesQuery = defineQuery(
  'incomingStances',
  `MATCH (b:Claim) WHERE b.documentId = $documentId AND b.position IS NOT NULL
   MATCH (b)<-[r:${Object.values(STANCE_EDGE_TYPES).join('|')}]-(a:Claim)
   WHERE a.documentId <> $documentId
   RETURN a.id AS fromId, b.id AS toId, type(r) AS edgeType, properties(r) AS properties`,
  z.object({
    fromId: z.string(),
    toId: z.string(),
    edgeType: z.string(),
    properties: z.record(z.string(), z.unknown()),
  }),
);

/** Those stances again, on the reloaded claims that still have their ids. */
const restoreIncomingStances = defineQuery(
  'restoreIncomingStances',
  `UNWIND $rows AS row
   MATCH (a:Claim {id: row.fromId}), (b:Claim {id: row.toId})
   CREATE (a)-[r:$(row.edgeType)]->(b)
   SET r = row.properties
   RETURN count(r) AS count`,
  countRow,
);

const STANCE_FIELDS = fieldsOf<GraphRows['stances'][number]>()([
  'id',
  'key',
  'edgeType',
  'type',
  'fromId',
  'toId',
  'basis',
  'evidenceSpanIds',
]);

const mergeStances = defineQuery(
  'mergeStances',
  overColumns(
    'stances',
    STANCE_FIELDS,
    `UNWIND $rows AS row
   MATCH (a:Claim {id: row.fromId}), (b:Claim {id: row.toId})
   CREATE (a)-[r:$(row.edgeType) {id: row.id}]->(b)
   SET r.documentId = $documentId, r.key = row.key, r.type = row.type, r.basis = row.basis,
       r.evidenceSpanIds = row.evidenceSpanIds
   RETURN count(r) AS count`,
  ),
  countRow,
);

/**
 * What each entity has in one document (the previous version, before it goes): its mentions, the
 * claims it makes (a claim once, however many of its attributions name the entity) and the
 * claims about it.
 */
const entityStatisticsInDocument = defineQuery(
  'entityStatisticsInDocument',
  `CALL () {
     MATCH (s:Span)<-[:MENTIONED_AT]-(e:Entity) WHERE s.documentId = $documentId AND s.start IS NOT NULL
     RETURN e.id AS entityId, count(*) AS mentions, 0 AS claimsMade, 0 AS claimsAbout,
            [] AS aboutProfiles, [] AS aboutProfileClaims
     UNION ALL
     MATCH (c:Claim)<-[:ATTRIBUTES]-(:Attribution)-[:SPEAKER]->(e:Entity)
     WHERE c.documentId = $documentId AND c.position IS NOT NULL
     RETURN e.id AS entityId, 0 AS mentions, count(DISTINCT c) AS claimsMade, 0 AS claimsAbout,
            [] AS aboutProfiles, [] AS aboutProfileClaims
     UNION ALL
     MATCH (c:Claim)-[:ABOUT]->(e:Entity) WHERE c.documentId = $documentId AND c.position IS NOT NULL
     WITH e, c.profile AS profile, count(*) AS claims ORDER BY profile
     RETURN e.id AS entityId, 0 AS mentions, 0 AS claimsMade, sum(claims) AS claimsAbout,
            collect(profile) AS aboutProfiles, collect(claims) AS aboutProfileClaims
   }
   RETURN entityId, sum(mentions) AS mentions, sum(claimsMade) AS claimsMade,
          sum(claimsAbout) AS claimsAbout,
          reduce(keys = [], list IN collect(aboutProfiles) | keys + list) AS aboutProfiles,
          reduce(claims = [], list IN collect(aboutProfileClaims) | claims + list)
            AS aboutProfileClaims`,
  z.object({
    entityId: z.string(),
    mentions: z.number().int(),
    claimsMade: z.number().int(),
    claimsAbout: z.number().int(),
    aboutProfiles: z.array(z.string()),
    aboutProfileClaims: z.array(z.number().int()),
  }),
);

// An entity's mention and claim counts and its documents are kept at load, so that listing by
// mention count is an index lookup and a totalCount of its claims a property read. They change by
// what one document adds or takes away: the cost follows the document, never the number of
// documents an entity is in.
//
// The claims about an entity are counted by profile too (claimProfileKey), as two lists: the
// profiles' keys and how many of its claims have each. A count of its claims filtered by what a
// profile answers adds those of the profiles that pass: as many as it has profiles, however many
// claims (a hub is the subject of tens of thousands, in a few dozen profiles).
function entityStatisticsUpdate(sign: '+' | '-', carry = ''): string {
  return `MATCH (e:Entity {id: count.entityId})
   SET e.mentionCount = coalesce(e.mentionCount, 0) ${sign} count.mentions,
       e.claimsMadeCount = coalesce(e.claimsMadeCount, 0) ${sign} count.claimsMade,
       e.claimsAboutCount = coalesce(e.claimsAboutCount, 0) ${sign} count.claimsAbout
   WITH ${carry}e, count, coalesce(e.aboutProfiles, []) AS keys, coalesce(e.aboutProfileClaims, []) AS claims
   WITH ${carry}e, count, claims, keys + [key IN count.aboutProfiles WHERE NOT key IN keys] AS merged
   WITH ${carry}e, count, [i IN range(0, size(merged) - 1) |
     [merged[i], coalesce(claims[i], 0) ${sign} reduce(n = 0, j IN range(0, size(count.aboutProfiles) - 1) |
       n + CASE WHEN count.aboutProfiles[j] = merged[i]
         THEN toInteger(count.aboutProfileClaims[j]) ELSE 0 END)]
   ] AS pairs
   WITH ${carry}e, count, [pair IN pairs WHERE pair[1] > 0] AS kept
   SET e.aboutProfiles = CASE WHEN size(kept) = 0 THEN null ELSE [pair IN kept | pair[0]] END,
       e.aboutProfileClaims = CASE WHEN size(kept) = 0 THEN null ELSE [pair IN kept | pair[1]] END`;
}

const addEntityStatistics = defineQuery(
  'addEntityStatistics',
  `MATCH (d:Document {id: $documentId})
   UNWIND $counts AS count
   ${entityStatisticsUpdate('+', 'd, ')}
   CREATE (e)-[:APPEARS_IN]->(d)
   RETURN count(e) AS count`,
  countRow,
);

const subtractEntityStatistics = defineQuery(
  'subtractEntityStatistics',
  `UNWIND $counts AS count
   ${entityStatisticsUpdate('-')}
   RETURN count(e) AS count`,
  countRow,
);

/** The profile of each claim of a document as stored: what a reload or a removal takes away. */
const claimShapesInDocument = defineQuery(
  'claimShapesInDocument',
  `MATCH (c:Claim) WHERE c.documentId = $documentId AND c.position IS NOT NULL
   RETURN c.type AS type, c.sourceKind AS sourceKind,
          COLLECT { MATCH (a:Attribution)-[:ATTRIBUTES]->(c)
                    RETURN { mode: a.mode, certainty: a.certainty, polarity: a.polarity } } AS attributions`,
  z.object({
    type: z.string(),
    sourceKind: z.string(),
    attributions: z.array(
      z.object({ mode: z.string(), certainty: z.string(), polarity: z.string() }),
    ),
  }),
);

// The graph's claims by profile (graph-rows.ts): each load adds its document's, a reload or a
// removal takes the previous version's away, and a profile no claim has any more goes.
const addClaimProfiles = defineQuery(
  'addClaimProfiles',
  `UNWIND $profiles AS profile
   MERGE (p:ClaimProfile {key: profile.key})
   ON CREATE SET p.type = profile.type, p.sourceKind = profile.sourceKind, p.modes = profile.modes,
                 p.certainties = profile.certainties, p.polarities = profile.polarities, p.claims = 0
   SET p.claims = p.claims + $sign * profile.claims
   WITH p, p.claims <= 0 AS unused
   CALL (p, unused) { WITH p WHERE unused DELETE p }
   RETURN count(*) AS count`,
  countRow,
);

/** Entities among `entityIds` that nothing mentions any more go, with the names only they had. */
const deleteUnmentionedEntities = defineQuery(
  'deleteUnmentionedEntities',
  `UNWIND $entityIds AS entityId
   MATCH (e:Entity {id: entityId}) WHERE coalesce(e.mentionCount, 0) <= 0
   OPTIONAL MATCH (e)-[:NAMED]->(name:EntityName)
   DETACH DELETE e
   WITH DISTINCT name WHERE name IS NOT NULL AND NOT EXISTS { (name)<-[:NAMED]-() }
   DELETE name
   RETURN count(*) AS count`,
  countRow,
);

type EntityStatistics = z.infer<typeof entityStatisticsInDocument.row>;

function entityStatistics(rows: GraphRows): EntityStatistics[] {
  const statistics = new Map<string, EntityStatistics>();
  const of = (entityId: string) => {
    let entity = statistics.get(entityId);
    if (!entity) {
      entity = {
        entityId,
        mentions: 0,
        claimsMade: 0,
        claimsAbout: 0,
        aboutProfiles: [],
        aboutProfileClaims: [],
      };
      statistics.set(entityId, entity);
    }
    return entity;
  };
  for (const mention of rows.mentions) of(mention.entityId).mentions += 1;
  const spoken = new Set<string>();
  for (const attribution of rows.attributions) {
    const speaker = attribution.speaker.entityId;
    if (speaker === null || spoken.has(`${speaker} ${attribution.claimId}`)) continue;
    spoken.add(`${speaker} ${attribution.claimId}`);
    of(speaker).claimsMade += 1;
  }
  const byProfile = new Map<string, Map<string, number>>();
  for (const claim of rows.claims) {
    // One ABOUT link per entity, however often the list names it (mergeClaims keeps one).
    for (const entityId of new Set(claim.aboutIds)) {
      of(entityId).claimsAbout += 1;
      const profiles = byProfile.get(entityId) ?? new Map<string, number>();
      byProfile.set(entityId, profiles);
      profiles.set(claim.profile, (profiles.get(claim.profile) ?? 0) + 1);
    }
  }
  for (const [entityId, profiles] of byProfile) {
    const entity = of(entityId);
    const keys = [...profiles.keys()].sort(compareText);
    entity.aboutProfiles = keys;
    entity.aboutProfileClaims = keys.map((key) => profiles.get(key) ?? 0);
  }
  // In one order for every document, so that two loads lock shared entities in the same order.
  return [...statistics.values()].sort((a, b) => (a.entityId < b.entityId ? -1 : 1));
}

/**
 * Names an entity no longer carries (an alias removed by a reload) lose their link. Only the
 * document that defines an entity sets its names (mergeEntities), so only those entities are
 * read: the others' links were a thousand database hits a document that never found anything.
 */
const unlinkStaleNames = defineQuery(
  'unlinkStaleNames',
  `UNWIND $entityIds AS entityId
   MATCH (e:Entity {id: entityId}) WHERE e.definedIn = $documentId
   MATCH (e)-[link:NAMED]->(name:EntityName)
   WHERE NOT name.key IN e.nameKeys
   DELETE link
   WITH DISTINCT name WHERE NOT EXISTS { (name)<-[:NAMED]-() }
   DELETE name
   RETURN count(*) AS count`,
  countRow,
);

export interface LoadReport {
  documentId: string;
  written: Record<string, number>;
  /** The time of the whole transaction, shared by the documents written in it. */
  millis: number;
}

/** What the previous version of a document had, read before it is removed. */
interface PreviousVersion {
  entities: EntityStatistics[];
  /** Stances other documents' claims take on this document's claims: they outlive a reload. */
  incomingStances: z.infer<typeof incomingStancesQuery.row>[];
  /** Its pairs' links, with its entries taken off: refilled once the new version is linked. */
  unlinked: UnlinkedPair[];
}

const NO_PREVIOUS_VERSION: PreviousVersion = { entities: [], incomingStances: [], unlinked: [] };

/**
 * The statements that write one document, in order, each with its parameters (every statement
 * also gets $documentId). A new per-document statement is one more entry here. They are sent
 * without waiting for one another, so parameters come from the rows or the previous version,
 * never from an earlier step's answer.
 */
interface DocumentStep {
  name: string;
  query: Query<CountRow>;
  params: (rows: GraphRows, previous: PreviousVersion) => QueryParams;
}

/** A list of span ids once each, in the order they first come: a span is evidence once. */
function distinct(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/** Entities the document mentions now or its previous version mentioned. */
function touchedEntityIds(rows: GraphRows, previous: PreviousVersion): string[] {
  return [
    ...new Set([
      ...previous.entities.map((count) => count.entityId),
      ...rows.entities.map((entity) => entity.id),
    ]),
  ];
}

const DOCUMENT_STEPS: DocumentStep[] = [
  {
    name: 'document',
    query: mergeDocument,
    params: (rows) => ({
      document: {
        ...rows.document,
        annotations: rows.document.annotations ?? null,
        version: rows.document.version === undefined ? null : neo4j.int(rows.document.version),
      },
    }),
  },
  { name: 'regions', query: mergeRegions, params: (rows) => ({ rows: rows.regions }) },
  {
    name: 'spans',
    query: mergeSpans,
    params: (rows) => ({ spans: toColumns(rows.spans, SPAN_FIELDS) }),
  },
  {
    name: 'entities',
    query: mergeEntities,
    params: (rows) => ({ entities: toColumns(rows.entities, ENTITY_FIELDS) }),
  },
  {
    name: 'mentions',
    query: mergeMentions,
    params: (rows) => ({ mentions: toColumns(rows.mentions, MENTION_FIELDS) }),
  },
  {
    name: 'publisher and authors',
    query: mergeDocumentSources,
    params: (rows) => ({ document: rows.document }),
  },
  { name: 'comments', query: mergeComments, params: (rows) => ({ rows: rows.comments }) },
  {
    name: 'roles',
    query: mergeRoles,
    params: (rows) => ({
      rows: rows.roles.map((role) => ({
        ...role,
        evidenceSpanIds: distinct(role.evidenceSpanIds),
      })),
    }),
  },
  { name: 'relations', query: mergeRelations, params: (rows) => ({ rows: rows.relations }) },
  {
    name: 'entity links',
    query: linkEntities,
    params: () => ({ sampleSize: neo4j.int(LINK_SAMPLE_SIZE) }),
  },
  {
    name: 'entity links of the previous version read again or removed',
    query: refillEntityLinks,
    params: (_rows, previous) => ({
      pairs: previous.unlinked,
      sampleSize: neo4j.int(LINK_SAMPLE_SIZE),
    }),
  },
  {
    name: 'claims',
    query: mergeClaims,
    params: (rows) => ({ claims: toColumns(rows.claims, CLAIM_FIELDS) }),
  },
  { name: 'quantities', query: mergeQuantities, params: (rows) => ({ rows: rows.quantities }) },
  {
    name: 'attributions',
    query: mergeAttributions,
    params: (rows) => ({
      attributions: toColumns(
        rows.attributions.map((attribution) => ({
          ...attribution,
          hedgeSpanIds: distinct(attribution.hedgeSpanIds),
          evidenceSpanIds: distinct(attribution.evidenceSpanIds),
        })),
        ATTRIBUTION_FIELDS,
      ),
    }),
  },
  {
    name: 'stances',
    query: mergeStances,
    params: (rows) => ({ stances: toColumns(rows.stances, STANCE_FIELDS) }),
  },
  {
    name: 'stances from other documents',
    query: restoreIncomingStances,
    params: (_rows, previous) => ({ rows: previous.incomingStances }),
  },
  {
    name: 'entity statistics',
    query: addEntityStatistics,
    params: (rows) => ({ counts: entityStatistics(rows) }),
  },
  {
    name: 'claim profiles',
    query: addClaimProfiles,
    params: (rows) => ({ profiles: rows.claimProfiles, sign: 1 }),
  },
  {
    name: 'entities no longer mentioned',
    query: deleteUnmentionedEntities,
    params: (rows, previous) => ({ entityIds: touchedEntityIds(rows, previous) }),
  },
  {
    name: 'stale names',
    query: unlinkStaleNames,
    params: (rows, previous) => ({ entityIds: touchedEntityIds(rows, previous) }),
  },
];

/**
 * Takes a document's previous version away: its statistics from the entities, then its nodes and
 * links. Returns what it had, for the steps that tidy up after it.
 */
async function removePreviousVersion(
  tx: Transaction,
  documentId: string,
  written?: Record<string, number>,
): Promise<PreviousVersion> {
  const entities = await tx.run(entityStatisticsInDocument, { documentId });
  const [subtracted] = await tx.run(subtractEntityStatistics, { documentId, counts: entities });
  const profiles = claimProfiles(await tx.run(claimShapesInDocument, { documentId }));
  const [unprofiled] = await tx.run(addClaimProfiles, { documentId, profiles, sign: -1 });
  const incomingStances = await tx.run(incomingStancesQuery, { documentId });
  const unlinked = await tx.run(unlinkEntities, {
    documentId,
    sampleSize: neo4j.int(LINK_SAMPLE_SIZE),
  });
  const [removed] = await tx.run(deleteDocumentGraph, { documentId });
  if (written) {
    written['entity links of the previous version taken away'] = unlinked.length;
    written['statistics of the previous version taken away'] = subtracted?.count ?? 0;
    written['claim profiles of the previous version taken away'] = unprofiled?.count ?? 0;
    written['nodes and links of the previous version removed'] = removed?.count ?? 0;
  }
  return { entities, incomingStances, unlinked };
}

/**
 * Writes one document's graph in a single transaction: the document's previous graph is removed
 * and the new one merged, so a reload gives identical counts and a failure leaves the old graph.
 */
export async function loadDocumentGraph(
  db: GraphDatabase,
  rows: GraphRows,
  onProgress: (message: string) => void = () => {},
): Promise<LoadReport> {
  const [report] = await loadDocumentGraphs(db, [rows], onProgress);
  if (!report) throw new Error(`no load report for ${rows.document.id}`);
  return report;
}

/**
 * Writes several documents' graphs in one transaction, all or none, in the order given, each as
 * loadDocumentGraph would (a document given twice is loaded, then reloaded). One commit for many
 * documents, and one wait per document rather than per statement, make bulk loading faster.
 */
export async function loadDocumentGraphs(
  db: GraphDatabase,
  rowsList: readonly GraphRows[],
  onProgress: (message: string) => void = () => {},
): Promise<LoadReport[]> {
  const started = Date.now();
  if (rowsList.length === 0) return [];
  await applyGraphSchema(db);
  const written = await db.writeTransaction((tx) => writeDocumentGraphs(tx, rowsList));
  const millis = Date.now() - started;
  return rowsList.map((rows, index) => {
    const counts = written[index] ?? {};
    for (const [name, count] of Object.entries(counts)) onProgress(`  ${name}: ${count}`);
    return { documentId: rows.document.id, written: counts, millis };
  });
}

/**
 * The work of loadDocumentGraphs inside a transaction the caller holds, so that a change can
 * check and record itself in the same transaction. The graph schema must be applied already.
 * Returns what each document's steps wrote.
 */
export async function writeDocumentGraphs(
  tx: Transaction,
  rowsList: readonly GraphRows[],
): Promise<Record<string, number>[]> {
  const documentIds = rowsList.map((rows) => rows.document.id);
  // A new document has no previous version to remove: three statements saved on every import.
  const stored = new Set(
    (await tx.run(existingDocuments, { documentIds: [...new Set(documentIds)] })).map(
      (row) => row.id,
    ),
  );
  const reports: Record<string, number>[] = [];
  // The document before this one, whose statements may still be running.
  let writing: Promise<unknown> = Promise.resolve();
  for (const rows of rowsList) {
    const documentId = rows.document.id;
    const counts: Record<string, number> = {};
    reports.push(counts);
    const previous = stored.has(documentId)
      ? await removePreviousVersion(tx, documentId, counts)
      : NO_PREVIOUS_VERSION;
    // Loaded earlier in this batch: the next occurrence is a reload of it.
    stored.add(documentId);
    // A document's statements are sent without waiting for each answer (Neo4j runs them in
    // order), and the next document's are packed and sent while Neo4j still writes this one:
    // the loader waits for a document once the one after it is on its way. Back to back, that
    // loaded 5% to 12% more documents a second than waiting for each document before packing
    // the next; sending a whole batch at once gained nothing more (docs/scaling.md).
    const sending = Promise.all(
      DOCUMENT_STEPS.map((step) =>
        tx.run(step.query, { documentId, ...step.params(rows, previous) }).then(([row]) => {
          counts[step.name] = row?.count ?? 0;
        }),
      ),
    );
    // Awaited on the next turn or after the loop; until then a failure must not go unhandled.
    sending.catch(() => {});
    await writing;
    writing = sending;
  }
  await writing;
  return reports;
}

/** Removes one document's graph, and the entities no other document mentions, in one transaction. */
export async function removeDocumentGraph(db: GraphDatabase, documentId: string): Promise<void> {
  await db.writeTransaction((tx) => removeDocumentIn(tx, documentId));
}

/** The same, inside a transaction the caller holds. */
export async function removeDocumentIn(tx: Transaction, documentId: string): Promise<void> {
  const previous = await removePreviousVersion(tx, documentId);
  await tx.run(refillEntityLinks, {
    pairs: previous.unlinked,
    sampleSize: neo4j.int(LINK_SAMPLE_SIZE),
  });
  await tx.run(deleteUnmentionedEntities, {
    documentId,
    entityIds: previous.entities.map((count) => count.entityId),
  });
}
