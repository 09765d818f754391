import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createApp } from '../../src/app.ts';
import { createToken } from '../../src/auth/tokens.ts';
import { removeDocumentGraph } from '../../src/seed/loader.ts';
import { type GraphQLResponse, globalId, silentLogger } from '../helpers/app.ts';
import { useTestDatabase } from '../helpers/database.ts';

const db = useTestDatabase();
const curator = createToken('curator-dee', ['curator']);
const app = createApp({ db, logger: silentLogger, tokens: [curator.record] });
const DOCUMENT = 'doc:harbour-spill';

afterAll(() => removeDocumentGraph(db, DOCUMENT));

async function post<Data>(
  source: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<GraphQLResponse<Data>> {
  const response = await app.fetch('http://dossier/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query: source, variables }),
  });
  return (await response.json()) as GraphQLResponse<Data>;
}

/** An article nobody annotated, written for this test; it names the Pentagon the graph holds. */
const ARTICLE = `Port authority fines shipping firm over harbour spill

A regional port authority has fined a shipping company for an oil spill, and the company says the penalty is unfair.

The Northgate Port Authority fined Tarrow Shipping £2.5m on Tuesday over a spill that closed the harbour for three days. “This was entirely avoidable,” said Helen Marsh, the authority's chief inspector. Ms Marsh said the clean-up cost between £1m and £1.4m.

Tarrow Shipping denied that its crew had ignored safety warnings. “We followed every procedure,” said Omar Patel, a spokesman for the firm. He said the company would appeal, and that the Pentagon had once used the harbour.

By Lena Ortiz, Maritime correspondent, Harbour Daily
`;

interface ClaimView {
  key: string;
  provenance: {
    origin: string;
    review: string | null;
    draftedBy: string | null;
    change: { kind: string; by: string } | null;
  };
  attributions: { speaker: { name?: string } | null; mode: string }[];
}

const CLAIMS = `query($document: ID!, $reviewed: Boolean) {
  claims(filter: { document: $document, reviewedOnly: $reviewed }, first: 50) {
    totalCount
    edges { node { key
      provenance { origin review draftedBy change { kind by } }
      attributions { mode speaker { ... on Entity { name } } } } }
  }
}`;

async function claims(reviewed: boolean | null) {
  const answer = await post<{ claims: { totalCount: number; edges: { node: ClaimView }[] } }>(
    CLAIMS,
    { document: globalId('Document', DOCUMENT), reviewed },
  );
  expect(answer.errors).toBeUndefined();
  return answer.data?.claims ?? { totalCount: -1, edges: [] };
}

describe('drafting and reviewing an article', () => {
  it('drafts an unseen article, imports the draft, and shows its facts as drafts until a curator accepts, rejects or corrects them', async () => {
    const refused = await post(
      'mutation($text: String!) { draftDocument(text: $text) { extractor } }',
      {
        text: ARTICLE,
      },
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const drafted = await post<{
      draftDocument: { annotations: string; extractor: string; problems: unknown[] };
    }>(
      `mutation($text: String!, $document: String) {
        draftDocument(text: $text, sourceFile: "harbour-spill.txt", document: $document) {
          annotations extractor problems { path message } } }`,
      { text: ARTICLE, document: DOCUMENT },
      curator.token,
    );
    expect(drafted.errors).toBeUndefined();
    const draft = drafted.data?.draftDocument;
    expect(draft?.problems).toEqual([]);
    expect(draft?.extractor).toMatch(/^dossier-rules \d+\.\d+\.\d+$/);
    // The graph's Pentagon is recognised by its name, not drafted anew.
    expect(draft?.annotations).toContain('id: gov:pentagon');

    const imported = await post<{
      importDocument: { __typename: string; change?: { version: number } };
    }>(
      `mutation($input: ImportDocumentInput!) { importDocument(input: $input) {
        __typename ... on ImportDocumentSuccess { change { version } } } }`,
      { input: { text: ARTICLE, annotations: draft?.annotations } },
      curator.token,
    );
    expect(imported.data?.importDocument).toMatchObject({
      __typename: 'ImportDocumentSuccess',
      change: { version: 1 },
    });

    const all = await claims(null);
    expect(all.totalCount).toBeGreaterThanOrEqual(4);
    for (const { node } of all.edges) {
      expect(node.provenance).toMatchObject({ origin: 'DRAFT', review: 'DRAFT', change: null });
      expect(node.provenance.draftedBy).toBe(draft?.extractor);
    }
    const quote = all.edges.find(({ node }) => node.attributions[0]?.mode === 'DIRECT_QUOTE');
    expect(quote?.node.attributions[0]?.speaker?.name).toBe('Helen Marsh');
    expect((await claims(true)).totalCount).toBe(0);

    const [first, second, third] = all.edges.map(({ node }) => node.key);
    if (!first || !second || !third) throw new Error('too few claims drafted');
    const reviewed = await post<{
      reviewDraft: {
        __typename: string;
        change?: { version: number; change: { summary: string } };
      };
    }>(
      `mutation($input: ReviewDraftInput!) { reviewDraft(input: $input) {
        __typename ... on ReviewDraftSuccess { change { version change { summary } } }
        ... on MutationProblem { message } } }`,
      {
        input: {
          document: DOCUMENT,
          expectedVersion: 1,
          accept: [{ section: 'CLAIMS', id: first }],
          reject: [{ section: 'CLAIMS', id: second }],
        },
      },
      curator.token,
    );
    expect(reviewed.data?.reviewDraft).toMatchObject({
      __typename: 'ReviewDraftSuccess',
      change: {
        version: 2,
        change: { summary: `reviewed ${DOCUMENT}: accepted ${first}; rejected ${second}` },
      },
    });

    const annotations = parse(draft?.annotations ?? '') as {
      claims: { id: string; proposition: string }[];
    };
    const thirdItem = annotations.claims.find((claim) => claim.id === third);
    const corrected = await post<{ editDocument: { __typename: string } }>(
      `mutation($input: EditDocumentInput!) { editDocument(input: $input) { __typename } }`,
      {
        input: {
          document: DOCUMENT,
          expectedVersion: 2,
          edits: [
            {
              section: 'CLAIMS',
              id: third,
              item: JSON.stringify({ ...thirdItem, proposition: 'Corrected.' }),
            },
          ],
        },
      },
      curator.token,
    );
    expect(corrected.data?.editDocument.__typename).toBe('EditDocumentSuccess');

    const after = await claims(null);
    const byKey = new Map(after.edges.map(({ node }) => [node.key, node.provenance]));
    expect(byKey.get(first)).toMatchObject({
      origin: 'DRAFT',
      review: 'ACCEPTED',
      change: { kind: 'REVIEW', by: 'curator-dee' },
    });
    expect(byKey.has(second)).toBe(false);
    expect(byKey.get(third)).toMatchObject({
      origin: 'CURATION',
      review: 'CORRECTED',
      change: { kind: 'EDIT' },
    });
    const onlyReviewed = await claims(true);
    expect(onlyReviewed.edges.map(({ node }) => node.key).sort()).toEqual([first, third].sort());
    expect(onlyReviewed.totalCount).toBe(2);

    const again = await post<{
      reviewDraft: { __typename: string; problems?: { message: string }[] };
    }>(
      `mutation($input: ReviewDraftInput!) { reviewDraft(input: $input) {
        __typename ... on AnnotationsInvalid { problems { message } } } }`,
      {
        input: {
          document: DOCUMENT,
          expectedVersion: 2,
          accept: [{ section: 'CLAIMS', id: first }],
        },
      },
      curator.token,
    );
    expect(again.data?.reviewDraft.problems?.[0]?.message).toMatch(
      /was already accepted, by change/,
    );
  });

  it('keeps answering readers while it drafts a long article', async () => {
    const long = Array.from({ length: 40 }, () => ARTICLE).join('\n');
    const order: string[] = [];
    const drafting = post<{ draftDocument: { claims: number } }>(
      'mutation($text: String!) { draftDocument(text: $text) { claims } }',
      { text: long },
      curator.token,
    ).then((answer) => {
      order.push('draft');
      return answer;
    });
    // The draft runs in a worker thread: a read sent after it is answered first.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const read = await post<{ document: { key: string } }>(
      '{ document(key: "doc:000-6cfdbb14dfc71039") { key } }',
      {},
    );
    order.push('read');
    expect(read.data?.document.key).toBe('doc:000-6cfdbb14dfc71039');
    expect((await drafting).data?.draftDocument.claims).toBeGreaterThan(0);
    expect(order).toEqual(['read', 'draft']);
  });

  it('refuses to review a document that was annotated by hand', async () => {
    const answer = await post<{ reviewDraft: { __typename: string; code?: string } }>(
      `mutation($input: ReviewDraftInput!) { reviewDraft(input: $input) {
        __typename ... on MutationProblem { code } } }`,
      { input: { document: 'doc:000-6cfdbb14dfc71039', expectedVersion: 1, accept: [] } },
      curator.token,
    );
    expect(answer.data?.reviewDraft).toEqual({ __typename: 'ChangeRefused', code: 'NOT_A_DRAFT' });
  });
});
