import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import RelayPlugin from '@pothos/plugin-relay';
import SimpleObjectsPlugin from '@pothos/plugin-simple-objects';
import type { Context } from '../context.ts';
import { DossierError, ErrorCode } from '../errors.ts';

/** The global id of an object: base64 of "Typename:key", as node(id) expects it. */
export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${id}`).toString('base64');
}

/** Decodes a global id; a malformed one is INVALID_ID with a message saying what to do. */
export function decodeGlobalId(globalId: string): { typename: string; id: string } {
  const decoded = Buffer.from(globalId, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (
    colon <= 0 ||
    colon === decoded.length - 1 ||
    Buffer.from(decoded).toString('base64') !== globalId
  ) {
    throw new DossierError(
      ErrorCode.InvalidId,
      `"${globalId}" is not an id this API gave out. Use the id field of an object returned by the API.`,
      { id: globalId },
    );
  }
  return { typename: decoded.slice(0, colon), id: decoded.slice(colon + 1) };
}

export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Scalars: {
    ID: { Input: string; Output: string };
  };
}>({
  plugins: [ComplexityPlugin, RelayPlugin, SimpleObjectsPlugin],
  defaultFieldNullability: false,
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
    nodeQueryOptions: {
      description: 'Any object by its global id; null when nothing has that id.',
      args: { id: { description: 'A global id, as an id field returned it.' } },
    },
    encodeGlobalID: encodeGlobalId,
    decodeGlobalID: decodeGlobalId,
    nodeTypeOptions: {
      description:
        'An object with a global id: fetch any of them again with node(id) or nodes(ids).',
    },
    pageInfoTypeOptions: {
      description: 'Where a page of a connection sits: whether there is more, and its end cursors.',
    },
    nodesQueryOptions: {
      description: 'Objects by their global ids, in the same order; null where nothing has the id.',
      args: { ids: { description: 'Global ids, as id fields returned them.' } },
    },
  },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    limit: { depth: 15, breadth: 300, complexity: 500_000 },
  },
});

builder.queryType({
  description: 'Entry points into the Dossier knowledge graph.',
});

/** The builder's type parameters, for helpers that take a field builder. */
export type SchemaTypes =
  typeof builder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : never;
