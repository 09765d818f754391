import { graphStats } from '../graph/document-store.ts';
import { entitiesPage } from '../graph/entity-store.ts';
import { pageRequest } from '../graph/pagination.ts';
import { builder } from './builder.ts';
import { EntityRef } from './refs.ts';

const KindCount = builder.simpleObject('KindCount', {
  description: 'How many of one kind.',
  fields: (t) => ({
    kind: t.string({
      description: 'The kind, as the graph stores it (e.g. Person, accusation, direct_quote).',
    }),
    count: t.int({ description: 'How many.' }),
  }),
});

const Stats = builder.simpleObject('Stats', {
  description: 'What the graph holds, counted live.',
  fields: (t) => ({
    documents: t.int({ description: 'Documents loaded.' }),
    entities: t.int({ description: 'Entities of every kind.' }),
    entitiesByKind: t.field({ type: [KindCount], description: 'Entities per kind.' }),
    mentions: t.int({ description: 'Entity mentions: spans that refer to an entity.' }),
    roles: t.int({ description: 'Roles people hold or held.' }),
    relations: t.int({ description: 'Typed links between entities.' }),
    claims: t.int({ description: 'Claims, from the articles and from reader comments.' }),
    claimsByType: t.field({ type: [KindCount], description: 'Claims per type.' }),
    claimsBySourceKind: t.field({ type: [KindCount], description: 'article or comment.' }),
    attributions: t.int({ description: 'Sources committing to claims.' }),
    attributionsByMode: t.field({ type: [KindCount], description: 'Attributions per mode.' }),
    stances: t.int({ description: 'Links between claims.' }),
    stancesByType: t.field({ type: [KindCount], description: 'Stances per type.' }),
    quantities: t.int({ description: 'Numbers stated as values.' }),
    comments: t.int({ description: 'Reader comments.' }),
    spans: t.int({ description: 'Distinct stretches of text the graph points at.' }),
  }),
});

builder.objectField(Stats, 'mostMentioned', (t) =>
  t.field({
    type: [EntityRef],
    description: 'The entities the text refers to most often, most first.',
    args: { first: t.arg.int({ defaultValue: 10, description: 'How many (at most 100).' }) },
    resolve: async (_stats, args, ctx) => {
      const page = await entitiesPage(
        ctx.db,
        { types: null, name: null, documentId: null },
        'MENTIONS',
        pageRequest({ first: args.first ?? 10 }),
        false,
      );
      return page.edges.map((edge) => edge.node);
    },
  }),
);

builder.queryField('stats', (t) =>
  t.field({
    type: Stats,
    // Counts every kind of node and link in the graph.
    complexity: 1_000,
    description: 'Counts by kind across the graph, and the most mentioned entities.',
    resolve: async (_root, _args, ctx) => {
      const stats = await graphStats(ctx.db);
      const kinds = (rows: { key: string; count: number }[]) =>
        rows.map((row) => ({ kind: row.key, count: row.count }));
      return {
        ...stats,
        entitiesByKind: kinds(stats.entitiesByKind),
        claimsByType: kinds(stats.claimsByType),
        claimsBySourceKind: kinds(stats.claimsBySourceKind),
        attributionsByMode: kinds(stats.attributionsByMode),
        stances: stats.stancesByType.reduce((sum, row) => sum + row.count, 0),
        stancesByType: kinds(stats.stancesByType),
      };
    },
  }),
);
