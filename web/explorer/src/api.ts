/** The explorer's only source of data: the public GraphQL API of the same origin. */

export type ReviewStatus = 'DRAFT' | 'ACCEPTED' | 'CORRECTED';
export type SourceKind = 'ARTICLE' | 'COMMENT';
export type StanceType = 'SUPPORTS' | 'DISPUTES' | 'DENIES' | 'QUALIFIES';

export interface Provenance {
  origin: string;
  review: ReviewStatus | null;
}

export interface Offsets {
  start: number;
  end: number;
}

export interface Quote extends Offsets {
  exact: string;
}

export type SourceRef =
  | { __typename: 'Comment'; id: string; name: string; number: number }
  | { __typename: string; id: string; name: string; kind: string };

export type Polarity = 'POSITIVE' | 'NEGATIVE';

/** Who gives a claim and whether they affirm or deny it. */
export interface Voice {
  polarity: Polarity;
  speaker: SourceRef;
}

export interface Attribution extends Voice {
  mode: string;
  certainty: string;
  cue: string | null;
  cueSpan: Offsets | null;
  reporter: SourceRef | null;
  evidence: Quote[];
  hedges: Quote[];
}

export interface Quantity {
  amount: number | null;
  lower: number | null;
  upper: number | null;
  unit: string;
  measure: string | null;
  period: string | null;
  approximate: boolean;
  text: Quote;
}

export interface ClaimSummary {
  id: string;
  proposition: string;
  type: string;
  document: { key: string };
}

export interface Stance {
  type: StanceType;
  direction: 'INCOMING' | 'OUTGOING';
  explicit: boolean;
  other: ClaimSummary & { attributions: Voice[] };
  evidence: Quote[];
}

/** What the graph and the filters need of a claim: who, how, about whom; not the words. */
export interface ClaimOutline extends ClaimSummary {
  sourceKind: SourceKind;
  provenance: Provenance;
  about: { id: string; name: string; kind: string }[];
  attributions: (Voice & { mode: string })[];
}

export interface Claim extends ClaimOutline {
  key: string;
  attributions: Attribution[];
  quantities: Quantity[];
}

/** A claim as its own panel shows it: with the stances in both directions, across documents. */
export interface ClaimDetail extends Claim {
  stances: Stance[];
}

/** A stance as the document's graph draws it: from one claim to another. */
export interface StanceLink {
  from: string;
  to: string;
  type: StanceType;
}

export interface Region extends Offsets {
  key: string;
  kind: string;
}

export interface DocumentText {
  id: string;
  key: string;
  title: string;
  publicationDate: string | null;
  text: string;
  regions: Region[];
  comments: { id: string; number: number; name: string; text: Offsets }[];
}

export interface EntitySummary {
  id: string;
  key: string;
  name: string;
  kind: string;
  scope: 'ARTICLE' | 'COMMENTS';
  mentionCount: number;
  provenance: Provenance;
  relations: { type: string; outgoing: boolean; other: { id: string } }[];
}

export interface Mention {
  kind: string;
  span: Offsets;
  entity: { id: string };
}

export interface EntityDetail {
  id: string;
  key: string;
  name: string;
  kind: string;
  description: string;
  aliases: string[];
  mentionCount: number;
  provenance: Provenance & { draftedBy: string | null };
  roles: {
    title: string | null;
    time: string;
    holder: { id: string; name: string };
    organization: { id: string; name: string } | null;
    evidence: Quote[];
  }[];
  relations: {
    type: string;
    outgoing: boolean;
    other: { id: string; name: string; kind: string };
  }[];
  claimsMade: { totalCount: number; edges: { node: ClaimSummary }[] };
  claimsAbout: { totalCount: number; edges: { node: ClaimSummary }[] };
}

export interface GraphNode {
  id: string;
  kind: string;
  label: string;
  depth: number;
}

export interface GraphEdge {
  id: string;
  type: string;
  source: string;
  target: string;
  label: string | null;
}

export interface Subgraph {
  truncated: boolean;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface SearchHit {
  kind: 'ENTITY' | 'CLAIM' | 'QUOTE';
  snippet: string;
  highlights: Offsets[];
  result: { __typename: string; id: string };
  quotedClaims: (ClaimSummary & { speakers: SourceRef[] })[];
}

interface Page<Node> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: Node }[];
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

const TIMEOUT = 'REQUEST_TIMEOUT';
/** Not a code of the API: no answer came from it. */
const UNREACHABLE = 'UNREACHABLE';

/** What went wrong, in words for the reader: the API's own message, or why there is none. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function request<Data>(query: string, variables: Record<string, unknown>): Promise<Data> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    // fetch() rejects ("Failed to fetch") only when no answer came at all.
    throw new ApiError(
      'The service cannot be reached: check that it is running, then try again.',
      UNREACHABLE,
    );
  }
  let body: { data?: Data; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // A proxy or a server that is starting up answers with something other than GraphQL.
    throw new ApiError(
      `The service answered HTTP ${response.status} with no readable answer.`,
      undefined,
    );
  }
  const [problem] = body.errors ?? [];
  if (problem) throw new ApiError(problem.message, problem.extensions?.code);
  if (!body.data) throw new ApiError(`no data (HTTP ${response.status})`, undefined);
  return body.data;
}

/**
 * Every page of a connection, one request after another (each page's cursor opens the next).
 * A page that takes the database too long is asked for again at half the size.
 */
async function allPages<Node>(
  pageSize: number,
  fetchPage: (after: string | null, first: number) => Promise<Page<Node>>,
): Promise<Node[]> {
  const nodes: Node[] = [];
  let after: string | null = null;
  let first = pageSize;
  for (;;) {
    let page: Page<Node>;
    try {
      page = await fetchPage(after, first);
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== TIMEOUT || first <= 5) throw error;
      first = Math.ceil(first / 2);
      continue;
    }
    nodes.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return nodes;
    after = page.pageInfo.endCursor;
  }
}

const SOURCE_FIELDS = `fragment SourceFields on Source {
  __typename
  ... on Entity { id name kind }
  ... on Comment { id name number }
}`;

const CLAIM_FIELDS = `fragment ClaimFields on Claim {
  id key proposition type sourceKind
  document { key }
  provenance { origin review }
  about { id name kind }
  attributions {
    mode certainty polarity cue
    cueSpan { start end }
    speaker { ...SourceFields }
    reporter { ...SourceFields }
    evidence { start end exact }
    hedges { start end exact }
  }
  quantities { amount lower upper unit measure period approximate text { start end exact } }
}
${SOURCE_FIELDS}`;

export interface DocumentSummary {
  id: string;
  key: string;
  title: string;
}

export function listDocuments(): Promise<DocumentSummary[]> {
  return allPages(100, async (after, first) => {
    const data = await request<{ documents: Page<DocumentSummary> }>(
      `query Documents($after: String, $first: Int!) {
        documents(first: $first, after: $after) {
          pageInfo { hasNextPage endCursor }
          edges { node { id key title } }
        }
      }`,
      { after, first },
    );
    return data.documents;
  });
}

export async function loadDocumentText(key: string): Promise<DocumentText | null> {
  const data = await request<{ document: DocumentText | null }>(
    `query DocumentText($key: String!) {
      document(key: $key) {
        id key title publicationDate text
        regions { key kind start end }
        comments { id number name text { start end } }
      }
    }`,
    { key },
  );
  return data.document;
}

export function loadDocumentEntities(documentId: string): Promise<EntitySummary[]> {
  return allPages(100, async (after, first) => {
    const data = await request<{ entities: Page<EntitySummary> }>(
      `query DocumentEntities($document: ID!, $after: String, $first: Int!) {
        entities(document: $document, first: $first, after: $after, sort: MENTIONS) {
          pageInfo { hasNextPage endCursor }
          edges { node {
            id key name kind scope mentionCount
            provenance { origin review }
            relations(document: $document) { type outgoing other { id } }
          } }
        }
      }`,
      { document: documentId, after, first },
    );
    return data.entities;
  });
}

export function loadDocumentMentions(documentId: string): Promise<Mention[]> {
  return allPages(100, async (after, first) => {
    const data = await request<{ node: { mentions: Page<Mention> } }>(
      `query DocumentMentions($document: ID!, $after: String, $first: Int!) {
        node(id: $document) { ... on Document {
          mentions(first: $first, after: $after) {
            pageInfo { hasNextPage endCursor }
            edges { node { kind span { start end } entity { id } } }
          }
        } }
      }`,
      { document: documentId, after, first },
    );
    return data.node.mentions;
  });
}

export function loadDocumentClaims(documentId: string): Promise<Claim[]> {
  return allPages(40, async (after, first) => {
    const data = await request<{ claims: Page<Claim> }>(
      `query DocumentClaims($document: ID!, $after: String, $first: Int!) {
        claims(filter: { document: $document }, first: $first, after: $after) {
          pageInfo { hasNextPage endCursor }
          edges { node { ...ClaimFields } }
        }
      }
      ${CLAIM_FIELDS}`,
      { document: documentId, after, first },
    );
    return data.claims;
  });
}

/** The document's claims without their words: one light request draws the graph. */
export function loadDocumentClaimOutlines(documentId: string): Promise<ClaimOutline[]> {
  return allPages(100, async (after, first) => {
    const data = await request<{ claims: Page<ClaimOutline> }>(
      `query DocumentClaimOutlines($document: ID!, $after: String, $first: Int!) {
        claims(filter: { document: $document }, first: $first, after: $after) {
          pageInfo { hasNextPage endCursor }
          edges { node {
            id proposition type sourceKind
            document { key }
            provenance { origin review }
            about { id name kind }
            attributions { mode polarity speaker { ...SourceFields } }
          } }
        }
      }
      ${SOURCE_FIELDS}`,
      { document: documentId, after, first },
    );
    return data.claims;
  });
}

/** The stances the document's claims take (asked apart: one statement per request stays short). */
export async function loadDocumentStances(documentId: string): Promise<StanceLink[]> {
  const claims = await allPages(100, async (after, first) => {
    const data = await request<{
      claims: Page<{ id: string; stances: { type: StanceType; other: { id: string } }[] }>;
    }>(
      `query DocumentStances($document: ID!, $after: String, $first: Int!) {
        claims(filter: { document: $document }, first: $first, after: $after) {
          pageInfo { hasNextPage endCursor }
          edges { node { id stances(direction: OUTGOING) { type other { id } } } }
        }
      }`,
      { document: documentId, after, first },
    );
    return data.claims;
  });
  return claims.flatMap((claim) =>
    claim.stances.map((stance) => ({ from: claim.id, to: stance.other.id, type: stance.type })),
  );
}

export async function loadClaim(id: string): Promise<ClaimDetail | null> {
  const data = await request<{ node: ClaimDetail | null }>(
    `query Claim($id: ID!) {
      node(id: $id) { ... on Claim {
        ...ClaimFields
        stances {
          type direction explicit
          other {
            id proposition type document { key }
            attributions { polarity speaker { ...SourceFields } }
          }
          evidence { start end exact }
        }
      } }
    }
    ${CLAIM_FIELDS}`,
    { id },
  );
  return data.node && 'proposition' in data.node ? data.node : null;
}

export async function loadEntity(id: string): Promise<EntityDetail | null> {
  const data = await request<{ entity: EntityDetail | null }>(
    `query Entity($id: ID!) {
      entity(id: $id) {
        id key name kind description aliases mentionCount
        provenance { origin review draftedBy }
        roles(first: 20) {
          title time
          holder { id name }
          organization { id name }
          evidence { start end exact }
        }
        relations { type outgoing other { id name kind } }
        claimsMade(first: 20) { totalCount edges { node { id proposition type document { key } } } }
        claimsAbout(first: 20) { totalCount edges { node { id proposition type document { key } } } }
      }
    }`,
    { id },
  );
  return data.entity;
}

const SUBGRAPH_FIELDS = `truncated
  nodes { id kind label depth }
  edges { id type source target label }`;

export async function loadNeighbourhood(entity: string, depth: number): Promise<Subgraph | null> {
  const data = await request<{ neighborhood: Subgraph | null }>(
    `query Neighbourhood($entity: ID!, $depth: Int!) {
      neighborhood(entity: $entity, depth: $depth, limit: 60) { ${SUBGRAPH_FIELDS} }
    }`,
    { entity, depth },
  );
  return data.neighborhood;
}

export async function loadPath(from: string, to: string): Promise<Subgraph | null> {
  const data = await request<{ path: Subgraph | null }>(
    `query Path($from: ID!, $to: ID!) { path(from: $from, to: $to) { ${SUBGRAPH_FIELDS} } }`,
    { from, to },
  );
  return data.path;
}

export async function search(text: string): Promise<SearchHit[]> {
  const data = await request<{ search: { edges: { node: SearchHit }[] } }>(
    `query Search($text: String!) {
      search(query: $text, first: 12) {
        edges { node {
          kind snippet
          highlights { start end }
          result {
            __typename
            ... on Entity { id }
            ... on Claim { id }
            ... on Span { id }
          }
          quotedClaims { id proposition type document { key } speakers { ...SourceFields } }
        } }
      }
    }
    ${SOURCE_FIELDS}`,
    { text },
  );
  return data.search.edges.map((edge) => edge.node);
}
