import { readDatabaseInfo } from '../graph/database-info-store.ts';
import { builder } from './builder.ts';

export const DatabaseInfo = builder.simpleObject('DatabaseInfo', {
  description: 'The Neo4j database behind this service, as it reports itself right now.',
  fields: (t) => ({
    product: t.string({ description: 'The database product component, e.g. "Neo4j Kernel".' }),
    version: t.string({ description: 'The Neo4j version, e.g. "5.26.24".' }),
    edition: t.string({ description: 'The Neo4j edition: "community" or "enterprise".' }),
    database: t.string({ description: 'The name of the database the service reads and writes.' }),
    nodeCount: t.int({ description: 'How many nodes the database holds.' }),
    relationshipCount: t.int({ description: 'How many relationships the database holds.' }),
  }),
});

builder.queryField('databaseInfo', (t) =>
  t.field({
    type: DatabaseInfo,
    description:
      'Which Neo4j serves this graph and how large the graph is. Asks the database live.',
    resolve: (_root, _args, ctx) => readDatabaseInfo(ctx.db),
  }),
);
