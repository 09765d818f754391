import { describe, expect, it } from 'vitest';
import { loadSeed } from '../../src/seed/files.ts';
import { query, testApp } from '../helpers/app.ts';
import { useTestDatabase } from '../helpers/database.ts';

const app = testApp(useTestDatabase());

describe('documents', () => {
  it('serves the article with its exact text, author, regions and reader comments', async () => {
    const { data } = await query<{
      document: {
        title: string;
        text: string;
        publicationDate: string | null;
        publisher: { name: string };
        authors: { role: string; entity: { name: string } }[];
        regions: { kind: string; text: string }[];
        comments: { number: number; text: { exact: string } }[];
      };
    }>(
      app,
      `{ document(key: "doc:000-6cfdbb14dfc71039") { title text publicationDate publisher { name }
          authors { role entity { name } } regions { kind text } comments { number text { exact } } } }`,
    );
    const { text } = await loadSeed();
    expect(data.document.title).toBe('US-China cyber security wrangle lies ahead');
    expect(data.document.text).toBe(text);
    expect(data.document.publicationDate).toBeNull();
    expect(data.document.authors).toEqual([
      { role: 'China correspondent', entity: { name: 'Damian Grammaticas' } },
    ]);
    expect(data.document.regions.find((region) => region.kind === 'PULL_QUOTE')?.text).toContain(
      'spying has been around for hundreds of years',
    );
    expect(data.document.comments.map((comment) => comment.number)).toEqual(
      Array.from({ length: 20 }, (_, index) => 22 - index),
    );
    expect(data.document.comments[0]?.text.exact).toContain('Barrack Obama and Xi Jinping');
  });

  it('lists every mention of the page in text order, filtered by region', async () => {
    const { data } = await query<{
      document: {
        mentions: {
          totalCount: number;
          edges: { node: { span: { start: number; regionKind: string } } }[];
        };
      };
    }>(
      app,
      `{ document(key: "doc:000-6cfdbb14dfc71039") {
          mentions(first: 100, regionKinds: [CAPTION]) { totalCount edges { node { span { start regionKind } } } } } }`,
    );
    const starts = data.document.mentions.edges.map((edge) => edge.node.span.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(data.document.mentions.totalCount).toBeGreaterThan(5);
    expect(new Set(data.document.mentions.edges.map((edge) => edge.node.span.regionKind))).toEqual(
      new Set(['CAPTION']),
    );
  });
});

describe('stats', () => {
  it('counts the graph by kind and names the most mentioned entities', async () => {
    const { data } = await query<{
      stats: {
        documents: number;
        claims: number;
        stances: number;
        entitiesByKind: { kind: string; count: number }[];
        mostMentioned: { name: string; mentionCount: number }[];
      };
    }>(
      app,
      '{ stats { documents claims stances entitiesByKind { kind count } mostMentioned(first: 3) { name mentionCount } } }',
    );
    expect(data.stats.documents).toBeGreaterThanOrEqual(1);
    expect(data.stats.claims).toBeGreaterThanOrEqual(142);
    expect(data.stats.stances).toBeGreaterThanOrEqual(53);
    expect(data.stats.entitiesByKind).toContainEqual({ kind: 'Person', count: expect.any(Number) });
    expect(data.stats.mostMentioned).toHaveLength(3);
    const counts = data.stats.mostMentioned.map((entity) => entity.mentionCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });
});
