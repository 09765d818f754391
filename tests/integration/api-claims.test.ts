import { describe, expect, it } from 'vitest';
import { claimsByEntity } from '../../src/graph/claim-store.ts';
import { pageRequest } from '../../src/graph/pagination.ts';
import { globalId, query, testApp } from '../helpers/app.ts';
import { NO_CLAIM_FILTER } from '../helpers/claim-filters.ts';
import { useTestDatabase } from '../helpers/database.ts';

const db = useTestDatabase();
const app = testApp(db);

interface ClaimNode {
  key: string;
  proposition: string;
  type: string;
  sourceKind: string;
  attributions: {
    mode: string;
    certainty: string;
    polarity: string;
    cue: string | null;
    speaker: { __typename: string; name: string };
    hedges: { exact: string }[];
    evidence: { exact: string; regionKind: string }[];
  }[];
}

const CLAIMS = `query Claims($filter: ClaimFilter, $first: Int, $after: String, $last: Int, $before: String) {
  claims(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { node {
      key proposition type sourceKind
      attributions { mode certainty polarity cue
        speaker { __typename ... on Entity { name } ... on Comment { name } }
        hedges { exact } evidence { exact regionKind } }
    } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

interface ClaimPage {
  claims: {
    totalCount: number;
    edges: { node: ClaimNode }[];
    pageInfo: {
      hasNextPage: boolean;
      hasPreviousPage: boolean;
      startCursor: string;
      endCursor: string;
    };
  };
}

describe('claims', () => {
  it("filters by speaker and mode: Ryan Lance's direct quotes, word for word", async () => {
    const { data } = await query<ClaimPage>(app, CLAIMS, {
      first: 50,
      filter: { speaker: globalId('Person', 'person:ryan-lance'), modes: ['DIRECT_QUOTE'] },
    });
    const quotes = data.claims.edges.flatMap((edge) =>
      edge.node.attributions.flatMap((a) => a.evidence.map((span) => span.exact)),
    );
    expect(quotes).toContain('We get intrusions into our systems daily');
    expect(quotes).toContain('We believe so. Yes.');
    for (const edge of data.claims.edges) {
      expect(
        edge.node.attributions.some(
          (a) => a.speaker.name === 'Ryan Lance' && a.mode === 'DIRECT_QUOTE',
        ),
      ).toBe(true);
    }
  });

  it("tests an entity's claimsMade filter on its own attribution, as claims(filter: {speaker}) does", async () => {
    // William Guo reports the claimants' claim that the group earned over $10m; the claimants
    // paraphrase it. His paraphrases do not include it; what he reports does.
    const GUO = globalId('Person', 'person:william-guo');
    const CLAIM = 'doc:000-6cfdbb14dfc71039/claim:hacker-group-earned-over-10m';
    const MADE = `query ($id: ID!, $filter: ClaimFilter) {
      node(id: $id) { ... on Entity { claimsMade(first: 100, filter: $filter) {
        totalCount edges { node { key } } } } }
    }`;
    const TOP = `query ($filter: ClaimFilter) {
      claims(first: 100, filter: $filter) { totalCount edges { node { key } } }
    }`;
    for (const modes of [['PARAPHRASE'], ['REPORTED'], ['DIRECT_QUOTE', 'PARAPHRASE']]) {
      const made = await query<{
        node: { claimsMade: { totalCount: number; edges: { node: { key: string } }[] } };
      }>(app, MADE, { id: GUO, filter: { modes } });
      const top = await query<{
        claims: { totalCount: number; edges: { node: { key: string } }[] };
      }>(app, TOP, { filter: { speaker: GUO, modes } });
      const keys = made.data.node.claimsMade.edges.map((edge) => edge.node.key);
      expect(keys, modes.join()).toEqual(top.data.claims.edges.map((edge) => edge.node.key));
      expect(made.data.node.claimsMade.totalCount).toBe(keys.length);
      expect(top.data.claims.totalCount).toBe(keys.length);
      expect(keys.includes(CLAIM.split('/')[1] ?? ''), modes.join()).toBe(
        modes.includes('REPORTED'),
      );
      // The batched read of several entities' claims, which other paths take, agrees.
      const [batched] = await claimsByEntity(
        db,
        ['person:william-guo'],
        'SPEAKER',
        { ...NO_CLAIM_FILTER, modes: modes.map((mode) => mode.toLowerCase()) },
        pageRequest({ first: 100 }),
      );
      expect(batched?.edges.map((edge) => edge.node.key)).toEqual(keys);
      expect(batched?.totalCount).toBe(keys.length);
    }
  });

  it("counts an entity's claimsAbout under a filter from its counts by profile, as the claims themselves count", async () => {
    const CHINA = globalId('Country', 'country:china');
    const ABOUT = `query ($id: ID!, $filter: ClaimFilter) {
      node(id: $id) { ... on Entity { claimsAbout(first: 100, filter: $filter) {
        totalCount edges { node { key } } } } }
    }`;
    const filters: {
      modes?: string[];
      certainties?: string[];
      polarity?: string;
      types?: string[];
      sourceKind?: string;
    }[] = [
      { modes: ['PARAPHRASE'] },
      { modes: ['DIRECT_QUOTE'], polarity: 'POSITIVE' },
      { certainties: ['PROBABLE', 'POSSIBLE'] },
      { types: ['ASSESSMENT'], sourceKind: 'ARTICLE' },
      { polarity: 'NEGATIVE' },
    ];
    let counted = 0;
    for (const filter of filters) {
      const about = await query<{
        node: { claimsAbout: { totalCount: number; edges: { node: { key: string } }[] } };
      }>(app, ABOUT, { id: CHINA, filter });
      const keys = about.data.node.claimsAbout.edges.map((edge) => edge.node.key);
      expect(about.data.node.claimsAbout.totalCount, JSON.stringify(filter)).toBe(keys.length);
      counted += keys.length;
      // The batched read, with the filter in parameters of one fixed statement, agrees.
      const lower = (values: string[] | undefined) =>
        values ? values.map((value) => value.toLowerCase()) : null;
      const [batched] = await claimsByEntity(
        db,
        ['country:china'],
        'SUBJECT',
        {
          ...NO_CLAIM_FILTER,
          types: lower(filter.types),
          modes: lower(filter.modes),
          certainties: lower(filter.certainties),
          polarities: lower(filter.polarity ? [filter.polarity] : undefined),
          sourceKind: filter.sourceKind?.toLowerCase() ?? null,
        },
        pageRequest({ first: 100 }),
      );
      expect(batched?.edges.map((edge) => edge.node.key)).toEqual(keys);
      expect(batched?.totalCount, JSON.stringify(filter)).toBe(keys.length);
    }
    expect(counted).toBeGreaterThan(5);
  });

  it('records how firmly a source commits, with the hedge words that set it', async () => {
    const { data } = await query<ClaimPage>(app, CLAIMS, {
      first: 100,
      filter: { certainties: ['PROBABLE', 'POSSIBLE'] },
    });
    const hedges = data.claims.edges.flatMap((edge) =>
      edge.node.attributions.flatMap((a) => a.hedges.map((hedge) => hedge.exact)),
    );
    expect(hedges).toEqual(
      expect.arrayContaining(['were thought to be', 'appears to be', 'We believe so']),
    );
  });

  it('finds denials by polarity: the college denies it had anything to do with the attacks', async () => {
    const { data } = await query<ClaimPage>(app, CLAIMS, {
      first: 20,
      filter: { polarity: 'NEGATIVE', sourceKind: 'ARTICLE', types: ['DENIAL'] },
    });
    const denial = data.claims.edges.find(
      (edge) => edge.node.key === 'claim:college-involved-in-attacks',
    );
    expect(denial?.node.attributions[0]).toMatchObject({
      polarity: 'NEGATIVE',
      cue: 'denied',
      speaker: { name: 'a technology college in Shandong province' },
    });
  });

  it('keeps reader comments apart from the article, each comment a source of its own', async () => {
    const { data } = await query<ClaimPage>(app, CLAIMS, {
      first: 100,
      filter: { sourceKind: 'COMMENT' },
    });
    expect(data.claims.totalCount).toBeGreaterThanOrEqual(20);
    for (const edge of data.claims.edges) {
      expect(edge.node.sourceKind).toBe('COMMENT');
      for (const attribution of edge.node.attributions) {
        for (const span of attribution.evidence) expect(span.regionKind).toBe('COMMENT');
      }
    }
    expect(
      data.claims.edges.some((edge) =>
        edge.node.attributions.some((a) => a.speaker.__typename === 'Comment'),
      ),
    ).toBe(true);
  });

  it('shows a claim and the claim that denies it, in both directions', async () => {
    const { data } = await query<{
      claims: {
        edges: {
          node: {
            key: string;
            stances: {
              type: string;
              direction: string;
              other: { key: string };
              evidence: { exact: string }[];
            }[];
          };
        }[];
      };
    }>(
      app,
      `{ claims(first: 100, filter: { about: "${globalId('Company', 'company:google')}" }) {
          edges { node { key stances { type direction other { key } evidence { exact } } } } } }`,
    );
    const tracing = data.claims.edges.find(
      (edge) => edge.node.key === 'claim:google-traced-hacking-to-college',
    );
    expect(tracing?.node.stances).toContainEqual(
      expect.objectContaining({
        type: 'DENIES',
        direction: 'INCOMING',
        other: { key: 'claim:college-involved-in-attacks' },
      }),
    );
  });

  it('pages claims forwards and backwards without gaps or repeats', async () => {
    const all = await query<ClaimPage>(app, CLAIMS, {
      first: 100,
      filter: { sourceKind: 'ARTICLE' },
    });
    const expected = all.data.claims.edges.map((edge) => edge.node.key);
    expect(expected.length).toBe(all.data.claims.totalCount);
    const forwards: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { data: ClaimPage } = await query<ClaimPage>(app, CLAIMS, {
        first: 11,
        after,
        filter: { sourceKind: 'ARTICLE' },
      });
      forwards.push(...page.data.claims.edges.map((edge) => edge.node.key));
      if (!page.data.claims.pageInfo.hasNextPage) break;
      after = page.data.claims.pageInfo.endCursor;
    }
    expect(forwards).toEqual(expected);
    const backwards: string[] = [];
    let before: string | null = null;
    for (;;) {
      const page: { data: ClaimPage } = await query<ClaimPage>(app, CLAIMS, {
        last: 13,
        before,
        filter: { sourceKind: 'ARTICLE' },
      });
      backwards.unshift(...page.data.claims.edges.map((edge) => edge.node.key));
      if (!page.data.claims.pageInfo.hasPreviousPage) break;
      before = page.data.claims.pageInfo.startCursor;
    }
    expect(backwards).toEqual(expected);
  });

  it('gives quantities as values: the commission puts losses at up to $300bn a year', async () => {
    const { data } = await query<{
      claims: {
        edges: {
          node: {
            key: string;
            quantities: {
              upper: number | null;
              unit: string;
              period: string | null;
              text: { exact: string };
            }[];
          };
        }[];
      };
    }>(
      app,
      `{ claims(first: 100, filter: { types: [ESTIMATE] }) { edges { node { key
          quantities { upper unit period text { exact } } } } } }`,
    );
    const losses = data.claims.edges.find(
      (edge) => edge.node.key === 'claim:commission-losses-up-to-300bn',
    );
    expect(losses?.node.quantities).toContainEqual(
      expect.objectContaining({ upper: 300e9, unit: 'USD', period: 'year' }),
    );
  });
});
