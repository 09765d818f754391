import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LINK_SAMPLE_SIZE } from '../../src/graph/entity-links.ts';
import { defineQuery, StatementCounter } from '../../src/neo4j/database.ts';
import { annotationsSchema } from '../../src/seed/format.ts';
import { buildGraphRows } from '../../src/seed/graph-rows.ts';
import {
  loadDocumentGraph,
  loadDocumentGraphs,
  removeDocumentGraph,
} from '../../src/seed/loader.ts';
import { MINI_TEXT, miniArticle } from '../fixtures/mini-article.ts';
import { applySchemaAsAtStartUp, useTestDatabase } from '../helpers/database.ts';
import {
  claimProfilesAndClaims,
  countDocumentGraph,
  documentGraphSnapshot,
  entityLinksThatDiffer,
  entityStatisticsThatDiffer,
} from '../helpers/graph-counts.ts';
import { explain } from '../helpers/plans.ts';

const db = useTestDatabase();
const documentIds = [
  'doc:loader-content',
  'doc:loader-twice',
  'doc:loader-failure',
  'doc:loader-reload-failure',
  'doc:loader-batch-a',
  'doc:loader-batch-b',
  'doc:loader-batch-stored',
  'doc:loader-batch-new',
  'doc:loader-batch-broken',
  'doc:loader-repeats',
  'doc:loader-names-a',
  'doc:loader-names-b',
];
afterAll(async () => {
  for (const documentId of documentIds) await removeDocumentGraph(db, documentId);
});

function miniRows(documentId: string) {
  return buildGraphRows(annotationsSchema.parse(miniArticle(documentId)), MINI_TEXT);
}

/** The mini article stating its chief's tie to Acme as a relation instead of a role. */
function miniRowsWithRelationForRole(documentId: string) {
  const article = miniArticle(documentId);
  const [role] = article.roles;
  if (!role?.organization) throw new Error('the mini article has no role at an organisation');
  return buildGraphRows(
    annotationsSchema.parse({
      ...article,
      roles: [],
      relations: [
        {
          id: 'rel:mini-ada-quill-represented-at-acme',
          type: 'represented_at',
          subject: role.holder,
          object: role.organization,
          evidence: role.evidence,
        },
      ],
    }),
    MINI_TEXT,
  );
}

const denialQuery = defineQuery(
  'testDenial',
  `MATCH (denial:Claim)-[d:DENIES]->(claim:Claim {id: $claimId})
   MATCH (a:Attribution)-[:ATTRIBUTES]->(claim), (a)-[:SPEAKER]->(speaker:Entity)
   UNWIND a.evidenceSpanIds AS spanId
   MATCH (words:Span {id: spanId})
   MATCH (da:Attribution)-[:ATTRIBUTES]->(denial), (da)-[:SPEAKER]->(denier:Entity)
   RETURN speaker.name AS speaker, words.exact AS words, denier.name AS denier,
          da.polarity AS polarity, d.evidenceSpanIds AS evidence`,
  z.object({
    speaker: z.string(),
    words: z.string(),
    denier: z.string(),
    polarity: z.string(),
    evidence: z.array(z.string()),
  }),
);

describe('loading an annotated document into Neo4j', () => {
  it('writes who said what, the exact words, and the claim that denies it', async () => {
    await loadDocumentGraph(db, miniRows('doc:loader-content'));
    const rows = await db.read(denialQuery, {
      claimId: 'doc:loader-content/claim:mini-acme-loses-data',
    });
    expect(rows).toEqual([
      {
        speaker: 'Ada Quill',
        words: 'we lose data daily.',
        denier: 'Bob Stone',
        polarity: 'negative',
        evidence: [expect.stringMatching(/^doc:loader-content#\d+-\d+$/)],
      },
    ]);
  });

  it('leaves exactly the same node and relationship counts when loaded twice', async () => {
    const rows = miniRows('doc:loader-twice');
    await loadDocumentGraph(db, rows);
    const first = await countDocumentGraph(db, 'doc:loader-twice');
    await loadDocumentGraph(db, rows);
    const second = await countDocumentGraph(db, 'doc:loader-twice');
    expect(second).toEqual(first);
    const { stored, counted } = await claimProfilesAndClaims(db);
    expect(stored).toEqual(counted);
    expect(await entityStatisticsThatDiffer(db)).toEqual([]);
    expect(first.documents).toBe(1);
    expect(first.entities).toBe(3);
    expect(first.ownedNodes).toBeGreaterThan(10);
  });

  it('leaves nothing half-written when a statement fails midway', async () => {
    const documentId = 'doc:loader-failure';
    const broken = miniRows(documentId);
    // A map is not a storable property value, so the stance statement (late in the load) fails.
    const badBasis = { not: 'a property value' } as unknown as string;
    const stances = broken.stances.map((stance) => ({ ...stance, basis: badBasis }));
    await expect(loadDocumentGraph(db, { ...broken, stances })).rejects.toThrow();
    expect(await countDocumentGraph(db, documentId)).toMatchObject({
      ownedNodes: 0,
      entities: 0,
      documents: 0,
    });
  });

  it('keeps the previous graph intact when a reload fails', async () => {
    const documentId = 'doc:loader-reload-failure';
    const rows = miniRows(documentId);
    await loadDocumentGraph(db, rows);
    const before = await countDocumentGraph(db, documentId);
    const badBasis = { not: 'a property value' } as unknown as string;
    const stances = rows.stances.map((stance) => ({ ...stance, basis: badBasis }));
    await expect(loadDocumentGraph(db, { ...rows, stances })).rejects.toThrow();
    expect(await countDocumentGraph(db, documentId)).toEqual(before);
  });
});

describe('loading several documents in one transaction', () => {
  it('writes the same graph as loading them one by one, a document given twice included', async () => {
    const ids = ['doc:loader-batch-a', 'doc:loader-batch-b'];
    const [a, b] = ids.map(miniRows);
    if (!a || !b) throw new Error('no rows');
    for (const rows of [a, b, a]) await loadDocumentGraph(db, rows);
    const oneByOne = await documentGraphSnapshot(db, ids);
    for (const id of ids) await removeDocumentGraph(db, id);
    expect(await documentGraphSnapshot(db, ids)).toEqual([]);

    const reports = await loadDocumentGraphs(db, [a, b, a]);
    expect(reports.map((report) => report.documentId)).toEqual([...ids, ids[0]]);
    expect(reports[0]?.written.spans).toBeGreaterThan(0);
    expect(reports[2]?.written['nodes and links of the previous version removed']).toBeGreaterThan(
      0,
    );
    expect(await documentGraphSnapshot(db, ids)).toEqual(oneByOne);
    expect(oneByOne.length).toBeGreaterThan(20);
  });

  it('writes nothing when one document of the batch fails, and keeps the previous versions', async () => {
    const ids = ['doc:loader-batch-stored', 'doc:loader-batch-new', 'doc:loader-batch-broken'];
    const [stored, fresh, broken] = ids.map(miniRows);
    if (!stored || !fresh || !broken) throw new Error('no rows');
    await loadDocumentGraph(db, stored);
    const before = await documentGraphSnapshot(db, ids);
    // A map is not a storable property value, so the last document's stance statement fails.
    const badBasis = { not: 'a property value' } as unknown as string;
    const stances = broken.stances.map((stance) => ({ ...stance, basis: badBasis }));
    await expect(loadDocumentGraphs(db, [stored, fresh, { ...broken, stances }])).rejects.toThrow();
    expect(await documentGraphSnapshot(db, ids)).toEqual(before);
    expect(await countDocumentGraph(db, 'doc:loader-batch-new')).toMatchObject({
      ownedNodes: 0,
      documents: 0,
    });
  });

  it('keeps an entity or a span once when a list names it twice, in the order it first comes', async () => {
    const documentId = 'doc:loader-repeats';
    const rows = miniRows(documentId);
    const [first, second, third] = rows.spans.map((span) => span.id);
    const [claim] = rows.claims;
    const [attribution] = rows.attributions;
    const [role] = rows.roles;
    if (!first || !second || !third || !claim || !attribution || !role) throw new Error('no rows');
    const bob = { entityId: 'person:mini-bob-stone', commentId: null };
    await loadDocumentGraph(db, {
      ...rows,
      claims: [
        { ...claim, aboutIds: [...claim.aboutIds, ...claim.aboutIds] },
        ...rows.claims.slice(1),
      ],
      attributions: [
        {
          ...attribution,
          evidenceSpanIds: [first, second, first],
          hedges: ['a', 'b'],
          hedgeSpanIds: [third, third],
          via: [bob, bob],
        },
        ...rows.attributions.slice(1),
      ],
      roles: [{ ...role, evidenceSpanIds: [second, second] }, ...rows.roles.slice(1)],
    });
    const [stored] = await db.read(
      defineQuery(
        'testRepeatedLists',
        `MATCH (a:Attribution {id: $attributionId}), (role:Role {id: $roleId})
         RETURN a.evidenceSpanIds AS evidence, a.hedgeSpanIds AS hedges,
                COLLECT { MATCH (a)-[v:VIA]->(via) RETURN via.id + ' ' + toString(v.ordinal) } AS via,
                role.evidenceSpanIds AS roleEvidence`,
        z.object({
          evidence: z.array(z.string()),
          hedges: z.array(z.string()),
          via: z.array(z.string()),
          roleEvidence: z.array(z.string()),
        }),
      ),
      { attributionId: attribution.id, roleId: role.id },
    );
    expect(stored).toEqual({
      evidence: [first, second],
      hedges: [third],
      via: ['person:mini-bob-stone 1'],
      roleEvidence: [second],
    });
    const about = await db.read(
      defineQuery(
        'testRepeatedAbout',
        'MATCH (:Claim {id: $id})-[r:ABOUT]->(e) RETURN e.id AS link ORDER BY link',
        z.object({ link: z.string() }),
      ),
      { id: claim.id },
    );
    expect(about.map((row) => row.link)).toEqual([...new Set(claim.aboutIds)].sort());
  });
});

describe("an entity's names", () => {
  // An entity of its own, so that no other test's document defines it first.
  const entityId = 'company:loader-names-acme';
  const rowsNaming = (documentId: string, aliases: string[]) => {
    const article = JSON.parse(
      JSON.stringify(miniArticle(documentId)).replaceAll('company:mini-acme-corp', entityId),
    ) as ReturnType<typeof miniArticle>;
    const entities = article.entities.map((entity) =>
      entity.id === entityId ? { ...entity, aliases } : entity,
    );
    return buildGraphRows(annotationsSchema.parse({ ...article, entities }), MINI_TEXT);
  };
  const nameKeys = async () =>
    (
      await db.read(
        defineQuery(
          'testEntityNameKeys',
          'MATCH (:Entity {id: $entityId})-[:NAMED]->(n:EntityName) RETURN n.key AS key ORDER BY key',
          z.object({ key: z.string() }),
        ),
        { entityId },
      )
    ).map((row) => row.key);

  it('come from the document that defines it: a reload drops an alias, another document changes none', async () => {
    await loadDocumentGraph(db, rowsNaming('doc:loader-names-a', ['Acme']));
    expect(await nameKeys()).toEqual(['acme', 'acme corp']);
    await loadDocumentGraph(db, rowsNaming('doc:loader-names-b', ['Acme Widgets']));
    expect(await nameKeys()).toEqual(['acme', 'acme corp']);
    await loadDocumentGraph(db, rowsNaming('doc:loader-names-a', []));
    expect(await nameKeys()).toEqual(['acme corp']);
    await loadDocumentGraph(db, rowsNaming('doc:loader-names-b', []));
    expect(await nameKeys()).toEqual(['acme corp']);
    await loadDocumentGraph(db, rowsNaming('doc:loader-names-a', ['Acme', 'ACME Holdings']));
    expect(await nameKeys()).toEqual(['acme', 'acme corp', 'acme holdings']);
  });
});

describe('removing a document', () => {
  it('takes its graph and the entities only it mentioned, and nothing of the other documents', async () => {
    const documentId = 'doc:loader-removal';
    await loadDocumentGraph(db, miniRows(documentId));
    const article = await countDocumentGraph(db, 'doc:000-6cfdbb14dfc71039');
    await removeDocumentGraph(db, documentId);
    expect(await countDocumentGraph(db, documentId)).toMatchObject({
      ownedNodes: 0,
      entities: 0,
      documents: 0,
    });
    expect(await countDocumentGraph(db, 'doc:000-6cfdbb14dfc71039')).toEqual(article);
    const { stored, counted } = await claimProfilesAndClaims(db);
    expect(stored).toEqual(counted);
    expect(await entityStatisticsThatDiffer(db)).toEqual([]);
  });

  it('loads documents that share entities at the same time, each in its own transaction, and keeps counts and links right', async () => {
    const concurrent = Array.from({ length: 6 }, (_, index) => `doc:loader-concurrent-${index}`);
    documentIds.push(...concurrent);
    const reports = await Promise.all(
      concurrent.map((documentId) => loadDocumentGraph(db, miniRows(documentId))),
    );
    expect(reports.map((report) => report.documentId)).toEqual(concurrent);
    for (const documentId of concurrent) {
      expect(await countDocumentGraph(db, documentId)).toMatchObject({ documents: 1 });
    }
    expect(await entityStatisticsThatDiffer(db)).toEqual([]);
    expect(await entityLinksThatDiffer(db)).toEqual({ missingOrWrong: [], extra: [] });
  });

  it('keeps one link per pair of entities with its count and first entries, through loads, reloads and removals', async () => {
    // More documents restate the same role than a link's sample holds.
    const restating = Array.from(
      { length: LINK_SAMPLE_SIZE + 3 },
      (_, index) => `doc:loader-links-${String(index).padStart(2, '0')}`,
    );
    documentIds.push(...restating);
    // Other tests' copies of the mini article may hold the same role.
    const [before] = await db.read(miniRoleLink);
    const others = before?.count ?? 0;
    await loadDocumentGraphs(db, restating.map(miniRows));
    expect(await entityLinksThatDiffer(db)).toEqual({ missingOrWrong: [], extra: [] });
    const [link] = await db.read(miniRoleLink);
    expect(link?.count).toBe(others + restating.length);
    expect(link?.sample).toHaveLength(LINK_SAMPLE_SIZE);

    const readAgain = 'entity links of the previous version read again or removed';
    // A reload that gives its entry back: the sample is whole again without being read again.
    const same = await loadDocumentGraph(db, miniRows(restating[0] ?? ''));
    expect(same.written[readAgain]).toBe(0);
    expect(await entityLinksThatDiffer(db)).toEqual({ missingOrWrong: [], extra: [] });
    // A reload whose entry now sorts after every role (relations come after roles): the sample
    // must take the next role the pair has, which only reading the pair again finds.
    const moved = await loadDocumentGraph(db, miniRowsWithRelationForRole(restating[1] ?? ''));
    expect(moved.written[readAgain]).toBe(1);
    expect(await entityLinksThatDiffer(db)).toEqual({ missingOrWrong: [], extra: [] });
    const [reloaded] = await db.read(miniRoleLink);
    expect(reloaded?.count).toBe(others + restating.length);
    expect(reloaded?.sample.every((ref) => ref.startsWith('1\t'))).toBe(true);
    await loadDocumentGraph(db, miniRows(restating[1] ?? ''));

    // The first documents' roles come first in the sample: removing them makes it read again.
    for (const documentId of restating.slice(0, 5)) await removeDocumentGraph(db, documentId);
    await loadDocumentGraph(db, miniRows(restating[10] ?? ''));
    expect(await entityLinksThatDiffer(db)).toEqual({ missingOrWrong: [], extra: [] });
    const [after] = await db.read(miniRoleLink);
    expect(after?.count).toBe(others + restating.length - 5);
    expect(after?.sample).toHaveLength(Math.min(LINK_SAMPLE_SIZE, others + restating.length - 5));

    for (const documentId of restating) await removeDocumentGraph(db, documentId);
    const [left] = await db.read(miniRoleLink);
    expect(left?.count ?? 0).toBe(others);
    expect(await entityLinksThatDiffer(db)).toEqual({ missingOrWrong: [], extra: [] });
  });

  it('reads the previous version of a document it reloads by index, never by a scan of a label', async () => {
    const documentId = 'doc:loader-reload-plans';
    documentIds.push(documentId);
    await loadDocumentGraph(db, miniRows(documentId));
    const counter = new StatementCounter();
    await loadDocumentGraph(db.counting(counter), miniRows(documentId));
    const names = counter.sent.map((statement) => statement.name);
    expect(names).toContain('incomingStances');
    expect(names).toContain('deleteDocumentGraph');
    for (const statement of counter.sent) {
      // The schema's own bookkeeping reads its few Migration nodes and the schema listings.
      if (/^(schema|show|appliedMigrations)/.test(statement.name)) continue;
      const plan = await explain(db.driver, db.database, statement.cypher, statement.params);
      expect(plan, statement.name).not.toContain('AllNodesScan');
      expect(plan, statement.name).not.toContain('NodeByLabelScan');
      expect(plan, statement.name).not.toContain('DirectedRelationshipTypeScan');
      expect(plan, statement.name).not.toContain('UndirectedRelationshipTypeScan');
      expect(plan, statement.name).not.toContain('AllRelationshipsScan');
    }
  });

  it('drops the lookup of relationships by type, which nothing reads, and keeps the one of nodes by label', async () => {
    const lookups = defineQuery(
      'lookupIndexes',
      "SHOW INDEXES YIELD type, entityType WHERE type = 'LOOKUP' RETURN entityType",
      z.object({ entityType: z.string() }),
    );
    // As a database made before this version has it (Neo4j creates it with every database),
    // under a name that has to be quoted.
    await db.write(
      defineQuery(
        'createRelationshipTypeLookup',
        'CREATE LOOKUP INDEX `relationship types` IF NOT EXISTS FOR ()-[r]-() ON EACH type(r)',
        z.object({}),
      ),
    );
    expect((await db.read(lookups)).map((row) => row.entityType).sort()).toEqual([
      'NODE',
      'RELATIONSHIP',
    ]);
    await applySchemaAsAtStartUp(db);
    expect((await db.read(lookups)).map((row) => row.entityType)).toEqual(['NODE']);
    // Loading and reloading go on without it.
    const documentId = 'doc:loader-content';
    await loadDocumentGraph(db, miniRows(documentId));
    const before = await countDocumentGraph(db, documentId);
    await loadDocumentGraph(db, miniRows(documentId));
    expect(await countDocumentGraph(db, documentId)).toEqual(before);
  });

  it('gives every entity the sort key of its first name key, on load and when the schema brings an older graph up to date', async () => {
    const documentId = 'doc:loader-sort-keys';
    documentIds.push(documentId);
    await loadDocumentGraph(db, miniRows(documentId));
    expect((await db.read(entitiesWithoutTheirSortKey))[0]?.count).toBe(0);
    await db.write(asBeforeSortKeys);
    expect((await db.read(entitiesWithoutTheirSortKey))[0]?.count).toBeGreaterThan(0);
    await applySchemaAsAtStartUp(db);
    expect((await db.read(entitiesWithoutTheirSortKey))[0]?.count).toBe(0);
  });

  it("gives the mentions of an older graph their entity's id and their span's place", async () => {
    const documentId = 'doc:loader-mention-order';
    documentIds.push(documentId);
    await loadDocumentGraph(db, miniRows(documentId));
    const loaded = await db.read(mentionPlacesOf, { documentId });
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.every((row) => row.documentId === documentId && row.start !== null)).toBe(true);
    await db.write(asBeforeMentionPlaces);
    expect(
      (await db.read(mentionPlacesOf, { documentId })).every((row) => row.entityId === null),
    ).toBe(true);
    await applySchemaAsAtStartUp(db);
    expect(await db.read(mentionPlacesOf, { documentId })).toEqual(loaded);
  });

  it('gives the claims of an older graph the profile key the loader gives them', async () => {
    const documentId = 'doc:loader-claim-profile';
    documentIds.push(documentId);
    await loadDocumentGraph(db, miniRows(documentId));
    const loaded = await db.read(claimProfilesOf, { documentId });
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.every((row) => row.profile?.startsWith('["'))).toBe(true);
    await db.write(asBeforeClaimProfiles);
    expect(
      (await db.read(claimProfilesOf, { documentId })).every((row) => row.profile === null),
    ).toBe(true);
    await applySchemaAsAtStartUp(db);
    expect(await db.read(claimProfilesOf, { documentId })).toEqual(loaded);
    // Every claim's key is the key of a profile that counts it.
    const [unprofiled] = await db.read(claimsWithoutTheirProfile);
    expect(unprofiled?.count).toBe(0);
  });

  it('gives the entities of an older graph the name text that a filter by part of a name reads', async () => {
    const documentId = 'doc:loader-name-text';
    documentIds.push(documentId);
    await loadDocumentGraph(db, miniRows(documentId));
    const [loaded] = await db.read(nameTextOf, { id: 'company:mini-acme-corp' });
    expect(loaded?.nameText).toBe('\nacme corp\nacme');
    await db.write(asBeforeNameText);
    expect((await db.read(nameTextOf, { id: 'company:mini-acme-corp' }))[0]?.nameText).toBeNull();
    await applySchemaAsAtStartUp(db);
    expect((await db.read(nameTextOf, { id: 'company:mini-acme-corp' }))[0]).toEqual(loaded);
    expect((await db.read(entitiesWithoutNameText))[0]?.count).toBe(0);
  });

  it('counts the claims about each entity of an older graph by profile, as the loader counts them', async () => {
    const documentId = 'doc:loader-about-profiles';
    documentIds.push(documentId);
    await loadDocumentGraph(db, miniRows(documentId));
    const loaded = await db.read(aboutProfilesOf, { documentId });
    expect(loaded.some((row) => row.claims.length > 0)).toBe(true);
    await db.write(asBeforeAboutProfiles);
    const before = await db.read(aboutProfilesOf, { documentId });
    expect(before.every((row) => row.profiles === null && row.claims.length === 0)).toBe(true);
    await applySchemaAsAtStartUp(db);
    expect(await db.read(aboutProfilesOf, { documentId })).toEqual(loaded);
    expect(await entityStatisticsThatDiffer(db)).toEqual([]);
  });

  it('marks the older changes that touched items, and only those, for the index an entity history reads', async () => {
    const changes = defineQuery(
      'testOlderChanges',
      `CALL () { MATCH (m:Migration {name: 'change-items-changed-at'}) DELETE m }
       CREATE (edit:Change {id: 'test-older-edit', at: 1000, itemIds: ['claim:x']})
       CREATE (import:Change {id: 'test-older-import', at: 2000, itemIds: []})
       RETURN 2 AS count`,
      z.object({ count: z.number().int() }),
    );
    const marked = defineQuery(
      'testOlderChangesMarked',
      `MATCH (c:Change) WHERE c.id STARTS WITH 'test-older-'
       RETURN c.id AS id, c.itemsChangedAt AS at ORDER BY id`,
      z.object({ id: z.string(), at: z.number().nullable() }),
    );
    await db.write(changes);
    try {
      await applySchemaAsAtStartUp(db);
      expect(await db.read(marked)).toEqual([
        { id: 'test-older-edit', at: 1000 },
        { id: 'test-older-import', at: null },
      ]);
    } finally {
      await db.write(
        defineQuery(
          'testOlderChangesGone',
          "MATCH (c:Change) WHERE c.id STARTS WITH 'test-older-' DELETE c RETURN count(*) AS count",
          z.object({ count: z.number().int() }),
        ),
      );
    }
  });

  it('brings a database from before entity links and APPEARS_IN up to date when the schema is applied', async () => {
    const documentId = 'doc:loader-migration';
    documentIds.push(documentId);
    await loadDocumentGraph(db, miniRows(documentId));
    const before = await countDocumentGraph(db, documentId);
    await db.write(asBeforeLinks, { documentId });
    await applySchemaAsAtStartUp(db);
    expect(await countDocumentGraph(db, documentId)).toEqual(before);
    expect(await entityLinksThatDiffer(db)).toEqual({ missingOrWrong: [], extra: [] });
    const [left] = await db.read(entitiesWithDocumentLists);
    expect(left?.count).toBe(0);
  });
});

/** The graph as it was before migration `name`: what `undo` takes away, and no record of it. */
function asBeforeMigration(name: string, undo: string) {
  return defineQuery(
    `testAsBefore:${name}`,
    `CALL () { ${undo} }
     CALL () { MATCH (m:Migration {name: '${name}'}) DELETE m }
     RETURN 1 AS count`,
    z.object({ count: z.number().int() }),
  );
}

/** The graph as a loader before sort keys left it: the first name key only in the list. */
const asBeforeSortKeys = asBeforeMigration('entity-sort-key', 'MATCH (e:Entity) REMOVE e.sortKey');

const entitiesWithoutTheirSortKey = defineQuery(
  'testEntitiesWithoutTheirSortKey',
  `MATCH (e:Entity) WHERE e.sortKey IS NULL OR e.sortKey <> coalesce(e.nameKeys[0], '')
   RETURN count(e) AS count`,
  z.object({ count: z.number().int() }),
);

/** The graph as a loader before mentions carried their place. */
const asBeforeMentionPlaces = asBeforeMigration(
  'mention-reading-order',
  'MATCH ()-[m:MENTIONED_AT]->() REMOVE m.entityId, m.documentId, m.start, m.end',
);

const mentionPlacesOf = defineQuery(
  'testMentionPlacesOf',
  `MATCH (e:Entity)-[m:MENTIONED_AT]->(s:Span) WHERE s.documentId = $documentId AND s.start IS NOT NULL
   RETURN e.id AS id, s.id AS spanId, m.entityId AS entityId, m.documentId AS documentId,
     m.start AS start, m.end AS end
   ORDER BY spanId, id`,
  z.object({
    id: z.string(),
    spanId: z.string(),
    entityId: z.string().nullable(),
    documentId: z.string().nullable(),
    start: z.number().nullable(),
    end: z.number().nullable(),
  }),
);

/** The graph as a loader before claims named their profile. */
const asBeforeClaimProfiles = asBeforeMigration(
  'claim-profile',
  'MATCH (c:Claim) REMOVE c.profile',
);

const claimProfilesOf = defineQuery(
  'testClaimProfilesOf',
  'MATCH (c:Claim {documentId: $documentId}) RETURN c.id AS id, c.profile AS profile ORDER BY id',
  z.object({ id: z.string(), profile: z.string().nullable() }),
);

const claimsWithoutTheirProfile = defineQuery(
  'testClaimsWithoutTheirProfile',
  `MATCH (c:Claim) WHERE NOT EXISTS { MATCH (p:ClaimProfile {key: c.profile}) WHERE p.claims > 0 }
   RETURN count(c) AS count`,
  z.object({ count: z.number().int() }),
);

/** The graph as a loader before name texts left it: name keys only as a list. */
const asBeforeNameText = asBeforeMigration(
  'entity-name-text',
  'MATCH (e:Entity) REMOVE e.nameText',
);

const asBeforeAboutProfiles = asBeforeMigration(
  'about-profiles',
  'MATCH (e:Entity) REMOVE e.aboutProfiles, e.aboutProfileClaims',
);

const aboutProfilesOf = defineQuery(
  'testAboutProfilesOf',
  `MATCH (e:Entity)-[:APPEARS_IN]->(:Document {id: $documentId})
   RETURN e.id AS id, e.aboutProfiles AS profiles, coalesce(e.aboutProfileClaims, []) AS claims
   ORDER BY id`,
  z.object({
    id: z.string(),
    profiles: z.array(z.string()).nullable(),
    claims: z.array(z.number()),
  }),
);

const nameTextOf = defineQuery(
  'testNameTextOf',
  'MATCH (e:Entity {id: $id}) RETURN e.nameText AS nameText',
  z.object({ nameText: z.string().nullable() }),
);

const entitiesWithoutNameText = defineQuery(
  'testEntitiesWithoutNameText',
  'MATCH (e:Entity) WHERE e.nameText IS NULL RETURN count(e) AS count',
  z.object({ count: z.number().int() }),
);

/** The graph as an older loader left it: document lists on entities, no links, no APPEARS_IN. */
const asBeforeLinks = defineQuery(
  'testAsBeforeLinks',
  `MATCH (e:Entity)-[a:APPEARS_IN]->(d:Document)
   WITH e, collect(d.id) AS documentIds, collect(a) AS links
   SET e.documentIds = documentIds
   FOREACH (link IN links | DELETE link)
   WITH count(*) AS entities
   CALL () { MATCH ()-[l:LINKED]->() DELETE l }
   CALL () { MATCH (m:Migration) WHERE m.name IN ['entity-links', 'appears-in'] DELETE m }
   RETURN entities AS count`,
  z.object({ count: z.number().int() }),
);

const entitiesWithDocumentLists = defineQuery(
  'testEntitiesWithDocumentLists',
  'MATCH (e:Entity) WHERE e.documentIds IS NOT NULL RETURN count(e) AS count',
  z.object({ count: z.number().int() }),
);

const miniRoleLink = defineQuery(
  'testMiniRoleLink',
  `MATCH (:Entity {id: 'company:mini-acme-corp'})-[l:LINKED]-(:Entity {id: 'person:mini-ada-quill'})
   RETURN l.count AS count, l.sample AS sample`,
  z.object({ count: z.number().int(), sample: z.array(z.string()) }),
);
