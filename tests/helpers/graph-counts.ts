import { z } from 'zod';
import { defineQuery, type GraphDatabase } from '../../src/neo4j/database.ts';
import { claimProfiles } from '../../src/seed/graph-rows.ts';

const documentCounts = defineQuery(
  'testDocumentCounts',
  `CALL () { MATCH (n {documentId: $documentId}) RETURN count(n) AS ownedNodes }
   CALL () { MATCH (n)-[r]-() WHERE n.documentId = $documentId RETURN count(DISTINCT r) AS ownedEdges }
   CALL () { MATCH (e:Entity) WHERE $documentId IN e.documentIds RETURN count(e) AS entities }
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
        COUNT { (e)<-[:ABOUT]-(:Claim) } AS about
   WHERE coalesce(e.mentionCount, 0) <> mentions OR coalesce(e.claimsMadeCount, 0) <> made
      OR coalesce(e.claimsAboutCount, 0) <> about
   RETURN e.id AS id, [e.mentionCount, e.claimsMadeCount, e.claimsAboutCount] AS kept,
          [mentions, made, about] AS counted`,
  z.object({ id: z.string(), kept: z.array(z.number().nullable()), counted: z.array(z.number()) }),
);

/** Entities whose kept mention and claim counts differ from counting their links: none when kept right. */
export async function entityStatisticsThatDiffer(db: GraphDatabase) {
  return db.read(entityStatisticsMismatches, {});
}
