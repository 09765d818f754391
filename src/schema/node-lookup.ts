import { resolveNodes } from '@pothos/plugin-relay';
import { limitError } from '../http/limits.ts';
import { builder, decodeGlobalId } from './builder.ts';

/** As many ids as a page holds. */
export const MAX_NODE_IDS = 100;

builder.queryField('node', (t) =>
  t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description:
      'Any object by its global id; null when nothing has that id. An id this API did not give ' +
      'out is INVALID_ID at this field alone: the rest of the query still answers.',
    args: {
      id: t.arg.id({ required: true, description: 'A global id, as an id field returned it.' }),
    },
    resolve: async (_root, args, ctx, info) => {
      const [node] = await resolveNodes(builder, ctx, info, [decodeGlobalId(String(args.id))]);
      return node ?? null;
    },
  }),
);

builder.queryField('nodes', (t) =>
  t.field({
    type: [builder.nodeInterfaceRef()],
    nullable: { list: false, items: true },
    description:
      'Objects by their global ids, in the same order; null where nothing has the id. An id ' +
      'this API did not give out fails alone, with INVALID_ID at its place in the list.',
    complexity: ({ ids }) => ({ field: 1, multiplier: ids.length }),
    args: {
      ids: t.arg.idList({
        required: true,
        description: `Global ids, as id fields returned them (at most ${MAX_NODE_IDS}).`,
      }),
    },
    resolve: async (_root, args, ctx, info) => {
      if (args.ids.length > MAX_NODE_IDS) {
        throw limitError('ids', MAX_NODE_IDS, args.ids.length, 'number of ids');
      }
      const decoded = args.ids.map((id) => {
        try {
          return decodeGlobalId(String(id));
        } catch (error) {
          return error instanceof Error ? error : new Error(String(error));
        }
      });
      const nodes = await resolveNodes(
        builder,
        ctx,
        info,
        decoded.map((entry) => (entry instanceof Error ? null : entry)),
      );
      // An Error item is an error at that index only; the other items still resolve.
      return decoded.map((entry, index) =>
        entry instanceof Error ? entry : (nodes[index] ?? null),
      );
    },
  }),
);
