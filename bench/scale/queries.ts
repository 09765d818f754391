/**
 * The query mix of the scale benchmark: the speed benchmark's kinds of request, aimed at inputs
 * found in the graph itself (its most mentioned entity, say), so that they mean the same at
 * every size and on any graph, the article alone included.
 */
import { z } from 'zod';
import { readSeed } from '../../src/seed/files.ts';
import { annotationsSchema } from '../../src/seed/format.ts';

export type Variables = Record<string, unknown>;
export type Post = (query: string, variables?: Variables) => Promise<unknown>;

export interface ScaleQuery {
  name: string;
  title: string;
  query: string;
  variables: Variables;
  /** Must stay index-backed and bounded: p50 may at most double from the article to x1000. */
  bounded: boolean;
}

/** What the mix aims at, read from the graph through the API. */
export interface ScaleInputs {
  hub: { id: string; name: string };
  /** The 50th most mentioned entity (or the last there is): the far end of the path. */
  other: { id: string; name: string };
  claimsEndCursor: string | null;
  /** The shipped article's document key: the graph holds it at every size. */
  article: string;
}

const CLAIMS_QUERY = `query DirectQuotes($after: String) {
  claims(first: 20, after: $after, filter: { modes: [DIRECT_QUOTE] }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id proposition speakers { ... on Entity { id name } ... on Comment { id name } } } }
  }
}`;

const mostMentioned = z.object({
  stats: z.object({
    mostMentioned: z.array(z.object({ id: z.string(), name: z.string() })).min(1),
  }),
});
const claimsPage = z.object({
  claims: z.object({ pageInfo: z.object({ endCursor: z.string().nullable() }) }),
});

export async function findInputs(post: Post): Promise<ScaleInputs> {
  const ranked = mostMentioned.parse(
    await post('{ stats { mostMentioned(first: 50) { id name } } }'),
  ).stats.mostMentioned;
  const hub = ranked[0];
  const other = ranked.at(-1);
  if (!hub || !other) throw new Error('the graph holds no entity');
  const firstPage = claimsPage.parse(await post(CLAIMS_QUERY));
  const seed = annotationsSchema.parse((await readSeed()).annotations);
  return {
    hub,
    other,
    claimsEndCursor: firstPage.claims.pageInfo.endCursor,
    article: seed.document.id,
  };
}

const ENTITY_BY_NAME = `query EntityByName($name: String!) {
  entity(name: $name) {
    id name kind
    roles { title organization { name } evidence { exact } }
    claimsMade(first: 10) {
      totalCount
      edges { node { id proposition attributions { mode evidence { exact } } } }
    }
  }
}`;

export function scaleQueries(inputs: ScaleInputs): ScaleQuery[] {
  return [
    {
      name: 'entityByName',
      title: 'the most mentioned entity by name, roles, 10 claims',
      bounded: true,
      query: ENTITY_BY_NAME,
      variables: { name: inputs.hub.name },
    },
    {
      name: 'entityByNameOther',
      title: 'the 50th most mentioned entity by name, roles, 10 claims',
      bounded: true,
      query: ENTITY_BY_NAME,
      variables: { name: inputs.other.name },
    },
    {
      name: 'claimPage',
      title: 'direct quotes, page 1 of 20, with totalCount',
      bounded: true,
      query: CLAIMS_QUERY,
      variables: {},
    },
    {
      name: 'claimPage2',
      title: 'direct quotes, page 2 by cursor',
      bounded: true,
      query: CLAIMS_QUERY,
      variables: { after: inputs.claimsEndCursor },
    },
    {
      name: 'claimPageNoTotal',
      title: 'direct quotes, page 1 of 20, no totalCount',
      bounded: true,
      query: `{
  claims(first: 20, filter: { modes: [DIRECT_QUOTE] }) {
    pageInfo { hasNextPage endCursor }
    edges { node { id proposition } }
  }
}`,
      variables: {},
    },
    {
      name: 'search',
      title: 'full-text search for the hub name, first 10',
      bounded: false,
      query: `query Search($query: String!) {
  search(query: $query, first: 10) {
    totalCount
    edges { node { kind score result { __typename ... on Entity { id name } ... on Claim { id proposition } ... on Span { id exact } } } }
  }
}`,
      variables: { query: inputs.hub.name },
    },
    {
      name: 'neighbourhood',
      title: 'neighbourhood of the hub, depth 2, limit 30',
      bounded: true,
      query: `query Neighbourhood($entity: ID!) {
  neighborhood(entity: $entity, depth: 2, limit: 30) {
    truncated
    nodes { id kind label depth }
    edges { id type source target label }
  }
}`,
      variables: { entity: inputs.hub.id },
    },
    {
      name: 'path',
      title: 'shortest path, hub to the 50th most mentioned, maxLength 6',
      bounded: false,
      query: `query Path($from: ID!, $to: ID!) {
  path(from: $from, to: $to, maxLength: 6) {
    nodes { id kind label }
    edges { id type source target }
  }
}`,
      variables: { from: inputs.hub.id, to: inputs.other.id },
    },
    {
      // The article is in the graph at every size: its page of claims and of mentions must read
      // the article's own, not the corpus's.
      name: 'articleClaimsAndMentions',
      title: "the article's first 20 claims and first 20 mentions, with totalCount",
      bounded: true,
      query: `query TheArticle($key: String!) {
  document(key: $key) {
    title
    claims(first: 20) { totalCount edges { node { id proposition } } }
    mentions(first: 20) { totalCount edges { node { kind entity { name } span { exact start } } } }
  }
}`,
      variables: { key: inputs.article },
    },
    {
      name: 'entitiesByMentions',
      title: 'entities sorted by mention count, first 20, with totalCount',
      bounded: false,
      query: `{
  entities(first: 20, sort: MENTIONS) {
    totalCount
    edges { node { id name mentionCount } }
  }
}`,
      variables: {},
    },
    {
      name: 'stats',
      title: 'stats: every count and the 10 most mentioned',
      bounded: false,
      query: `{
  stats {
    documents entities claims mentions attributions quantities relations roles spans stances comments
    entitiesByKind { kind count } claimsByType { kind count } attributionsByMode { kind count }
    stancesByType { kind count } claimsBySourceKind { kind count }
    mostMentioned(first: 10) { name }
  }
}`,
      variables: {},
    },
  ];
}
