import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type ClaimFilter,
  claimParams,
  type EntityClaimRole,
  type ProfiledPageStrategy,
  type ProfileStats,
  profiledPageStrategy,
  profileStats,
} from '../../src/graph/claim-store.ts';
import { claimPageStatement, entityStatement } from '../../src/graph/fetch-tree.ts';
import { encodeCursor, pageRequest } from '../../src/graph/pagination.ts';
import { defineQuery } from '../../src/neo4j/database.ts';
import { NO_CLAIM_FILTER } from '../helpers/claim-filters.ts';
import { useTestDatabase } from '../helpers/database.ts';

const db = useTestDatabase();

/**
 * The claims a filter lets through, in reading order, found the plain way: every claim tested.
 * With `speakerOf`, the speaker's claims: the attribution filters hold for the speaker's own.
 */
const everyMatch = defineQuery(
  'testEveryMatchingClaim',
  `MATCH (c:Claim)
   WHERE ($speakerOf IS NULL
          OR EXISTS { MATCH (own:Attribution)-[:ATTRIBUTES]->(c)
                      WHERE EXISTS { (own)-[:SPEAKER]->(:Entity {id: $speakerOf}) }
                        AND ($modes IS NULL OR own.mode IN $modes)
                        AND ($certainties IS NULL OR own.certainty IN $certainties)
                        AND ($polarities IS NULL OR own.polarity IN $polarities) })
     AND ($types IS NULL OR c.type IN $types)
     AND ($sourceKind IS NULL OR c.sourceKind = $sourceKind)
     AND ($reviewed IS NULL OR c.draft IS NULL)
     AND ($documentId IS NULL OR c.documentId = $documentId)
     AND ($aboutId IS NULL OR EXISTS { (c)-[:ABOUT]->(:Entity {id: $aboutId}) })
     AND (($modes IS NULL AND $certainties IS NULL AND $polarities IS NULL)
          OR EXISTS { MATCH (a:Attribution)-[:ATTRIBUTES]->(c)
                      WHERE ($modes IS NULL OR a.mode IN $modes)
                        AND ($certainties IS NULL OR a.certainty IN $certainties)
                        AND ($polarities IS NULL OR a.polarity IN $polarities) })
   RETURN c.id AS id, c.documentId AS documentId, c.position AS position
   ORDER BY c.documentId, c.position, c.id`,
  z.object({ id: z.string(), documentId: z.string(), position: z.number() }),
);

const FILTERS: Partial<ClaimFilter>[] = [
  { modes: ['direct_quote'] },
  { modes: ['paraphrase'], certainties: ['possible', 'probable'] },
  { types: ['prediction', 'estimate'] },
  { sourceKind: 'comment', polarities: ['negative'] },
  { types: ['assessment'], modes: ['author', 'reported'], reviewedOnly: true },
  { modes: ['direct_quote'], certainties: ['unknown'] },
  { reviewedOnly: true },
  // Over one subject's claims or one document's, the profile is a test on each claim.
  { aboutId: 'company:google', modes: ['direct_quote', 'paraphrase'] },
  { aboutId: 'gov:pentagon', types: ['denial'], reviewedOnly: true },
  { documentId: 'doc:000-6cfdbb14dfc71039', polarities: ['negative'] },
];

async function readAll(
  filter: ClaimFilter,
  byProfile: ProfiledPageStrategy,
  forward: boolean,
  keyOf: Map<string, [string, number, string]>,
): Promise<{ ids: string[]; total: number | null }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let total: number | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page = pageRequest(forward ? { first: 7, after: cursor } : { last: 7, before: cursor });
    const { query, params } = claimPageStatement(filter, page, true, { links: [] }, byProfile);
    const [row] = await db.read(query, params);
    total = row?.total ?? null;
    const found = (row?.rows ?? []).map((claim) => String((claim as unknown[][])[0]?.[0]));
    const shown = found.slice(0, 7);
    ids.push(...shown);
    const last = shown.at(-1);
    if (found.length <= 7 || last === undefined) break;
    cursor = encodeCursor(keyOf.get(last) ?? []);
  }
  return { ids: forward ? ids : ids.reverse(), total };
}

describe('pages of claims filtered by profile', () => {
  it('give the same claims and totals whether the profile index is sought or the reading order read, forwards and backwards', async () => {
    let nonEmpty = 0;
    for (const partial of FILTERS) {
      const filter = { ...NO_CLAIM_FILTER, ...partial };
      const expected = await db.read(everyMatch, { ...claimParams(filter), speakerOf: null });
      if (expected.length > 0) nonEmpty += 1;
      const keyOf = new Map(
        expected.map((row) => [
          row.id,
          [row.documentId, row.position, row.id] as [string, number, string],
        ]),
      );
      const ids = expected.map((row) => row.id);
      for (const byProfile of ['seek', 'scan'] as const) {
        for (const forward of [true, false]) {
          const read = await readAll(filter, byProfile, forward, keyOf);
          expect(read.ids, `${JSON.stringify(partial)} ${byProfile} ${forward}`).toEqual(ids);
          expect(read.total).toBe(ids.length);
        }
      }
    }
    expect(nonEmpty).toBeGreaterThanOrEqual(8);
  });

  it('seek a rare profile and read a common one in order', async () => {
    const rare = { ...NO_CLAIM_FILTER, modes: ['direct_quote'], certainties: ['unknown'] };
    const common = {
      ...NO_CLAIM_FILTER,
      modes: ['author', 'direct_quote', 'paraphrase', 'reported'],
    };
    expect(await profiledPageStrategy(db, claimParams(rare), 21)).toBe('seek');
    expect(await profiledPageStrategy(db, claimParams(common), 21)).toBe('scan');
    const plan = async (filter: ClaimFilter, byProfile: ProfiledPageStrategy) => {
      const { query, params } = claimPageStatement(
        filter,
        pageRequest({ first: 20 }),
        true,
        { links: [] },
        byProfile,
      );
      const result = await db.driver.executeQuery(`EXPLAIN ${query.cypher}`, params, {
        database: db.database,
      });
      return JSON.stringify(result.summary.plan);
    };
    expect(await plan(rare, 'seek')).toContain('Claim(profile)');
    expect(await plan(common, 'scan')).toContain('Claim(documentId, position, id)');
  });

  it("give an entity's claims under a filter inside the entity, the same whether the profiles known are all, some or none", async () => {
    const busiestSpeaker = defineQuery(
      'testBusiestSpeaker',
      `MATCH (e:Entity) RETURN e.id AS id ORDER BY e.claimsMadeCount DESC, e.id LIMIT 1`,
      z.object({ id: z.string() }),
    );
    const [speaker] = await db.read(busiestSpeaker);
    if (!speaker) throw new Error('the test graph has no speaker');
    const owners: [EntityClaimRole, string][] = [
      ['SUBJECT', 'company:google'],
      ['SPEAKER', speaker.id],
    ];
    const all = await profileStats(db);
    expect(all.length).toBeGreaterThan(3);
    const known: [string, ProfileStats | null][] = [
      ['all', all],
      ['half', all.filter((_, i) => i % 2 === 0)],
      ['none', []],
      ['not used', null],
    ];
    const nested = FILTERS.filter((partial) => !partial.aboutId);
    let nonEmpty = 0;
    for (const [role, entityId] of owners) {
      for (const partial of nested) {
        const filter = { ...NO_CLAIM_FILTER, ...partial };
        const expected = await db.read(everyMatch, {
          ...claimParams(filter),
          aboutId: role === 'SUBJECT' ? entityId : null,
          speakerOf: role === 'SPEAKER' ? entityId : null,
        });
        if (expected.length > 0) nonEmpty += 1;
        const keyOf = new Map(
          expected.map((row) => [row.id, [row.documentId, row.position, row.id]]),
        );
        for (const [name, profiles] of known) {
          // Backwards too with every profile known; the others differ only in the filter.
          for (const forward of name === 'all' ? [true, false] : [true]) {
            const ids: string[] = [];
            let cursor: string | null = null;
            let total: unknown = null;
            for (let pages = 0; pages < 100; pages++) {
              const page = pageRequest(
                forward ? { first: 7, after: cursor } : { last: 7, before: cursor },
              );
              const tree = {
                links: [
                  {
                    edge: 'entity.claims' as const,
                    role,
                    filter,
                    page,
                    withTotal: true,
                    child: { links: [] },
                  },
                ],
              };
              const { query, params } = entityStatement({ by: 'id', id: entityId }, tree, profiles);
              const [row] = await db.read(query, params);
              if (!row) throw new Error(`no entity ${entityId}`);
              const [, claims] = row.result as [unknown, [number, unknown[][][]]];
              total = claims[0];
              const found = claims[1].map((claim) => String(claim[0]?.[0]));
              const shown = found.slice(0, 7);
              ids.push(...shown);
              const last = shown.at(-1);
              if (found.length <= 7 || last === undefined) break;
              cursor = encodeCursor(keyOf.get(last) ?? []);
            }
            const context = `${role} ${entityId} ${JSON.stringify(partial)} ${name} ${forward}`;
            expect(forward ? ids : ids.reverse(), context).toEqual(expected.map((row) => row.id));
            expect(total, context).toBe(expected.length);
          }
        }
      }
    }
    expect(nonEmpty).toBeGreaterThanOrEqual(6);
  });
});
