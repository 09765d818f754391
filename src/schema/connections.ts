import { builder } from './builder.ts';
import { ClaimRef, DocumentRef, MentionRef } from './refs.ts';

/**
 * Our connections carry their total when the selection asks for it (see selectsTotalCount in
 * fetch-plan.ts); Pothos types the connection shape without it.
 */
export function totalCountOf(connection: object): number {
  if ('totalCount' in connection && typeof connection.totalCount === 'number') {
    return connection.totalCount;
  }
  throw new Error('a connection was resolved without its totalCount');
}

export const ClaimConnection = builder.connectionObject(
  {
    type: ClaimRef,
    name: 'ClaimConnection',
    description: 'A page of claims, in reading order.',
    fields: (t) => ({
      totalCount: t.int({
        description: 'How many claims the whole list holds, across all pages.',
        resolve: (connection) => totalCountOf(connection),
      }),
    }),
  },
  { name: 'ClaimEdge' },
);

export const MentionConnection = builder.connectionObject(
  {
    type: MentionRef,
    name: 'MentionConnection',
    description: 'A page of mentions, in text order.',
    fields: (t) => ({
      totalCount: t.int({
        description: 'How many mentions the whole list holds, across all pages.',
        resolve: (connection) => totalCountOf(connection),
      }),
    }),
  },
  { name: 'MentionEdge' },
);

export const DocumentConnection = builder.connectionObject(
  {
    type: DocumentRef,
    name: 'DocumentConnection',
    description: 'A page of documents.',
    fields: (t) => ({
      totalCount: t.int({
        description: 'How many documents the graph holds.',
        resolve: (connection) => totalCountOf(connection),
      }),
    }),
  },
  { name: 'DocumentEdge' },
);
