import { z } from 'zod';

/** The shapes of what the stores read from Neo4j, checked row by row at the boundary. */

export const entityRow = z.object({
  id: z.string(),
  type: z.string(),
  name: z.string(),
  named: z.boolean(),
  scope: z.string(),
  aliases: z.array(z.string()),
  description: z.string(),
  mentionCount: z.number().int(),
  /** Moves on by one with every curator's change to the entity. */
  version: z.number().int(),
});
export type EntityRow = z.infer<typeof entityRow>;

export const spanRow = z.object({
  id: z.string(),
  documentId: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  exact: z.string(),
  prefix: z.string(),
  suffix: z.string(),
  line: z.number().int(),
  regionId: z.string().nullable(),
  regionKind: z.string().nullable(),
});
export type SpanRow = z.infer<typeof spanRow>;

export const claimRow = z.object({
  id: z.string(),
  key: z.string(),
  documentId: z.string(),
  type: z.string(),
  proposition: z.string(),
  sourceKind: z.enum(['article', 'comment']),
  position: z.number().int(),
});
export type ClaimRow = z.infer<typeof claimRow>;

export const sourceRef = z.object({
  kind: z.enum(['entity', 'comment']),
  id: z.string(),
});
export type SourceRef = z.infer<typeof sourceRef>;

export const attributionRow = z.object({
  id: z.string(),
  claimId: z.string(),
  ordinal: z.number().int(),
  mode: z.string(),
  cue: z.string().nullable(),
  certainty: z.string(),
  polarity: z.string(),
  speaker: sourceRef,
  reporter: sourceRef.nullable(),
  via: z.array(sourceRef),
  cueSpanId: z.string().nullable(),
  hedgeSpanIds: z.array(z.string()),
  evidenceSpanIds: z.array(z.string()),
});
export type AttributionRow = z.infer<typeof attributionRow>;

export const quantityRow = z.object({
  id: z.string(),
  claimId: z.string(),
  ordinal: z.number().int(),
  amount: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  unit: z.string(),
  period: z.string().nullable(),
  approximate: z.boolean(),
  measure: z.string().nullable(),
  spanId: z.string(),
});
export type QuantityRow = z.infer<typeof quantityRow>;

export const roleRow = z.object({
  id: z.string(),
  title: z.string().nullable(),
  time: z.string(),
  holderId: z.string(),
  organizationId: z.string().nullable(),
  evidenceSpanIds: z.array(z.string()),
});
export type RoleRow = z.infer<typeof roleRow>;

export const relationRow = z.object({
  id: z.string(),
  type: z.string(),
  subjectId: z.string(),
  objectId: z.string(),
  claimId: z.string().nullable(),
  evidenceSpanIds: z.array(z.string()),
});
export type RelationRow = z.infer<typeof relationRow>;

export const stanceRow = z.object({
  id: z.string(),
  type: z.string(),
  basis: z.string(),
  fromId: z.string(),
  toId: z.string(),
  evidenceSpanIds: z.array(z.string()),
});
export type StanceRow = z.infer<typeof stanceRow>;

export const commentRow = z.object({
  id: z.string(),
  documentId: z.string(),
  number: z.number().int(),
  labelSpanId: z.string(),
  textSpanId: z.string(),
});
export type CommentRow = z.infer<typeof commentRow>;

export const regionRow = z.object({
  id: z.string(),
  documentId: z.string(),
  key: z.string(),
  kind: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  ordinal: z.number().int(),
});
export type RegionRow = z.infer<typeof regionRow>;

export const documentRow = z.object({
  id: z.string(),
  title: z.string(),
  sourceFile: z.string(),
  sha256: z.string(),
  language: z.string(),
  codePoints: z.number().int(),
  publicationDate: z.string().nullable(),
  titleSpanId: z.string(),
  publisherId: z.string().nullable(),
  publisherSpanIds: z.array(z.string()),
  authors: z.array(
    z.object({ entityId: z.string(), role: z.string(), evidenceSpanIds: z.array(z.string()) }),
  ),
  /** Read by documentsByIds; other reads leave it out, and Document.version fetches it. */
  version: z.number().int().optional(),
});
export type DocumentRow = z.infer<typeof documentRow>;

export const mentionRow = z.object({
  entityId: z.string(),
  kind: z.string(),
  span: spanRow,
});
export type MentionRow = z.infer<typeof mentionRow>;
