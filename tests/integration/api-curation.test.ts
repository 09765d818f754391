import { createHash, randomUUID } from 'node:crypto';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from '../../src/app.ts';
import { createToken } from '../../src/auth/tokens.ts';
import { nameKey } from '../../src/graph/model.ts';
import { defineQuery } from '../../src/neo4j/database.ts';
import { schema } from '../../src/schema/index.ts';
import { DEFAULT_SEED_DIR, readSeed } from '../../src/seed/files.ts';
import { type Annotations, annotationsSchema, type Span } from '../../src/seed/format.ts';
import { buildGraphRows } from '../../src/seed/graph-rows.ts';
import { loadDocumentGraph, removeDocumentGraph } from '../../src/seed/loader.ts';
import { seedDatabase } from '../../src/seed/seed-database.ts';
import { CodePointText, codePointLength } from '../../src/seed/spans.ts';
import { MINI_TEXT, miniArticle } from '../fixtures/mini-article.ts';
import { type GraphQLResponse, globalId, silentLogger } from '../helpers/app.ts';
import { useTestDatabase } from '../helpers/database.ts';
import { entityLinksThatDiffer } from '../helpers/graph-counts.ts';

const db = useTestDatabase();
const curator = createToken('curator-ann', ['curator']);
const admin = createToken('admin-ada', ['admin']);
const app = createApp({ db, logger: silentLogger, tokens: [curator.record, admin.record] });
const readOnlyApp = createApp({ db, logger: silentLogger });

const SECOND = '001_cyber-followup';
const SECOND_ID = 'doc:001-cyber-followup';
const documentIds = [
  SECOND_ID,
  'doc:curation-auth',
  'doc:curation-invalid',
  'doc:curation-acme-a',
  'doc:curation-acme-b',
  'doc:curation-acme-c',
  'doc:curation-acme-d',
  'doc:curation-edit',
  'doc:curation-entity',
  'doc:curation-merge',
  'doc:curation-halfway',
  'doc:curation-zz-bulk',
  'doc:curation-provenance',
  'doc:curation-concurrent',
  'doc:curation-shipped-merged',
  'doc:curation-client-id',
  'doc:curation-alias',
  'doc:curation-parallel-a',
  'doc:curation-parallel-b',
];
afterAll(async () => {
  for (const documentId of documentIds) await removeDocumentGraph(db, documentId);
});

async function post<Data>(
  variables: Record<string, unknown>,
  source: string,
  authorization?: string,
  target = app,
): Promise<GraphQLResponse<Data>> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
  };
  if (authorization !== undefined) headers.authorization = authorization;
  const response = await target.fetch('http://dossier/graphql', {
    method: 'POST',
    headers,
    body: JSON.stringify({ query: source, variables }),
  });
  return (await response.json()) as GraphQLResponse<Data>;
}

const CHANGE_FIELDS = `
  change {
    replayed version
    change { id kind by summary versionBefore versionAfter clientMutationId revertOf revertedBy
             items { section id before after } }
    document { key }
    entities { annotatedId outcome matchedOn entity { id name } }
  }`;

const PROBLEM_FIELDS = `
  ... on MutationProblem { code message }
  ... on AnnotationsInvalid { problems { item path message } }
  ... on EntityMatchUnresolved { entities { annotatedId reason detail candidates { id name } } }
  ... on VersionConflict { documentKey currentVersion }`;

const IMPORT = `mutation($input: ImportDocumentInput!) {
  importDocument(input: $input) {
    __typename
    ... on ImportDocumentSuccess { ${CHANGE_FIELDS} }
    ${PROBLEM_FIELDS}
  }
}`;

const REMOVE = `mutation($key: String!, $clientMutationId: String) {
  removeDocument(key: $key, clientMutationId: $clientMutationId) {
    __typename
    ... on RemoveDocumentSuccess { ${CHANGE_FIELDS} }
    ${PROBLEM_FIELDS}
  }
}`;

const EDIT = `mutation($input: EditDocumentInput!) {
  editDocument(input: $input) {
    __typename
    ... on EditDocumentSuccess { ${CHANGE_FIELDS} }
    ${PROBLEM_FIELDS}
  }
}`;

const LINK = `mutation($input: LinkClaimsInput!) {
  linkClaims(input: $input) {
    __typename
    ... on LinkClaimsSuccess { ${CHANGE_FIELDS} }
    ${PROBLEM_FIELDS}
  }
}`;

const REVERT = `mutation($change: String!) {
  revertChange(change: $change) {
    __typename
    ... on RevertChangeSuccess { ${CHANGE_FIELDS} }
    ${PROBLEM_FIELDS}
  }
}`;

const UPDATE_ENTITY = `mutation($input: UpdateEntityInput!) {
  updateEntity(input: $input) {
    __typename
    ... on UpdateEntitySuccess { ${CHANGE_FIELDS} }
    ${PROBLEM_FIELDS}
  }
}`;

const MERGE = `mutation($survivor: String!, $other: String!) {
  mergeEntities(survivor: $survivor, other: $other) {
    __typename
    ... on MergeEntitiesSuccess { ${CHANGE_FIELDS} }
    ${PROBLEM_FIELDS}
  }
}`;

interface ChangeAnswer {
  __typename: string;
  code?: string;
  message?: string;
  change?: {
    replayed: boolean;
    version: number | null;
    change: {
      id: string;
      kind: string;
      by: string;
      summary: string;
      versionBefore: number | null;
      versionAfter: number | null;
      clientMutationId: string | null;
      revertOf: string | null;
      revertedBy: string | null;
      items: { section: string; id: string; before: string | null; after: string | null }[];
    };
    document: { key: string } | null;
    entities: {
      annotatedId: string;
      outcome: string;
      matchedOn: string | null;
      entity: { id: string; name: string };
    }[];
  };
  problems?: { item: string | null; path: string; message: string }[];
  entities?: {
    annotatedId: string;
    reason: string;
    detail: string;
    candidates: { id: string; name: string }[];
  }[];
  documentKey?: string;
  currentVersion?: number;
}

/** The answer of the one mutation a request ran. */
async function mutate(
  source: string,
  variables: Record<string, unknown>,
  token: string,
): Promise<ChangeAnswer> {
  const result = await post<Record<string, ChangeAnswer>>(variables, source, bearer(token));
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  const [answer] = Object.values(result.data ?? {});
  if (!answer) throw new Error('no answer');
  return answer;
}

const bearer = (token: string) => `Bearer ${token}`;

function importInput(
  annotations: unknown,
  text = VALID_MINI_TEXT,
  clientMutationId?: string,
  expectedVersion?: number,
) {
  return {
    input: {
      text,
      annotations: typeof annotations === 'string' ? annotations : JSON.stringify(annotations),
      ...(clientMutationId ? { clientMutationId } : {}),
      ...(expectedVersion === undefined ? {} : { expectedVersion }),
    },
  };
}

const graphSize = defineQuery(
  'testGraphSize',
  `MATCH (n) WHERE NOT n:Change WITH count(n) AS nodes
   MATCH ()-[r]->() WITH nodes, count(r) AS relationships
   MATCH (e:Entity) RETURN nodes, relationships, count(e) AS entities`,
  z.object({ nodes: z.number(), relationships: z.number(), entities: z.number() }),
);

async function size() {
  const [row] = await db.read(graphSize);
  if (!row) throw new Error('no size');
  return row;
}

const entityQuery = defineQuery(
  'testEntity',
  `MATCH (e:Entity {id: $id})
   RETURN e.name AS name, e.description AS description, e.mentionCount AS mentionCount,
          COLLECT { MATCH (e)-[:MENTIONED_AT]->(s:Span) RETURN DISTINCT s.documentId } AS documents`,
  z.object({
    name: z.string(),
    description: z.string(),
    mentionCount: z.number(),
    documents: z.array(z.string()),
  }),
);

async function entity(id: string) {
  const [row] = await db.read(entityQuery, { id });
  return row ?? null;
}

/** The mini article with a byline, so that it passes every rule of the validator. */
const VALID_MINI_TEXT = `${MINI_TEXT}By Cy Writer, staff reporter\n`;

function validMini(documentId: string): Annotations {
  const annotations = miniArticle(documentId);
  const text = new CodePointText(VALID_MINI_TEXT);
  const span = (phrase: string): Span => {
    const found = text.find(phrase);
    if (!found) throw new Error(`not in the text: ${phrase}`);
    return found;
  };
  const writer = 'person:mini-cy-writer';
  return {
    ...annotations,
    document: {
      ...annotations.document,
      sha256: createHash('sha256').update(VALID_MINI_TEXT).digest('hex'),
      codePoints: codePointLength(VALID_MINI_TEXT),
      authors: [
        {
          entity: writer,
          role: 'staff reporter',
          nameSpans: [span('Cy Writer')],
          roleSpan: span('staff reporter'),
        },
      ],
    },
    regions: [
      ...annotations.regions,
      { id: 'region:byline', kind: 'byline', span: span('By Cy Writer, staff reporter') },
    ],
    entities: [
      ...annotations.entities,
      {
        id: writer,
        type: 'Person',
        name: 'Cy Writer',
        named: true,
        scope: 'article',
        aliases: [],
        description: 'staff reporter',
        mentions: [span('Cy Writer')],
      },
    ],
    claims: annotations.claims.map((claim) => ({
      ...claim,
      attributions: claim.attributions.map((attribution) =>
        attribution.mode === 'author' ? attribution : { ...attribution, reporter: writer },
      ),
    })),
  };
}

/**
 * The valid mini article under another id, with its Acme Corp entity changed as given (and
 * marked unnamed, so that its name need not be on the page).
 */
function miniWithAcme(documentId: string, acme: Partial<Annotations['entities'][number]>) {
  const annotations = validMini(documentId);
  const renamed = acme.id;
  const entities = annotations.entities.map((item) =>
    item.id === 'company:mini-acme-corp' ? { ...item, named: false, ...acme } : item,
  );
  const replaced = JSON.parse(
    JSON.stringify({ ...annotations, entities }).replaceAll(
      '"company:mini-acme-corp"',
      JSON.stringify(renamed ?? 'company:mini-acme-corp'),
    ),
  ) as Annotations;
  return replaced;
}

const SEED_ID = 'doc:000-6cfdbb14dfc71039';
const UNLINK = `mutation($document: String!, $stance: String!) {
  unlinkClaims(document: $document, expectedVersion: 1, stance: $stance) { __typename }
}`;

/** One request for every mutation, each of which would change the seed if it were allowed. */
const EVERY_MUTATION = (importVariables: Record<string, unknown>) =>
  [
    [IMPORT, importVariables],
    [REMOVE, { key: SEED_ID }],
    [
      EDIT,
      {
        input: {
          document: SEED_ID,
          expectedVersion: 1,
          edits: [{ section: 'STANCES', id: 'stance:college-denies-google' }],
        },
      },
    ],
    [
      LINK,
      {
        input: {
          document: SEED_ID,
          expectedVersion: 1,
          stance: 'stance:x',
          type: 'SUPPORTS',
          from: 'claim:a',
          to: 'claim:b',
          explicit: true,
          evidence: [],
        },
      },
    ],
    [UNLINK, { document: SEED_ID, stance: 'stance:college-denies-google' }],
    [REVERT, { change: 'any' }],
    [UPDATE_ENTITY, { input: { entity: 'gov:pentagon', expectedVersion: 1, name: 'Nope' } }],
    [MERGE, { survivor: 'gov:pentagon', other: 'gov:white-house' }],
    [
      'mutation($text: String!) { draftDocument(text: $text) { extractor } }',
      { text: 'A headline\n\nSome text.' },
    ],
    [
      `mutation($input: ReviewDraftInput!) { reviewDraft(input: $input) { __typename } }`,
      { input: { document: SEED_ID, expectedVersion: 1, accept: [] } },
    ],
  ] as const;

describe('who may change the graph', () => {
  it('refuses a mutation without a token, with an unknown or malformed one, and on a read-only server, writing nothing', async () => {
    const before = await size();
    const input = importInput(validMini('doc:curation-auth'));
    const cases: { authorization?: string; target?: typeof app; says: string }[] = [
      { says: 'needs a token' },
      {
        authorization: bearer('dsr_not-a-token-this-server-knows'),
        says: 'not one this server knows',
      },
      { authorization: `Basic ${curator.token}`, says: 'must be "Bearer <token>"' },
      {
        authorization: bearer(curator.token),
        target: readOnlyApp,
        says: 'no API token is configured',
      },
    ];
    for (const { authorization, target, says } of cases) {
      for (const [source, variables] of EVERY_MUTATION(input)) {
        const result = await post<Record<string, unknown>>(
          variables,
          source,
          authorization,
          target,
        );
        expect(result.data ?? null).toBeNull();
        expect(result.errors?.[0]?.extensions?.code, says).toBe('UNAUTHENTICATED');
        expect(result.errors?.[0]?.message).toContain(says);
      }
    }
    expect(await size()).toEqual(before);
  });

  it('refuses removeDocument to a curator token with FORBIDDEN, naming the admin scope it needs', async () => {
    const result = await post({ key: 'doc:000-6cfdbb14dfc71039' }, REMOVE, bearer(curator.token));
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.errors?.[0]?.message).toBe(
      'The token "curator-ann" has the scope curator; removeDocument needs admin. Ask an operator for a token with it.',
    );
    const stillThere = await post<{ document: { key: string } | null }>(
      {},
      '{ document(key: "doc:000-6cfdbb14dfc71039") { key } }',
    );
    expect(stillThere.data?.document?.key).toBe('doc:000-6cfdbb14dfc71039');
  });

  it('declares the scope it needs on every mutation field, and the refusal test covers each', () => {
    const fields = Object.values(schema.getMutationType()?.getFields() ?? {});
    expect(fields.length).toBeGreaterThan(1);
    const covered = EVERY_MUTATION({}).map(([source]) => /\{\s*(\w+)\(/.exec(source)?.[1]);
    expect(covered.sort()).toEqual(fields.map((field) => field.name).sort());
    for (const field of fields) {
      const options = field.extensions.pothosOptions as { authScopes?: Record<string, boolean> };
      const scopes = Object.keys(options.authScopes ?? {});
      expect(scopes.length, field.name).toBeGreaterThan(0);
      expect(
        scopes.every((scope) => scope === 'curator' || scope === 'admin'),
        field.name,
      ).toBe(true);
    }
  });
});

const created = (answer: ChangeAnswer) =>
  answer.change?.entities.filter((entity) => entity.outcome === 'CREATED').length ?? -1;

describe('importing a document', () => {
  it('imports the second article, matching its shared entities by id and by name instead of duplicating them', async () => {
    const files = await readSeed(DEFAULT_SEED_DIR, SECOND);
    const yaml = await readFile(files.annotationsPath, 'utf8');
    const before = await size();
    const pentagon = await entity('gov:pentagon');
    const pla = await entity('military:peoples-liberation-army');
    if (!pentagon || !pla) throw new Error('the seed lacks the Pentagon or the PLA');

    const answer = await mutate(
      IMPORT,
      importInput(yaml, files.text, 'import-1', 0),
      curator.token,
    );
    const imported = answer.change;
    if (!imported) throw new Error(JSON.stringify(answer));
    expect(imported.document?.key).toBe(SECOND_ID);
    expect(imported.version).toBe(1);
    expect(imported.change).toMatchObject({
      kind: 'IMPORT',
      by: 'curator-ann',
      versionBefore: null,
      versionAfter: 1,
      clientMutationId: 'import-1',
    });
    const byId = new Map(imported.entities.map((match) => [match.annotatedId, match]));
    expect(byId.get('gov:us-defense-department')).toEqual({
      annotatedId: 'gov:us-defense-department',
      outcome: 'MATCHED_BY_NAME',
      matchedOn: 'Pentagon',
      entity: { id: globalId('GovernmentBody', 'gov:pentagon'), name: pentagon.name },
    });
    expect(byId.get('military:pla')).toMatchObject({
      outcome: 'MATCHED_BY_NAME',
      matchedOn: 'PLA',
      entity: { id: globalId('MilitaryUnit', 'military:peoples-liberation-army'), name: pla.name },
    });
    expect(byId.get('company:google')).toMatchObject({ outcome: 'MATCHED_BY_ID' });
    expect(imported.entities.length - created(answer)).toBe(12);

    const after = await size();
    expect(after.entities).toBe(before.entities + created(answer));
    const pentagonNow = await entity('gov:pentagon');
    expect(pentagonNow?.name).toBe(pentagon.name);
    expect(pentagonNow?.description).toBe(pentagon.description);
    expect(pentagonNow?.documents.sort()).toEqual(['doc:000-6cfdbb14dfc71039', SECOND_ID]);
    expect(pentagonNow?.mentionCount).toBeGreaterThan(pentagon.mentionCount);
    expect(await entity('gov:us-defense-department')).toBeNull();

    expect(
      await stanceBetween(
        `${SECOND_ID}/claim:report-lends-weight-to-mandiant`,
        'doc:000-6cfdbb14dfc71039/claim:mandiant-pla-unit-behind-assaults',
      ),
    ).toEqual(['SUPPORTS']);

    const claims = await post<{ claims: { totalCount: number } }>(
      { document: globalId('Document', SECOND_ID) },
      'query($document: ID!) { claims(filter: { document: $document }) { totalCount } }',
    );
    expect(claims.errors).toBeUndefined();
    expect(claims.data?.claims.totalCount).toBe(23);

    const retried = await mutate(
      IMPORT,
      importInput(yaml, files.text, 'import-1', 0),
      curator.token,
    );
    expect(retried.change?.replayed).toBe(true);
    expect(retried.change?.change.id).toBe(imported.change.id);

    const again = await mutate(IMPORT, importInput(yaml, files.text), admin.token);
    expect(again.change?.change).toMatchObject({ versionBefore: 1, versionAfter: 2 });
    expect(await size()).toEqual(after);

    const removed = await mutate(REMOVE, { key: SECOND_ID }, admin.token);
    expect(removed.change?.change).toMatchObject({ kind: 'REMOVE', by: 'admin-ada' });
    expect(removed.change?.document).toBeNull();
    expect(await size()).toEqual(before);
    expect(await entity('gov:pentagon')).toEqual(pentagon);
  });

  it('refuses a new import over a document already in the graph when the caller expected none', async () => {
    const first = await mutate(
      IMPORT,
      importInput(validMini('doc:curation-auth'), undefined, undefined, 0),
      curator.token,
    );
    expect(first.change?.version).toBe(1);
    const second = await mutate(
      IMPORT,
      importInput(validMini('doc:curation-auth'), undefined, undefined, 0),
      curator.token,
    );
    expect(second).toMatchObject({
      __typename: 'VersionConflict',
      code: 'CONFLICT',
      documentKey: 'doc:curation-auth',
      currentVersion: 1,
    });
    expect(second.message).toContain('already in the graph, at version 1');
    await removeDocumentGraph(db, 'doc:curation-auth');
  });

  it('rejects annotations whose words do not match the text with AnnotationsInvalid, listing every problem, writing nothing', async () => {
    const before = await size();
    const annotations = validMini('doc:curation-invalid');
    const [ada, bob] = annotations.entities;
    if (!ada?.mentions[0] || !bob?.mentions[0]) throw new Error('fixture changed');
    ada.mentions[0] = { ...ada.mentions[0], exact: 'Ada Quilt' };
    bob.mentions[0] = { ...bob.mentions[0], start: bob.mentions[0].start + 1 };
    const answer = await mutate(IMPORT, importInput(annotations), curator.token);
    expect(answer.__typename).toBe('AnnotationsInvalid');
    expect(answer.code).toBe('ANNOTATIONS_INVALID');
    expect(answer.problems?.length).toBeGreaterThanOrEqual(2);
    expect(answer.problems?.some((problem) => problem.item === 'person:mini-bob-stone')).toBe(true);
    expect(answer.problems?.[0]).toMatchObject({ item: 'person:mini-ada-quill' });
    expect(answer.problems?.[0]?.message).toContain(
      'expected (the text) "Ada Quill", actual (exact) "Ada Quilt"',
    );
    expect(await size()).toEqual(before);
  });

  it('rejects annotations that are not YAML with AnnotationsInvalid naming the line and column', async () => {
    const answer = await mutate(
      IMPORT,
      importInput('format: 1\ndocument: [unclosed\n'),
      curator.token,
    );
    expect(answer.__typename).toBe('AnnotationsInvalid');
    expect(answer.problems?.[0]?.path).toMatch(/^line \d+, column \d+$/);
  });

  it('never guesses between two entities of one name: EntityMatchUnresolved lists both, and naming one by id settles it', async () => {
    const importAs = (annotations: Annotations) =>
      mutate(IMPORT, importInput(annotations), curator.token);
    const first = await importAs(miniWithAcme('doc:curation-acme-a', { named: true, aliases: [] }));
    expect(created(first)).toBe(4);
    const other = await importAs(
      miniWithAcme('doc:curation-acme-b', { id: 'company:mini-acme-short', name: 'Acme' }),
    );
    expect(
      other.change?.entities.find((e) => e.annotatedId === 'company:mini-acme-short'),
    ).toMatchObject({ outcome: 'CREATED' });

    const before = await size();
    const ambiguous = await importAs(
      miniWithAcme('doc:curation-acme-c', {
        id: 'company:mini-acme-x',
        name: 'ACME corp',
        aliases: ['Acme'],
      }),
    );
    expect(ambiguous.__typename).toBe('EntityMatchUnresolved');
    expect(ambiguous.code).toBe('ENTITY_MATCH_UNRESOLVED');
    expect(ambiguous.entities).toEqual([
      {
        annotatedId: 'company:mini-acme-x',
        reason: 'AMBIGUOUS',
        detail:
          '"ACME corp" matches company:mini-acme-corp (Acme Corp), company:mini-acme-short (Acme): use one of these ids for it in the annotations.',
        candidates: [
          { id: globalId('Company', 'company:mini-acme-corp'), name: 'Acme Corp' },
          { id: globalId('Company', 'company:mini-acme-short'), name: 'Acme' },
        ],
      },
    ]);
    expect(await size()).toEqual(before);

    const settled = await importAs(
      miniWithAcme('doc:curation-acme-c', {
        id: 'company:mini-acme-short',
        name: 'ACME corp',
        aliases: ['Acme'],
      }),
    );
    expect(
      settled.change?.entities.find((e) => e.annotatedId === 'company:mini-acme-short'),
    ).toMatchObject({ outcome: 'MATCHED_BY_ID', entity: { name: 'Acme' } });
  });

  it('matches a name whatever its case and accents, and keeps the defining document’s name and description', async () => {
    const answer = await mutate(
      IMPORT,
      importInput(
        miniWithAcme('doc:curation-acme-d', {
          id: 'company:mini-acme-accented',
          name: 'ÁCME  CORP',
          aliases: [],
          description: 'a description this document would give it',
        }),
      ),
      curator.token,
    );
    const match = answer.change?.entities.find(
      (e) => e.annotatedId === 'company:mini-acme-accented',
    );
    expect(match).toMatchObject({
      outcome: 'MATCHED_BY_NAME',
      matchedOn: 'ÁCME  CORP',
      entity: { id: globalId('Company', 'company:mini-acme-corp'), name: 'Acme Corp' },
    });
    expect((await entity('company:mini-acme-corp'))?.description).toBe('hit by hackers');
  });

  it('answers NotFound for a document key or a change id that does not exist', async () => {
    expect(await mutate(REMOVE, { key: 'doc:no-such-document' }, admin.token)).toMatchObject({
      __typename: 'NotFound',
      code: 'DOCUMENT_NOT_FOUND',
    });
    expect(await mutate(REVERT, { change: 'no-such-change' }, curator.token)).toMatchObject({
      __typename: 'NotFound',
      code: 'CHANGE_NOT_FOUND',
    });
  });
});

const claimPropositionQuery = defineQuery(
  'testClaimProposition',
  `MATCH (c:Claim {id: $id})
   RETURN c.proposition AS proposition,
          COLLECT { MATCH (c)-[r]->(:Claim) WHERE r.type IS NOT NULL RETURN r.type + ' ' + r.id } AS stances`,
  z.object({ proposition: z.string(), stances: z.array(z.string()) }),
);

const mentionsQuery = defineQuery(
  'testMentionsIn',
  `MATCH (:Entity {id: $entityId})-[:MENTIONED_AT]->(s:Span {documentId: $documentId})
   RETURN s.exact AS exact ORDER BY s.start`,
  z.object({ exact: z.string() }),
);

async function mentionsIn(documentId: string, entityId: string): Promise<string[]> {
  return (await db.read(mentionsQuery, { documentId, entityId })).map((row) => row.exact);
}

const stanceBetweenQuery = defineQuery(
  'testStanceBetween',
  `MATCH (:Claim {id: $from})-[r]->(:Claim {id: $to}) RETURN type(r) AS type`,
  z.object({ type: z.string() }),
);

async function stanceBetween(from: string, to: string): Promise<string[]> {
  return (await db.read(stanceBetweenQuery, { from, to })).map((row) => row.type);
}

async function claim(id: string) {
  const [row] = await db.read(claimPropositionQuery, { id });
  return row ?? null;
}

describe('correcting a document', () => {
  const documentId = 'doc:curation-edit';
  const claimKey = (key: string) => `${documentId}/${key}`;

  it('fixes a mention, adds a claim with its evidence, links it to another, and keeps a history a reverter can walk back', async () => {
    const imported = await mutate(IMPORT, importInput(validMini(documentId)), curator.token);
    expect(imported.change?.version).toBe(1);
    const mini = validMini(documentId);
    const text = new CodePointText(VALID_MINI_TEXT);
    const span = (phrase: string) => {
      const found = text.find(phrase);
      if (!found) throw new Error(phrase);
      return found;
    };

    // The curator decides that the reader comment's "Acme" is not the company: one mention less.
    const acme = mini.entities.find((e) => e.id === 'company:mini-acme-corp');
    if (!acme) throw new Error('fixture changed');
    const fixedAcme = {
      ...acme,
      aliases: [],
      mentions: acme.mentions.filter((mention) => mention.exact === 'Acme Corp'),
    };
    const newClaim = {
      id: 'claim:mini-quill-chief',
      type: 'statement',
      proposition: 'Ada Quill is chief of Acme Corp.',
      about: ['person:mini-ada-quill', 'company:mini-acme-corp'],
      attributions: [
        {
          speaker: 'person:mini-cy-writer',
          mode: 'author',
          certainty: 'certain',
          polarity: 'positive',
          evidence: [span('Ada Quill, chief of Acme Corp')],
        },
      ],
    };
    const edited = await mutate(
      EDIT,
      {
        input: {
          document: documentId,
          expectedVersion: 1,
          clientMutationId: 'edit-1',
          edits: [
            { section: 'ENTITIES', id: acme.id, item: JSON.stringify(fixedAcme) },
            { section: 'CLAIMS', id: newClaim.id, item: JSON.stringify(newClaim) },
          ],
        },
      },
      curator.token,
    );
    expect(edited.__typename, JSON.stringify(edited)).toBe('EditDocumentSuccess');
    expect(edited.change?.version).toBe(2);
    expect(edited.change?.change.summary).toBe(
      `edited ${documentId}: changed company:mini-acme-corp, added claim:mini-quill-chief`,
    );
    expect(
      edited.change?.change.items.map((item) => [item.section, item.id, item.before === null]),
    ).toEqual([
      ['entities', 'company:mini-acme-corp', false],
      ['claims', 'claim:mini-quill-chief', true],
    ]);
    expect((await claim(claimKey('claim:mini-quill-chief')))?.proposition).toBe(
      'Ada Quill is chief of Acme Corp.',
    );
    expect(await mentionsIn(documentId, 'company:mini-acme-corp')).toEqual([
      'Acme Corp',
      'Acme Corp',
    ]);

    const provenance = await post<{
      claim: { changes: { kind: string; by: string }[] } | null;
      untouched: { changes: unknown[] } | null;
    }>(
      {
        added: globalId('Claim', claimKey('claim:mini-quill-chief')),
        untouched: globalId('Claim', claimKey('claim:mini-stone-denial')),
      },
      `query($added: ID!, $untouched: ID!) {
        claim: node(id: $added) { ... on Claim { changes { kind by } } }
        untouched: node(id: $untouched) { ... on Claim { changes { kind } } }
      }`,
    );
    expect(provenance.errors).toBeUndefined();
    expect(provenance.data?.claim?.changes).toEqual([{ kind: 'EDIT', by: 'curator-ann' }]);
    expect(provenance.data?.untouched?.changes).toEqual([]);

    const read = await post<{ document: { version: number } }>(
      { key: documentId },
      'query($key: String) { document(key: $key) { version } }',
    );
    expect(read.data?.document.version).toBe(2);

    const retried = await mutate(
      EDIT,
      {
        input: {
          document: documentId,
          expectedVersion: 1,
          clientMutationId: 'edit-1',
          edits: [{ section: 'CLAIMS', id: newClaim.id, item: JSON.stringify(newClaim) }],
        },
      },
      curator.token,
    );
    expect(retried.change).toMatchObject({ replayed: true, version: 2 });

    const stale = await mutate(
      EDIT,
      {
        input: {
          document: documentId,
          expectedVersion: 1,
          edits: [{ section: 'CLAIMS', id: newClaim.id }],
        },
      },
      curator.token,
    );
    expect(stale).toMatchObject({
      __typename: 'VersionConflict',
      code: 'CONFLICT',
      currentVersion: 2,
    });
    expect(stale.message).toContain('is at version 2, not 1');

    const linked = await mutate(
      LINK,
      {
        input: {
          document: documentId,
          expectedVersion: 2,
          stance: 'stance:stone-disputes-chief',
          type: 'DISPUTES',
          from: 'claim:mini-stone-denial',
          to: 'claim:mini-quill-chief',
          explicit: false,
          evidence: [span('denied it')],
        },
      },
      curator.token,
    );
    expect(linked.change?.version, JSON.stringify(linked)).toBe(3);
    expect((await claim(claimKey('claim:mini-stone-denial')))?.stances).toContain(
      `disputes ${claimKey('stance:stone-disputes-chief')}`,
    );

    const toItself = await mutate(
      LINK,
      {
        input: {
          document: documentId,
          expectedVersion: 3,
          stance: 'stance:self',
          type: 'SUPPORTS',
          from: 'claim:mini-quill-chief',
          to: 'claim:mini-quill-chief',
          explicit: false,
          evidence: [{ start: 0, end: 7, exact: 'Hackerz' }],
        },
      },
      curator.token,
    );
    expect(toItself.__typename).toBe('AnnotationsInvalid');
    expect(toItself.problems?.map((problem) => problem.message)).toEqual(
      expect.arrayContaining([
        'a claim cannot take a stance on itself',
        expect.stringContaining('expected (the text) "Hackers", actual (exact) "Hackerz"'),
      ]),
    );

    const history = await post<{
      changes: {
        edges: { node: { id: string; kind: string; by: string; versionAfter: number } }[];
      };
    }>(
      { document: documentId },
      'query($document: String) { changes(document: $document, first: 10) { edges { node { id kind by versionAfter } } } }',
    );
    const kinds = history.data?.changes.edges.map((edge) => [
      edge.node.kind,
      edge.node.versionAfter,
    ]);
    expect(kinds).toEqual([
      ['EDIT', 3],
      ['EDIT', 2],
      ['IMPORT', 1],
    ]);

    const olderFirst = await mutate(
      REVERT,
      { change: edited.change?.change.id ?? '' },
      curator.token,
    );
    expect(olderFirst).toMatchObject({ __typename: 'VersionConflict', currentVersion: 3 });

    const unlink = await mutate(REVERT, { change: linked.change?.change.id ?? '' }, curator.token);
    expect(unlink.change?.change).toMatchObject({
      kind: 'REVERT',
      versionAfter: 4,
      revertOf: linked.change?.change.id,
    });
    expect((await claim(claimKey('claim:mini-stone-denial')))?.stances).toEqual([
      `denies ${claimKey('stance:mini-stone-denies-quill')}`,
    ]);
    const undoEdit = await mutate(
      REVERT,
      { change: edited.change?.change.id ?? '' },
      curator.token,
    );
    expect(undoEdit).toMatchObject({ __typename: 'VersionConflict' });
    const back = await mutate(REVERT, { change: unlink.change?.change.id ?? '' }, curator.token);
    expect(back.change?.change.kind).toBe('REVERT');
    expect((await claim(claimKey('claim:mini-stone-denial')))?.stances).toContain(
      `disputes ${claimKey('stance:stone-disputes-chief')}`,
    );
  });
});

const entityByNameQuery = `query($name: String!) { entity(name: $name) { id name aliases version } }`;
const entityByKeyQuery = `query($key: String!) { entity(key: $key) { id name aliases version } }`;

describe('stances across documents', () => {
  it('links a claim to another document’s claim, keeps the link through that document’s reload, refuses to take the linked claim out, and refuses a claim the graph lacks', async () => {
    const target = 'doc:curation-target';
    const source = 'doc:curation-source';
    const withStance = (documentId: string, toDocument: string) => {
      const mini = validMini(documentId);
      const quote = mini.claims[0]?.attributions[0]?.evidence[0];
      if (!quote) throw new Error('fixture changed');
      return {
        ...mini,
        stances: [
          ...mini.stances,
          {
            id: 'stance:source-supports-target',
            type: 'supports' as const,
            from: 'claim:mini-acme-loses-data',
            to: 'claim:mini-acme-loses-data',
            toDocument,
            basis: 'inferred' as const,
            evidence: [quote],
          },
        ],
      };
    };
    const missing = await mutate(IMPORT, importInput(withStance(source, target)), curator.token);
    expect(missing.__typename).toBe('AnnotationsInvalid');
    expect(missing.problems).toEqual([
      {
        item: 'stance:source-supports-target',
        path: 'stances[1].to',
        message: `the graph has no claim "claim:mini-acme-loses-data" in ${target}: import that document first, or check the claim id there`,
      },
    ]);

    await mutate(IMPORT, importInput(validMini(target)), curator.token);
    const linked = await mutate(IMPORT, importInput(withStance(source, target)), curator.token);
    expect(linked.__typename).toBe('ImportDocumentSuccess');
    const from = `${source}/claim:mini-acme-loses-data`;
    const to = `${target}/claim:mini-acme-loses-data`;
    expect(await stanceBetween(from, to)).toEqual(['SUPPORTS']);

    const reloaded = await mutate(IMPORT, importInput(validMini(target)), curator.token);
    expect(reloaded.change?.change.versionAfter).toBe(2);
    expect(await stanceBetween(from, to)).toEqual(['SUPPORTS']);

    // Taking the target claim out would silently drop the other document's stance: refused.
    const before = await size();
    const removal = await mutate(REMOVE, { key: target }, admin.token);
    expect(removal).toMatchObject({ __typename: 'ChangeRefused', code: 'CLAIM_LINKED_ELSEWHERE' });
    expect(removal.message).toContain(
      `${source}'s stance:source-supports-target on claim:mini-acme-loses-data`,
    );
    const takeOut = await mutate(
      EDIT,
      {
        input: {
          document: target,
          expectedVersion: 2,
          edits: [
            { section: 'STANCES', id: 'stance:mini-stone-denies-quill' },
            { section: 'CLAIMS', id: 'claim:mini-acme-loses-data' },
          ],
        },
      },
      curator.token,
    );
    expect(takeOut).toMatchObject({ __typename: 'ChangeRefused', code: 'CLAIM_LINKED_ELSEWHERE' });
    expect(await size()).toEqual(before);
    expect(await stanceBetween(from, to)).toEqual(['SUPPORTS']);

    const self = await mutate(IMPORT, importInput(withStance(source, source)), curator.token);
    expect(self.problems?.map((problem) => problem.message)).toContain(
      'toDocument names this very document: leave it out for a claim of this document',
    );
    await removeDocumentGraph(db, source);
    await removeDocumentGraph(db, target);
  });
});

describe('correcting entities', () => {
  it("sets an entity's name and aliases for every document, keeps them through reloads, and reverts", async () => {
    const id = 'company:mini-acme-corp';
    await mutate(IMPORT, importInput(validMini('doc:curation-entity')), curator.token);
    const read = await post<{
      entity: { id: string; name: string; aliases: string[]; version: number };
    }>({ key: id }, entityByKeyQuery);
    const version = read.data?.entity.version ?? 0;
    const updated = await mutate(
      UPDATE_ENTITY,
      {
        input: {
          entity: id,
          expectedVersion: version,
          name: 'Acme Corporation',
          // Not "Acme": an earlier test's company:mini-acme-short is named that.
          aliases: ['Acme Co', 'Acme Corp'],
        },
      },
      curator.token,
    );
    expect(updated.change?.change).toMatchObject({ kind: 'ENTITY', by: 'curator-ann' });
    const found = await post<{ entity: { name: string; aliases: string[] } }>(
      { name: 'ACME CORPORATION' },
      entityByNameQuery,
    );
    expect(found.data?.entity).toMatchObject({
      name: 'Acme Corporation',
      aliases: ['Acme Co', 'Acme Corp'],
    });
    // The entities page sorts by the new name: its sort key follows it.
    const [sorted] = await db.read(
      defineQuery(
        'testEntitySortKey',
        'MATCH (e:Entity {id: $id}) RETURN e.sortKey AS sortKey',
        z.object({ sortKey: z.string() }),
      ),
      { id },
    );
    expect(sorted?.sortKey).toBe(nameKey('Acme Corporation'));
    // A filter by part of a name finds it by the new name, within one name and never across two.
    const byPart = async (name: string) =>
      (
        await post<{ entities: { totalCount: number; edges: { node: { key: string } }[] } }>(
          { name },
          'query ($name: String!) { entities(name: $name) { totalCount edges { node { key } } } }',
        )
      ).data?.entities;
    const keys = (page: { edges: { node: { key: string } }[] } | undefined) =>
      page?.edges.map((edge) => edge.node.key);
    const byNewName = await byPart('CORPORATION');
    expect(keys(byNewName)).toContain(id);
    expect(byNewName?.totalCount).toBe(byNewName?.edges.length);
    expect(keys(await byPart('corporation acme'))).not.toContain(id);

    // Its defining document, loaded again, leaves the curator's name alone.
    await mutate(IMPORT, importInput(validMini('doc:curation-entity')), curator.token);
    expect((await entity(id))?.name).toBe('Acme Corporation');

    const stale = await mutate(
      UPDATE_ENTITY,
      { input: { entity: id, expectedVersion: version, description: 'late' } },
      curator.token,
    );
    expect(stale).toMatchObject({ __typename: 'VersionConflict', code: 'CONFLICT' });
    const empty = await mutate(
      UPDATE_ENTITY,
      { input: { entity: id, expectedVersion: version + 1, name: ' ' } },
      curator.token,
    );
    expect(empty.__typename).toBe('AnnotationsInvalid');

    const history = await post<{
      changes: { edges: { node: { kind: string; entityKey: string } }[] };
    }>(
      { entity: id },
      'query($entity: String) { changes(entity: $entity) { edges { node { kind entityKey } } } }',
    );
    expect(history.data?.changes.edges.map((edge) => edge.node)).toEqual([
      { kind: 'ENTITY', entityKey: id },
    ]);
    const own = await post<{ entity: { changes: { kind: string; by: string }[] } }>(
      { key: id },
      'query($key: String) { entity(key: $key) { changes { kind by } } }',
    );
    expect(own.data?.entity.changes[0]).toEqual({ kind: 'ENTITY', by: 'curator-ann' });
    const reverted = await mutate(
      REVERT,
      { change: updated.change?.change.id ?? '' },
      curator.token,
    );
    expect(reverted.change?.change.kind).toBe('REVERT');
    expect((await entity(id))?.name).toBe('Acme Corp');
    await removeDocumentGraph(db, 'doc:curation-entity');
  });

  it("refuses an alias that is another entity's name, naming it, and keeps each alias once up to case", async () => {
    const id = 'company:mini-acme-corp';
    await mutate(IMPORT, importInput(validMini('doc:curation-alias')), curator.token);
    const read = await post<{ entity: { version: number } }>({ key: id }, entityByKeyQuery);
    const version = read.data?.entity.version ?? 0;
    const taken = await mutate(
      UPDATE_ENTITY,
      { input: { entity: id, expectedVersion: version, aliases: ['Acme Co', 'GOOGLE'] } },
      curator.token,
    );
    expect(taken).toMatchObject({ __typename: 'ChangeRefused', code: 'ALIAS_TAKEN' });
    expect(taken.message).toContain(
      `${id} cannot take this alias: "GOOGLE" (aliases[1]) is already a name of company:google (Google, Company).`,
    );
    const google = await post<{ entity: { id: string } | null }>(
      { name: 'Google' },
      entityByNameQuery,
    );
    expect(google.data?.entity?.id).toBe(globalId('Company', 'company:google'));

    const updated = await mutate(
      UPDATE_ENTITY,
      {
        input: {
          entity: id,
          expectedVersion: version,
          aliases: ['Acme Co', 'ACME CO', 'acme corp', 'Acme Corporation', 'Ácme Co'],
        },
      },
      curator.token,
    );
    expect(updated.__typename, JSON.stringify(updated)).toBe('UpdateEntitySuccess');
    const found = await post<{ entity: { id: string; aliases: string[] } }>(
      { name: 'acme corporation' },
      entityByNameQuery,
    );
    expect(found.data?.entity).toEqual({
      id: globalId('Company', id),
      name: 'Acme Corp',
      aliases: ['Acme Co', 'Acme Corporation'],
      version: version + 1,
    });
    await mutate(REVERT, { change: updated.change?.change.id ?? '' }, curator.token);
    await removeDocumentGraph(db, 'doc:curation-alias');
  });

  it('rolls a merge back whole when a document fails half-way: no version moved, nothing merged', async () => {
    await mutate(IMPORT, importInput(validMini('doc:curation-halfway')), curator.token);
    // A bulk load keeps no annotations, so that document cannot be edited in place; its id sorts
    // after the other, so the merge has locked and read the first before it fails.
    await loadDocumentGraph(
      db,
      buildGraphRows(annotationsSchema.parse(validMini('doc:curation-zz-bulk')), VALID_MINI_TEXT),
    );
    const before = await size();
    const answer = await mutate(
      MERGE,
      { survivor: 'person:mini-ada-quill', other: 'person:mini-bob-stone' },
      admin.token,
    );
    expect(answer).toMatchObject({
      __typename: 'DocumentNotEditable',
      code: 'DOCUMENT_NOT_EDITABLE',
    });
    expect(answer.message).toContain('doc:curation-zz-bulk was loaded without its annotations');
    expect(await size()).toEqual(before);
    expect(await entity('person:mini-bob-stone')).not.toBeNull();
    const read = await post<{ document: { version: number } }>(
      { key: 'doc:curation-halfway' },
      'query($key: String) { document(key: $key) { version } }',
    );
    expect(read.data?.document.version).toBe(1);
    await removeDocumentGraph(db, 'doc:curation-zz-bulk');
    await removeDocumentGraph(db, 'doc:curation-halfway');
  });

  it('merges two entities found to be one: mentions and claims move, the names become aliases, in one change', async () => {
    await mutate(IMPORT, importInput(validMini('doc:curation-merge')), curator.token);
    const self = await mutate(
      MERGE,
      { survivor: 'person:mini-ada-quill', other: 'person:mini-ada-quill' },
      admin.token,
    );
    expect(self).toMatchObject({ __typename: 'ChangeRefused', code: 'MERGE_WITH_ITSELF' });
    const kinds = await mutate(
      MERGE,
      { survivor: 'person:mini-ada-quill', other: 'company:mini-acme-corp' },
      admin.token,
    );
    expect(kinds).toMatchObject({ __typename: 'ChangeRefused', code: 'TYPE_MISMATCH' });
    const curatorTries = await post(
      { survivor: 'person:mini-ada-quill', other: 'person:mini-bob-stone' },
      MERGE,
      bearer(curator.token),
    );
    expect(curatorTries.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const merged = await mutate(
      MERGE,
      { survivor: 'person:mini-ada-quill', other: 'person:mini-bob-stone' },
      admin.token,
    );
    expect(merged.change?.change).toMatchObject({ kind: 'MERGE', by: 'admin-ada' });
    // Every document that names Bob Stone: this one and the other tests' copies of the article.
    expect(merged.change?.change.summary).toMatch(
      /^merged person:mini-bob-stone \(Bob Stone\) into person:mini-ada-quill \(Ada Quill\) in \d+ documents?$/,
    );
    expect(await entity('person:mini-bob-stone')).toBeNull();
    expect(await mentionsIn('doc:curation-merge', 'person:mini-ada-quill')).toEqual([
      'Ada Quill',
      'Bob Stone',
    ]);
    const byOldName = await post<{ entity: { name: string; aliases: string[] } | null }>(
      { name: 'Bob Stone' },
      entityByNameQuery,
    );
    expect(byOldName.data?.entity).toMatchObject({ name: 'Ada Quill', aliases: ['Bob Stone'] });
    const denial = await post<{ claims: { edges: { node: { proposition: string } }[] } }>(
      {
        speaker: globalId('Person', 'person:mini-ada-quill'),
        document: globalId('Document', 'doc:curation-merge'),
      },
      'query($speaker: ID!, $document: ID!) { claims(filter: { speaker: $speaker, document: $document }) { edges { node { proposition } } } }',
    );
    expect(denial.data?.claims.edges).toHaveLength(2);
    const mergedMentions = await mentionsIn('doc:curation-merge', 'person:mini-ada-quill');
    expect(mergedMentions).toEqual(['Ada Quill', 'Bob Stone']);
    const denialOrigin = async () =>
      (
        await post<{ node: { provenance: { origin: string; change: { kind: string } | null } } }>(
          { id: globalId('Claim', 'doc:curation-merge/claim:mini-stone-denial') },
          'query($id: ID!) { node(id: $id) { ... on Claim { provenance { origin change { kind } } } } }',
        )
      ).data?.node.provenance;
    // The denial's speaker was rewritten by the merge: the claim is now the merge's.
    expect(await denialOrigin()).toEqual({ origin: 'CURATION', change: { kind: 'MERGE' } });
    expect(await entityLinksThatDiffer(db)).toEqual({ missingOrWrong: [], extra: [] });
    const undone = await mutate(REVERT, { change: merged.change?.change.id ?? '' }, curator.token);
    expect(await entityLinksThatDiffer(db)).toEqual({ missingOrWrong: [], extra: [] });
    expect(undone.change?.change).toMatchObject({
      kind: 'REVERT',
      revertOf: merged.change?.change.id,
    });
    expect(await mentionsIn('doc:curation-merge', 'person:mini-ada-quill')).toEqual(['Ada Quill']);
    expect(await mentionsIn('doc:curation-merge', 'person:mini-bob-stone')).toEqual(['Bob Stone']);
    expect(await denialOrigin()).toEqual({ origin: 'ANNOTATIONS', change: null });
    // The document's own history shows the merge that rewrote it, and its revert.
    const history = await post<{
      changes: { edges: { node: { kind: string; rewrittenDocumentKeys: string[] } }[] };
    }>(
      { document: 'doc:curation-merge' },
      'query($document: String) { changes(document: $document) { edges { node { kind rewrittenDocumentKeys } } } }',
    );
    expect(history.data?.changes.edges.map((edge) => edge.node.kind)).toEqual([
      'REVERT',
      'MERGE',
      'IMPORT',
    ]);
    expect(history.data?.changes.edges[1]?.node.rewrittenDocumentKeys).toContain(
      'doc:curation-merge',
    );
    const adaAgain = await post<{ entity: { aliases: string[] } | null }>(
      { key: 'person:mini-ada-quill' },
      entityByKeyQuery,
    );
    expect(adaAgain.data?.entity?.aliases).toEqual([]);
    const twice = await mutate(REVERT, { change: merged.change?.change.id ?? '' }, curator.token);
    expect(twice).toMatchObject({ __typename: 'VersionConflict' });
    await removeDocumentGraph(db, 'doc:curation-merge');
  });
});

describe('a client mutation id', () => {
  it('answers a retry of the same change, and refuses another change that reuses it, naming the id, without dropping it', async () => {
    const documentId = 'doc:curation-client-id';
    // Unique per run: an id stays taken for as long as the database keeps the change.
    const clientMutationId = `retry-${randomUUID()}`;
    await mutate(IMPORT, importInput(validMini(documentId)), curator.token);
    const item = validMini(documentId).claims.find(
      (claim) => claim.id === 'claim:mini-acme-loses-data',
    );
    const editOf = (proposition: string) => ({
      input: {
        document: documentId,
        expectedVersion: 1,
        clientMutationId,
        edits: [
          {
            section: 'CLAIMS',
            id: 'claim:mini-acme-loses-data',
            item: JSON.stringify({ ...item, proposition }),
          },
        ],
      },
    });
    const edited = await mutate(EDIT, editOf('Acme lost data.'), curator.token);
    expect(edited.change).toMatchObject({ replayed: false, version: 2 });
    const retried = await mutate(EDIT, editOf('Acme lost data.'), curator.token);
    expect(retried.change).toMatchObject({ replayed: true, version: 2 });
    expect(retried.change?.change.id).toBe(edited.change?.change.id);

    const entityId = 'person:mini-cy-writer';
    const read = await post<{ entity: { version: number } }>({ key: entityId }, entityByKeyQuery);
    const reused = await mutate(
      UPDATE_ENTITY,
      {
        input: {
          entity: entityId,
          expectedVersion: read.data?.entity.version ?? 0,
          description: 'reporter on staff',
          clientMutationId,
        },
      },
      curator.token,
    );
    expect(reused).toMatchObject({ __typename: 'ChangeRefused', code: 'BAD_USER_INPUT' });
    expect(reused.message).toContain(
      `clientMutationId "${clientMutationId}" was already used for another change: ${edited.change?.change.id} (EDIT of ${documentId}`,
    );
    expect(reused.message).toContain('not this ENTITY of person:mini-cy-writer');
    expect((await entity(entityId))?.description).toBe('staff reporter');

    // Another document is another target, even for the same kind of change.
    const otherDocument = await mutate(
      EDIT,
      { input: { ...editOf('unused').input, document: SEED_ID } },
      curator.token,
    );
    expect(otherDocument).toMatchObject({ __typename: 'ChangeRefused', code: 'BAD_USER_INPUT' });
    const history = await post<{ changes: { edges: { node: { id: string } }[] } }>(
      { document: documentId },
      'query($document: String) { changes(document: $document, first: 1) { edges { node { id } } } }',
    );
    expect(history.data?.changes.edges.map((edge) => edge.node.id)).toEqual([
      edited.change?.change.id,
    ]);
    await removeDocumentGraph(db, documentId);
  });
});

describe('a shipped document curators have changed', () => {
  it('is not loaded over a merge that rewrote it when its shipped file changes and the service restarts', async () => {
    const documentId = 'doc:curation-shipped-merged';
    const dir = await mkdtemp(join(tmpdir(), 'dossier-shipped-'));
    try {
      await writeFile(join(dir, 'shipped.txt'), VALID_MINI_TEXT);
      // JSON is YAML: the annotations file as a seed ships it.
      // People of its own, so that the merge leaves the other tests' entities alone.
      const annotations = JSON.stringify(validMini(documentId), null, 2)
        .replaceAll('person:mini-ada-quill', 'person:shipped-ada-quill')
        .replaceAll('person:mini-bob-stone', 'person:shipped-bob-stone');
      await writeFile(join(dir, 'shipped.annotations.yaml'), annotations);
      const start = (messages: string[]) =>
        seedDatabase(db, {
          dir,
          name: 'shipped',
          onlyIfChanged: true,
          onProgress: (message) => messages.push(message),
        });
      expect((await start([])).loaded).toBe(true);
      const merged = await mutate(
        MERGE,
        { survivor: 'person:shipped-ada-quill', other: 'person:shipped-bob-stone' },
        admin.token,
      );
      expect(merged.change?.change.kind).toBe('MERGE');

      await appendFile(join(dir, 'shipped.annotations.yaml'), '\n# reviewed again\n');
      const messages: string[] = [];
      const restarted = await start(messages);
      expect(restarted).toMatchObject({ documentId, loaded: false, curatorChanges: 1 });
      expect(messages.join('\n')).toContain(
        `The shipped annotations of ${documentId} were NOT loaded: curators have changed this document (1 change, the latest MERGE ${merged.change?.change.id} by admin-ada)`,
      );
      const read = await post<{ document: { version: number } }>(
        { key: documentId },
        'query($key: String) { document(key: $key) { version } }',
      );
      expect(read.data?.document.version).toBe(2);
      expect(await entity('person:shipped-bob-stone')).toBeNull();
      expect(await mentionsIn(documentId, 'person:shipped-ada-quill')).toEqual([
        'Ada Quill',
        'Bob Stone',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
      await removeDocumentGraph(db, documentId);
    }
  });
});

describe('where each fact comes from', () => {
  const documentId = 'doc:curation-provenance';
  const claimId = (key: string) => globalId('Claim', `${documentId}/${key}`);
  const PROVENANCE = 'provenance { origin document { key } change { kind by summary } }';
  interface Provenance {
    origin: 'ANNOTATIONS' | 'CURATION';
    document: { key: string } | null;
    change: { kind: string; by: string; summary: string } | null;
  }
  interface Facts {
    changed: {
      provenance: Provenance;
      attributions: { provenance: Provenance }[];
      stances: { provenance: Provenance; other: { key: string } }[];
    };
    untouched: { provenance: Provenance; stances: { provenance: Provenance }[] };
    person: {
      provenance: Provenance;
      roles: { provenance: Provenance }[];
      mentions: { edges: { node: { provenance: Provenance; span: { exact: string } } }[] };
    };
  }
  const facts = async () => {
    const answer = await post<Facts>(
      {
        changed: claimId('claim:mini-acme-loses-data'),
        untouched: claimId('claim:mini-stone-denial'),
        person: globalId('Person', 'person:mini-ada-quill'),
      },
      `query($changed: ID!, $untouched: ID!, $person: ID!) {
        changed: node(id: $changed) { ... on Claim { ${PROVENANCE}
          attributions { ${PROVENANCE} } stances { ${PROVENANCE} other { key } } } }
        untouched: node(id: $untouched) { ... on Claim { ${PROVENANCE} stances { ${PROVENANCE} } } }
        person: node(id: $person) { ... on Person { ${PROVENANCE} roles(first: 100) { ${PROVENANCE} }
          mentions(first: 100) { edges { node { ${PROVENANCE} span { exact } } } } } }
      }`,
    );
    expect(answer.errors).toBeUndefined();
    if (!answer.data) throw new Error('no data');
    // Other documents of these tests name the same person: keep this document's facts.
    const here = ({ provenance }: { provenance: Provenance }) =>
      provenance.document?.key === documentId;
    const { person } = answer.data;
    return {
      ...answer.data,
      person: {
        ...person,
        roles: person.roles.filter(here),
        mentions: { edges: person.mentions.edges.filter((edge) => here(edge.node)) },
      },
    };
  };
  const fromAnnotations = { origin: 'ANNOTATIONS', document: { key: documentId }, change: null };

  it("tells the annotations' facts from a curator's, and a revert gives a fact its origin back", async () => {
    const imported = await mutate(IMPORT, importInput(validMini(documentId)), curator.token);
    expect(imported.change?.version).toBe(1);
    const before = await facts();
    expect(before.changed.provenance).toEqual(fromAnnotations);
    expect(before.changed.attributions.map((a) => a.provenance)).toEqual([fromAnnotations]);
    expect(before.person.roles.map((role) => role.provenance)).toEqual([fromAnnotations]);
    expect(before.person.mentions.edges.map((edge) => edge.node.provenance)).toEqual([
      fromAnnotations,
    ]);

    const mini = validMini(documentId);
    const loses = mini.claims.find((claim) => claim.id === 'claim:mini-acme-loses-data');
    if (!loses) throw new Error('fixture changed');
    const edited = await mutate(
      EDIT,
      {
        input: {
          document: documentId,
          expectedVersion: 1,
          edits: [
            // The same item with its keys in another order is no change.
            {
              section: 'CLAIMS',
              id: 'claim:mini-stone-denial',
              item: JSON.stringify(
                Object.fromEntries(
                  Object.entries(
                    mini.claims.find((claim) => claim.id === 'claim:mini-stone-denial') ?? {},
                  ).reverse(),
                ),
              ),
            },
            {
              section: 'CLAIMS',
              id: loses.id,
              item: JSON.stringify({ ...loses, proposition: 'Acme Corp lost customer records.' }),
            },
          ],
        },
      },
      curator.token,
    );
    expect(edited.__typename, JSON.stringify(edited)).toBe('EditDocumentSuccess');
    const curated = {
      origin: 'CURATION',
      document: { key: documentId },
      change: {
        kind: 'EDIT',
        by: 'curator-ann',
        summary: `edited ${documentId}: changed claim:mini-stone-denial, changed claim:mini-acme-loses-data`,
      },
    };
    const after = await facts();
    expect(after.changed.provenance).toEqual(curated);
    expect(after.changed.attributions.map((a) => a.provenance)).toEqual([curated]);
    expect(after.untouched.provenance).toEqual(fromAnnotations);
    // The stance belongs to the claim that takes it, which the edit left alone.
    expect(after.untouched.stances.map((stance) => stance.provenance)).toEqual([fromAnnotations]);
    expect(after.person.roles.map((role) => role.provenance)).toEqual([fromAnnotations]);

    const updated = await mutate(
      UPDATE_ENTITY,
      {
        input: {
          entity: 'person:mini-ada-quill',
          expectedVersion: (
            await post<{ entity: { version: number } }>(
              { key: 'person:mini-ada-quill' },
              entityByKeyQuery,
            )
          ).data?.entity.version,
          description: 'chief of Acme Corp',
        },
      },
      curator.token,
    );
    expect(updated.change?.change.kind).toBe('ENTITY');
    expect((await facts()).person.provenance).toMatchObject({
      origin: 'CURATION',
      change: { kind: 'ENTITY', by: 'curator-ann' },
    });
    await mutate(REVERT, { change: updated.change?.change.id ?? '' }, curator.token);
    expect((await facts()).person.provenance.origin).toBe('ANNOTATIONS');

    await mutate(REVERT, { change: edited.change?.change.id ?? '' }, curator.token);
    const reverted = await facts();
    expect(reverted.changed.provenance).toEqual(fromAnnotations);
    expect(reverted.changed.attributions.map((a) => a.provenance)).toEqual([fromAnnotations]);
  });

  it('shows every fact of the shipped article as coming from its annotations', async () => {
    const answer = await post<{
      claims: { edges: { node: { provenance: Provenance } }[] };
    }>(
      { document: globalId('Document', SEED_ID) },
      `query($document: ID!) { claims(filter: { document: $document }, first: 50) {
        edges { node { ${PROVENANCE} } } } }`,
    );
    expect(answer.errors).toBeUndefined();
    const origins = answer.data?.claims.edges.map((edge) => edge.node.provenance) ?? [];
    expect(origins.length).toBe(50);
    expect(new Set(origins.map((p) => JSON.stringify(p)))).toEqual(
      new Set([
        JSON.stringify({ origin: 'ANNOTATIONS', document: { key: SEED_ID }, change: null }),
      ]),
    );
  });
});

describe('imports at the same time', () => {
  it('match a new entity that two documents name under different ids to one entity, not two', async () => {
    // A name no earlier run left in the graph.
    const name = `Parallel Holdings ${randomUUID().slice(0, 8)}`;
    const documentWith = (documentId: string, entityId: string) =>
      miniWithAcme(documentId, { id: entityId, name, aliases: [] });
    const [first, second] = await Promise.all([
      mutate(
        IMPORT,
        importInput(documentWith('doc:curation-parallel-a', 'company:parallel-a')),
        curator.token,
      ),
      mutate(
        IMPORT,
        importInput(documentWith('doc:curation-parallel-b', 'company:parallel-b')),
        curator.token,
      ),
    ]);
    const outcomes = [first, second].map((answer) =>
      answer.change?.entities.find((entity) => entity.entity.name === name),
    );
    expect(outcomes.map((outcome) => outcome?.outcome).sort()).toEqual([
      'CREATED',
      'MATCHED_BY_NAME',
    ]);
    expect(new Set(outcomes.map((outcome) => outcome?.entity.id)).size).toBe(1);
    const [named] = await db.read(
      defineQuery(
        'testEntitiesNamed',
        'MATCH (e:Entity {name: $name}) RETURN collect(e.id) AS ids',
        z.object({ ids: z.array(z.string()) }),
      ),
      { name },
    );
    expect(named?.ids).toHaveLength(1);
    await removeDocumentGraph(db, 'doc:curation-parallel-a');
    await removeDocumentGraph(db, 'doc:curation-parallel-b');
  });
});

describe('two curators at once', () => {
  const documentId = 'doc:curation-concurrent';
  const claimEdit = (key: string, proposition: string) => {
    const item = validMini(documentId).claims.find((claim) => claim.id === key);
    if (!item) throw new Error('fixture changed');
    return { section: 'CLAIMS', id: key, item: JSON.stringify({ ...item, proposition }) };
  };
  const edit = (expectedVersion: number, edits: unknown[], token = curator.token) =>
    mutate(EDIT, { input: { document: documentId, expectedVersion, edits } }, token);

  it('lets two curators edit different items on one version, and refuses the second edit of one item, naming the change', async () => {
    await mutate(IMPORT, importInput(validMini(documentId)), curator.token);
    const first = await edit(1, [claimEdit('claim:mini-acme-loses-data', 'Acme lost data.')]);
    expect(first.change?.version).toBe(2);

    // Read at version 1, another item: applies on version 2, and both edits stay.
    const other = await edit(
      1,
      [claimEdit('claim:mini-stone-denial', 'Bob Stone denied it.')],
      admin.token,
    );
    expect(other.change?.change).toMatchObject({ versionBefore: 2, versionAfter: 3 });
    expect((await claim(`${documentId}/claim:mini-acme-loses-data`))?.proposition).toBe(
      'Acme lost data.',
    );
    expect((await claim(`${documentId}/claim:mini-stone-denial`))?.proposition).toBe(
      'Bob Stone denied it.',
    );

    // Read at version 1, the item the first edit changed: refused with what changed it.
    const same = await edit(
      1,
      [claimEdit('claim:mini-acme-loses-data', 'Acme Corp lost no data.')],
      admin.token,
    );
    expect(same).toMatchObject({
      __typename: 'VersionConflict',
      code: 'CONFLICT',
      currentVersion: 3,
    });
    expect(same.message).toContain(
      `change ${first.change?.change.id} by curator-ann (version 2) changed claim:mini-acme-loses-data`,
    );
    expect((await claim(`${documentId}/claim:mini-acme-loses-data`))?.proposition).toBe(
      'Acme lost data.',
    );

    // A whole new import since: the old version says nothing about what the curator saw.
    await mutate(IMPORT, importInput(validMini(documentId)), curator.token);
    const afterImport = await edit(3, [claimEdit('claim:mini-comment-acme-fine', 'Fine.')]);
    expect(afterImport).toMatchObject({ __typename: 'VersionConflict', currentVersion: 4 });
  });
});
