import { describe, expect, it } from 'vitest';
import { globalId, graphql, query, testApp } from '../helpers/app.ts';
import { useTestDatabase } from '../helpers/database.ts';

const app = testApp(useTestDatabase());
const DOC = 'doc:000-6cfdbb14dfc71039';

describe('node and nodes', () => {
  it('fetches any object again by the global id the API gave it', async () => {
    const { data } = await query<{
      entity: { id: string };
      claims: { edges: { node: { id: string; attributions: { evidence: { id: string }[] }[] } }[] };
      documents: { edges: { node: { id: string; comments: { id: string }[] } }[] };
    }>(
      app,
      `{ entity(key: "person:william-guo") { id }
         claims(first: 1) { edges { node { id attributions { evidence { id } } } } }
         documents(first: 1) { edges { node { id comments { id } } } } }`,
    );
    const claim = data.claims.edges[0]?.node;
    const document = data.documents.edges[0]?.node;
    const ids = [
      data.entity.id,
      claim?.id,
      claim?.attributions[0]?.evidence[0]?.id,
      document?.id,
      document?.comments[0]?.id,
    ];
    const { data: again } = await query<{ nodes: { __typename: string; id: string }[] }>(
      app,
      'query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }',
      { ids },
    );
    expect(again.nodes.map((node) => node.__typename)).toEqual([
      'Person',
      'Claim',
      'Span',
      'Document',
      'Comment',
    ]);
    expect(again.nodes.map((node) => node.id)).toEqual(ids);
  });

  it('answers node(id) with the fields of the concrete type', async () => {
    const { data } = await query<{ node: { name: string; description: string } }>(
      app,
      `{ node(id: "${globalId('Company', 'company:nexusguard')}") { ... on Entity { name description } } }`,
    );
    expect(data.node.name).toBe('Nexusguard');
  });

  it('gives null for a well-formed id of nothing, and for an id of the wrong kind', async () => {
    const result = await graphql<{ missing: null; wrongKind: null }>(
      app,
      `{ missing: node(id: "${globalId('Person', 'person:nobody')}") { id }
         wrongKind: node(id: "${globalId('Company', 'person:xu-guangyu')}") { id } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ missing: null, wrongKind: null });
  });
});

describe('an id this API did not give out', () => {
  it('fails node(id) alone, at its path, and the rest of the query still answers', async () => {
    const result = await graphql<{ databaseInfo: { version: string }; node: null }>(
      app,
      `{ databaseInfo { version } node(id: "zzz") { id }
         kept: node(id: "${globalId('Company', 'company:nexusguard')}") { id } }`,
    );
    expect(result.data?.databaseInfo.version).toMatch(/^5\./);
    expect(result.data).toMatchObject({
      node: null,
      kept: { id: globalId('Company', 'company:nexusguard') },
    });
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['INVALID_ID']);
    expect(result.errors?.[0]).toMatchObject({ path: ['node'] });
  });
});

describe('bad input', () => {
  const cases: [string, string, string][] = [
    ['a malformed id', '{ node(id: "not-an-id") { id } }', 'INVALID_ID'],
    ['a first above the cap', '{ entities(first: 101) { totalCount } }', 'PAGE_SIZE_OUT_OF_RANGE'],
    ['a negative last', '{ claims(last: -1) { totalCount } }', 'PAGE_SIZE_OUT_OF_RANGE'],
    [
      'a cursor this API did not give',
      '{ claims(first: 2, after: "bm9wZQ") { totalCount } }',
      'INVALID_CURSOR',
    ],
    ['first and last together', '{ claims(first: 2, last: 2) { totalCount } }', 'BAD_USER_INPUT'],
    ['entity with two lookups', '{ entity(key: "a", name: "b") { name } }', 'BAD_USER_INPUT'],
    [
      'an id this API did not give out, naming the argument',
      '{ claims(filter: { about: "zzz" }) { totalCount } }',
      'INVALID_ID',
    ],
    [
      'a claim id where a speaker id belongs',
      `{ claims(filter: { speaker: "${globalId('Claim', `${DOC}/claim:x`)}" }) { totalCount } }`,
      'INVALID_ID',
    ],
  ];
  for (const [what, source, code] of cases) {
    it(`refuses ${what} with ${code} and a message saying what to do`, async () => {
      const result = await graphql(app, source);
      expect(result.errors?.[0]?.extensions?.code).toBe(code);
      expect(result.errors?.[0]?.message.length).toBeGreaterThan(30);
      if (what.includes('naming the argument')) {
        expect(result.errors?.[0]?.extensions).toMatchObject({
          argument: 'filter.about',
          id: 'zzz',
        });
        expect(result.errors?.[0]?.message).toMatch(/^"filter\.about": "zzz" is not an id/);
      }
    });
  }
});
