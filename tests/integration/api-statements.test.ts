import { describe, expect, it } from 'vitest';
import {
  attributionsByClaim,
  claimsByEntity,
  claimsByIds,
  profileStats,
  spansByIds,
  stancesByClaim,
} from '../../src/graph/claim-store.ts';
import { stancesFromElsewhere } from '../../src/graph/curation-store.ts';
import { documentsPage } from '../../src/graph/document-store.ts';
import {
  entitiesByIds,
  entitiesPage,
  entityByName,
  mentionsByDocument,
  mentionsByEntity,
  relationsByEntity,
  rolesByEntity,
} from '../../src/graph/entity-store.ts';
import {
  type FetchTree,
  fetchClaimPage,
  fetchEntity,
  fetchEntityPage,
} from '../../src/graph/fetch-tree.ts';
import {
  changesOfClaims,
  changesOfEntities,
  changesPage,
  latestChangeId,
  latestChangesOfDocument,
} from '../../src/graph/history-store.ts';
import { pageRequest } from '../../src/graph/pagination.ts';
import { StatementCounter } from '../../src/neo4j/database.ts';
import { query, testApp } from '../helpers/app.ts';
import { NO_CLAIM_FILTER } from '../helpers/claim-filters.ts';
import { useTestDatabase } from '../helpers/database.ts';
import { explain } from '../helpers/plans.ts';

const db = useTestDatabase();
const app = testApp(db);
const DOC = 'doc:000-6cfdbb14dfc71039';

const ENTITIES_WITH_ROLES_AND_CLAIMS = `query($first: Int!) {
  entities(first: $first, sort: MENTIONS) {
    edges { node {
      name kind mentionCount
      roles { title time organization { name } holder { name } evidence { exact } }
      claimsMade(first: 5) { totalCount edges { node {
        proposition type
        attributions { mode certainty speaker { ... on Entity { name } ... on Comment { number } } evidence { exact } }
        stances { type other { proposition } }
      } } }
      claimsAbout(first: 5) { totalCount edges { node { proposition } } }
    } }
  }
}`;

describe('statements per request (no N+1)', () => {
  it('runs a bounded number of statements for 50 entities with roles and claims, as for 5', async () => {
    const fifty = await query<{ entities: { edges: unknown[] } }>(
      app,
      ENTITIES_WITH_ROLES_AND_CLAIMS,
      { first: 50 },
    );
    const five = await query<{ entities: { edges: unknown[] } }>(
      app,
      ENTITIES_WITH_ROLES_AND_CLAIMS,
      { first: 5 },
    );
    expect(fifty.data.entities.edges).toHaveLength(50);
    // The selection is read in one statement, whatever the number of results.
    expect(five.statements).toBe(1);
    expect(fifty.statements).toBe(1);
  });

  it('grows with the depth of the query, not with the number of results', async () => {
    const shallow = await query(app, '{ claims(first: 100) { edges { node { proposition } } } }');
    const deeper = await query(
      app,
      '{ claims(first: 100) { edges { node { proposition about { name } attributions { evidence { exact } } } } } }',
    );
    expect(shallow.statements).toBe(1);
    expect(deeper.statements).toBe(1);
  });

  it('reads fragments, aliases with their own arguments and @skip in the same one statement', async () => {
    const source = `query($skip: Boolean!) {
      entity(name: "Mr Lieberthal") {
        ...Roles
        quotes: claimsMade(first: 1, filter: { modes: [DIRECT_QUOTE] }) {
          edges { node { proposition } }
        }
        all: claimsMade(first: 3) {
          totalCount
          edges { node { attributions { mode evidence @skip(if: $skip) { exact } } } }
        }
      }
    }
    fragment Roles on Person { roles { title organization { name } } }`;
    interface Answer {
      entity: {
        roles: { organization: { name: string } | null }[];
        quotes: { edges: { node: { proposition: string } }[] };
        all: {
          totalCount: number;
          edges: { node: { attributions: { mode: string; evidence?: { exact: string }[] }[] } }[];
        };
      };
    }
    // The claim profiles that the quotes' filter is tested by are read once a process, then at
    // most every 30 s, by one more statement on the request that reads them.
    await query<Answer>(app, source, { skip: true });
    const skipped = await query<Answer>(app, source, { skip: true });
    const shown = await query<Answer>(app, source, { skip: false });
    for (const { data, statements } of [skipped, shown]) {
      expect(statements).toBe(1);
      expect(data.entity.roles.map((role) => role.organization?.name)).toContain(
        'Brookings Institution',
      );
      expect(data.entity.quotes.edges).toHaveLength(1);
      expect(data.entity.all.edges).toHaveLength(3);
      expect(data.entity.all.totalCount).toBeGreaterThan(3);
    }
    const firstAttribution = (answer: Answer) => answer.entity.all.edges[0]?.node.attributions[0];
    expect(firstAttribution(skipped.data)).not.toHaveProperty('evidence');
    expect(firstAttribution(shown.data)?.evidence?.[0]?.exact.length).toBeGreaterThan(0);
  });

  it('pages entities by cursor when the selection reads nothing but their ids', async () => {
    for (const sort of ['NAME', 'MENTIONS']) {
      const first = await query<{
        entities: { edges: { cursor: string; node: { id: string } }[] };
      }>(app, `{ entities(first: 3, sort: ${sort}) { edges { cursor node { id } } } }`);
      const last = first.data.entities.edges.at(-1);
      expect(first.data.entities.edges).toHaveLength(3);
      const next = await query<{ entities: { edges: { node: { id: string } }[] } }>(
        app,
        `query($after: String!) { entities(first: 3, after: $after, sort: ${sort}) { edges { node { id } } } }`,
        { after: last?.cursor },
      );
      const seen = new Set(first.data.entities.edges.map((edge) => edge.node.id));
      expect(next.data.entities.edges.map((edge) => seen.has(edge.node.id))).toEqual([
        false,
        false,
        false,
      ]);
    }
  });

  it("reads every reader comment's claims in one statement, not one per comment", async () => {
    const { data, statements } = await query<{
      documents: {
        edges: {
          node: { comments: { claims: { totalCount: number; edges: unknown[] } }[] };
        }[];
      };
    }>(
      app,
      `{ documents(first: 5) { edges { node {
          claims(first: 3) { totalCount }
          mentions(first: 3) { edges { node { span { exact } } } }
          comments { number claims(first: 2) { totalCount edges { node { proposition } } } }
        } } } }`,
    );
    const comments = data.documents.edges.flatMap((edge) => edge.node.comments);
    expect(comments.length).toBeGreaterThan(10);
    expect(comments.some((comment) => comment.claims.totalCount > 0)).toBe(true);
    // The page of documents, their claims, their mentions, their comments, the comments' claims.
    expect(statements).toBe(5);
  });
});

describe('lookups about one entity use indexes', () => {
  it('starts every statement of a one-entity request from an index seek, never a scan', async () => {
    // The claim profiles, which a filter on quotes is tested by, are read whole on purpose (a
    // handful of nodes) and kept for a few seconds: read before counting.
    await profileStats(db);
    const counter = new StatementCounter();
    const recorded = db.counting(counter);
    const page = pageRequest({ first: 5 });
    const lieberthal = 'person:kenneth-lieberthal';
    const claim = `${DOC}/claim:google-traced-hacking-to-college`;
    await entitiesByIds(recorded, [lieberthal]);
    await entityByName(recorded, 'Mr Lieberthal');
    await rolesByEntity(recorded, [lieberthal]);
    await relationsByEntity(recorded, ['company:google'], ['TARGETED', 'TRACED_ATTACKS_TO']);
    await mentionsByEntity(recorded, [lieberthal], null, page);
    await claimsByEntity(recorded, [lieberthal], 'SPEAKER', NO_CLAIM_FILTER, page);
    await claimsByEntity(recorded, [lieberthal], 'SUBJECT', NO_CLAIM_FILTER, page);
    const speaker = { ...NO_CLAIM_FILTER, speaker: { kind: 'entity' as const, id: lieberthal } };
    await fetchClaimPage(recorded, speaker, page, true, { links: [] });
    await fetchClaimPage(recorded, { ...NO_CLAIM_FILTER, aboutId: 'company:google' }, page, true, {
      links: [],
    });
    await claimsByIds(recorded, [claim]);
    await attributionsByClaim(recorded, [claim]);
    await stancesByClaim(recorded, [claim]);
    await spansByIds(recorded, [`${DOC}#5085-5143`]);

    const roles: FetchTree = {
      links: [{ edge: 'entity.roles', first: 20, child: { links: [{ edge: 'role.evidence' }] } }],
    };
    const claims: FetchTree = {
      links: [
        ...roles.links,
        {
          edge: 'entity.claims',
          role: 'SPEAKER',
          filter: { ...NO_CLAIM_FILTER, modes: ['DIRECT_QUOTE'] },
          page,
          withTotal: true,
          child: { links: [{ edge: 'claim.attributions', child: { links: [] } }] },
        },
        { edge: 'entity.mentions', regionKinds: null, page, withTotal: true, spanFields: [] },
      ],
    };
    await fetchEntity(recorded, { by: 'name', name: 'Mr Lieberthal' }, claims);
    await fetchEntity(recorded, { by: 'id', id: lieberthal }, claims);

    expect(counter.count).toBe(15);
    for (const statement of counter.sent) {
      const plan = await explain(db.driver, db.database, statement.cypher, statement.params);
      expect(plan, statement.name).not.toContain('AllNodesScan');
      expect(plan, statement.name).not.toContain('NodeByLabelScan');
      expect(plan, statement.name).not.toContain('AllRelationshipsScan');
      expect(
        plan.some((operator) =>
          /NodeUniqueIndexSeek|NodeIndexSeek|RelationshipIndexSeek/.test(operator),
        ),
        `${statement.name}: ${plan.join(' > ')}`,
      ).toBe(true);
    }
  });
});

describe('lookups about one document and its history use indexes', () => {
  // Claims and spans are found by document through indexes of two and three properties, which
  // Neo4j seeks only when a statement names every one of them; history by the index of changes.
  it('seeks or reads in order, and never scans a label, for a document, its claims, mentions, relations and changes, and entities by name, by part of one and by document', async () => {
    const counter = new StatementCounter();
    const recorded = db.counting(counter);
    const page = pageRequest({ first: 5 });
    const claim = `${DOC}/claim:google-traced-hacking-to-college`;
    const mentions = await mentionsByDocument(recorded, [DOC], null, page);
    const claims = await claimsByEntity(
      recorded,
      [DOC],
      'IN_DOCUMENT',
      NO_CLAIM_FILTER,
      page,
      true,
      'Document',
    );
    const documents = await documentsPage(recorded, page);
    const everyEntity = { types: null, name: null, documentId: null };
    // As stats.mostMentioned asks, without a total (the fetch below counts from the count store).
    const byName = await entitiesPage(recorded, everyEntity, 'NAME', page, false);
    await fetchEntityPage(recorded, everyEntity, 'NAME', page, true, { links: [] });
    const namedChina = { types: null, name: 'China', documentId: null };
    const chinaByName = await fetchEntityPage(recorded, namedChina, 'NAME', page, true, {
      links: [],
    });
    const chinaByMentions = await fetchEntityPage(recorded, namedChina, 'MENTIONS', page, true, {
      links: [],
    });
    const inDocument = { types: null, name: null, documentId: DOC };
    const documentEntities = await fetchEntityPage(recorded, inDocument, 'MENTIONS', page, true, {
      links: [],
    });
    await fetchEntityPage(recorded, inDocument, 'NAME', page, true, { links: [] });
    const [googleHere] = await relationsByEntity(
      recorded,
      ['company:google'],
      ['TARGETED', 'TRACED_ATTACKS_TO'],
      { documentId: DOC, first: 50 },
    );
    await changesOfClaims(recorded, [claim]);
    await changesPage(recorded, { documentId: null, entityId: null, before: null, limit: 5 });
    await changesPage(recorded, { documentId: DOC, entityId: null, before: null, limit: 5 });
    await changesPage(recorded, {
      documentId: null,
      entityId: 'gov:pentagon',
      before: null,
      limit: 5,
    });
    await changesOfEntities(recorded, ['gov:pentagon']);
    await recorded.writeTransaction(async (tx) => {
      await stancesFromElsewhere(tx, DOC);
      await latestChangesOfDocument(tx, DOC, 5);
      await latestChangeId(tx, { documentId: DOC, entityId: null });
      await latestChangeId(tx, { documentId: null, entityId: 'company:google' });
    });
    expect(mentions[0]?.edges.length).toBe(5);
    expect(mentions[0]?.totalCount).toBeGreaterThan(200);
    expect(claims[0]?.edges.length).toBe(5);
    expect(claims[0]?.totalCount).toBeGreaterThan(100);
    expect(documents.edges.map((edge) => edge.node.id)).toContain(DOC);
    const names = byName.edges.map((edge) => edge.node.name.toLowerCase());
    expect(names).toEqual([...names].sort());
    // Every entity with China in a name or alias, found through the text index.
    expect(chinaByName.total).toBeGreaterThanOrEqual(1);
    expect(chinaByMentions.total).toBe(chinaByName.total);
    expect(chinaByName.rows.length).toBe(Math.min(6, chinaByName.total ?? 0));

    // The article's entities, read from the article.
    expect(documentEntities.total).toBeGreaterThan(50);
    expect(documentEntities.rows.length).toBe(6); // the page and one more, for hasNextPage
    // Google's relations the article states, found by the relations' document index.
    expect(googleHere?.length).toBeGreaterThan(0);

    expect(counter.count).toBe(19);
    for (const statement of counter.sent) {
      const plan = await explain(db.driver, db.database, statement.cypher, statement.params);
      expect(plan, `${statement.name}: ${plan.join(' > ')}`).not.toContain('AllNodesScan');
      expect(plan, `${statement.name}: ${plan.join(' > ')}`).not.toContain('NodeByLabelScan');
      expect(plan, `${statement.name}: ${plan.join(' > ')}`).not.toContain('AllRelationshipsScan');
      expect(
        plan.some((operator) =>
          /NodeUniqueIndexSeek|NodeIndexSeek|NodeIndexScan|NodeIndexContainsScan|RelationshipIndexSeek/.test(
            operator,
          ),
        ),
        `${statement.name}: ${plan.join(' > ')}`,
      ).toBe(true);
    }
  });
});
