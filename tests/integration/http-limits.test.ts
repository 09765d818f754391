import { getIntrospectionQuery, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.ts';
import { costOf, DEFAULT_LIMITS } from '../../src/http/limits.ts';
import { schema } from '../../src/schema/index.ts';
import { silentLogger } from '../helpers/app.ts';
import { useTestDatabase } from '../helpers/database.ts';

const db = useTestDatabase();
const app = createApp({ db, logger: silentLogger });

interface Answer {
  status: number;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
    extensions?: { neo4jStatements?: number };
  };
}

async function post(target: App, query: string, variables: Record<string, unknown> = {}) {
  const response = await target.fetch('http://dossier/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

function firstError(answer: Answer) {
  const error = answer.body.errors?.[0];
  if (!error) throw new Error(`expected an error, got ${JSON.stringify(answer.body)}`);
  return error;
}

function aliases(count: number, field = '__typename'): string {
  return `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
}

function nested(depth: number): string {
  // entity -> claimsMade -> edges -> node -> speakers -> claimsMade ... a real, valid nesting.
  let inner = 'proposition';
  let levels = 2;
  while (levels + 4 <= depth) {
    inner = `speakers { ... on Person { claimsMade(first: 1) { edges { node { ${inner} } } } } }`;
    levels += 4;
  }
  return `{ claims(first: 1) { edges { node { ${inner} } } } }`;
}

describe('limits on the whole document, before anything runs', () => {
  it('refuses a body over the size limit with 400 BODY_SIZE_LIMIT_EXCEEDED, and takes one at the limit', async () => {
    const small = createApp({
      db,
      logger: silentLogger,
      http: { limits: { ...DEFAULT_LIMITS, bodyBytes: 2_000 } },
    });
    const body = (padding: number) =>
      JSON.stringify({ query: `{ __typename }${' '.repeat(padding)}` });
    const overhead = body(0).length;
    const atLimit = await small.fetch('http://dossier/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body(2_000 - overhead),
    });
    expect(atLimit.status).toBe(200);
    const over = await small.fetch('http://dossier/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body(2_001 - overhead),
    });
    expect(over.status).toBe(400);
    const answer = (await over.json()) as Answer['body'];
    expect(answer.errors?.[0]?.extensions).toMatchObject({
      code: 'BODY_SIZE_LIMIT_EXCEEDED',
      limit: 2_000,
    });
  });

  it('refuses a streamed body that grows past the limit without a content-length', async () => {
    const small = createApp({
      db,
      logger: silentLogger,
      http: { limits: { ...DEFAULT_LIMITS, bodyBytes: 2_000 } },
    });
    const chunk = new TextEncoder().encode(' '.repeat(1_000));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"query":"{ __typename }'));
        if (sent > 5) controller.close();
        else controller.enqueue(chunk);
        sent += 1;
      },
    });
    const response = await small.fetch('http://dossier/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(400);
    const answer = (await response.json()) as Answer['body'];
    expect(answer.errors?.[0]?.extensions?.code).toBe('BODY_SIZE_LIMIT_EXCEEDED');
  });

  it('refuses 100,000 aliases of __typename at once, without blocking', async () => {
    const started = Date.now();
    const answer = await post(app, aliases(100_000));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(answer.status).toBe(400);
    expect(firstError(answer).extensions?.code).toBe('BODY_SIZE_LIMIT_EXCEEDED');
    const roomyBody = createApp({
      db,
      logger: silentLogger,
      http: { limits: { ...DEFAULT_LIMITS, bodyBytes: 10_000_000 } },
    });
    const onTokens = await post(roomyBody, aliases(100_000));
    expect(onTokens.status).toBe(400);
    expect(firstError(onTokens).extensions).toMatchObject({
      code: 'TOKEN_LIMIT_EXCEEDED',
      limit: DEFAULT_LIMITS.tokens,
    });
  });

  it('answers a 6,000-deep query with 400 and a limit code, not a parser stack overflow', async () => {
    const deep = `${'{ a '.repeat(6_000)}${'}'.repeat(6_000)}`;
    const answer = await post(app, deep);
    expect(answer.status).toBe(400);
    expect(firstError(answer).extensions?.code).toBe('TOKEN_LIMIT_EXCEEDED');
    const withRoom = createApp({
      db,
      logger: silentLogger,
      http: { limits: { ...DEFAULT_LIMITS, tokens: 1_000_000 } },
    });
    const stillDeep = await post(withRoom, deep);
    expect(stillDeep.status).toBe(400);
    expect(firstError(stillDeep).extensions?.code).toMatch(/LIMIT_EXCEEDED$/);
  });

  it('refuses one alias too many with ALIAS_LIMIT_EXCEEDED and the count, and takes the limit', async () => {
    const atLimit = await post(app, aliases(DEFAULT_LIMITS.aliases));
    expect(atLimit.status).toBe(200);
    expect(Object.keys(atLimit.body.data ?? {})).toHaveLength(DEFAULT_LIMITS.aliases);
    const over = await post(app, aliases(DEFAULT_LIMITS.aliases + 1));
    expect(over.status).toBe(400);
    expect(firstError(over).extensions).toMatchObject({
      code: 'ALIAS_LIMIT_EXCEEDED',
      limit: DEFAULT_LIMITS.aliases,
      found: DEFAULT_LIMITS.aliases + 1,
    });
  });

  it('refuses a 150-alias neighbourhood request before it runs a single statement', async () => {
    const started = Date.now();
    const answer = await post(
      app,
      aliases(150, 'neighborhood(entity: "x", depth: 3, limit: 200) { nodes { id } }'),
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(answer.status).toBe(400);
    expect(firstError(answer).extensions?.code).toMatch(/^(ALIAS|TOKEN)_LIMIT_EXCEEDED$/);
    expect(answer.body.extensions?.neo4jStatements ?? 0).toBe(0);
  });

  it('refuses a query nested deeper than the limit with DEPTH_LIMIT_EXCEEDED, and runs one at it', async () => {
    // __type counts 1, each ofType 1 more, and the innermost field 1.
    const ofTypes = (count: number) =>
      `{ __type(name: "Query") { ${'ofType { '.repeat(count)} name ${'} '.repeat(count)} } }`;
    const atLimit = await post(app, ofTypes(DEFAULT_LIMITS.depth - 2));
    expect(atLimit.status, JSON.stringify(atLimit.body.errors)).toBe(200);
    const over = await post(app, ofTypes(DEFAULT_LIMITS.depth - 1));
    expect(over.status).toBe(400);
    expect(firstError(over).extensions).toMatchObject({
      code: 'DEPTH_LIMIT_EXCEEDED',
      limit: DEFAULT_LIMITS.depth,
      found: DEFAULT_LIMITS.depth + 1,
    });
    const deepData = await post(app, nested(DEFAULT_LIMITS.depth + 8));
    expect(firstError(deepData).extensions?.code).toBe('DEPTH_LIMIT_EXCEEDED');
  });

  it('refuses too many directives with DIRECTIVE_LIMIT_EXCEEDED', async () => {
    const directives = (count: number) => `{ __typename ${'@include(if: true) '.repeat(count)} }`;
    const over = await post(app, directives(DEFAULT_LIMITS.directives + 1));
    expect(over.status).toBe(400);
    expect(firstError(over).extensions).toMatchObject({
      code: 'DIRECTIVE_LIMIT_EXCEEDED',
      limit: DEFAULT_LIMITS.directives,
    });
  });

  it('takes a query of exactly the token limit and refuses one token more', async () => {
    // "{", n fields, "}": n + 2 tokens; repeated fields merge, so the answer stays small.
    const ofTokens = (count: number) => `{ ${'__typename '.repeat(count - 2)}}`;
    expect((await post(app, ofTokens(DEFAULT_LIMITS.tokens))).status).toBe(200);
    const over = await post(app, ofTokens(DEFAULT_LIMITS.tokens + 1));
    expect(over.status).toBe(400);
    expect(firstError(over).extensions).toMatchObject({
      code: 'TOKEN_LIMIT_EXCEEDED',
      limit: DEFAULT_LIMITS.tokens,
    });
  });

  it('takes exactly the directive limit, spread over fields', async () => {
    const directives = Array.from(
      { length: DEFAULT_LIMITS.directives },
      (_, i) => `d${i}: __typename @include(if: true)`,
    ).join(' ');
    const answer = await post(app, `{ ${directives} }`);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
  });

  it('takes a query that costs exactly the cost limit and refuses it one unit lower', async () => {
    const query = '{ claims(first: 7) { edges { node { proposition about { name } } } } }';
    const cost = costOf(schema, parse(query), {
      variables: {},
      operationName: undefined,
      context: {},
    });
    if (cost === null) throw new Error('the query should be valid');
    const withLimit = (limit: number) =>
      createApp({ db, logger: silentLogger, http: { limits: { ...DEFAULT_LIMITS, cost: limit } } });
    const atLimit = await post(withLimit(cost), query);
    expect(atLimit.status).toBe(200);
    expect(atLimit.body.errors).toBeUndefined();
    const over = await post(withLimit(cost - 1), query);
    expect(over.status).toBe(400);
    expect(firstError(over).extensions).toMatchObject({
      code: 'COST_LIMIT_EXCEEDED',
      limit: cost - 1,
      found: cost,
    });
  });

  it('runs the full introspection query that GraphiQL sends, within every limit', async () => {
    const answer = await post(app, getIntrospectionQuery({ descriptions: true }));
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(JSON.stringify(answer.body.data).length).toBeGreaterThan(100_000);
  });

  it('counts introspection in the cost: several aliased __schema queries are refused', async () => {
    const introspection = getIntrospectionQuery();
    const fragments = introspection.slice(introspection.indexOf('fragment FullType'));
    const operation = introspection.slice(0, introspection.indexOf('fragment FullType'));
    const schemaStart = operation.indexOf('__schema') + '__schema'.length;
    const schemaSelection = operation.slice(schemaStart, operation.lastIndexOf('}'));
    const fourTimes = `{ ${[1, 2, 3, 4].map((i) => `s${i}: __schema ${schemaSelection}`).join(' ')} } ${fragments}`;
    const answer = await post(app, fourTimes);
    expect(answer.status).toBe(400);
    const error = firstError(answer);
    expect(error.extensions).toMatchObject({
      code: 'COST_LIMIT_EXCEEDED',
      limit: DEFAULT_LIMITS.cost,
    });
    expect(error.extensions?.found).toBeGreaterThan(DEFAULT_LIMITS.cost);
  });

  it('prices neighbourhoods by depth and limit, so many large ones in one request are refused', async () => {
    const answer = await post(
      app,
      aliases(
        20,
        'neighborhood(entity: "x", depth: 3, limit: 200) { nodes { id label } edges { id } }',
      ),
    );
    expect(answer.status).toBe(400);
    expect(firstError(answer).extensions?.code).toBe('COST_LIMIT_EXCEEDED');
    expect(answer.body.extensions?.neo4jStatements ?? 0).toBe(0);
  });

  it('prices pages by the size asked for, also when it comes in a variable', async () => {
    const query = `query Big($n: Int) { entities(first: $n) { edges { node { name
      claimsMade(first: $n) { edges { node { proposition attributions { evidence { exact } } } } } } } } }`;
    const small = await post(app, query, { n: 5 });
    expect(small.status).toBe(200);
    const big = await post(app, query, { n: 100 });
    expect(big.status).toBe(400);
    expect(firstError(big).extensions?.code).toBe('COST_LIMIT_EXCEEDED');
  });

  it('takes the heaviest query of the speed benchmark: 100 entities with 20 mentions and 20 claims', async () => {
    const answer = await post(
      app,
      `{ entities(first: 100) { edges { node { name
        mentions(first: 20) { edges { node { span { exact } } } }
        claimsMade(first: 20) { edges { node { proposition attributions { mode evidence { exact } } } } } } } } }`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
  });

  it('refuses nodes(ids:) with more ids than a page holds', async () => {
    const ids = Array.from({ length: 101 }, (_, i) =>
      Buffer.from(`Claim:c${i}`).toString('base64'),
    );
    const answer = await post(app, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(answer.status).toBe(400);
    expect(firstError(answer).extensions).toMatchObject({
      code: 'ID_LIMIT_EXCEEDED',
      limit: 100,
      found: 101,
    });
  });

  it('refuses __schema and __type when introspection is turned off', async () => {
    const closed = createApp({ db, logger: silentLogger, http: { introspection: false } });
    const answer = await post(closed, '{ __schema { queryType { name } } }');
    // A validation error: 200 for application/json, as the GraphQL-over-HTTP spec has it.
    expect(answer.body.data).toBeUndefined();
    expect(firstError(answer).message).toMatch(/introspection/i);
    const ordinary = await post(closed, '{ databaseInfo { version } }');
    expect(ordinary.status).toBe(200);
  });
});

describe('the error contract', () => {
  it('answers a GET with malformed variables with 400 and a message, not 500', async () => {
    const response = await app.fetch(
      'http://dossier/graphql?query=%7B__typename%7D&variables=%7Bx',
      { headers: { accept: 'application/json' } },
    );
    expect(response.status).toBe(400);
    const answer = (await response.json()) as Answer['body'];
    expect(answer.errors?.[0]?.message).toMatch(/variables/);
    expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  it('answers node() with a forged type name with INVALID_ID, not an internal message', async () => {
    for (const typename of ['__proto__', 'constructor', 'Mention', 'Query']) {
      const id = Buffer.from(`${typename}:1`).toString('base64');
      const answer = await post(app, 'query($id: ID!) { node(id: $id) { id } }', { id });
      const error = firstError(answer);
      expect(error.extensions?.code, typename).toBe('INVALID_ID');
      expect(error.message).not.toMatch(/implemented|prototype/);
    }
  });

  it('fails only the bad id of nodes(ids:), at its place in the list', async () => {
    const listed = await post(app, '{ claims(first: 2) { edges { node { id } } } }');
    const claimIds = (
      listed.body.data as { claims: { edges: { node: { id: string } }[] } }
    ).claims.edges.map((edge) => edge.node.id);
    const forged = Buffer.from('__proto__:x').toString('base64');
    const answer = await post(app, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: [claimIds[0], forged, 'not base64 at all', claimIds[1]],
    });
    expect(answer.status).toBe(200);
    const nodes = (answer.body.data as { nodes: ({ id: string } | null)[] }).nodes;
    expect(nodes).toEqual([{ id: claimIds[0] }, null, null, { id: claimIds[1] }]);
    expect(answer.body.errors?.map((error) => error.extensions?.code)).toEqual([
      'INVALID_ID',
      'INVALID_ID',
    ]);
  });

  it('refuses cursors of the wrong shape with INVALID_CURSOR before they reach Cypher', async () => {
    const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const deep = `${'['.repeat(5_000)}"x"${']'.repeat(5_000)}`;
    const bad = [
      cursor([null]),
      cursor([{}]),
      cursor(['doc', 'not a number', 'id']),
      cursor(['doc', 1]),
      Buffer.from(deep).toString('base64url'),
      'x'.repeat(5_000),
    ];
    for (const after of bad) {
      const started = Date.now();
      const answer = await post(
        app,
        'query($after: String) { claims(first: 2, after: $after) { edges { cursor } } }',
        { after },
      );
      expect(Date.now() - started, after.slice(0, 40)).toBeLessThan(1_000);
      expect(firstError(answer).extensions?.code, after.slice(0, 40)).toBe('INVALID_CURSOR');
      expect(answer.body.extensions?.neo4jStatements ?? 0).toBe(0);
    }
  });

  it('still pages with the cursors it gives out', async () => {
    const first = await post(app, '{ claims(first: 2) { pageInfo { endCursor } } }');
    const endCursor = (first.body.data as { claims: { pageInfo: { endCursor: string } } }).claims
      .pageInfo.endCursor;
    const next = await post(
      app,
      'query($after: String) { claims(first: 2, after: $after) { edges { node { id } } } }',
      { after: endCursor },
    );
    expect(next.body.errors).toBeUndefined();
    expect((next.body.data as { claims: { edges: unknown[] } }).claims.edges).toHaveLength(2);
  });

  it('refuses a search whose comma-joined words exceed the clause limit, with BAD_USER_INPUT', async () => {
    const words = Array.from({ length: 513 }, (_, i) => `w${i}`).join(',');
    const answer = await post(
      app,
      'query($q: String!) { search(query: $q) { edges { cursor } } }',
      {
        q: words,
      },
    );
    const error = firstError(answer);
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/513 words/);
  });

  it('answers document() without an argument with BAD_USER_INPUT, as entity() does', async () => {
    for (const field of ['document', 'entity']) {
      const answer = await post(app, `{ ${field} { id } }`);
      expect(firstError(answer).extensions?.code, field).toBe('BAD_USER_INPUT');
    }
  });
});

describe('browser-facing defaults', () => {
  it('gives no CORS access to other origins by default, null included', async () => {
    for (const origin of ['http://evil.example', 'null']) {
      const response = await app.fetch('http://dossier/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(response.headers.get('access-control-allow-origin'), origin).toBeNull();
      expect(response.headers.get('access-control-allow-credentials'), origin).toBeNull();
    }
  });

  it('allows exactly the configured origins, without credentials unless configured', async () => {
    const open = createApp({
      db,
      logger: silentLogger,
      http: { corsOrigins: ['https://newsroom.example'] },
    });
    const allowed = await open.fetch('http://dossier/graphql', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://newsroom.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://newsroom.example');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    const other = await open.fetch('http://dossier/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(other.headers.get('access-control-allow-origin')).not.toBe('http://evil.example');
  });

  it('serves GraphiQL as a small page whose assets are compressed and cached for a year', async () => {
    const page = await app.fetch('http://dossier/graphql', { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect(html.length).toBeLessThan(50_000);
    const assetUrls = [...html.matchAll(/\/graphiql\/assets\/[0-9a-f]+\/[\w.]+/g)].map((m) => m[0]);
    expect(assetUrls.some((url) => url.endsWith('graphiql.js'))).toBe(true);
    let compressedBytes = 0;
    let plainBytes = 0;
    for (const url of new Set(assetUrls)) {
      const response = await app.fetch(`http://dossier${url}`, {
        headers: { 'accept-encoding': 'gzip, deflate, br' },
      });
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-encoding'), url).toBe('br');
      expect(response.headers.get('cache-control'), url).toContain('immutable');
      compressedBytes += Number(response.headers.get('content-length'));
      const again = await app.fetch(`http://dossier${url}`, {
        headers: { 'if-none-match': response.headers.get('etag') ?? '' },
      });
      expect(again.status, url).toBe(304);
      const plain = await app.fetch(`http://dossier${url}`);
      plainBytes += (await plain.arrayBuffer()).byteLength;
    }
    console.log(
      `[graphiql] page ${html.length} B; assets ${plainBytes} B plain, ${compressedBytes} B with brotli`,
    );
    expect(compressedBytes).toBeLessThan(plainBytes / 3);
  });

  it('does not serve GraphiQL when it is turned off', async () => {
    const closed = createApp({ db, logger: silentLogger, http: { graphiql: false } });
    const page = await closed.fetch('http://dossier/graphql', { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('graphiql/assets');
  });
});
