/**
 * The comparison's query mix. Each query is written three times: as a service GraphQL query, as
 * the floor's route (bench/compare/floor.ts holds its one Cypher statement) and as a query in
 * the peer's own API with a function that turns the peer's answer into the service's shape.
 * Where the peer has no equivalent it is skipped, and the reason is part of the results.
 */
import { z } from 'zod';
import {
  claimCursorKey,
  encodeCursor,
  enumName,
  globalId,
  luceneQuery,
  nameKey,
} from './encoding.ts';

export const QUERY_NAMES = [
  'entityByName',
  'directQuotes',
  'directQuotesPage2',
  'neighbourhood',
  'entities',
  'search',
  'path',
] as const;
export type QueryName = (typeof QUERY_NAMES)[number];

export type Variables = Record<string, unknown>;

/** What the script learns from the service before anything runs. */
export interface MixContext {
  /** pageInfo.endCursor of the first page of direct quotes, used by all three for page 2. */
  directQuotesEndCursor: string;
}

export interface PeerQuery {
  query: string;
  variables: (context: MixContext) => Variables;
  /** The peer's data in the service's shape. */
  normalise: (data: unknown, context: MixContext) => unknown;
}

export interface MixQuery {
  name: QueryName;
  title: string;
  service: { query: string; variables: (context: MixContext) => Variables };
  floor: { variables: (context: MixContext) => Variables };
  peer: PeerQuery | { skip: string };
  /** Lists whose order is not part of the answer, put in one order in all three answers. */
  canonical?: (data: unknown) => unknown;
}

export function isPeerQuery(peer: MixQuery['peer']): peer is PeerQuery {
  return 'query' in peer;
}

// ---------------------------------------------------------------------------------------------
// The inputs: the article's best-connected source and the entities the examples use.

const ENTITY_NAME = 'Mr Lieberthal';
const LIEBERTHAL_KEY = 'person:kenneth-lieberthal';
const XU_GUANGYU_KEY = 'person:xu-guangyu';
const SEARCH_TEXT = 'enormous Lieberthál';
const CLAIMS_PAGE = 20;
const ENTITIES_PAGE = 100;
const INNER_PAGE = 20;
const SEARCH_PAGE = 10;
const NEIGHBOURHOOD_LIMIT = 30;
const PATH_MAX_LENGTH = 6;

// ---------------------------------------------------------------------------------------------
// Peer answers, checked as they are read (a wrong shape is a failed comparison, not a crash).

const exacts = z.array(z.object({ exact: z.string() }));

const claimKey = { id: z.string(), documentId: z.string(), position: z.number() };
type ClaimKeyed = { id: string; documentId: string; position: number };

function byReadingOrder(a: ClaimKeyed, b: ClaimKeyed): number {
  if (a.documentId !== b.documentId) return a.documentId < b.documentId ? -1 : 1;
  if (a.position !== b.position) return a.position - b.position;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const claimCursor = (claim: ClaimKeyed) =>
  encodeCursor([claim.documentId, claim.position, claim.id]);

/**
 * The claims an entity made, from its attributions: the peer cannot make a nested list distinct
 * or sort it by a field two hops away, so every attribution comes back and the order, the
 * de-duplication and the cut happen here.
 */
function claimsMadeFrom<Claim extends ClaimKeyed>(attributions: { claim: Claim[] }[]): Claim[] {
  const claims = new Map<string, Claim>();
  for (const attribution of attributions) {
    for (const claim of attribution.claim) claims.set(claim.id, claim);
  }
  return [...claims.values()].sort(byReadingOrder);
}

function firstUnique<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const id = key(item);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// 1. An entity by name, with its roles and its first ten claims

const peerRole = z.object({
  id: z.string(),
  title: z.string().nullable(),
  holder: z.array(z.object({ id: z.string() })),
  organization: z.array(z.object({ name: z.string() })),
  evidence: exacts,
});

const peerEntityByName = z.object({
  entities: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      name: z.string(),
      rolesHeld: z.array(peerRole),
      rolesAt: z.array(peerRole),
      attributionsSpoken: z.array(
        z.object({
          claim: z.array(
            z.object({
              ...claimKey,
              proposition: z.string(),
              attributions: z.array(z.object({ mode: z.string(), evidence: exacts })),
            }),
          ),
        }),
      ),
    }),
  ),
});

function normaliseEntityByName(data: unknown) {
  const [entity] = peerEntityByName.parse(data).entities;
  if (!entity) return { entity: null };
  const size = 10;
  // Roles held and roles held at it (an organisation), once each, by id, as the service lists them.
  const roles = firstUnique([...entity.rolesHeld, ...entity.rolesAt], (role) => role.id)
    .filter((role) => role.holder.length > 0)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const claims = claimsMadeFrom(entity.attributionsSpoken);
  const page = claims.slice(0, size);
  return {
    entity: {
      id: globalId(entity.type, entity.id),
      name: entity.name,
      kind: enumName(entity.type),
      roles: roles.map((role) => ({
        title: role.title,
        organization: role.organization[0] ? { name: role.organization[0].name } : null,
        evidence: role.evidence,
      })),
      claimsMade: {
        totalCount: claims.length,
        pageInfo: {
          hasNextPage: claims.length > size,
          endCursor: page.length > 0 ? claimCursor(page[page.length - 1] as ClaimKeyed) : null,
        },
        edges: page.map((claim) => ({
          cursor: claimCursor(claim),
          node: {
            id: globalId('Claim', claim.id),
            proposition: claim.proposition,
            attributions: claim.attributions.map((attribution) => ({
              mode: enumName(attribution.mode),
              evidence: attribution.evidence,
            })),
          },
        })),
      },
    },
  };
}

const ENTITY_BY_NAME: MixQuery = {
  name: 'entityByName',
  title: '1 entity by name, roles, 10 claims',
  service: {
    query: `query EntityByName($name: String!) {
  entity(name: $name) {
    id
    name
    kind
    roles { title organization { name } evidence { exact } }
    claimsMade(first: 10) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id proposition attributions { mode evidence { exact } } } }
    }
  }
}`,
    variables: () => ({ name: ENTITY_NAME }),
  },
  floor: { variables: () => ({ name: ENTITY_NAME }) },
  peer: {
    // The peer has no name lookup that folds case and accents: the client sends the folded key.
    query: `query EntityByName($key: String!) {
  entities(
    where: { names: { some: { key: { eq: $key } } } }
    sort: [{ mentionCount: DESC }, { id: ASC }]
    limit: 1
  ) {
    id
    type
    name
    rolesHeld { ...RoleFields }
    rolesAt { ...RoleFields }
    attributionsSpoken {
      claim {
        id
        documentId
        position
        proposition
        attributions(sort: [{ ordinal: ASC }]) {
          mode
          evidence { exact }
        }
      }
    }
  }
}
fragment RoleFields on Role {
  id
  title
  holder { id }
  organization { name }
  evidence { exact }
}`,
    variables: () => ({ key: nameKey(ENTITY_NAME) }),
    normalise: normaliseEntityByName,
  },
};

// ---------------------------------------------------------------------------------------------
// 2 and 3. The direct quotes, twenty at a time, with their speakers

const DIRECT_QUOTES_QUERY = `query DirectQuotes($after: String) {
  claims(first: ${CLAIMS_PAGE}, after: $after, filter: { modes: [DIRECT_QUOTE] }) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges {
      cursor
      node {
        id
        proposition
        speakers { ... on Entity { id name } ... on Comment { id name } }
      }
    }
  }
}`;

const PEER_DIRECT_QUOTES_QUERY = `query DirectQuotes($where: ClaimWhere!, $page: ClaimWhere!, $limit: Int!) {
  total: claimsConnection(where: $where) { totalCount }
  claims(where: $page, sort: [{ documentId: ASC }, { position: ASC }, { id: ASC }], limit: $limit) {
    id
    documentId
    position
    proposition
    attributions(sort: [{ ordinal: ASC }]) {
      speaker {
        __typename
        ... on Entity { id type name }
        ... on Comment { id number }
      }
    }
  }
}`;

const peerSpeaker = z.discriminatedUnion('__typename', [
  z.object({ __typename: z.literal('Entity'), id: z.string(), type: z.string(), name: z.string() }),
  z.object({ __typename: z.literal('Comment'), id: z.string(), number: z.number() }),
]);

const peerDirectQuotes = z.object({
  total: z.object({ totalCount: z.number() }),
  claims: z.array(
    z.object({
      ...claimKey,
      proposition: z.string(),
      attributions: z.array(z.object({ speaker: z.array(peerSpeaker) })),
    }),
  ),
});

const DIRECT_QUOTE_FILTER = { attributions: { some: { mode: { eq: 'direct_quote' } } } };

/** Page 2 in the peer's API: the service's cursor read as a keyset condition on the same key. */
function peerDirectQuotesVariables(after: string | null): Variables {
  if (after === null) {
    return { where: DIRECT_QUOTE_FILTER, page: DIRECT_QUOTE_FILTER, limit: CLAIMS_PAGE + 1 };
  }
  const key = claimCursorKey(after);
  const after_ = {
    OR: [
      { documentId: { gt: key.documentId } },
      { documentId: { eq: key.documentId }, position: { gt: key.position } },
      { documentId: { eq: key.documentId }, position: { eq: key.position }, id: { gt: key.id } },
    ],
  };
  return {
    where: DIRECT_QUOTE_FILTER,
    page: { AND: [DIRECT_QUOTE_FILTER, after_] },
    limit: CLAIMS_PAGE + 1,
  };
}

function normaliseDirectQuotes(data: unknown, after: string | null) {
  const parsed = peerDirectQuotes.parse(data);
  const page = parsed.claims.slice(0, CLAIMS_PAGE);
  return {
    claims: {
      totalCount: parsed.total.totalCount,
      pageInfo: {
        hasNextPage: parsed.claims.length > CLAIMS_PAGE,
        hasPreviousPage: after !== null,
        endCursor: page.length > 0 ? claimCursor(page[page.length - 1] as ClaimKeyed) : null,
      },
      edges: page.map((claim) => ({
        cursor: claimCursor(claim),
        node: {
          id: globalId('Claim', claim.id),
          proposition: claim.proposition,
          speakers: firstUnique(
            claim.attributions.flatMap((attribution) => attribution.speaker),
            (speaker) => speaker.id,
          ).map((speaker) =>
            speaker.__typename === 'Comment'
              ? { id: globalId('Comment', speaker.id), name: `Reader comment ${speaker.number}` }
              : { id: globalId(speaker.type, speaker.id), name: speaker.name },
          ),
        },
      })),
    },
  };
}

const DIRECT_QUOTES: MixQuery = {
  name: 'directQuotes',
  title: '2 direct quotes, page 1 of 20',
  service: { query: DIRECT_QUOTES_QUERY, variables: () => ({}) },
  floor: { variables: () => ({ first: CLAIMS_PAGE }) },
  peer: {
    query: PEER_DIRECT_QUOTES_QUERY,
    variables: () => peerDirectQuotesVariables(null),
    normalise: (data) => normaliseDirectQuotes(data, null),
  },
};

const DIRECT_QUOTES_PAGE_2: MixQuery = {
  name: 'directQuotesPage2',
  title: '3 direct quotes, page 2 by cursor',
  service: {
    query: DIRECT_QUOTES_QUERY,
    variables: (context) => ({ after: context.directQuotesEndCursor }),
  },
  floor: {
    variables: (context) => ({ first: CLAIMS_PAGE, after: context.directQuotesEndCursor }),
  },
  peer: {
    query: PEER_DIRECT_QUOTES_QUERY,
    variables: (context) => peerDirectQuotesVariables(context.directQuotesEndCursor),
    normalise: (data, context) => normaliseDirectQuotes(data, context.directQuotesEndCursor),
  },
};

// ---------------------------------------------------------------------------------------------
// 4. A neighbourhood at depth 2, cut at 30 nodes

const subgraphEdges = z.object({
  neighborhood: z.looseObject({ edges: z.array(z.looseObject({ id: z.string() })) }).nullable(),
});

const NEIGHBOURHOOD: MixQuery = {
  name: 'neighbourhood',
  title: `4 neighbourhood, depth 2, limit ${NEIGHBOURHOOD_LIMIT}`,
  service: {
    query: `query Neighbourhood($entity: ID!) {
  neighborhood(entity: $entity, depth: 2, limit: ${NEIGHBOURHOOD_LIMIT}) {
    truncated
    nodes { id kind label depth }
    edges { id type source target label }
  }
}`,
    variables: () => ({ entity: globalId('Person', LIEBERTHAL_KEY) }),
  },
  floor: {
    variables: () => ({ entity: LIEBERTHAL_KEY, depth: 2, limit: NEIGHBOURHOOD_LIMIT }),
  },
  peer: {
    skip:
      'no traversal to a given depth: depth 2 with the edges among the outer ring is a ' +
      'selection three hops deep, one field per relationship type and direction at each hop ' +
      '(18 ways out of an entity, 10 out of a claim, those through a role or an attribution ' +
      'two levels each): thousands of nested subqueries in every request',
  },
  // The service lists the outer ring's edges in the order Neo4j returns them, which no other
  // statement can be held to: edges are a set, compared in id order. Nodes keep their order.
  canonical: (data) => {
    const parsed = subgraphEdges.parse(data);
    if (!parsed.neighborhood) return parsed;
    const edges = [...parsed.neighborhood.edges].sort((a, b) =>
      a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    );
    return { neighborhood: { ...parsed.neighborhood, edges } };
  },
};

// ---------------------------------------------------------------------------------------------
// 5. A hundred entities, each with twenty mentions and twenty claims

const peerEntities = z.object({
  entities: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      name: z.string(),
      nameKeys: z.array(z.string()),
      mentionsConnection: z.object({
        totalCount: z.number(),
        edges: z.array(
          z.object({ node: z.object({ exact: z.string(), start: z.number(), end: z.number() }) }),
        ),
      }),
      attributionsSpoken: z.array(
        z.object({ claim: z.array(z.object({ ...claimKey, proposition: z.string() })) }),
      ),
    }),
  ),
});

function normaliseEntities(data: unknown) {
  // The service sorts by the folded name (nameKeys[0]), a list element the peer cannot sort
  // by: every entity comes back and the order and the cut happen here.
  const all = peerEntities
    .parse(data)
    .entities.map((entity) => ({ ...entity, sortName: entity.nameKeys[0] ?? '' }))
    .sort((a, b) =>
      a.sortName !== b.sortName
        ? a.sortName < b.sortName
          ? -1
          : 1
        : a.id < b.id
          ? -1
          : a.id > b.id
            ? 1
            : 0,
    );
  const page = all.slice(0, ENTITIES_PAGE);
  const cursor = (entity: { sortName: string; id: string }) =>
    encodeCursor([entity.sortName, entity.id]);
  const last = page[page.length - 1];
  return {
    entities: {
      totalCount: all.length,
      pageInfo: { hasNextPage: all.length > ENTITIES_PAGE, endCursor: last ? cursor(last) : null },
      edges: page.map((entity) => {
        const claims = claimsMadeFrom(entity.attributionsSpoken);
        return {
          cursor: cursor(entity),
          node: {
            id: globalId(entity.type, entity.id),
            name: entity.name,
            mentions: {
              totalCount: entity.mentionsConnection.totalCount,
              edges: entity.mentionsConnection.edges.map((edge) => ({
                node: {
                  span: { exact: edge.node.exact, start: edge.node.start, end: edge.node.end },
                },
              })),
            },
            claimsMade: {
              totalCount: claims.length,
              edges: claims
                .slice(0, INNER_PAGE)
                .map((claim) => ({ node: { proposition: claim.proposition } })),
            },
          },
        };
      }),
    },
  };
}

const ENTITIES: MixQuery = {
  name: 'entities',
  title: '5 100 entities, 20 mentions + 20 claims each',
  service: {
    query: `query Entities {
  entities(first: ${ENTITIES_PAGE}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        id
        name
        mentions(first: ${INNER_PAGE}) { totalCount edges { node { span { exact start end } } } }
        claimsMade(first: ${INNER_PAGE}) { totalCount edges { node { proposition } } }
      }
    }
  }
}`,
    variables: () => ({}),
  },
  floor: { variables: () => ({ first: ENTITIES_PAGE, inner: INNER_PAGE }) },
  peer: {
    query: `query Entities($inner: Int!) {
  entities {
    id
    type
    name
    nameKeys
    mentionsConnection(
      first: $inner
      sort: [{ node: { documentId: ASC } }, { node: { start: ASC } }, { node: { end: ASC } }]
    ) {
      totalCount
      edges { node { exact start end } }
    }
    attributionsSpoken { claim { id documentId position proposition } }
  }
}`,
    variables: () => ({ inner: INNER_PAGE }),
    normalise: normaliseEntities,
  },
};

// ---------------------------------------------------------------------------------------------
// 6. Full-text search: entity names, claim propositions and quoted words, best first

const scored = <Node extends z.ZodType>(node: Node) =>
  z.object({
    totalCount: z.number(),
    edges: z.array(z.object({ score: z.number(), node })),
  });

const peerSearch = z.object({
  entities: scored(z.object({ id: z.string(), type: z.string(), name: z.string() })),
  claims: scored(z.object({ id: z.string(), proposition: z.string() })),
  quotes: scored(
    z.object({
      id: z.string(),
      exact: z.string(),
      quotedIn: z.array(z.string()),
    }),
  ),
});

interface Hit {
  kind: 'ENTITY' | 'CLAIM' | 'QUOTE';
  id: string;
  score: number;
  result: Record<string, string>;
  claimIds: string[];
}

function normaliseSearch(data: unknown) {
  const parsed = peerSearch.parse(data);
  // Three indexes, three lists: merged best first as the service ranks them, ties by id.
  const hits: Hit[] = [
    ...parsed.entities.edges.map(
      ({ score, node }): Hit => ({
        kind: 'ENTITY',
        id: node.id,
        score,
        result: { __typename: node.type, id: globalId(node.type, node.id), name: node.name },
        claimIds: [],
      }),
    ),
    ...parsed.claims.edges.map(
      ({ score, node }): Hit => ({
        kind: 'CLAIM',
        id: node.id,
        score,
        result: {
          __typename: 'Claim',
          id: globalId('Claim', node.id),
          proposition: node.proposition,
        },
        claimIds: [],
      }),
    ),
    ...parsed.quotes.edges.map(
      ({ score, node }): Hit => ({
        kind: 'QUOTE',
        id: node.id,
        score,
        result: { __typename: 'Span', id: globalId('Span', node.id), exact: node.exact },
        claimIds: node.quotedIn,
      }),
    ),
  ].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const total = parsed.entities.totalCount + parsed.claims.totalCount + parsed.quotes.totalCount;
  const page = hits.slice(0, SEARCH_PAGE);
  const cursor = (hit: Hit) => encodeCursor([hit.score, hit.id]);
  const last = page[page.length - 1];
  return {
    search: {
      totalCount: total,
      pageInfo: { hasNextPage: total > SEARCH_PAGE, endCursor: last ? cursor(last) : null },
      edges: page.map((hit) => ({
        cursor: cursor(hit),
        node: {
          kind: hit.kind,
          score: hit.score,
          result: hit.result,
          quotedClaims: hit.claimIds.map((id) => ({ id: globalId('Claim', id) })),
        },
      })),
    },
  };
}

const SEARCH_ORDER = '[{ score: DESC }, { node: { id: ASC } }]';

const SEARCH: MixQuery = {
  name: 'search',
  title: `6 full-text search, first ${SEARCH_PAGE}`,
  service: {
    query: `query Search($query: String!) {
  search(query: $query, first: ${SEARCH_PAGE}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        kind
        score
        result {
          __typename
          ... on Entity { id name }
          ... on Claim { id proposition }
          ... on Span { id exact }
        }
        quotedClaims { id }
      }
    }
  }
}`,
    variables: () => ({ query: SEARCH_TEXT }),
  },
  floor: { variables: () => ({ query: SEARCH_TEXT, first: SEARCH_PAGE }) },
  peer: {
    // One @fulltext query per index (the same three indexes); a quote is a span that is some
    // attribution's evidence. Each returns its best ten, enough for the best ten of all three.
    query: `query Search($phrase: String!, $first: Int!) {
  entities: searchEntityNames(phrase: $phrase, first: $first, sort: ${SEARCH_ORDER}) {
    totalCount
    edges { score node { id type name } }
  }
  claims: searchClaimPropositions(phrase: $phrase, first: $first, sort: ${SEARCH_ORDER}) {
    totalCount
    edges { score node { id proposition } }
  }
  quotes: searchSpanText(
    phrase: $phrase
    first: $first
    sort: ${SEARCH_ORDER}
  ) {
    totalCount
    edges { score node { id exact quotedIn } }
  }
}`,
    // The words as the service turns them into a Lucene query: the scores depend on it.
    variables: () => ({ phrase: luceneQuery(SEARCH_TEXT), first: SEARCH_PAGE }),
    normalise: normaliseSearch,
  },
};

// ---------------------------------------------------------------------------------------------
// 7. A shortest path between two sources

const PATH: MixQuery = {
  name: 'path',
  title: `7 shortest path, maxLength ${PATH_MAX_LENGTH}`,
  service: {
    query: `query Path($from: ID!, $to: ID!) {
  path(from: $from, to: $to, maxLength: ${PATH_MAX_LENGTH}) {
    nodes { id kind label depth }
    edges { id type source target label }
  }
}`,
    variables: () => ({
      from: globalId('Person', LIEBERTHAL_KEY),
      to: globalId('Person', XU_GUANGYU_KEY),
    }),
  },
  floor: {
    variables: () => ({ from: LIEBERTHAL_KEY, to: XU_GUANGYU_KEY, maxLength: PATH_MAX_LENGTH }),
  },
  peer: { skip: 'no shortest path in its API (nor any traversal of unbounded depth)' },
};

export const MIX: readonly MixQuery[] = [
  ENTITY_BY_NAME,
  DIRECT_QUOTES,
  DIRECT_QUOTES_PAGE_2,
  NEIGHBOURHOOD,
  ENTITIES,
  SEARCH,
  PATH,
];
