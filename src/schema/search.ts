import type { EntityType } from '../domain/vocabulary.ts';
import { pageRequest } from '../graph/pagination.ts';
import type { ClaimRow, EntityRow, SpanRow } from '../graph/rows.ts';
import {
  markHighlights,
  type SEARCH_KINDS,
  type SearchHit,
  search,
  type TextRange,
} from '../graph/search-store.ts';
import { builder } from './builder.ts';
import { totalCountOf } from './connections.ts';
import { ENTITY_TYPENAMES } from './enums.ts';
import { primeSearchHits } from './fetch-plan.ts';
import { ClaimRef, ENTITY_OBJECT_REFS, SpanRef } from './refs.ts';

const SearchKind = builder.enumType('SearchKind', {
  description: 'What a search hit is.',
  values: {
    ENTITY: {
      value: 'ENTITY',
      description: 'An entity whose name or an alias matches.',
    },
    CLAIM: {
      value: 'CLAIM',
      description: "A claim whose proposition (the annotator's one-sentence summary) matches.",
    },
    QUOTE: {
      value: 'QUOTE',
      description:
        "Words on the page that are a claim's evidence (what a source is reported to have said).",
    },
  } as const satisfies Record<(typeof SEARCH_KINDS)[number], unknown>,
});

const TextRangeRef = builder.objectRef<TextRange>('TextRange');
builder.objectType(TextRangeRef, {
  description:
    'A stretch of a string, in Unicode code points: start inclusive, end exclusive (as span offsets).',
  fields: (t) => ({
    start: t.exposeInt('start', { description: 'First code point, inclusive.' }),
    end: t.exposeInt('end', { description: 'Code point after the last one (exclusive).' }),
  }),
});

type SearchResultShape = EntityRow | ClaimRow | SpanRow;

const SearchResult = builder.unionType('SearchResult', {
  description: 'What a search hit points at: an entity, a claim, or a quoted span of text.',
  types: [...Object.values(ENTITY_OBJECT_REFS), ClaimRef, SpanRef],
  resolveType: (result: SearchResultShape) =>
    'proposition' in result
      ? 'Claim'
      : 'exact' in result
        ? 'Span'
        : ENTITY_TYPENAMES[result.type as EntityType],
});

const SearchHitRef = builder.objectRef<SearchHit>('SearchHit');
builder.objectType(SearchHitRef, {
  description:
    'One search result: what matched, how well, and the matched text with the matching words marked.',
  fields: (t) => ({
    score: t.exposeFloat('score', {
      description:
        "Lucene's relevance score; higher is better. Scores of one kind compare well, across kinds roughly.",
    }),
    kind: t.field({
      type: SearchKind,
      description: 'Whether the hit is an entity, a claim or a quote.',
      resolve: (hit) => hit.kind,
    }),
    result: t.field({
      type: SearchResult,
      description: 'The entity, claim or span that matched.',
      resolve: async (hit, _args, ctx): Promise<SearchResultShape> => {
        const found =
          hit.kind === 'ENTITY'
            ? await ctx.loaders.entity.load(hit.id)
            : hit.kind === 'CLAIM'
              ? await ctx.loaders.claim.load(hit.id)
              : await ctx.loaders.span.load(hit.id);
        if (!found) throw new Error(`search hit ${hit.id} is no longer in the graph`);
        return found;
      },
    }),
    snippet: t.string({
      description:
        'The matched text, shortened around the first match (… marks a cut). For an entity: its ' +
        'name, followed by the matching alias in parentheses when only an alias matched.',
      resolve: (hit) => hit.snippet.text,
    }),
    highlights: t.field({
      type: [TextRangeRef],
      description: 'Where the query words occur in the snippet.',
      resolve: (hit) => hit.snippet.highlights,
    }),
    highlightedSnippet: t.string({
      description:
        'The snippet as HTML: <mark>…</mark> around each match, the rest escaped (&, <, >).',
      resolve: (hit) => markHighlights(hit.snippet),
    }),
    quotedClaims: t.field({
      type: [ClaimRef],
      description:
        'For a QUOTE, the claims these words are evidence of (follow them to the speaker); ' +
        'empty for other kinds.',
      resolve: async (hit, _args, ctx) => {
        const claims = await Promise.all(hit.claimIds.map((id) => ctx.loaders.claim.load(id)));
        return claims.filter((claim): claim is ClaimRow => claim !== null);
      },
    }),
  }),
});

const SearchConnection = builder.connectionObject(
  {
    type: SearchHitRef,
    name: 'SearchConnection',
    description: 'A page of search hits, best first.',
    fields: (t) => ({
      totalCount: t.int({
        description: 'How many hits the search has, across all pages.',
        resolve: (connection) => totalCountOf(connection),
      }),
    }),
  },
  { name: 'SearchEdge' },
);

builder.queryField('search', (t) =>
  t.field({
    type: SearchConnection,
    // A full-text query over three indexes, then the page.
    complexity: ({ first }) => ({ field: 50, multiplier: Math.min(Math.max(first ?? 20, 0), 100) }),
    description:
      'Full-text search over entity names and aliases, claim propositions and quoted words, ' +
      'ignoring case and accents ("lieberthál" finds Lieberthal). Any of the words may match; ' +
      'hits of all kinds come mixed, best first. Query syntax is not interpreted: every character ' +
      'is searched for as typed.',
    args: {
      query: t.arg.string({
        required: true,
        description: 'The words to look for; must not be empty.',
      }),
      kinds: t.arg({
        type: [SearchKind],
        required: false,
        description: 'Only hits of these kinds; all kinds when omitted.',
      }),
      first: t.arg.int({
        required: false,
        description: 'How many hits to return (at most 100; 20 when omitted).',
      }),
      after: t.arg.string({
        required: false,
        description: "Return hits after this cursor (an edge's cursor or pageInfo.endCursor).",
      }),
    },
    resolve: async (_root, args, ctx, info) => {
      const hits = await search(
        ctx.db,
        args.query,
        args.kinds ?? null,
        pageRequest({ first: args.first, after: args.after }),
      );
      await primeSearchHits(
        ctx,
        info,
        hits.edges.map((edge) => edge.node),
      );
      return hits;
    },
  }),
);
