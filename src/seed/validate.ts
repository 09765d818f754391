/**
 * Validation of a seed's annotations against its text. Pure: no I/O.
 *
 * Every problem is collected (schema, offsets, references, structure), never just the first,
 * and each names the file, the item id, the JSON path and what is wrong. The rules live in
 * `./validation/`, one module per concern, so a mutation can check one item with them.
 */
import {
  type Annotations,
  type Claim,
  FORMAT_VERSION,
  ITEM_SECTIONS,
  type Region,
} from './format.ts';
import { type CodePointSpan, CodePointText } from './spans.ts';
import { checkClaims } from './validation/claims.ts';
import { checkComments } from './validation/comments.ts';
import { usableRegions, type ValidationContext } from './validation/context.ts';
import { checkEntities, checkRelations, checkRoles } from './validation/entities.ts';
import { Problems, type SeedError } from './validation/problems.ts';
import { References } from './validation/references.ts';
import { checkDocument, checkRegions } from './validation/regions.ts';
import { parseAnnotations, type SchemaPass } from './validation/schema-pass.ts';
import { regionOf } from './validation/spans.ts';
import { checkStances } from './validation/stances.ts';

export { formatPath, formatSeedError, type SeedError } from './validation/problems.ts';

export interface SeedCounts {
  regions: number;
  regionsByKind: Record<string, number>;
  comments: number;
  entities: number;
  entitiesByType: Record<string, number>;
  articleEntities: number;
  commentOnlyEntities: number;
  mentions: number;
  mentionsByRegionKind: Record<string, number>;
  roles: number;
  relations: number;
  relationsByType: Record<string, number>;
  claims: number;
  articleClaims: number;
  commentClaims: number;
  claimsByType: Record<string, number>;
  attributions: number;
  quantities: number;
  stances: number;
  stancesByType: Record<string, number>;
}

export type SeedValidation =
  | { ok: true; annotations: Annotations; counts: SeedCounts }
  | { ok: false; errors: SeedError[] };

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** Whether a claim is the article's (rather than a reader comment's). */
export function isArticleClaim(claim: Claim): boolean {
  return claim.attributions.some((attribution) => {
    const voice = attribution.reporter ?? attribution.speaker;
    return !voice.startsWith('comment:');
  });
}

/** The region containing a span, if one does. */
export function regionOfSpan(annotations: Annotations, span: CodePointSpan): Region | undefined {
  return regionOf(annotations.regions, span);
}

export function countAnnotations(annotations: Annotations): SeedCounts {
  const regionsByKind: Record<string, number> = {};
  for (const region of annotations.regions) increment(regionsByKind, region.kind);
  const entitiesByType: Record<string, number> = {};
  const mentionsByRegionKind: Record<string, number> = {};
  let mentions = 0;
  for (const entity of annotations.entities) {
    increment(entitiesByType, entity.type);
    for (const mention of entity.mentions) {
      mentions += 1;
      increment(mentionsByRegionKind, regionOfSpan(annotations, mention)?.kind ?? 'none');
    }
  }
  const relationsByType: Record<string, number> = {};
  for (const relation of annotations.relations) increment(relationsByType, relation.type);
  const claimsByType: Record<string, number> = {};
  for (const claim of annotations.claims) increment(claimsByType, claim.type);
  const stancesByType: Record<string, number> = {};
  for (const stance of annotations.stances) increment(stancesByType, stance.type);
  const articleClaims = annotations.claims.filter(isArticleClaim).length;
  const articleEntities = annotations.entities.filter(
    (entity) => entity.scope === 'article',
  ).length;
  return {
    regions: annotations.regions.length,
    regionsByKind,
    comments: annotations.comments.length,
    entities: annotations.entities.length,
    entitiesByType,
    articleEntities,
    commentOnlyEntities: annotations.entities.length - articleEntities,
    mentions,
    mentionsByRegionKind,
    roles: annotations.roles.length,
    relations: annotations.relations.length,
    relationsByType,
    claims: annotations.claims.length,
    articleClaims,
    commentClaims: annotations.claims.length - articleClaims,
    claimsByType,
    attributions: annotations.claims.reduce((sum, claim) => sum + claim.attributions.length, 0),
    quantities: annotations.claims.reduce((sum, claim) => sum + (claim.quantities?.length ?? 0), 0),
    stances: annotations.stances.length,
    stancesByType,
  };
}

/** The registry of a file's ids: duplicates reported, items made referenceable by kind. */
function registerIds(
  { document, sections, invalidIds }: SchemaPass,
  problems: Problems,
): References {
  const references = new References();
  for (const id of invalidIds) references.addInvalid(id);
  if (document) references.declare(document.id, ['document', 'id'], problems);
  for (const section of ITEM_SECTIONS) {
    for (const { item, index } of sections[section]) {
      references.declare(item.id, [section, index, 'id'], problems);
    }
  }
  for (const { item } of sections.regions) references.add('region', item);
  for (const { item } of sections.comments) references.add('comment', item);
  for (const { item } of sections.entities) references.add('entity', item);
  for (const { item } of sections.claims) references.add('claim', item);
  return references;
}

/**
 * Validates parsed YAML (`annotations`) against the article `text`. `fileName` only labels
 * the errors. Returns the typed annotations and their counts, or every error found.
 */
export function validateAnnotations(
  annotations: unknown,
  text: string,
  fileName: string,
): SeedValidation {
  const problems = new Problems(fileName);
  const parsed = parseAnnotations(annotations, problems);
  const { document, sections, complete, drafted } = parsed;
  const references = registerIds(parsed, problems);
  const codePoints = new CodePointText(text);
  const context: ValidationContext = {
    text: codePoints,
    regions: usableRegions(
      codePoints,
      sections.regions.map(({ item }) => item),
    ),
    references,
    authors: new Set(document?.authors.map((author) => author.entity) ?? []),
    documentId: document?.id,
    problems,
  };
  checkRegions(sections.regions, context);
  if (document) checkDocument(document, text, context);
  checkComments(sections.comments, context);
  checkEntities(sections.entities, context);
  checkRoles(sections.roles, context);
  checkRelations(sections.relations, context);
  checkClaims(sections.claims, context);
  checkStances(sections.stances, context);

  if (problems.errors.length > 0 || !complete || !document) {
    return { ok: false, errors: problems.errors };
  }
  const valid: Annotations = {
    format: FORMAT_VERSION,
    document,
    regions: sections.regions.map(({ item }) => item),
    comments: sections.comments.map(({ item }) => item),
    entities: sections.entities.map(({ item }) => item),
    roles: sections.roles.map(({ item }) => item),
    relations: sections.relations.map(({ item }) => item),
    claims: sections.claims.map(({ item }) => item),
    stances: sections.stances.map(({ item }) => item),
    ...(drafted ? { drafted } : {}),
  };
  return { ok: true, annotations: valid, counts: countAnnotations(valid) };
}
