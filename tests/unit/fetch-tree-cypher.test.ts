import { describe, expect, it } from 'vitest';
import {
  claimPageStatement,
  entityPageStatement,
  entityStatement,
  type FetchTree,
} from '../../src/graph/fetch-tree.ts';
import { pageRequest } from '../../src/graph/pagination.ts';
import { NO_CLAIM_FILTER } from '../helpers/claim-filters.ts';

/**
 * The Cypher the data layer generates for a few selections, kept as files next to this test:
 * a change in what is read, or how, shows up in review as a diff of these statements.
 */

const leaf: FetchTree = { links: [] };
const sources = { edge: 'attribution.sources', child: { entity: leaf, comment: leaf } } as const;

/** entity(name) { roles { organization evidence } claimsMade(first: 5, modes: DIRECT_QUOTE) {...} } */
const whoSaidWhat: FetchTree = {
  links: [
    {
      edge: 'entity.roles',
      first: 20,
      child: { links: [{ edge: 'role.organization', child: leaf }, { edge: 'role.evidence' }] },
    },
    {
      edge: 'entity.claims',
      role: 'SPEAKER',
      filter: { ...NO_CLAIM_FILTER, modes: ['DIRECT_QUOTE'] },
      page: pageRequest({ first: 5 }),
      withTotal: true,
      child: {
        links: [
          {
            edge: 'claim.attributions',
            child: { links: [sources, { edge: 'attribution.spans' }] },
          },
        ],
      },
    },
  ],
};

describe('the Cypher generated for a selection', () => {
  it('reads an entity by name, its roles and its quoted claims in one statement', async () => {
    const { query, params } = entityStatement({ by: 'name', name: 'Mr Lieberthal' }, whoSaidWhat);
    expect(params.key).toBe('mr lieberthal');
    const modes = Object.entries(params).filter(([name]) => name.endsWith('_modes'));
    expect(modes.map(([, value]) => value)).toEqual([['DIRECT_QUOTE']]);
    await expect(query.cypher).toMatchFileSnapshot('./__snapshots__/entity-who-said-what.cypher');
  });

  it('reads a claim page with speakers and the claims that dispute it, counting only when asked', async () => {
    const tree: FetchTree = {
      links: [
        { edge: 'claim.attributions', child: leaf },
        { edge: 'claim.speakers', child: { entity: leaf, comment: leaf } },
        {
          edge: 'claim.stances',
          child: {
            links: [
              {
                edge: 'stance.claims',
                child: {
                  links: [
                    { edge: 'claim.attributions', child: leaf },
                    { edge: 'claim.speakers', child: { entity: leaf, comment: leaf } },
                  ],
                },
              },
              { edge: 'stance.evidence' },
            ],
          },
        },
      ],
    };
    const counted = claimPageStatement(
      { ...NO_CLAIM_FILTER, types: ['ACCUSATION'], sourceKind: 'article' },
      pageRequest({ first: 10 }),
      true,
      tree,
    );
    const uncounted = claimPageStatement(NO_CLAIM_FILTER, pageRequest({ first: 10 }), false, tree);
    expect(counted.query.cypher).toContain('MATCH (p:ClaimProfile)');
    expect(uncounted.query.cypher).not.toContain('ClaimProfile');
    await expect(counted.query.cypher).toMatchFileSnapshot(
      './__snapshots__/claims-disputes.cypher',
    );
  });

  it('reads a page of entities with a page of mentions and claims each, from one statement', async () => {
    const tree: FetchTree = {
      fields: ['name'],
      links: [
        {
          edge: 'entity.mentions',
          regionKinds: null,
          page: pageRequest({ first: 20 }),
          withTotal: false,
          spanFields: [],
        },
        {
          edge: 'entity.claims',
          role: 'SPEAKER',
          filter: NO_CLAIM_FILTER,
          page: pageRequest({ first: 20 }),
          withTotal: false,
          child: leaf,
        },
      ],
    };
    const { query, params } = entityPageStatement(
      { types: null, name: null, documentId: null },
      'MENTIONS',
      pageRequest({ first: 100 }),
      false,
      tree,
    );
    expect(params.limit).toEqual(expect.objectContaining({ low: 101 }));
    await expect(query.cypher).toMatchFileSnapshot(
      './__snapshots__/entities-with-mentions-and-claims.cypher',
    );
  });

  it('gives the same text for the same shape, so Neo4j plans it once', () => {
    const first = entityStatement({ by: 'name', name: 'Mr Lieberthal' }, whoSaidWhat);
    const second = entityStatement({ by: 'name', name: 'Ryan Lance' }, whoSaidWhat);
    expect(second.query.cypher).toBe(first.query.cypher);
    expect(second.params.key).not.toBe(first.params.key);
  });
});
