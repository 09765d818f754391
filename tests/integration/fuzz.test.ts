import fc from 'fast-check';
import {
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.ts';
import { query, testApp } from '../helpers/app.ts';
import { useTestDatabase } from '../helpers/database.ts';

const app = testApp(useTestDatabase());
const ENDPOINT = 'http://dossier/graphql';

/** Runs per property; together well over 1,000 generated requests. */
const RUNS = { literals: 800, variables: 500, get: 200, raw: 500, limits: 150 };
/** FUZZ_SEED=<the seed a failure printed> replays that run. */
const SEED = process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {};
const counts = { literals: 0, variables: 0, get: 0, raw: 0, limits: 0 };

afterAll(() => {
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  console.info(
    `[fuzz] ${total} generated requests: ${counts.literals} with literal arguments, ` +
      `${counts.variables} with variables, ${counts.get} over GET, ${counts.raw} raw HTTP bodies, ` +
      `${counts.limits} around the limits`,
  );
});

// ---------------------------------------------------------------------------------------------
// Values, written either as GraphQL literals or as JSON variables.

class EnumLiteral {
  constructor(readonly name: string) {}
}
type Value = null | boolean | number | string | EnumLiteral | Value[] | { [key: string]: Value };

function literal(value: Value): string {
  if (value === null) return 'null';
  if (value instanceof EnumLiteral) return value.name;
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, inner]) => `${key}: ${literal(inner)}`)
      .join(', ')}}`;
  }
  // JSON strings are GraphQL strings: the same escapes, \uXXXX included.
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

function json(value: Value): unknown {
  if (value instanceof EnumLiteral) return value.name;
  if (Array.isArray(value)) return value.map(json);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, json(inner)]));
  }
  return value;
}

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

const TRICKY_STRINGS = [
  '',
  ' ',
  '"',
  "'",
  '\\',
  '\u0000',
  '\n\r\t',
  '\u2028',
  'Lieberthal',
  'mr lieberthál',
  'person:kenneth-lieberthal',
  'doc:000-6cfdbb14dfc71039',
  'e\u0301',
  '😀🏃‍♀️',
  'ＡＢＣ',
  'مرحبا',
  '%',
  '_',
  '.*',
  '*',
  '?',
  '~',
  `\${x}`,
  '{{x}}',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
];

const stringValue = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 24 }), weight: 2 },
  { arbitrary: fc.constantFrom(...TRICKY_STRINGS), weight: 3 },
  { arbitrary: fc.string({ minLength: 1, maxLength: 8 }).map((s) => s.repeat(400)), weight: 1 },
);

const intValue = fc.oneof(
  { arbitrary: fc.integer({ min: -3, max: 120 }), weight: 4 },
  { arbitrary: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), weight: 2 },
  { arbitrary: fc.constantFrom(0, -1, 100, 101, 2 ** 31 - 1, -(2 ** 31)), weight: 2 },
  // Out of GraphQL's 32-bit Int range: refused at validation.
  { arbitrary: fc.constantFrom(2 ** 31, 2 ** 53, 1e20, -1e20), weight: 1 },
);

const floatValue = fc.double({ noNaN: true, noDefaultInfinity: true });

interface Samples {
  ids: string[];
  cursors: string[];
  typenames: string[];
}

function idValue(samples: Samples): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...samples.ids), weight: 3 },
    {
      arbitrary: fc
        .tuple(fc.constantFrom(...samples.typenames), fc.string({ maxLength: 30 }))
        .map(([typename, key]) => base64(`${typename}:${key}`)),
      weight: 3,
    },
    fc.jsonValue({ maxDepth: 2 }).map((v) => base64(JSON.stringify(v))),
    fc.uint8Array({ maxLength: 24 }).map((b) => Buffer.from(b).toString('base64')),
    { arbitrary: stringValue, weight: 2 },
  );
}

function cursorValue(samples: Samples): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...samples.cursors), weight: 3 },
    // The shape our cursors have (a JSON array, base64url) with forged contents.
    {
      arbitrary: fc
        .array(fc.jsonValue({ maxDepth: 1 }), { minLength: 1, maxLength: 4 })
        .map((key) => base64url(JSON.stringify(key))),
      weight: 3,
    },
    fc.jsonValue({ maxDepth: 2 }).map((v) => base64url(JSON.stringify(v))),
    { arbitrary: stringValue, weight: 2 },
  );
}

/** A value of some type other than the one asked for, null included. */
const wrongValue: fc.Arbitrary<Value> = fc.oneof(
  stringValue,
  intValue,
  floatValue,
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('a', 'id', 'first', 'types'), fc.integer(), { maxKeys: 2 }),
  fc.constantFrom('NAME', 'PERSON', 'NOT_A_VALUE', 'DROP').map((name) => new EnumLiteral(name)),
);

function rightValue(
  type: GraphQLInputType,
  argName: string,
  samples: Samples,
  depth: number,
): fc.Arbitrary<Value> {
  if (isNonNullType(type)) return rightValue(type.ofType, argName, samples, depth);
  if (isListType(type)) {
    const item = anyValue(type.ofType, argName, samples, depth + 1);
    // A single item stands for a list of one in GraphQL's input coercion.
    return fc.oneof(fc.array(item, { maxLength: 4 }), item);
  }
  if (isEnumType(type)) {
    return fc.constantFrom(...type.getValues()).map((value) => new EnumLiteral(value.name));
  }
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    if (depth > 2) return fc.constant({});
    const model: Record<string, fc.Arbitrary<Value>> = {};
    for (const field of fields)
      model[field.name] = anyValue(field.type, field.name, samples, depth);
    return fc.record(model, {
      requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name),
    });
  }
  switch (type.name) {
    case 'ID':
      return idValue(samples);
    case 'Int':
      return intValue;
    case 'Float':
      return floatValue;
    case 'Boolean':
      return fc.boolean();
    default:
      return argName === 'after' || argName === 'before'
        ? cursorValue(samples)
        : fc.oneof({ arbitrary: stringValue, weight: 4 }, idValue(samples), cursorValue(samples));
  }
}

/** Mostly a value of the right type, sometimes null, sometimes one of the wrong type. */
function anyValue(
  type: GraphQLInputType,
  argName: string,
  samples: Samples,
  depth: number,
): fc.Arbitrary<Value> {
  return fc.oneof(
    { arbitrary: rightValue(type, argName, samples, depth), weight: 8 },
    { arbitrary: fc.constant(null), weight: 1 },
    { arbitrary: wrongValue, weight: 2 },
  );
}

// ---------------------------------------------------------------------------------------------
// Operations built from the schema.

type ArgumentValues = [GraphQLArgument, Value][];

function argumentsFor(
  args: readonly GraphQLArgument[],
  samples: Samples,
): fc.Arbitrary<ArgumentValues> {
  const each = args.map((arg) => {
    const value = anyValue(arg.type, arg.name, samples, 0).map((v): [GraphQLArgument, Value] => [
      arg,
      v,
    ]);
    // Leave out an optional argument half the time; a required one now and then.
    return isNonNullType(arg.type)
      ? fc.oneof({ arbitrary: value, weight: 12 }, { arbitrary: fc.constant(undefined), weight: 1 })
      : fc.option(value, { nil: undefined });
  });
  return fc
    .tuple(...each)
    .map((values) => values.filter((v): v is [GraphQLArgument, Value] => v !== undefined));
}

function argumentList(values: ArgumentValues, render: (arg: GraphQLArgument, v: Value) => string) {
  return values.length === 0
    ? ''
    : `(${values.map(([arg, value]) => `${arg.name}: ${render(arg, value)}`).join(', ')})`;
}

/** A selection set on `type`, `depth` levels deep at most, with literal arguments. */
function selectionOf(
  type: GraphQLCompositeType,
  depth: number,
  samples: Samples,
): fc.Arbitrary<string> {
  if (isUnionType(type)) {
    return fc
      .subarray([...type.getTypes()], { maxLength: Math.min(2, type.getTypes().length) })
      .chain((members) =>
        fc
          .tuple(...members.map((member) => selectionOf(member, depth, samples)))
          .map(
            (parts) =>
              `{ __typename ${parts.map((part, i) => `... on ${members[i]?.name} ${part}`).join(' ')} }`,
          ),
      );
  }
  const fields: GraphQLField<unknown, unknown>[] = Object.values(type.getFields());
  const usable =
    depth > 0 ? fields : fields.filter((field) => isLeafType(getNamedType(field.type)));
  const implementations = isInterfaceType(type) ? schema.getPossibleTypes(type) : [];
  const fragment =
    implementations.length > 0 && depth > 0
      ? fc.option(
          fc
            .constantFrom(...implementations)
            .chain((impl) =>
              selectionOf(impl, depth - 1, samples).map((sel) => `... on ${impl.name} ${sel}`),
            ),
          { nil: '' },
        )
      : fc.constant('');
  return fc
    .tuple(
      usable.length > 0
        ? fc.subarray(usable, { minLength: 1, maxLength: Math.min(4, usable.length) })
        : fc.constant([]),
      fragment,
    )
    .chain(([chosen, fragmentText]) =>
      fc
        .tuple(...chosen.map((field) => fieldOf(field, depth, samples)))
        .map(
          (parts) =>
            `{ __typename ${parts.map((part, i) => `f${i}: ${part}`).join(' ')} ${fragmentText} }`,
        ),
    );
}

function fieldOf(
  field: GraphQLField<unknown, unknown>,
  depth: number,
  samples: Samples,
): fc.Arbitrary<string> {
  const named = getNamedType(field.type);
  const selection = isCompositeType(named)
    ? selectionOf(named, depth - 1, samples)
    : fc.constant('');
  return fc
    .tuple(argumentsFor(field.args, samples), selection)
    .map(
      ([values, sel]) =>
        `${field.name}${argumentList(values, (_arg, value) => literal(value))} ${sel}`,
    );
}

const queryType = schema.getQueryType();
if (!queryType) throw new Error('the schema has no Query type');
// Only the Query type: mutations would change the graph the other test files read.
const rootFields: GraphQLField<unknown, unknown>[] = Object.values(queryType.getFields());

function literalOperation(samples: Samples): fc.Arbitrary<string> {
  return fc
    .subarray(rootFields, { minLength: 1, maxLength: 2 })
    .chain((fields) => fc.tuple(...fields.map((field) => fieldOf(field, 3, samples))))
    .map((parts) => `query Fuzz { ${parts.map((part, i) => `r${i}: ${part}`).join(' ')} }`);
}

/** One random root field asked many times under aliases: around and over the alias and cost limits. */
function aliasedOperation(samples: Samples): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...rootFields).chain((field) => fieldOf(field, 2, samples)),
      fc.integer({ min: 10, max: 45 }),
    )
    .map(
      ([part, times]) =>
        `query Fuzz { ${Array.from({ length: times }, (_, i) => `r${i}: ${part}`).join(' ')} }`,
    );
}

interface Operation {
  query: string;
  variables: Record<string, unknown>;
}

/** A root field whose arguments come as variables, declared with their type (or a wrong one). */
function variableOperation(samples: Samples): fc.Arbitrary<Operation> {
  return fc.constantFrom(...rootFields).chain((field) => {
    const named = getNamedType(field.type);
    const selection = isCompositeType(named) ? selectionOf(named, 2, samples) : fc.constant('');
    return fc
      .tuple(
        argumentsFor(field.args, samples),
        selection,
        fc.option(fc.constantFrom('Int', 'String!', 'ID', '[ID!]!', 'Boolean'), {
          freq: 8,
          nil: undefined,
        }),
      )
      .map(([values, sel, wrongDeclaration]) => {
        const declarations = values
          .map(([arg], i) => `$v${i}: ${i === 0 && wrongDeclaration ? wrongDeclaration : arg.type}`)
          .join(', ');
        const variables = Object.fromEntries(values.map(([, value], i) => [`v${i}`, json(value)]));
        let index = 0;
        const args = argumentList(values, () => `$v${index++}`);
        return {
          query: `query Fuzz${declarations ? `(${declarations})` : ''} { ${field.name}${args} ${sel} }`,
          variables,
        };
      });
  });
}

// ---------------------------------------------------------------------------------------------
// What every answer must look like.

const ACCEPTS = ['application/json', 'application/graphql-response+json', '*/*', undefined];

async function checkAnswer(response: Response, request: string): Promise<void> {
  const context = `${request}\n-> ${response.status}`;
  expect(response.status, context).toBeLessThan(500);
  const text = await response.text();
  expect(response.headers.get('content-type') ?? '', `${context} ${text}`).toMatch(/json/);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${context}: the body is not JSON: ${text.slice(0, 300)}`);
  }
  expect(body, context).toBeTypeOf('object');
  const answer = body as {
    data?: unknown;
    errors?: { message?: unknown; path?: unknown; extensions?: Record<string, unknown> }[];
  };
  expect('data' in answer || 'errors' in answer, `${context} ${text.slice(0, 300)}`).toBe(true);
  for (const error of answer.errors ?? []) {
    const shown = `${context} ${JSON.stringify(error)}`;
    // A request over one of the limits is refused as a bad request, whatever it accepts.
    if (String(error.extensions?.code).endsWith('_LIMIT_EXCEEDED')) {
      expect(response.status, shown).toBe(400);
    }
    expect(typeof error.message === 'string' && error.message.length > 0, shown).toBe(true);
    // Every input here is the client's: nothing may be masked as an unexpected failure.
    expect(error.message, shown).not.toBe('Unexpected error.');
    expect(error.extensions?.unexpected, shown).toBeUndefined();
    // An error with a path came from a resolver, that is from the service: it carries a code.
    if (error.path !== undefined) expect(error.extensions?.code, shown).toBeTypeOf('string');
  }
}

function post(body: string, accept?: string, contentType = 'application/json') {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (accept) headers.accept = accept;
  return app.fetch(ENDPOINT, { method: 'POST', headers, body });
}

// ---------------------------------------------------------------------------------------------

let samples: Samples;

beforeAll(async () => {
  const { data } = await query<{
    entities: { edges: { cursor: string; node: { id: string } }[] };
    claims: {
      edges: {
        cursor: string;
        node: { id: string; attributions: { evidence: { id: string }[] }[] };
      }[];
    };
    documents: { edges: { cursor: string; node: { id: string; comments: { id: string }[] } }[] };
    search: { edges: { cursor: string }[] };
  }>(
    app,
    `{ entities(first: 5, sort: MENTIONS) { edges { cursor node { id } } }
       claims(first: 5) { edges { cursor node { id attributions { evidence { id } } } } }
       documents(first: 1) { edges { cursor node { id comments { id } } } }
       search(query: "cyber", first: 3) { edges { cursor } } }`,
  );
  const ids = [
    ...data.entities.edges.map((edge) => edge.node.id),
    ...data.claims.edges.map((edge) => edge.node.id),
    ...data.claims.edges.flatMap((edge) =>
      edge.node.attributions.flatMap((a) => a.evidence.map((span) => span.id)),
    ),
    ...data.documents.edges.flatMap((edge) => [
      edge.node.id,
      ...edge.node.comments.map((c) => c.id),
    ]),
  ];
  const cursors = [
    ...data.entities.edges,
    ...data.claims.edges,
    ...data.documents.edges,
    ...data.search.edges,
  ].map((edge) => edge.cursor);
  const typenames = [
    ...Object.values(schema.getTypeMap())
      .filter((type) => isObjectType(type) && !type.name.startsWith('__'))
      .map((type) => type.name),
    'Nope',
    '',
  ];
  samples = { ids, cursors, typenames };
});

describe('fuzzing the API with operations built from its schema', () => {
  it('answers operations with random literal arguments and selections without a server error', async () => {
    // Counterexamples found before, replayed first on every run: the same object of each
    // non-entity kind asked twice with node(id) in one request.
    const kinds = new Map<string, string>();
    for (const id of samples.ids) {
      const typename = Buffer.from(id, 'base64').toString('utf8').split(':')[0] ?? '';
      if (!kinds.has(typename)) kinds.set(typename, id);
    }
    const examples = [...kinds.values()].map((id): [string, string | undefined] => [
      `query Fuzz { r0: node(id: "${id}") { id } r1: node(id: "${id}") { id } }`,
      'application/json',
    ]);
    await fc.assert(
      fc.asyncProperty(
        literalOperation(samples),
        fc.constantFrom(...ACCEPTS),
        async (q, accept) => {
          counts.literals += 1;
          await checkAnswer(await post(JSON.stringify({ query: q }), accept), q);
        },
      ),
      { numRuns: RUNS.literals, examples, ...SEED },
    );
  });

  it('answers operations whose arguments come as random variables without a server error', async () => {
    await fc.assert(
      fc.asyncProperty(
        variableOperation(samples),
        fc.constantFrom(...ACCEPTS),
        async (op, accept) => {
          counts.variables += 1;
          await checkAnswer(await post(JSON.stringify(op), accept), JSON.stringify(op));
        },
      ),
      { numRuns: RUNS.variables, ...SEED },
    );
  });

  it('answers random operations sent over GET without a server error', async () => {
    await fc.assert(
      fc.asyncProperty(
        variableOperation(samples),
        fc.constantFrom(...ACCEPTS),
        async (op, accept) => {
          counts.get += 1;
          const params = new URLSearchParams({
            query: op.query,
            variables: JSON.stringify(op.variables),
          });
          const response = await app.fetch(`${ENDPOINT}?${params}`, {
            headers: accept ? { accept } : {},
          });
          await checkAnswer(response, `GET ${JSON.stringify(op)}`);
        },
      ),
      { numRuns: RUNS.get, ...SEED },
    );
  });

  it('answers random request bodies and parameters with a GraphQL error, not a server error', async () => {
    const anything = fc.jsonValue({ maxDepth: 3 });
    const documents = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 60 }),
      literalOperation(samples),
      fc.constantFrom('{', '}', 'query', '{ __typename', 'mutation { x }', 'subscription { x }'),
      anything,
    );
    const body = fc.oneof(
      {
        arbitrary: fc
          .record(
            {
              query: documents,
              variables: fc.oneof(anything, fc.dictionary(fc.string(), anything)),
              operationName: fc.oneof(fc.string(), fc.constant(null), anything),
              extensions: anything,
            },
            { requiredKeys: [] },
          )
          .map((record) => JSON.stringify(record)),
        weight: 4,
      },
      { arbitrary: fc.json({ maxDepth: 3 }), weight: 1 },
      { arbitrary: fc.string({ unit: 'binary', maxLength: 80 }), weight: 1 },
    );
    const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8');
    await fc.assert(
      fc.asyncProperty(
        body,
        contentType,
        fc.constantFrom(...ACCEPTS),
        async (text, type, accept) => {
          counts.raw += 1;
          await checkAnswer(await post(text, accept, type), `POST ${type} ${text.slice(0, 300)}`);
        },
      ),
      { numRuns: RUNS.raw, ...SEED },
    );
  });

  it('refuses operations over the limits with HTTP 400, whatever they accept', async () => {
    await fc.assert(
      fc.asyncProperty(
        aliasedOperation(samples),
        fc.constantFrom(...ACCEPTS),
        async (q, accept) => {
          counts.limits += 1;
          await checkAnswer(await post(JSON.stringify({ query: q }), accept), `${accept} ${q}`);
        },
      ),
      { numRuns: RUNS.limits, ...SEED },
    );
  });

  it('still answers a plain query after the fuzzing', async () => {
    const { data } = await query<{ databaseInfo: { version: string } }>(
      app,
      '{ databaseInfo { version } }',
    );
    expect(data.databaseInfo.version).toMatch(/^5\.26\./);
  });
});
