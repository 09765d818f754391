import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineQuery } from '../../src/neo4j/database.ts';
import { loadSeed } from '../../src/seed/files.ts';
import { seedDatabase } from '../../src/seed/seed-database.ts';
import { sliceCodePoints } from '../../src/seed/spans.ts';
import { useTestDatabase } from '../helpers/database.ts';
import { countDocumentGraph } from '../helpers/graph-counts.ts';

const db = useTestDatabase();
const DOC = 'doc:000-6cfdbb14dfc71039';

const quoteQuery = defineQuery(
  'testQuoteBySpeaker',
  `MATCH (:Entity {id: $speaker})<-[:SPEAKER]-(a:Attribution {mode: 'direct_quote'})-[:ATTRIBUTES]->(c:Claim)
   MATCH (a)-[:REPORTER]->(reporter:Entity)
   UNWIND a.evidenceSpanIds AS spanId
   MATCH (s:Span {id: spanId})
   RETURN c.proposition AS proposition, reporter.name AS reporter, s.exact AS words, s.regionKind AS region
   ORDER BY s.start`,
  z.object({
    proposition: z.string(),
    reporter: z.string(),
    words: z.string(),
    region: z.string(),
  }),
);

const stanceQuery = defineQuery(
  'testStancesTo',
  `MATCH (from:Claim)-[r]->(to:Claim {id: $claim})
   MATCH (a:Attribution)-[:ATTRIBUTES]->(from), (a)-[:SPEAKER]->(speaker)
   RETURN type(r) AS stance, from.key AS from, speaker.id AS speaker, a.polarity AS polarity
   ORDER BY stance, from`,
  z.object({ stance: z.string(), from: z.string(), speaker: z.string(), polarity: z.string() }),
);

const allSpansQuery = defineQuery(
  'testAllSpans',
  `MATCH (d:Document {id: $documentId})
   MATCH (s:Span {documentId: $documentId})
   RETURN d.text AS text, collect(s { .start, .end, .exact, .prefix, .suffix }) AS spans`,
  z.object({
    text: z.string(),
    spans: z.array(
      z.object({
        start: z.number(),
        end: z.number(),
        exact: z.string(),
        prefix: z.string(),
        suffix: z.string(),
      }),
    ),
  }),
);

const quantityQuery = defineQuery(
  'testQuantities',
  `MATCH (c:Claim {id: $claim})-[:HAS_QUANTITY]->(q:Quantity), (s:Span {id: q.spanId})
   RETURN q.upper AS upper, q.unit AS unit, q.period AS period, s.exact AS words ORDER BY q.ordinal`,
  z.object({
    upper: z.number().nullable(),
    unit: z.string(),
    period: z.string().nullable(),
    words: z.string(),
  }),
);

describe('the seeded article in Neo4j', () => {
  it("returns Kenneth Lieberthal's direct quotes with their exact words, reported by the correspondent", async () => {
    const quotes = await db.read(quoteQuery, { speaker: 'person:kenneth-lieberthal' });
    expect(quotes.map((quote) => quote.words)).toContain(
      'we have a good idea of what they are stealing',
    );
    expect(quotes.map((quote) => quote.words)).toContain(
      'the loss of that scale of proprietary information has got to be very worrisome',
    );
    expect(new Set(quotes.map((quote) => quote.reporter))).toEqual(new Set(['Damian Grammaticas']));
    expect(quotes.every((quote) => quote.region === 'body')).toBe(true);
  });

  it("links the college's denial to Google's tracing claim, as a negative commitment", async () => {
    const stances = await db.read(stanceQuery, {
      claim: `${DOC}/claim:google-traced-hacking-to-college`,
    });
    expect(stances).toContainEqual({
      stance: 'DENIES',
      from: 'claim:college-involved-in-attacks',
      speaker: 'org:technology-college-in-shandong',
      polarity: 'negative',
    });
  });

  it('keeps the pull quote as a second evidence span of the same claim by Xu Guangyu', async () => {
    const quotes = await db.read(quoteQuery, { speaker: 'person:xu-guangyu' });
    const spying = quotes.filter((quote) => quote.words.includes('hundreds of years'));
    expect(spying.map((quote) => quote.region).sort()).toEqual(['body', 'pull_quote']);
    expect(new Set(spying.map((quote) => quote.proposition)).size).toBe(1);
  });

  it('stores "as much as $300bn (£192bn) a year" as an upper bound in dollars per year', async () => {
    const quantities = await db.read(quantityQuery, {
      claim: `${DOC}/claim:commission-losses-up-to-300bn`,
    });
    expect(quantities[0]).toMatchObject({ upper: 300e9, unit: 'USD', period: 'year' });
    expect(quantities.some((quantity) => quantity.unit === 'GBP')).toBe(true);
  });

  it('anchors every span in the graph at the exact words of the stored text', async () => {
    const [row] = await db.read(allSpansQuery, { documentId: DOC });
    const { text: shipped } = await loadSeed();
    expect(row?.text).toBe(shipped);
    expect(row?.spans.length).toBeGreaterThan(500);
    for (const span of row?.spans ?? []) {
      expect(sliceCodePoints(shipped, span.start, span.end)).toBe(span.exact);
      expect(sliceCodePoints(shipped, span.start - span.prefix.length, span.start)).toBe(
        span.prefix,
      );
      expect(sliceCodePoints(shipped, span.end, span.end + span.suffix.length)).toBe(span.suffix);
    }
  });

  it('leaves identical counts when the article is loaded again', async () => {
    const before = await countDocumentGraph(db, DOC);
    const again = await seedDatabase(db);
    expect(again.loaded).toBe(true);
    expect(await countDocumentGraph(db, DOC)).toEqual(before);
    const unchanged = await seedDatabase(db, { onlyIfChanged: true });
    expect(unchanged.loaded).toBe(false);
  });
});
