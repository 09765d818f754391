import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineQuery } from '../../src/neo4j/database.ts';
import { annotationsSchema } from '../../src/seed/format.ts';
import { buildGraphRows } from '../../src/seed/graph-rows.ts';
import { loadDocumentGraph, removeDocumentGraph } from '../../src/seed/loader.ts';
import { MINI_TEXT, miniArticle } from '../fixtures/mini-article.ts';
import { useTestDatabase } from '../helpers/database.ts';
import {
  claimProfilesAndClaims,
  countDocumentGraph,
  entityStatisticsThatDiffer,
} from '../helpers/graph-counts.ts';

const db = useTestDatabase();
const documentIds = [
  'doc:loader-content',
  'doc:loader-twice',
  'doc:loader-failure',
  'doc:loader-reload-failure',
];
afterAll(async () => {
  for (const documentId of documentIds) await removeDocumentGraph(db, documentId);
});

function miniRows(documentId: string) {
  return buildGraphRows(annotationsSchema.parse(miniArticle(documentId)), MINI_TEXT);
}

const denialQuery = defineQuery(
  'testDenial',
  `MATCH (denial:Claim)-[d:DENIES]->(claim:Claim {id: $claimId})
   MATCH (a:Attribution)-[:ATTRIBUTES]->(claim), (a)-[:SPEAKER]->(speaker:Entity)
   MATCH (a)-[:EVIDENCED_BY]->(words:Span)
   MATCH (da:Attribution)-[:ATTRIBUTES]->(denial), (da)-[:SPEAKER]->(denier:Entity)
   RETURN speaker.name AS speaker, words.exact AS words, denier.name AS denier,
          da.polarity AS polarity, d.evidenceSpanIds AS evidence`,
  z.object({
    speaker: z.string(),
    words: z.string(),
    denier: z.string(),
    polarity: z.string(),
    evidence: z.array(z.string()),
  }),
);

describe('loading an annotated document into Neo4j', () => {
  it('writes who said what, the exact words, and the claim that denies it', async () => {
    await loadDocumentGraph(db, miniRows('doc:loader-content'));
    const rows = await db.read(denialQuery, {
      claimId: 'doc:loader-content/claim:mini-acme-loses-data',
    });
    expect(rows).toEqual([
      {
        speaker: 'Ada Quill',
        words: 'we lose data daily.',
        denier: 'Bob Stone',
        polarity: 'negative',
        evidence: [expect.stringMatching(/^doc:loader-content#\d+-\d+$/)],
      },
    ]);
  });

  it('leaves exactly the same node and relationship counts when loaded twice', async () => {
    const rows = miniRows('doc:loader-twice');
    await loadDocumentGraph(db, rows);
    const first = await countDocumentGraph(db, 'doc:loader-twice');
    await loadDocumentGraph(db, rows);
    const second = await countDocumentGraph(db, 'doc:loader-twice');
    expect(second).toEqual(first);
    const { stored, counted } = await claimProfilesAndClaims(db);
    expect(stored).toEqual(counted);
    expect(await entityStatisticsThatDiffer(db)).toEqual([]);
    expect(first.documents).toBe(1);
    expect(first.entities).toBe(3);
    expect(first.ownedNodes).toBeGreaterThan(10);
  });

  it('leaves nothing half-written when a statement fails midway', async () => {
    const documentId = 'doc:loader-failure';
    const broken = miniRows(documentId);
    // A map is not a storable property value, so the stance statement (late in the load) fails.
    const badBasis = { not: 'a property value' } as unknown as string;
    const stances = broken.stances.map((stance) => ({ ...stance, basis: badBasis }));
    await expect(loadDocumentGraph(db, { ...broken, stances })).rejects.toThrow();
    expect(await countDocumentGraph(db, documentId)).toMatchObject({
      ownedNodes: 0,
      entities: 0,
      documents: 0,
    });
  });

  it('keeps the previous graph intact when a reload fails', async () => {
    const documentId = 'doc:loader-reload-failure';
    const rows = miniRows(documentId);
    await loadDocumentGraph(db, rows);
    const before = await countDocumentGraph(db, documentId);
    const badBasis = { not: 'a property value' } as unknown as string;
    const stances = rows.stances.map((stance) => ({ ...stance, basis: badBasis }));
    await expect(loadDocumentGraph(db, { ...rows, stances })).rejects.toThrow();
    expect(await countDocumentGraph(db, documentId)).toEqual(before);
  });
});

describe('removing a document', () => {
  it('takes its graph and the entities only it mentioned, and nothing of the other documents', async () => {
    const documentId = 'doc:loader-removal';
    await loadDocumentGraph(db, miniRows(documentId));
    const article = await countDocumentGraph(db, 'doc:000-6cfdbb14dfc71039');
    await removeDocumentGraph(db, documentId);
    expect(await countDocumentGraph(db, documentId)).toMatchObject({
      ownedNodes: 0,
      entities: 0,
      documents: 0,
    });
    expect(await countDocumentGraph(db, 'doc:000-6cfdbb14dfc71039')).toEqual(article);
    const { stored, counted } = await claimProfilesAndClaims(db);
    expect(stored).toEqual(counted);
    expect(await entityStatisticsThatDiffer(db)).toEqual([]);
  });
});
