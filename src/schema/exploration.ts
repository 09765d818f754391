import type { EntityType } from '../domain/vocabulary.ts';
import { DossierError, ErrorCode } from '../errors.ts';
import {
  type GraphEdgeRow,
  NEIGHBOURHOOD_DEPTH,
  NEIGHBOURHOOD_EDGES_PER_PAIR,
  NEIGHBOURHOOD_LIMIT,
  neighbourhood,
  PATH_LENGTH,
  PATH_NODES,
  type Subgraph,
  type SubgraphNode,
  shortestPath,
} from '../graph/exploration-store.ts';
import { builder, encodeGlobalId } from './builder.ts';
import { entityIdOf } from './claim.ts';
import { ENTITY_TYPENAMES, enumName } from './enums.ts';
import { loadSpans } from './load.ts';
import { ClaimRef, EntityRef, SpanRef } from './refs.ts';

/** A subgraph as the API shows it: nodes and edge ends named by the nodes' global ids. */
interface SubgraphView {
  nodes: GraphNodeView[];
  edges: GraphEdgeView[];
  omittedEdges: number;
  truncated: boolean;
}
interface GraphNodeView extends SubgraphNode {
  globalId: string;
}
interface GraphEdgeView extends GraphEdgeRow {
  source: string;
  target: string;
}

function globalIdOf(node: SubgraphNode): string {
  return node.claim
    ? encodeGlobalId('Claim', node.id)
    : encodeGlobalId(ENTITY_TYPENAMES[node.type as EntityType], node.id);
}

function toView(subgraph: Subgraph | null): SubgraphView | null {
  if (!subgraph) return null;
  const nodes = subgraph.nodes.map((node) => ({ ...node, globalId: globalIdOf(node) }));
  const globalIds = new Map(nodes.map((node) => [node.id, node.globalId]));
  const endOf = (id: string) => {
    const globalId = globalIds.get(id);
    if (!globalId) throw new Error(`subgraph edge ends at ${id}, which is not among its nodes`);
    return globalId;
  };
  return {
    nodes,
    edges: subgraph.edges.map((edge) => ({
      ...edge,
      source: endOf(edge.sourceId),
      target: endOf(edge.targetId),
    })),
    omittedEdges: subgraph.omittedEdges,
    truncated: subgraph.truncated,
  };
}

function checkRange(
  argument: string,
  value: number,
  range: { min: number; max: number },
  code: ErrorCode,
  advice: string,
): number {
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new DossierError(
      code,
      `"${argument}" must be between ${range.min} and ${range.max}; got ${value}. ${advice}`,
      { argument, value, min: range.min, max: range.max },
    );
  }
  return value;
}

const GraphNodeRef = builder.objectRef<GraphNodeView>('GraphNode');
builder.objectType(GraphNodeRef, {
  description: 'A node of a subgraph to draw: an entity or a claim.',
  fields: (t) => ({
    id: t.id({
      description: "The entity's or claim's global id (the same as its id field; use it in node).",
      resolve: (node) => node.globalId,
    }),
    kind: t.string({
      description: 'What the node is: an entity kind (PERSON, COMPANY, COUNTRY...) or CLAIM.',
      resolve: (node) => (node.claim ? 'CLAIM' : enumName(node.type)),
    }),
    label: t.string({
      description: "A caption: the entity's name or the claim's proposition.",
      resolve: (node) => node.label,
    }),
    depth: t.exposeInt('depth', {
      description:
        'How many edges from the start: from the centre entity in a neighbourhood, from "from" along a path.',
    }),
    entity: t.field({
      type: EntityRef,
      nullable: true,
      description: 'The entity, when the node is one; null for a claim.',
      resolve: (node, _args, ctx) => (node.claim ? null : ctx.loaders.entity.load(node.id)),
    }),
    claim: t.field({
      type: ClaimRef,
      nullable: true,
      description: 'The claim, when the node is one; null for an entity.',
      resolve: (node, _args, ctx) => (node.claim ? ctx.loaders.claim.load(node.id) : null),
    }),
  }),
});

const GraphEdgeRef = builder.objectRef<GraphEdgeView>('GraphEdge');
builder.objectType(GraphEdgeRef, {
  description:
    'An edge of a subgraph to draw, from source to target. Types: the entity relations ' +
    '(PART_OF, LOCATED_IN, ATTENDED, REPRESENTED_AT, ACCUSED, TARGETED, TRACED_ATTACKS_TO); ' +
    'HOLDS_ROLE (holder to organisation); SAID (speaker to claim); ABOUT (claim to the entity ' +
    'it is about); SUPPORTS, DISPUTES, DENIES, QUALIFIES (claim to claim).',
  fields: (t) => ({
    id: t.id({
      description:
        'Stable and unique within the graph: the type and the key of the relation, role, ' +
        'attribution or stance behind the edge.',
      resolve: (edge) => `${edge.type}:${edge.key}`,
    }),
    type: t.exposeString('type', { description: 'What the edge says (see GraphEdge).' }),
    source: t.id({
      description: 'The id of the GraphNode the edge starts at (the subject, holder or speaker).',
      resolve: (edge) => edge.source,
    }),
    target: t.id({
      description: 'The id of the GraphNode the edge points at.',
      resolve: (edge) => edge.target,
    }),
    label: t.exposeString('label', {
      nullable: true,
      description:
        'A caption: the role title for HOLDS_ROLE, how it was said for SAID (direct quote, ' +
        'paraphrase...), the relation or stance in words otherwise.',
    }),
    evidence: t.field({
      type: [SpanRef],
      description:
        'The words on the page behind the edge (the quote for SAID, the role as stated for ' +
        'HOLDS_ROLE); empty for ABOUT.',
      resolve: (edge, _args, ctx) => loadSpans(ctx, edge.evidenceSpanIds),
    }),
  }),
});

const SubgraphRef = builder.objectRef<SubgraphView>('Subgraph');
builder.objectType(SubgraphRef, {
  description:
    'Part of the graph as nodes (entities and claims) and edges between them, ready to draw. ' +
    'Roles and attributions appear as HOLDS_ROLE and SAID edges.',
  fields: (t) => ({
    nodes: t.field({
      type: [GraphNodeRef],
      // Priced by neighborhood and path, which know how many nodes they may return.
      complexity: { field: 1, multiplier: 1 },
      description: 'The nodes, nearest the start first.',
      resolve: (subgraph) => subgraph.nodes,
    }),
    edges: t.field({
      type: [GraphEdgeRef],
      complexity: { field: 1, multiplier: SUBGRAPH_EDGES_PER_NODE },
      description:
        'The edges between two of the nodes, at most edgesPerPair between any two of them; ' +
        'along a path, only the path, in order from "from".',
      resolve: (subgraph) => subgraph.edges,
    }),
    omittedEdges: t.exposeInt('omittedEdges', {
      description:
        'How many edges between two of the nodes were left out because those two already had ' +
        'edgesPerPair edges (such as one role stated in many documents); always 0 for path.',
    }),
    truncated: t.exposeBoolean('truncated', {
      description:
        'True when a bound cut the answer short. For neighborhood: its limit left out nodes ' +
        'within the requested depth. For path: the search reached maxNodes before it found a ' +
        'path or could tell there is none; nodes and edges are then empty (raise maxNodes, or ' +
        'lower maxLength).',
    }),
  }),
});

/** Pricing a subgraph: about this many edges per node at most, and Neo4j's work per node and hop. */
const SUBGRAPH_EDGES_PER_NODE = 3;
const EXPANSION_COST_PER_NODE_AND_HOP = 10;

const DEFAULT_PATH_LENGTH = 6;
const DEFAULT_EDGES_PER_PAIR = SUBGRAPH_EDGES_PER_NODE;
/**
 * Enough for a search to cross two or three levels around ordinary entities of a large graph
 * (and far more than the article holds), while a hub reached on the way stops it rather than
 * pulling in its tens of thousands of neighbours.
 */
const DEFAULT_PATH_NODES = 2_000;

builder.queryField('neighborhood', (t) =>
  t.field({
    type: SubgraphRef,
    complexity: ({ depth, limit }) => ({
      field: 10 + EXPANSION_COST_PER_NODE_AND_HOP * (depth ?? 1) * (limit ?? 50),
      multiplier: limit ?? 50,
    }),
    nullable: true,
    description:
      'An entity and everything within a few hops of it (related entities, roles, the claims it ' +
      'makes and those about it, and stances between claims), as nodes and edges to draw. ' +
      'Nearest nodes are kept first; at one distance, entities before claims, the most mentioned ' +
      'entities first and claims in reading order. Null when no entity has the id.',
    args: {
      entity: t.arg.id({ required: true, description: "The entity's global id." }),
      depth: t.arg.int({
        defaultValue: 1,
        description: `How many hops to go out, ${NEIGHBOURHOOD_DEPTH.min} to ${NEIGHBOURHOOD_DEPTH.max}.`,
      }),
      limit: t.arg.int({
        defaultValue: 50,
        description: `At most this many nodes, the entity included, ${NEIGHBOURHOOD_LIMIT.min} to ${NEIGHBOURHOOD_LIMIT.max}.`,
      }),
      edgesPerPair: t.arg.int({
        defaultValue: DEFAULT_EDGES_PER_PAIR,
        description:
          `At most this many edges between any two nodes, ${NEIGHBOURHOOD_EDGES_PER_PAIR.min} to ` +
          `${NEIGHBOURHOOD_EDGES_PER_PAIR.max}: who said it first, then roles, then relations ` +
          '(omittedEdges counts the rest).',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const depth = checkRange(
        'depth',
        args.depth ?? 1,
        NEIGHBOURHOOD_DEPTH,
        ErrorCode.DepthOutOfRange,
        'Go further out from one of the nodes returned.',
      );
      const limit = checkRange(
        'limit',
        args.limit ?? 50,
        NEIGHBOURHOOD_LIMIT,
        ErrorCode.BadUserInput,
        'Lower the depth to see the nearest nodes.',
      );
      const edgesPerPair = checkRange(
        'edgesPerPair',
        args.edgesPerPair ?? DEFAULT_EDGES_PER_PAIR,
        NEIGHBOURHOOD_EDGES_PER_PAIR,
        ErrorCode.BadUserInput,
        'Fewer edges per pair draw more clearly; omittedEdges says how many were left out.',
      );
      const entityId = entityIdOf(args.entity, 'entity');
      return toView(await neighbourhood(ctx.db, entityId, depth, limit, edgesPerPair));
    },
  }),
);

builder.queryField('path', (t) =>
  t.field({
    type: SubgraphRef,
    // A shortest-path search costs Neo4j far more than the few nodes it returns: a statement per
    // level, and each node it may reach expanded once, priced as a neighbourhood's node and hop.
    // maxNodes is priced within its range, so a value out of it gets the range check's message.
    complexity: ({ maxLength, maxNodes }) => ({
      field:
        500 +
        100 * (maxLength ?? DEFAULT_PATH_LENGTH) +
        EXPANSION_COST_PER_NODE_AND_HOP *
          Math.min(Math.max(maxNodes ?? DEFAULT_PATH_NODES, PATH_NODES.min), PATH_NODES.max),
      multiplier: (maxLength ?? DEFAULT_PATH_LENGTH) + 1,
    }),
    nullable: true,
    description:
      'A shortest chain of edges linking two entities (through relations, roles, who said which ' +
      'claim, what claims are about, and stances between claims), as nodes in order from "from" ' +
      'to "to" and the edges between them. Null when either entity is missing or no chain is at ' +
      'most maxLength edges long. The search reaches at most maxNodes nodes on its way: when it ' +
      'would need more, nodes and edges are empty and truncated is true.',
    args: {
      from: t.arg.id({ required: true, description: 'The global id of the entity to start at.' }),
      to: t.arg.id({ required: true, description: 'The global id of the entity to reach.' }),
      maxLength: t.arg.int({
        defaultValue: DEFAULT_PATH_LENGTH,
        description: `The longest chain to look for, in edges, ${PATH_LENGTH.min} to ${PATH_LENGTH.max}.`,
      }),
      maxNodes: t.arg.int({
        defaultValue: DEFAULT_PATH_NODES,
        description:
          'The most nodes (entities and claims) the search may reach from both ends together, ' +
          `the two entities not counted, ${PATH_NODES.min} to ${PATH_NODES.max}. Past it the ` +
          'search stops and says so with truncated; lower it for a cheaper query.',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const maxLength = checkRange(
        'maxLength',
        args.maxLength ?? DEFAULT_PATH_LENGTH,
        PATH_LENGTH,
        ErrorCode.DepthOutOfRange,
        'Look for a path between nearer entities.',
      );
      const maxNodes = checkRange(
        'maxNodes',
        args.maxNodes ?? DEFAULT_PATH_NODES,
        PATH_NODES,
        ErrorCode.BadUserInput,
        `Leave it out for the default, ${DEFAULT_PATH_NODES}.`,
      );
      const fromId = entityIdOf(args.from, 'from');
      const toId = entityIdOf(args.to, 'to');
      return toView(await shortestPath(ctx.db, fromId, toId, maxLength, maxNodes));
    },
  }),
);
