import type DataLoader from 'dataloader';
import {
  type FieldNode,
  type FragmentSpreadNode,
  type GraphQLField,
  GraphQLIncludeDirective,
  type GraphQLResolveInfo,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
  type InlineFragmentNode,
  isInterfaceType,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { type ClaimFilter, claimSortKey } from '../graph/claim-store.ts';
import {
  type EntityFilter,
  type EntitySort,
  entitySortKey,
  mentionSortKey,
  rolesToRead,
} from '../graph/entity-store.ts';
import {
  type EntityLookup,
  type EntityProperty,
  type FetchEdge,
  type FetchLink,
  type FetchTree,
  fetchClaimPage,
  fetchEntity,
  fetchEntityPage,
  fetchedMention,
  fetchedNode,
  fetchedPage,
  fetchNodes,
  type NodeKind,
  rowNames,
  type SourceTree,
  type SpanProperty,
  spanNames,
} from '../graph/fetch-tree.ts';
import type { Loaders } from '../graph/loaders.ts';
import {
  type Connection,
  type PageRequest,
  pageRequest,
  toConnection,
} from '../graph/pagination.ts';
import { fromList, SPAN_COLUMNS } from '../graph/projections.ts';
import {
  attributionRow,
  type ClaimRow,
  claimRow,
  commentRow,
  type EntityRow,
  entityRow,
  type MentionRow,
  quantityRow,
  roleRow,
  spanRow,
  stanceRow,
} from '../graph/rows.ts';
import { RowShapeError } from '../neo4j/database.ts';
import { toClaimFilter } from './claim.ts';
import { ENTITY_TYPENAMES } from './enums.ts';

/**
 * Look-ahead for the root fields that read most: the GraphQL selection becomes a FetchTree, the
 * store reads it in one statement, and the rows go into the request's loaders, where the field
 * resolvers find them. Resolvers stay as they are: a field the tree does not cover (or one whose
 * arguments are invalid) still loads through its loader, and reports its own error.
 */

type TreeKind = 'entity' | 'role' | 'claim' | 'attribution' | 'quantity' | 'stance' | 'comment';

/** The type conditions (fragments' `on X`) that select fields of each kind. */
const CONDITIONS: Record<TreeKind, ReadonlySet<string>> = {
  entity: new Set(['Entity', 'Node', 'Source', ...Object.values(ENTITY_TYPENAMES)]),
  role: new Set(['Role']),
  claim: new Set(['Claim', 'Node']),
  attribution: new Set(['Attribution']),
  quantity: new Set(['Quantity']),
  stance: new Set(['Stance']),
  comment: new Set(['Comment', 'Node', 'Source']),
};

/** The GraphQL type that defines each kind's fields (and their arguments). */
const TYPE_OF_KIND: Record<TreeKind, string> = {
  entity: 'Entity',
  role: 'Role',
  claim: 'Claim',
  attribution: 'Attribution',
  quantity: 'Quantity',
  stance: 'Stance',
  comment: 'Comment',
};

/** Which links a field needs; `own: false` when the link serves the resolver, not the selection. */
interface EdgeUse {
  edge: FetchEdge;
  own: boolean;
}
const use = (edge: FetchEdge, own = true): EdgeUse => ({ edge, own });

const FIELD_EDGES: Record<TreeKind, Record<string, EdgeUse[]>> = {
  entity: {
    roles: [use('entity.roles')],
    claimsMade: [use('entity.claims')],
    claimsAbout: [use('entity.claims')],
    mentions: [use('entity.mentions')],
  },
  role: {
    organization: [use('role.organization')],
    holder: [use('role.holder')],
    evidence: [use('role.evidence')],
  },
  claim: {
    attributions: [use('claim.attributions')],
    // The resolver reads the attributions, then their speakers.
    speakers: [use('claim.attributions', false), use('claim.speakers')],
    about: [use('claim.about')],
    quantities: [use('claim.quantities')],
    stances: [use('claim.stances')],
  },
  attribution: {
    speaker: [use('attribution.sources')],
    reporter: [use('attribution.sources')],
    via: [use('attribution.sources')],
    evidence: [use('attribution.spans')],
    hedges: [use('attribution.spans')],
    cueSpan: [use('attribution.spans')],
    quote: [use('attribution.spans')],
  },
  quantity: { text: [use('quantity.span')] },
  stance: {
    from: [use('stance.claims')],
    to: [use('stance.claims')],
    other: [use('stance.claims')],
    evidence: [use('stance.evidence')],
  },
  comment: { text: [use('comment.spans')] },
};

type Selectable = FieldNode | InlineFragmentNode | FragmentSpreadNode;

function included(node: Selectable, info: GraphQLResolveInfo): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if === true)
    return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if !== false;
}

/** The fields of `sets` that apply to a type accepted by `applies`, by response name. */
function collectFields(
  sets: readonly SelectionSetNode[],
  applies: (typeName: string) => boolean,
  info: GraphQLResolveInfo,
  out = new Map<string, FieldNode[]>(),
): Map<string, FieldNode[]> {
  for (const set of sets) {
    for (const selection of set.selections) {
      if (!included(selection, info)) continue;
      if (selection.kind === Kind.FIELD) {
        const name = selection.alias?.value ?? selection.name.value;
        out.set(name, [...(out.get(name) ?? []), selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition?.name.value;
        if (!condition || applies(condition)) {
          collectFields([selection.selectionSet], applies, info, out);
        }
      } else {
        const fragment = info.fragments[selection.name.value];
        if (fragment && applies(fragment.typeCondition.name.value)) {
          collectFields([fragment.selectionSet], applies, info, out);
        }
      }
    }
  }
  return out;
}

function selectionSetsOf(nodes: readonly FieldNode[]): SelectionSetNode[] {
  return nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
}

/** The selections under `path` (e.g. edges, node) of a connection's selections. */
function below(
  sets: readonly SelectionSetNode[],
  path: readonly string[],
  info: GraphQLResolveInfo,
) {
  let current = [...sets];
  for (const step of path) {
    const fields = collectFields(current, () => true, info);
    current = [...fields.values()]
      .flat()
      .filter((field) => field.name.value === step)
      .flatMap((field) => (field.selectionSet ? [field.selectionSet] : []));
  }
  return current;
}

/** Whether the selections ask for `field` at their top level (any fragment, like the resolvers). */
export function selectsField(
  sets: readonly SelectionSetNode[],
  field: string,
  info: GraphQLResolveInfo,
): boolean {
  return [...collectFields(sets, () => true, info).values()].some((nodes) =>
    nodes.some((node) => node.name.value === field),
  );
}

/** Whether a connection field's selection asks for totalCount: the count is read only then. */
export function selectsTotalCount(info: GraphQLResolveInfo): boolean {
  return selectsField(selectionSetsOf(info.fieldNodes), 'totalCount', info);
}

function fieldOf(
  info: GraphQLResolveInfo,
  kind: TreeKind,
  name: string,
): GraphQLField<unknown, unknown> {
  const type = info.schema.getType(TYPE_OF_KIND[kind]);
  const field = isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
  if (!field) throw new Error(`${TYPE_OF_KIND[kind]}.${name} is not in the schema`);
  return field;
}

const pageArgs = z.object({
  first: z.number().int().nullish(),
  after: z.string().nullish(),
  last: z.number().int().nullish(),
  before: z.string().nullish(),
});

const claimFilterArgs = z
  .object({
    speaker: z.string().nullish(),
    about: z.string().nullish(),
    types: z.array(z.string()).nullish(),
    modes: z.array(z.string()).nullish(),
    certainties: z.array(z.string()).nullish(),
    polarity: z.string().nullish(),
    sourceKind: z.string().nullish(),
    document: z.string().nullish(),
  })
  .nullish();

/** The span properties each Span field reads; start, end, exact and documentId are always read. */
const SPAN_FIELD_PROPERTIES: Record<string, readonly SpanProperty[]> = {
  id: ['id'],
  prefix: ['prefix'],
  suffix: ['suffix'],
  context: ['prefix', 'suffix'],
  line: ['line'],
  regionKind: ['regionKind'],
  region: ['regionId'],
};

/** The entity properties each Entity field reads; id and type are always read. */
const ENTITY_FIELD_PROPERTIES: Record<string, readonly EntityProperty[]> = {
  name: ['name'],
  named: ['named'],
  scope: ['scope'],
  aliases: ['aliases'],
  description: ['description'],
  mentionCount: ['mentionCount'],
  version: ['version'],
};

function propertiesOf<Property extends string>(
  fields: Map<string, FieldNode[]>,
  table: Record<string, readonly Property[]>,
): Property[] {
  const properties = new Set<Property>();
  for (const nodes of fields.values()) {
    for (const property of table[nodes[0]?.name.value ?? ''] ?? []) properties.add(property);
  }
  return [...properties].sort();
}

/**
 * What a mention connection's selection reads of its spans. The mention loader is keyed by it,
 * so a page read for one selection never answers another that needs more of the span.
 */
export function mentionSpanFields(
  sets: readonly SelectionSetNode[],
  info: GraphQLResolveInfo,
): SpanProperty[] {
  const spanSets = below(sets, ['edges', 'node', 'span'], info);
  return propertiesOf(
    collectFields(spanSets, () => true, info),
    SPAN_FIELD_PROPERTIES,
  );
}

/** mentionSpanFields for the field being resolved. */
export function selectedSpanFields(info: GraphQLResolveInfo): SpanProperty[] {
  return mentionSpanFields(selectionSetsOf(info.fieldNodes), info);
}

const regionKindsArg = z.array(z.string()).nullish();

/** The roles link of one `roles` field, or null when its `first` is invalid (the resolver says so). */
function rolesLink(nodes: readonly FieldNode[], info: GraphQLResolveInfo): FetchLink | null {
  const [field] = nodes;
  if (!field) return null;
  const args = getArgumentValues(
    fieldOf(info, 'entity', field.name.value),
    field,
    info.variableValues,
  );
  try {
    const first = rolesToRead(z.number().nullish().parse(args.first));
    return { edge: 'entity.roles', first, child: treeFor('role', selectionSetsOf(nodes), info) };
  } catch {
    return null;
  }
}

/** A paged link, or null when its arguments are invalid: the resolver then reports the error. */
function pagedLink(
  edge: 'entity.claims' | 'entity.mentions',
  nodes: readonly FieldNode[],
  info: GraphQLResolveInfo,
): FetchLink | null {
  const [first] = nodes;
  if (!first) return null;
  const name = first.name.value;
  const args = getArgumentValues(fieldOf(info, 'entity', name), first, info.variableValues);
  const sets = selectionSetsOf(nodes);
  const withTotal = selectsField(sets, 'totalCount', info);
  let page: PageRequest;
  try {
    page = pageRequest(pageArgs.parse(args));
    if (edge === 'entity.mentions') {
      const regionKinds = regionKindsArg.parse(args.regionKinds) ?? null;
      return { edge, regionKinds, page, withTotal, spanFields: mentionSpanFields(sets, info) };
    }
    const filter = toClaimFilter(claimFilterArgs.parse(args.filter));
    return {
      edge,
      role: name === 'claimsMade' ? 'SPEAKER' : 'SUBJECT',
      filter,
      page,
      withTotal,
      child: treeFor('claim', below(sets, ['edges', 'node'], info), info),
    };
  } catch {
    return null;
  }
}

function plainLink(edge: FetchEdge, sets: SelectionSetNode[], info: GraphQLResolveInfo): FetchLink {
  switch (edge) {
    case 'role.organization':
    case 'role.holder':
    case 'claim.about':
      return { edge, child: treeFor('entity', sets, info) };
    case 'claim.attributions':
      return { edge, child: treeFor('attribution', sets, info) };
    case 'claim.quantities':
      return { edge, child: treeFor('quantity', sets, info) };
    case 'claim.stances':
      return { edge, child: treeFor('stance', sets, info) };
    case 'stance.claims':
      return { edge, child: treeFor('claim', sets, info) };
    case 'claim.speakers':
    case 'attribution.sources':
      return { edge, child: sourceTree(sets, info) };
    case 'role.evidence':
    case 'attribution.spans':
    case 'stance.evidence':
    case 'quantity.span':
    case 'comment.spans':
      return { edge };
    case 'entity.claims':
    case 'entity.mentions':
    case 'entity.roles':
      throw new Error(`${edge} takes arguments`);
  }
}

function sourceTree(sets: SelectionSetNode[], info: GraphQLResolveInfo): SourceTree {
  return { entity: treeFor('entity', sets, info), comment: treeFor('comment', sets, info) };
}

/** What to read below an object of `kind` for the selections `sets`. */
function treeFor(kind: TreeKind, sets: readonly SelectionSetNode[], info: GraphQLResolveInfo) {
  const fields = collectFields(sets, (typeName) => CONDITIONS[kind].has(typeName), info);
  const links: FetchLink[] = [];
  const merged = new Map<FetchEdge, SelectionSetNode[]>();
  for (const nodes of fields.values()) {
    const name = nodes[0]?.name.value ?? '';
    for (const { edge, own } of FIELD_EDGES[kind][name] ?? []) {
      if (edge === 'entity.claims' || edge === 'entity.mentions') {
        const link = pagedLink(edge, nodes, info);
        if (link) links.push(link);
        continue;
      }
      if (edge === 'entity.roles') {
        const link = rolesLink(nodes, info);
        if (link) links.push(link);
        continue;
      }
      const sets = merged.get(edge) ?? [];
      if (own) sets.push(...selectionSetsOf(nodes));
      merged.set(edge, sets);
    }
  }
  for (const [edge, sets] of merged) links.push(plainLink(edge, sets, info));
  return { links } satisfies FetchTree;
}

// ---------------------------------------------------------------------------------------------
// The rows of a fetched tree go into the loaders, checked at the boundary as the stores check theirs.

/** A list where the statement returns one: checked, not copied (the rows in it are checked below). */
const list = {
  parse(value: unknown): readonly unknown[] {
    if (!Array.isArray(value)) {
      throw new RowShapeError(`A fetched tree held ${typeof value} where a list belongs`);
    }
    return value;
  },
};
/** A root entity read for its selection: id and type, and what the selection reads. */
const partialEntityRow = entityRow.partial().required({ id: true, type: true });
const partialSpanRow = spanRow
  .partial()
  .required({ documentId: true, start: true, end: true, exact: true });
const fetchedSource = z.tuple([z.enum(['entity', 'comment']), z.unknown()]);

class Primer {
  /** A paged link's loader, found once per link rather than once per parent row. */
  private readonly pageLoaders = new Map<FetchLink, DataLoader<string, unknown>>();

  constructor(private readonly loaders: Loaders) {}

  private pageLoader<V>(link: FetchLink, find: () => DataLoader<string, V>): DataLoader<string, V> {
    let found = this.pageLoaders.get(link) as DataLoader<string, V> | undefined;
    if (!found) {
      found = find();
      this.pageLoaders.set(link, found as DataLoader<string, unknown>);
    }
    return found;
  }

  entity(value: unknown, tree: FetchTree): EntityRow {
    const node = fetchedNode.parse(value);
    const values = fromList(rowNames('entity', tree), list.parse(node.row));
    let row: EntityRow;
    if (tree.fields) {
      // Only the fields the selection reads: handed to its resolvers, never to the by-id loader
      // that other fields share.
      row = partialEntityRow.parse(values) as EntityRow;
    } else {
      row = entityRow.parse(values);
      this.loaders.entity.prime(row.id, row);
    }
    this.links(tree, node.links, row.id);
    return row;
  }

  claim(value: unknown, tree: FetchTree): ClaimRow {
    const node = fetchedNode.parse(value);
    const row = claimRow.parse(fromList(rowNames('claim', tree), list.parse(node.row)));
    this.loaders.claim.prime(row.id, row);
    this.links(tree, node.links, row.id);
    return row;
  }

  private plain<Row extends { id: string }>(
    kind: NodeKind,
    schema: z.ZodType<Row>,
    value: unknown,
    tree: FetchTree,
  ): Row {
    const node = fetchedNode.parse(value);
    const row = schema.parse(fromList(rowNames(kind, tree), list.parse(node.row)));
    this.links(tree, node.links, row.id);
    return row;
  }

  private source(value: unknown, tree: SourceTree): void {
    const [kind, node] = fetchedSource.parse(value);
    if (kind === 'entity') {
      this.entity(node, tree.entity);
    } else {
      const comment = this.plain('comment', commentRow, node, tree.comment);
      this.loaders.comment.prime(comment.id, comment);
    }
  }

  private links(tree: FetchTree, values: readonly unknown[], parentId: string): void {
    tree.links.forEach((link, index) => {
      this.link(link, values[index], parentId);
    });
  }

  private link(link: FetchLink, value: unknown, parentId: string): void {
    const loaders = this.loaders;
    switch (link.edge) {
      case 'entity.roles': {
        const roles = list
          .parse(value)
          .map((item) => this.plain('role', roleRow, item, link.child));
        loaders.rolesOf(link.first).prime(parentId, roles);
        return;
      }
      case 'entity.claims': {
        const page = fetchedPage.parse(value);
        const claims = page.rows.map((item) => this.claim(item, link.child));
        const connection = toConnection(claims, link.page, page.total, claimSortKey);
        this.pageLoader(link, () =>
          loaders.claimsOf('Entity', link.role, link.page, link.filter, link.withTotal),
        ).prime(parentId, connection);
        return;
      }
      case 'entity.mentions': {
        const page = fetchedPage.parse(value);
        // Spans as the selection reads them (the loader's key says which fields), under their entity.
        const mentions = page.rows.map((item): MentionRow => {
          const [kind, values] = fetchedMention.parse(item);
          const span = partialSpanRow.parse(fromList(spanNames(link.spanFields), values));
          return { kind, span, entityId: parentId } as MentionRow;
        });
        const connection = toConnection(mentions, link.page, page.total, mentionSortKey);
        this.pageLoader(link, () =>
          loaders.mentionsOf(link.regionKinds, link.page, link.withTotal, link.spanFields),
        ).prime(parentId, connection);
        return;
      }
      case 'role.organization':
      case 'role.holder':
        if (value !== null && value !== undefined) this.entity(value, link.child);
        return;
      case 'role.evidence':
      case 'attribution.spans':
      case 'stance.evidence':
      case 'quantity.span':
      case 'comment.spans':
        for (const item of list.parse(value)) {
          const span = spanRow.parse(fromList(SPAN_COLUMNS, list.parse(item)));
          loaders.span.prime(span.id, span);
        }
        return;
      case 'claim.attributions':
        loaders.attributionsByClaim.prime(
          parentId,
          list
            .parse(value)
            .map((item) => this.plain('attribution', attributionRow, item, link.child)),
        );
        return;
      case 'claim.speakers':
      case 'attribution.sources':
        for (const item of list.parse(value)) this.source(item, link.child);
        return;
      case 'claim.about':
        loaders.aboutByClaim.prime(
          parentId,
          list.parse(value).map((item) => this.entity(item, link.child).id),
        );
        return;
      case 'claim.quantities':
        loaders.quantitiesByClaim.prime(
          parentId,
          list.parse(value).map((item) => this.plain('quantity', quantityRow, item, link.child)),
        );
        return;
      case 'claim.stances':
        loaders.stancesByClaim.prime(
          parentId,
          list.parse(value).map((item) => this.plain('stance', stanceRow, item, link.child)),
        );
        return;
      case 'stance.claims':
        for (const item of list.parse(value)) this.claim(item, link.child);
        return;
    }
  }
}

function rootSets(info: GraphQLResolveInfo): SelectionSetNode[] {
  return selectionSetsOf(info.fieldNodes);
}

/** The tree below a root field that returns one entity (exported for the Cypher snapshot tests). */
export function entityTree(info: GraphQLResolveInfo): FetchTree {
  return rootEntityTree(rootSets(info), info);
}

/** A root entity reads only the properties its selection needs (see Primer.entity). */
function rootEntityTree(sets: readonly SelectionSetNode[], info: GraphQLResolveInfo): FetchTree {
  const fields = collectFields(sets, (typeName) => CONDITIONS.entity.has(typeName), info);
  // name and mentionCount make a page's sort key (its cursors), whatever the selection reads.
  const selected = propertiesOf(fields, ENTITY_FIELD_PROPERTIES);
  return {
    ...treeFor('entity', sets, info),
    fields: [...new Set<EntityProperty>([...selected, 'name', 'mentionCount'])].sort(),
  };
}

/** One entity and what the selection reads below it, in one statement. */
export async function entityBySelection(
  ctx: Context,
  info: GraphQLResolveInfo,
  lookup: EntityLookup,
): Promise<EntityRow | null> {
  const tree = entityTree(info);
  const fetched = await fetchEntity(ctx.db, lookup, tree);
  return fetched ? new Primer(ctx.loaders).entity(fetched, tree) : null;
}

/** A page of entities and what the selection reads below each, in one statement. */
export async function entityPageBySelection(
  ctx: Context,
  info: GraphQLResolveInfo,
  filter: EntityFilter,
  sort: EntitySort,
  page: PageRequest,
): Promise<Connection<EntityRow>> {
  const sets = rootSets(info);
  const tree = rootEntityTree(below(sets, ['edges', 'node'], info), info);
  const withTotal = selectsField(sets, 'totalCount', info);
  const fetched = await fetchEntityPage(ctx.db, filter, sort, page, withTotal, tree);
  const primer = new Primer(ctx.loaders);
  const rows = fetched.rows.map((node) => primer.entity(node, tree));
  return toConnection(rows, page, fetched.total, (row) => entitySortKey(sort, row));
}

/** A page of claims and what the selection reads below each, in one statement. */
export async function claimPageBySelection(
  ctx: Context,
  info: GraphQLResolveInfo,
  filter: ClaimFilter,
  page: PageRequest,
): Promise<Connection<ClaimRow>> {
  const sets = rootSets(info);
  const tree = treeFor('claim', below(sets, ['edges', 'node'], info), info);
  const withTotal = selectsField(sets, 'totalCount', info);
  const fetched = await fetchClaimPage(ctx.db, filter, page, withTotal, tree);
  const primer = new Primer(ctx.loaders);
  const rows = fetched.rows.map((node) => primer.claim(node, tree));
  return toConnection(rows, page, fetched.total, claimSortKey);
}

/**
 * Reads what a page of search hits points at (entities, claims, quoted spans and the claims a
 * quote is evidence of) and what the selection reads below them, in one statement.
 */
export async function primeSearchHits(
  ctx: Context,
  info: GraphQLResolveInfo,
  hits: readonly { kind: string; id: string; claimIds: readonly string[] }[],
): Promise<void> {
  const nodeSets = below(rootSets(info), ['edges', 'node'], info);
  const fields = collectFields(nodeSets, () => true, info);
  const setsOf = (name: string) =>
    [...fields.values()]
      .flat()
      .filter((field) => field.name.value === name)
      .flatMap((field) => (field.selectionSet ? [field.selectionSet] : []));
  const results = setsOf('result');
  const quoted = setsOf('quotedClaims');
  if (results.length === 0 && quoted.length === 0) return;
  const idsOf = (kind: string) =>
    (results.length > 0 ? hits : []).filter((hit) => hit.kind === kind).map((hit) => hit.id);
  const quotedIds = quoted.length > 0 ? hits.flatMap((hit) => hit.claimIds) : [];
  const entityTree = treeFor('entity', results, info);
  const claimTree = treeFor('claim', [...results, ...quoted], info);
  const fetched = await fetchNodes(ctx.db, {
    entityIds: idsOf('ENTITY'),
    entityTree,
    claimIds: [...new Set([...idsOf('CLAIM'), ...quotedIds])],
    claimTree,
    spanIds: idsOf('QUOTE'),
  });
  const primer = new Primer(ctx.loaders);
  for (const node of fetched.entities) primer.entity(node, entityTree);
  for (const node of fetched.claims) primer.claim(node, claimTree);
  for (const item of fetched.spans) {
    const span = spanRow.parse(fromList(SPAN_COLUMNS, list.parse(item)));
    ctx.loaders.span.prime(span.id, span);
  }
}
