import type { EntityType } from '../domain/vocabulary.ts';
import type {
  AttributionRow,
  ClaimRow,
  CommentRow,
  DocumentRow,
  EntityRow,
  MentionRow,
  QuantityRow,
  RegionRow,
  RelationRow,
  RoleRow,
  SpanRow,
  StanceRow,
} from '../graph/rows.ts';
import { builder } from './builder.ts';
import { ENTITY_TYPENAMES } from './enums.ts';

/**
 * Type references, declared before their fields so that types can point at each other across
 * files (an entity lists claims, a claim lists entities).
 */
export const EntityRef = builder.interfaceRef<EntityRow>('Entity');
export const SpanRef = builder.objectRef<SpanRow>('Span');
export const MentionRef = builder.objectRef<MentionRow>('Mention');
export const RoleRef = builder.objectRef<RoleRow>('Role');
export const ClaimRef = builder.objectRef<ClaimRow>('Claim');
export const AttributionRef = builder.objectRef<AttributionRow>('Attribution');
export const QuantityRef = builder.objectRef<QuantityRow>('Quantity');
export const CommentRef = builder.objectRef<CommentRow>('Comment');
export const DocumentRef = builder.objectRef<DocumentRow>('Document');
export const PageRegionRef = builder.objectRef<RegionRow>('PageRegion');

/** A relation seen from one of its ends. */
export interface RelationView {
  relation: RelationRow;
  from: string;
}
export const EntityRelationRef = builder.objectRef<RelationView>('EntityRelation');

/** A stance seen from one of its claims. */
export interface StanceView {
  stance: StanceRow;
  from: string;
}
export const StanceRef = builder.objectRef<StanceView>('Stance');

/** One GraphQL object type per entity kind, all implementing Entity and Node. */
export const ENTITY_OBJECT_REFS = Object.fromEntries(
  (Object.keys(ENTITY_TYPENAMES) as EntityType[]).map((kind) => [
    kind,
    builder.objectRef<EntityRow>(ENTITY_TYPENAMES[kind]),
  ]),
) as Record<EntityType, ReturnType<typeof builder.objectRef<EntityRow>>>;

/** Who can speak or relay a claim: an entity, or the anonymous author of a reader comment. */
export type SourceShape = EntityRow | CommentRow;
export function isComment(source: SourceShape): source is CommentRow {
  return 'number' in source;
}
