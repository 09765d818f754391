import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from '../../src/app.ts';
import { createToken } from '../../src/auth/tokens.ts';
import { defineQuery } from '../../src/neo4j/database.ts';
import { schema } from '../../src/schema/index.ts';
import { query, silentLogger } from '../helpers/app.ts';
import { useTestDatabase } from '../helpers/database.ts';
import { countDocumentGraph } from '../helpers/graph-counts.ts';

const db = useTestDatabase();
// Mutations are swept too, with a token that may make every one of them: the payloads must be
// refused by validation, not by a missing token.
const sweeper = createToken('injection-sweep', ['admin']);
const app = createApp({ db, logger: silentLogger, tokens: [sweeper.record] });
const DOC = 'doc:000-6cfdbb14dfc71039';

// ---------------------------------------------------------------------------------------------
// The payloads: what an attacker, or a careless client, may put in any string.

const CYPHER = [
  "' OR 1=1 //",
  '" OR 1=1 //',
  "'}) MATCH (n) DETACH DELETE n //",
  '"}) MATCH (n) DETACH DELETE n //',
  "x') RETURN 1 UNION MATCH (n) DETACH DELETE n RETURN 1 //",
  '\\u0027 RETURN 1 //',
  "\\' RETURN 1 //",
  '$param',
  '$documentId',
  '$cursor',
  '{documentId}',
  '`',
  '``',
  'a` RETURN 1 //',
  '`n` MATCH (n) DETACH DELETE n //',
  'CALL dbms.components()',
  "' CALL dbms.components() YIELD name RETURN name //",
  'CALL db.labels() YIELD label RETURN label',
  "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
  "' LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l //",
  "' CREATE (:Injected) //",
  '"}) CREATE (:Injected) //',
  "'; MERGE (:Injected {by: 'payload'}); //",
  'CALL { MATCH (n) DETACH DELETE n }',
  '/* */ MATCH (n) RETURN n',
  '0 OR true',
];

const LUCENE = [
  '*:*',
  'name:*',
  'a~',
  'a~2',
  '"unbalanced',
  '(((',
  ')))',
  'AND OR NOT',
  'NOT',
  '*',
  '?',
  'a*',
  '[a TO z]',
  '{a TO z}',
  'a^100',
  '/regex.*/',
  '\\',
  '+-&&||!(){}[]^"~*?:\\/',
  'text:(cyber OR theft)',
  '"cyber theft"~10',
];

const GRAPHQL = [
  '") { __schema { types { name } } } #',
  '\\") { databaseInfo { version } } #',
  '{ __typename }',
  'query { databaseInfo { version } }',
  '$v',
  '@include(if: false)',
  '__proto__',
  'constructor',
  '{"$gt": ""}',
  '[object Object]',
];

const ODD = [
  '',
  ' ',
  '\u0000',
  '\u0000MATCH (n) DETACH DELETE n',
  '\n\r\t',
  '\u2028\u2029',
  '😀',
  'e\u0301',
  'Lieberthál',
  '%',
  '_',
  'null',
  'A'.repeat(10_000),
  'cyber '.repeat(2_000),
  // More distinct terms than Lucene's clause limit (1,024).
  Array.from({ length: 1_500 }, (_, i) => `w${i}`).join(' '),
];

const PAYLOADS = [...CYPHER, ...LUCENE, ...GRAPHQL, ...ODD];
/** Also written into the document itself, where the GraphQL parser meets them first. */
const LITERAL_PAYLOADS = new Set([...GRAPHQL, ...CYPHER.slice(0, 6), ...ODD.slice(0, 8)]);

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** IDs and cursors are decoded before they reach Cypher: the payloads go inside them too. */
function variantsFor(argName: string, typeName: string, payload: string): string[] {
  if (typeName === 'ID') {
    return [payload, base64(`Person:${payload}`)];
  }
  if (argName === 'after' || argName === 'before') {
    return [payload, base64url(JSON.stringify([payload, 0]))];
  }
  return [payload];
}

// ---------------------------------------------------------------------------------------------
// Every String and ID argument of the schema, found by walking it.

interface Target {
  /** Schema coordinate, e.g. Query.claims(filter.speaker). */
  coordinate: string;
  owner: GraphQLObjectType | GraphQLInterfaceType;
  field: GraphQLField<unknown, unknown>;
  /** Argument name, then input-object field names down to the string. */
  path: string[];
  type: GraphQLInputType;
}

function stringInputs(
  type: GraphQLInputType,
  path: string[],
  seen: Set<string>,
): { path: string[]; type: GraphQLInputType }[] {
  const named = getNamedType(type);
  if (named.name === 'String' || named.name === 'ID') return [{ path, type }];
  if (!isInputObjectType(named) || seen.has(named.name)) return [];
  const inner = new Set(seen).add(named.name);
  return Object.values(named.getFields()).flatMap((field) =>
    stringInputs(field.type, [...path, field.name], inner),
  );
}

function findTargets(): Target[] {
  const targets: Target[] = [];
  for (const owner of Object.values(schema.getTypeMap())) {
    if (owner.name.startsWith('__')) continue;
    if (!isObjectType(owner) && !isInterfaceType(owner)) continue;
    for (const field of Object.values(owner.getFields())) {
      // A field an interface declares is tested once, on the interface.
      const inherited =
        isObjectType(owner) && owner.getInterfaces().some((i) => field.name in i.getFields());
      if (inherited) continue;
      for (const arg of field.args) {
        for (const input of stringInputs(arg.type, [arg.name], new Set())) {
          targets.push({
            coordinate: `${owner.name}.${field.name}(${input.path.join('.')})`,
            owner,
            field,
            path: input.path,
            type: input.type,
          });
        }
      }
    }
  }
  return targets;
}

/** Known-good values for required arguments next to the one under test. */
/**
 * A harmless value of a type: for a mutation, one that names nothing in the graph (no document is
 * called "Lieberthal", no document is at version 0), so a payload can never make it write.
 */
function goodValue(type: GraphQLInputType, samples: Samples): unknown {
  if (isNonNullType(type)) return goodValue(type.ofType, samples);
  if (isListType(type)) return [goodValue(type.ofType, samples)];
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((field) => isNonNullType(field.type))
        .map((field) => [field.name, goodValue(field.type, samples)]),
    );
  }
  if (isEnumType(type)) return type.getValues()[0]?.name ?? null;
  if (type.name === 'Int') return 0;
  if (type.name === 'Boolean') return false;
  return type.name === 'ID' ? samples.entityId : type.name === 'String' ? 'Lieberthal' : null;
}

/** goodValue with `value` put at `path` inside it. */
function goodValueWith(
  type: GraphQLInputType,
  path: string[],
  value: unknown,
  samples: Samples,
): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const inner = isNonNullType(type) ? type.ofType : type;
  if (!isInputObjectType(inner)) return nest(path, value);
  const base = goodValue(inner, samples) as Record<string, unknown>;
  const field = inner.getFields()[head];
  return {
    ...base,
    [head]: field ? goodValueWith(field.type, rest, value, samples) : nest(rest, value),
  };
}

function nest(path: string[], value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  return { [head]: nest(rest, value) };
}

function wrapForType(type: GraphQLInputType, value: string): unknown {
  let inner: GraphQLInputType = type;
  if (isNonNullType(inner)) inner = inner.ofType;
  return isListType(inner) ? [value] : value;
}

function selectionFor(field: GraphQLField<unknown, unknown>): string {
  return isCompositeType(getNamedType(field.type)) ? '{ __typename }' : '';
}

interface Samples {
  entityId: string;
  /** A global id for each type that has objects in the graph, to reach it with node(id). */
  idByTypename: Map<string, string>;
}

interface Request {
  query: string;
  variables: Record<string, unknown>;
}

/** The operation that passes `payload` to the target argument, as a variable or a literal. */
function operationFor(
  target: Target,
  payload: string,
  samples: Samples,
  asLiteral: boolean,
): Request {
  const [argName = '', ...inputPath] = target.path;
  const args: string[] = [];
  const variables: Record<string, unknown> = {};
  const argType = target.field.args.find((arg) => arg.name === argName)?.type;
  const value = argType
    ? goodValueWith(argType, inputPath, wrapForType(target.type, payload), samples)
    : nest(inputPath, wrapForType(target.type, payload));
  if (asLiteral) {
    args.push(`${argName}: ${literal(value)}`);
  } else {
    args.push(`${argName}: $payload`);
    variables.payload = value;
  }
  for (const other of target.field.args as readonly GraphQLArgument[]) {
    if (other.name === argName || !isNonNullType(other.type)) continue;
    args.push(`${other.name}: ${literal(goodValue(other.type, samples))}`);
  }
  const fieldText = `${target.field.name}(${args.join(', ')}) ${selectionFor(target.field)}`;
  const declaration = asLiteral ? '' : `($payload: ${String(argType)})`;
  if (target.owner.name === schema.getQueryType()?.name) {
    return { query: `query Injection${declaration} { ${fieldText} }`, variables };
  }
  if (target.owner.name === schema.getMutationType()?.name) {
    return { query: `mutation Injection${declaration} { ${fieldText} }`, variables };
  }
  const id = reachingId(target.owner, samples);
  return {
    query: `query Injection${declaration} { node(id: ${JSON.stringify(id)}) { ... on ${target.owner.name} { ${fieldText} } } }`,
    variables,
  };
}

function reachingId(owner: GraphQLObjectType | GraphQLInterfaceType, samples: Samples): string {
  const candidates = isInterfaceType(owner)
    ? schema.getPossibleTypes(owner).map((type) => type.name)
    : [owner.name];
  for (const name of candidates) {
    const id = samples.idByTypename.get(name);
    if (id) return id;
  }
  throw new Error(
    `No object of ${owner.name} to reach its arguments through node(id); teach this test a way to reach it.`,
  );
}

function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, inner]) => `${key}: ${literal(inner)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------

const graphCounts = defineQuery(
  'testWholeGraphCounts',
  `CALL () { MATCH (n) RETURN count(n) AS nodes }
   CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
   CALL () { MATCH (n:Injected) RETURN count(n) AS injected }
   RETURN nodes, relationships, injected`,
  z.object({ nodes: z.number(), relationships: z.number(), injected: z.number() }),
);

async function countGraph() {
  const [whole] = await db.read(graphCounts);
  return { whole, document: await countDocumentGraph(db, DOC) };
}

interface Answer {
  status: number;
  body: {
    data?: unknown;
    errors?: { message: string; path?: unknown; extensions?: Record<string, unknown> }[];
  };
}

async function send(request: Request): Promise<Answer> {
  const response = await app.fetch('http://dossier/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      authorization: `Bearer ${sweeper.token}`,
    },
    body: JSON.stringify(request),
  });
  const text = await response.text();
  let body: Answer['body'];
  try {
    body = JSON.parse(text) as Answer['body'];
  } catch {
    body = { errors: [{ message: `(not JSON) ${text.slice(0, 200)}` }] };
  }
  return { status: response.status, body };
}

const targets = findTargets();
let samples: Samples;
let before: Awaited<ReturnType<typeof countGraph>>;
const tried = { requests: 0, payloads: PAYLOADS.length };
const masked: string[] = [];
const codes = new Map<string, number>();

beforeAll(async () => {
  before = await countGraph();
  const { data } = await query<{
    entities: { edges: { node: { id: string; __typename: string } }[] };
    claims: { edges: { node: { id: string } }[] };
    documents: { edges: { node: { id: string; comments: { id: string }[] } }[] };
  }>(
    app,
    `{ entities(first: 100) { edges { node { id __typename } } }
       claims(first: 1) { edges { node { id } } }
       documents(first: 1) { edges { node { id comments { id } } } } }`,
  );
  const idByTypename = new Map<string, string>();
  for (const { node } of data.entities.edges) {
    if (!idByTypename.has(node.__typename)) idByTypename.set(node.__typename, node.id);
  }
  const document = data.documents.edges[0]?.node;
  const claim = data.claims.edges[0]?.node;
  if (document) idByTypename.set('Document', document.id);
  if (document?.comments[0]) idByTypename.set('Comment', document.comments[0].id);
  if (claim) idByTypename.set('Claim', claim.id);
  const entityId = idByTypename.get('Person');
  if (!entityId) throw new Error('the seeded article has no person');
  samples = { entityId, idByTypename };
});

afterAll(() => {
  const byCode = [...codes].map(([code, n]) => `${code} ${n}`).join(', ');
  console.info(
    `[injection] ${tried.payloads} payloads x ${targets.length} string/ID arguments: ` +
      `${tried.requests} requests (payloads also inside ids and cursors, and some as literals on root fields); ` +
      `answers: ${byCode}`,
  );
  if (masked.length > 0) {
    console.info(
      `[injection] ${masked.length} answers masked as "Unexpected error.":\n${masked.join('\n')}`,
    );
  }
});

describe('an injection sweep over every String and ID argument', () => {
  it('finds the arguments by walking the schema', () => {
    const coordinates = targets.map((target) => target.coordinate);
    expect(coordinates).toContain('Query.search(query)');
    expect(coordinates).toContain('Query.claims(filter.speaker)');
    expect(coordinates).toContain('Entity.claimsMade(after)');
    expect(targets.length).toBeGreaterThan(20);
  });

  for (const target of targets) {
    it(`answers every payload in ${target.coordinate} without a server error`, async () => {
      const named = getNamedType(target.type).name;
      const argName = target.path[target.path.length - 1] ?? '';
      const onRoot =
        target.owner.name === schema.getQueryType()?.name ||
        target.owner.name === schema.getMutationType()?.name;
      const requests: { request: Request; shown: string }[] = [];
      for (const payload of PAYLOADS) {
        for (const variant of variantsFor(argName, named, payload)) {
          const shown = `${target.coordinate} <- ${JSON.stringify(variant).slice(0, 120)}`;
          requests.push({ request: operationFor(target, variant, samples, false), shown });
          if (onRoot && LITERAL_PAYLOADS.has(payload)) {
            requests.push({
              request: operationFor(target, variant, samples, true),
              shown: `${shown} (literal)`,
            });
          }
        }
      }
      const failures: string[] = [];
      // A few at a time: enough to keep the sweep short, not a load test.
      for (let i = 0; i < requests.length; i += 8) {
        const batch = requests.slice(i, i + 8);
        const answers = await Promise.all(batch.map(({ request }) => send(request)));
        answers.forEach((answer, j) => {
          const shown = batch[j]?.shown ?? '';
          tried.requests += 1;
          if (answer.status >= 500) failures.push(`${shown}: HTTP ${answer.status}`);
          if (!('data' in answer.body) && !('errors' in answer.body)) {
            failures.push(`${shown}: neither data nor errors`);
          }
          for (const error of answer.body.errors ?? []) {
            const code = String(error.extensions?.code ?? '(no code)');
            codes.set(code, (codes.get(code) ?? 0) + 1);
            if (error.message === 'Unexpected error.' || error.extensions?.unexpected) {
              masked.push(`  ${shown}`);
            } else if (error.path !== undefined && typeof error.extensions?.code !== 'string') {
              failures.push(`${shown}: an error without a code: ${error.message}`);
            }
          }
        });
      }
      expect(failures, failures.join('\n')).toEqual([]);
    });
  }

  it('takes Lucene syntax in search as plain words: answers with hits, not an error', async () => {
    for (const payload of LUCENE) {
      const answer = await send({
        query: 'query($q: String!) { search(query: $q, first: 3) { totalCount } }',
        variables: { q: payload },
      });
      tried.requests += 1;
      expect(answer.body.errors, payload).toBeUndefined();
      expect(answer.body.data, payload).toBeDefined();
    }
  });

  it('answers every payload with a coded error a client can act on, never "Unexpected error."', () => {
    expect(masked, `masked answers:\n${masked.join('\n')}`).toEqual([]);
  });

  it('leaves the graph exactly as it was: no node or relationship created or deleted', async () => {
    expect(tried.requests).toBeGreaterThan(1_000);
    expect(await countGraph()).toEqual(before);
  });
});
