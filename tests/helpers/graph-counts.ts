import { z } from 'zod';
import { defineQuery, type GraphDatabase } from '../../src/neo4j/database.ts';

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
