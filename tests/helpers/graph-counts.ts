import { z } from 'zod';
import { BY_PAIR, LINK_SAMPLE_SIZE, linkEntries } from '../../src/graph/entity-links.ts';
import { defineQuery, type GraphDatabase } from '../../src/neo4j/database.ts';
import { claimProfiles } from '../../src/seed/graph-rows.ts';

const documentCounts = defineQuery(
  'testDocumentCounts',
  `CALL () { MATCH (n {documentId: $documentId}) RETURN count(n) AS ownedNodes }
   CALL () { MATCH (n)-[r]-() WHERE n.documentId = $documentId RETURN count(DISTINCT r) AS ownedEdges }
   CALL () { MATCH (e:Entity)-[:APPEARS_IN]->(:Document {id: $documentId}) RETURN count(e) AS entities }
   CALL () { MATCH (:Entity)-[r]->(:Entity) WHERE r.documentId = $documentId RETURN count(r) AS relations }
   CALL () { MATCH (d:Document {id: $documentId}) RETURN count(d) AS documents }
   RETURN ownedNodes, ownedEdges, entities, relations, documents`,
  z.object({
    ownedNodes: z.number(),
    ownedEdges: z.number(),
    entities: z.number(),
    relations: z.number(),
    documents: z.number(),
  }),
);

/** Nodes and edges that belong to one document, for before/after comparisons in tests. */
export async function countDocumentGraph(db: GraphDatabase, documentId: string) {
  const [row] = await db.read(documentCounts, { documentId });
  if (!row) throw new Error('no count row');
  return row;
}

const storedProfiles = defineQuery(
  'testStoredProfiles',
  'MATCH (p:ClaimProfile) RETURN p.key AS key, p.claims AS claims ORDER BY key',
  z.object({ key: z.string(), claims: z.number() }),
);

const everyClaimShape = defineQuery(
  'testEveryClaimShape',
  `MATCH (c:Claim)
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

/** The claim profiles the loader keeps, and the ones every claim in the graph gives: equal when kept right. */
export async function claimProfilesAndClaims(db: GraphDatabase) {
  const stored = await db.read(storedProfiles, {});
  const counted = claimProfiles(await db.read(everyClaimShape, {})).map(({ key, claims }) => ({
    key,
    claims,
  }));
  return { stored, counted };
}

const entityStatisticsMismatches = defineQuery(
  'testEntityStatisticsMismatches',
  `MATCH (e:Entity)
   WITH e, COUNT { (e)-[:MENTIONED_AT]->() } AS mentions,
        COUNT { MATCH (e)<-[:SPEAKER]-(:Attribution)-[:ATTRIBUTES]->(c:Claim) RETURN DISTINCT c } AS made,
        COUNT { (e)<-[:ABOUT]-(:Claim) } AS about,
        COLLECT { MATCH (e)<-[:ABOUT]-(c:Claim) WITH c.profile AS key, count(*) AS claims
                  RETURN key + ' ' + toString(claims) AS entry ORDER BY entry } AS aboutProfiles,
        COLLECT { UNWIND range(0, size(coalesce(e.aboutProfiles, [])) - 1) AS i
                  WITH e.aboutProfiles[i] + ' ' + toString(e.aboutProfileClaims[i]) AS entry
                  RETURN entry ORDER BY entry } AS keptProfiles
   WHERE coalesce(e.mentionCount, 0) <> mentions OR coalesce(e.claimsMadeCount, 0) <> made
      OR coalesce(e.claimsAboutCount, 0) <> about OR keptProfiles <> aboutProfiles
      OR size(coalesce(e.aboutProfiles, [])) <> size(coalesce(e.aboutProfileClaims, []))
   RETURN e.id AS id, [e.mentionCount, e.claimsMadeCount, e.claimsAboutCount] AS kept,
          [mentions, made, about] AS counted, keptProfiles, aboutProfiles`,
  z.object({
    id: z.string(),
    kept: z.array(z.number().nullable()),
    counted: z.array(z.number()),
    keptProfiles: z.array(z.string()),
    aboutProfiles: z.array(z.string()),
  }),
);

/**
 * Entities whose kept mention and claim counts, and counts of the claims about them by profile,
 * differ from counting their links: none when kept right.
 */
export async function entityStatisticsThatDiffer(db: GraphDatabase) {
  return db.read(entityStatisticsMismatches, {});
}

const storedEntityLinks = defineQuery(
  'testStoredEntityLinks',
  `MATCH (a:Entity)-[l:LINKED]->(b:Entity)
   RETURN l.pair AS pair, a.id + '>' + b.id AS ends, l.count AS count, l.sample AS sample`,
  z.object({
    pair: z.string(),
    ends: z.string(),
    count: z.number().int(),
    sample: z.array(z.string()),
  }),
);

const entityLinksFromRolesAndRelations = defineQuery(
  'testEntityLinksFromRolesAndRelations',
  `${linkEntries(() => 'true')}
   WITH one, other, ref ORDER BY ref
   ${BY_PAIR}
   RETURN key AS pair, low.id + '>' + high.id AS ends, size(refs) AS count,
          refs[0..${LINK_SAMPLE_SIZE}] AS sample`,
  z.object({
    pair: z.string(),
    ends: z.string(),
    count: z.number().int(),
    sample: z.array(z.string()),
  }),
);

/**
 * Entity links (LINKED) that differ from what the roles and relations in the graph give, both
 * ways: none when the loader kept them right.
 */
export async function entityLinksThatDiffer(db: GraphDatabase) {
  const key = (link: { pair: string; ends: string; count: number; sample: string[] }) =>
    JSON.stringify(link);
  const stored = new Set((await db.read(storedEntityLinks)).map(key));
  const expected = new Set((await db.read(entityLinksFromRolesAndRelations)).map(key));
  return {
    missingOrWrong: [...expected].filter((link) => !stored.has(link)),
    extra: [...stored].filter((link) => !expected.has(link)),
  };
}

const snapshotNodes = defineQuery(
  'testSnapshotNodes',
  `MATCH (n)
   WHERE n.documentId IN $documentIds OR (n:Document AND n.id IN $documentIds)
      OR (n:Entity AND EXISTS { (n)-[:APPEARS_IN]->(d:Document) WHERE d.id IN $documentIds })
      OR (n:EntityName AND EXISTS {
        (n)<-[:NAMED]-(:Entity)-[:APPEARS_IN]->(d:Document) WHERE d.id IN $documentIds
      })
   RETURN labels(n) AS labels, properties(n) AS properties`,
  z.object({ labels: z.array(z.string()), properties: z.record(z.string(), z.unknown()) }),
);

const snapshotRelationships = defineQuery(
  'testSnapshotRelationships',
  `MATCH (a)-[r]->(b)
   WHERE r.documentId IN $documentIds OR a.documentId IN $documentIds
      OR b.documentId IN $documentIds OR (a:Document AND a.id IN $documentIds)
      OR (b:Document AND b.id IN $documentIds)
      OR (a:Entity AND EXISTS { (a)-[:APPEARS_IN]->(d:Document) WHERE d.id IN $documentIds })
   RETURN coalesce(a.id, a.key) AS from, type(r) AS type, coalesce(b.id, b.key) AS to,
          CASE type(r)
            // A link's sample names roles and relations by element id, which differs per load.
            WHEN 'LINKED' THEN r { .pair, .count, sample: [ref IN r.sample | split(ref, '\t')[1]] }
            ELSE properties(r)
          END AS properties`,
  z.object({
    from: z.string(),
    type: z.string(),
    to: z.string(),
    properties: z.record(z.string(), z.unknown()),
  }),
);

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, item]) => [key, canonical(item)]),
    );
  }
  return value;
}

/**
 * Everything the documents wrote, as sorted lines: their nodes, the entities and names they
 * touch, and every relationship of those, with all properties. Equal snapshots, equal graphs.
 */
export async function documentGraphSnapshot(
  db: GraphDatabase,
  documentIds: string[],
): Promise<string[]> {
  const nodes = await db.read(snapshotNodes, { documentIds });
  const relationships = await db.read(snapshotRelationships, { documentIds });
  return [
    ...nodes.map(
      (node) => `node ${JSON.stringify(canonical([[...node.labels].sort(), node.properties]))}`,
    ),
    ...relationships.map(
      (r) => `relationship ${JSON.stringify(canonical([r.from, r.type, r.to, r.properties]))}`,
    ),
  ].sort();
}
