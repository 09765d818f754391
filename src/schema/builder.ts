import SchemaBuilder from '@pothos/core';
import ComplexityPlugin, { type FieldComplexityValue } from '@pothos/plugin-complexity';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin, { type AuthFailure } from '@pothos/plugin-scope-auth';
import SimpleObjectsPlugin from '@pothos/plugin-simple-objects';
import {
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { hasScope, type Scope } from '../auth/tokens.ts';
import type { Context } from '../context.ts';
import { DossierError, ErrorCode } from '../errors.ts';

/** The global id of an object: base64 of "Typename:key", as node(id) expects it. */
export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${id}`).toString('base64');
}

/** The object types that implement Node; filled once the schema is built (see index.ts). */
const nodeTypenames = new Set<string>();

export function registerNodeTypenames(names: Iterable<string>): void {
  for (const name of names) nodeTypenames.add(name);
}

/** Longer than any id this API gives out. */
const MAX_GLOBAL_ID_LENGTH = 512;

/**
 * Decodes a global id; a malformed one, or one naming a type that has no global ids (a forged
 * "__proto__:1", say), is INVALID_ID with a message saying what to do.
 */
export function decodeGlobalId(globalId: string): { typename: string; id: string } {
  const decoded =
    globalId.length > MAX_GLOBAL_ID_LENGTH ? '' : Buffer.from(globalId, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const typename = decoded.slice(0, colon);
  if (
    colon <= 0 ||
    colon === decoded.length - 1 ||
    Buffer.from(decoded).toString('base64') !== globalId ||
    (nodeTypenames.size > 0 && !nodeTypenames.has(typename))
  ) {
    throw new DossierError(
      ErrorCode.InvalidId,
      `"${globalId}" is not an id this API gave out. Use the id field of an object returned by the API.`,
      { id: globalId },
    );
  }
  return { typename, id: decoded.slice(colon + 1) };
}

/** What a list without a size argument is assumed to hold when pricing a query. */
const DEFAULT_LIST_SIZE = 5;
/** Mirrors the page-size default and cap of src/graph/pagination.ts. */
const PRICED_PAGE_SIZE = { default: 20, max: 100 };

function returnsList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

function isRelayEdge(type: GraphQLNamedType): boolean {
  return isObjectType(type) && 'cursor' in type.getFields() && 'node' in type.getFields();
}

function sizeArgument(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * The price of a field for the query-cost limit: a connection or a sized list multiplies what
 * is selected under it by the size asked for (first, last, ids); its edges are priced there.
 */
function priceOf(
  args: Record<string, unknown>,
  field: GraphQLField<unknown, Context>,
): FieldComplexityValue {
  if (field.name === 'edges' && isRelayEdge(getNamedType(field.type))) {
    return { field: 0, multiplier: 1 };
  }
  if (field.args.some((arg) => arg.name === 'first' || arg.name === 'last')) {
    const asked = sizeArgument(args.first) ?? sizeArgument(args.last) ?? PRICED_PAGE_SIZE.default;
    return { field: 2, multiplier: Math.min(Math.max(asked, 0), PRICED_PAGE_SIZE.max) };
  }
  if (Array.isArray(args.ids)) return { field: 1, multiplier: args.ids.length };
  return returnsList(field.type) ? { field: 1, multiplier: DEFAULT_LIST_SIZE } : 1;
}

/** The scope a refused field asked for, from the plugin's account of the failure. */
function missingScope(failure: AuthFailure): Scope | null {
  if (failure.kind === 'AuthScope' && (failure.scope === 'curator' || failure.scope === 'admin')) {
    return failure.scope;
  }
  if ('failures' in failure) {
    for (const inner of failure.failures) {
      const scope = missingScope(inner);
      if (scope) return scope;
    }
  }
  return null;
}

/** Why a field that changes the graph was refused, and what to do: no token, a bad one, too few scopes. */
function refusal(context: Context, field: string, failure: AuthFailure): DossierError {
  const { caller } = context;
  if (!context.writesEnabled) {
    return new DossierError(
      ErrorCode.Unauthenticated,
      `${field} changes the graph, and this server accepts no changes: no API token is configured. ` +
        'An operator creates one with npm run token -- create <name> and sets API_TOKENS (see the README).',
      { field },
    );
  }
  if (caller.kind === 'anonymous') {
    return new DossierError(
      ErrorCode.Unauthenticated,
      `${field} changes the graph and needs a token: send the header Authorization: Bearer <token>.`,
      { field },
    );
  }
  if (caller.kind === 'invalid') {
    return new DossierError(
      ErrorCode.Unauthenticated,
      `${field} was refused: ${caller.reason}. Send Authorization: Bearer <token> with a token an operator gave you.`,
      { field },
    );
  }
  const needed = missingScope(failure) ?? 'curator';
  return new DossierError(
    ErrorCode.Forbidden,
    `The token "${caller.name}" has the scope${caller.scopes.length > 1 ? 's' : ''} ` +
      `${caller.scopes.join(', ')}; ${field} needs ${needed}. Ask an operator for a token with it.`,
    { field, needed, scopes: [...caller.scopes] },
  );
}

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: { curator: boolean; admin: boolean };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Scalars: {
    ID: { Input: string; Output: string };
  };
}>({
  // Scope auth first, so that no other plugin's wrapper runs before a field is authorised.
  plugins: [ScopeAuthPlugin, ErrorsPlugin, ComplexityPlugin, RelayPlugin, SimpleObjectsPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (context) => ({
      curator: hasScope(context.caller, 'curator'),
      admin: hasScope(context.caller, 'admin'),
    }),
    unauthorizedError: (_parent, context, info, result) =>
      refusal(context, info.fieldName, result.failure),
  },
  errors: { defaultTypes: [] },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: {
      nullable: false,
      description: 'The items of this page, each with its cursor.',
    },
    nodeFieldOptions: { nullable: false, description: 'The item.' },
    cursorFieldOptions: {
      description:
        'Where this item sits in the list: pass it as after or before to page from here.',
    },
    pageInfoFieldOptions: { description: 'Whether there is more before or after this page.' },
    idFieldOptions: {
      description: 'A global id, stable across requests: fetch the object again with node(id).',
    },
    firstArgOptions: {
      description: 'Page forwards: how many items to return (0 to 100, default 20).',
    },
    afterArgOptions: {
      description: 'Page forwards from this cursor (the endCursor of the previous page).',
    },
    lastArgOptions: {
      description: 'Page backwards: how many items to return before "before" (0 to 100).',
    },
    beforeArgOptions: {
      description: 'Page backwards from this cursor (the startCursor of the following page).',
    },
    defaultEdgeTypeOptions: { description: 'One item of a connection and its cursor.' },
    hasNextPageFieldOptions: { description: 'True when more items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'True when items come before this page.' },
    startCursorFieldOptions: { description: 'The cursor of the first item of this page.' },
    endCursorFieldOptions: { description: 'The cursor of the last item of this page.' },
    // node and nodes are defined in node-lookup.ts, so that a bad id fails at its field alone.
    nodeQueryOptions: false,
    encodeGlobalID: encodeGlobalId,
    decodeGlobalID: decodeGlobalId,
    nodeTypeOptions: {
      description:
        'An object with a global id: fetch any of them again with node(id) or nodes(ids).',
    },
    pageInfoTypeOptions: {
      description: 'Where a page of a connection sits: whether there is more, and its end cursors.',
    },
    nodesQueryOptions: false,
  },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: DEFAULT_LIST_SIZE,
    fieldComplexity: (args, _ctx, field) => priceOf(args, field),
    // Limits are checked on the whole document before execution (src/http/limits.ts).
    disabled: true,
  },
});

builder.queryType({
  description: 'Entry points into the Dossier knowledge graph.',
});

builder.mutationType({
  description:
    'Changes to the graph. Each needs Authorization: Bearer <token> with the scope it names, ' +
    'runs in one transaction (all or nothing), and answers expected failures as typed errors.',
});

/** The builder's type parameters, for helpers that take a field builder. */
export type SchemaTypes =
  typeof builder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : never;
