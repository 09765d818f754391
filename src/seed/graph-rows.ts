import { createHash } from 'node:crypto';
import { documentItemId, type ItemOrigins, itemKey, itemStanding } from '../domain/item-origins.ts';
import { ENTITY_LABELS, nameKey, RELATION_EDGE_TYPES, STANCE_EDGE_TYPES } from '../graph/model.ts';
import type { Annotations, Claim, Span } from './format.ts';
import { CodePointText } from './spans.ts';
import { isArticleClaim } from './validate.ts';

/** How many code points of context a span keeps on each side (the quote selector's prefix/suffix). */
export const CONTEXT_LENGTH = 48;

export interface SpanRow {
  id: string;
  start: number;
  end: number;
  exact: string;
  prefix: string;
  suffix: string;
  line: number;
  regionId: string | null;
  regionKind: string | null;
  /**
   * The claims whose attributions give this span as evidence, sorted: the words a source is
   * reported to have used. Such a span is labelled Quote, and quote search reads these ids.
   */
  quotedIn: string[];
}

export interface SourceRef {
  entityId: string | null;
  commentId: string | null;
}

export interface GraphRows {
  document: {
    id: string;
    title: string;
    titleSpanId: string;
    text: string;
    sourceFile: string;
    sha256: string;
    language: string;
    codePoints: number;
    publicationDate: string | null;
    publicationDateSpanId: string | null;
    /** A hash of the seed files the graph was loaded from, to tell whether a reload is needed. */
    seedSha256?: string;
    /** The annotations as JSON, kept so that the document can be edited and reverted later. */
    annotations?: string;
    /** JSON: which of its items a curator's change set (see src/curation/item-origins.ts). */
    itemOrigins?: string;
    /** The extractor (name and version) that drafted the annotations, if one did. */
    draftedBy: string | null;
    /** Moves on by one with every change to the document (see src/curation/changes.ts). */
    version?: number;
    publisherId: string;
    publisherSpanIds: string[];
    authors: { entityId: string; role: string; nameSpanIds: string[]; roleSpanId: string }[];
  };
  /** The document's claims by profile: added to the graph's totals at load, taken away on reload. */
  claimProfiles: ClaimProfile[];
  regions: { id: string; key: string; kind: string; start: number; end: number; ordinal: number }[];
  spans: SpanRow[];
  entities: {
    id: string;
    label: string;
    type: string;
    name: string;
    named: boolean;
    scope: string;
    aliases: string[];
    description: string;
    nameKeys: string[];
    searchText: string;
  }[];
  mentions: { entityId: string; spanId: string; kind: string }[];
  comments: {
    id: string;
    key: string;
    number: number;
    regionId: string;
    labelSpanId: string;
    textSpanId: string;
  }[];
  roles: {
    id: string;
    key: string;
    holderId: string;
    organizationId: string | null;
    title: string | null;
    time: string;
    evidenceSpanIds: string[];
  }[];
  relations: {
    id: string;
    key: string;
    edgeType: string;
    type: string;
    subjectId: string;
    objectId: string;
    claimId: string | null;
    evidenceSpanIds: string[];
  }[];
  claims: {
    id: string;
    key: string;
    type: string;
    proposition: string;
    sourceKind: 'article' | 'comment';
    /** A drafted claim no curator has accepted or corrected yet. */
    draft: boolean;
    /** Where the claim first appears: its earliest evidence span, for reading order. */
    position: number;
    aboutIds: string[];
    /** The key of its profile (claimProfileKey): a filtered page seeks the claims of a rare one. */
    profile: string;
  }[];
  quantities: {
    id: string;
    claimId: string;
    ordinal: number;
    amount: number | null;
    lower: number | null;
    upper: number | null;
    unit: string;
    period: string | null;
    approximate: boolean;
    measure: string | null;
    spanId: string;
  }[];
  attributions: {
    id: string;
    claimId: string;
    ordinal: number;
    speaker: SourceRef;
    reporter: SourceRef | null;
    via: SourceRef[];
    mode: string;
    cue: string | null;
    cueSpanId: string | null;
    certainty: string;
    polarity: string;
    hedges: string[];
    hedgeSpanIds: string[];
    evidenceSpanIds: string[];
  }[];
  stances: {
    id: string;
    key: string;
    edgeType: string;
    type: string;
    fromId: string;
    toId: string;
    basis: string;
    evidenceSpanIds: string[];
  }[];
}

/**
 * Claims that look alike to every filter but speaker, subject and document: same type, same
 * source, and the same (mode, certainty, polarity) for each attribution. A graph holds few of
 * these, whatever its size, so a filtered count adds up a handful of profiles (claim-store.ts)
 * instead of reading every claim.
 */
export interface ClaimProfile {
  key: string;
  type: string;
  sourceKind: string;
  /** One entry per attribution, in a fixed order; parallel lists, as Neo4j has no map properties. */
  modes: string[];
  certainties: string[];
  polarities: string[];
  claims: number;
}

/** What of a claim its profile keeps. */
export interface ClaimShape {
  type: string;
  sourceKind: string;
  attributions: readonly { mode: string; certainty: string; polarity: string }[];
}

/** The attributions of a claim as its profile keeps them: (mode, certainty, polarity), sorted. */
function profileAttributions(claim: ClaimShape): (readonly [string, string, string])[] {
  return claim.attributions
    .map((a) => [a.mode, a.certainty, a.polarity] as const)
    .sort((a, b) => compareText(a.join('|'), b.join('|')));
}

/**
 * The key of a claim's profile, as JSON. The migration 'claim-profile' in graph/schema-setup.ts
 * writes the same text in Cypher for claims loaded before claims carried it.
 */
export function claimProfileKey(claim: ClaimShape): string {
  return JSON.stringify([claim.type, claim.sourceKind, profileAttributions(claim)]);
}

export function claimProfiles(claims: readonly ClaimShape[]): ClaimProfile[] {
  const profiles = new Map<string, ClaimProfile>();
  for (const claim of claims) {
    const attributions = profileAttributions(claim);
    const key = claimProfileKey(claim);
    const profile = profiles.get(key);
    if (profile) {
      profile.claims += 1;
      continue;
    }
    profiles.set(key, {
      key,
      type: claim.type,
      sourceKind: claim.sourceKind,
      modes: attributions.map(([mode]) => mode),
      certainties: attributions.map(([, certainty]) => certainty),
      polarities: attributions.map(([, , polarity]) => polarity),
      claims: 1,
    });
  }
  return [...profiles.values()].sort((a, b) => compareText(a.key, b.key));
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function shapeOf(claim: Claim): ClaimShape {
  return {
    type: claim.type,
    sourceKind: isArticleClaim(claim) ? 'article' : 'comment',
    attributions: claim.attributions,
  };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The keys an entity is found and matched by: its name and aliases, case and accents folded. */
export function entityNameKeys(entity: { name: string; aliases: readonly string[] }): string[] {
  return [...new Set([entity.name, ...entity.aliases].map(nameKey))];
}

/** What the full-text index reads of an entity: its name and aliases. */
export function entitySearchText(entity: { name: string; aliases: readonly string[] }): string {
  return [entity.name, ...entity.aliases].join(' | ');
}

/**
 * Turns validated annotations into the rows the loader writes. Pure: the same annotations and
 * text always give the same rows, which is what makes a reload leave identical counts.
 */
export function buildGraphRows(
  annotations: Annotations,
  text: string,
  /** Which items curators set or accepted (src/domain/item-origins.ts). */
  origins: ItemOrigins = {},
): GraphRows {
  const documentId = annotations.document.id;
  const indexed = new CodePointText(text);
  const scoped = (localId: string) => documentItemId(documentId, localId);
  const regions = [...annotations.regions]
    .sort((a, b) => a.span.start - b.span.start)
    .map((region, ordinal) => ({
      id: scoped(region.id),
      key: region.id,
      kind: region.kind,
      start: region.span.start,
      end: region.span.end,
      ordinal,
    }));

  const spans = new Map<string, SpanRow>();
  const spanId = (span: Span): string => {
    const id = `${documentId}#${span.start}-${span.end}`;
    if (!spans.has(id)) {
      const region = regions.find((r) => r.start <= span.start && span.end <= r.end);
      spans.set(id, {
        id,
        start: span.start,
        end: span.end,
        exact: span.exact,
        prefix: indexed.slice(Math.max(0, span.start - CONTEXT_LENGTH), span.start),
        suffix: indexed.slice(span.end, span.end + CONTEXT_LENGTH),
        line: indexed.lineOf(span.start),
        regionId: region?.id ?? null,
        regionKind: region?.kind ?? null,
        quotedIn: [],
      });
    }
    return id;
  };

  const commentIds = new Set(annotations.comments.map((comment) => comment.id));
  const source = (id: string): SourceRef =>
    commentIds.has(id)
      ? { entityId: null, commentId: scoped(id) }
      : { entityId: id, commentId: null };
  const { document } = annotations;

  // Every other row registers its spans through spanId(), so the span rows are collected last.
  const rows: Omit<GraphRows, 'spans'> = {
    document: {
      id: documentId,
      title: document.title.exact,
      titleSpanId: spanId(document.title),
      text,
      sourceFile: document.sourceFile,
      sha256: document.sha256,
      language: document.language,
      codePoints: document.codePoints,
      publicationDate: document.publicationDate?.iso ?? null,
      publicationDateSpanId: document.publicationDate
        ? spanId(document.publicationDate.span)
        : null,
      publisherId: document.publisher.entity,
      publisherSpanIds: document.publisher.spans.map(spanId),
      draftedBy: annotations.drafted
        ? `${annotations.drafted.extractor} ${annotations.drafted.version}`
        : null,
      authors: document.authors.map((author) => ({
        entityId: author.entity,
        role: author.role,
        nameSpanIds: author.nameSpans.map(spanId),
        roleSpanId: spanId(author.roleSpan),
      })),
    },
    claimProfiles: claimProfiles(annotations.claims.map(shapeOf)),
    regions,
    entities: annotations.entities.map((entity) => ({
      id: entity.id,
      label: ENTITY_LABELS[entity.type],
      type: entity.type,
      name: entity.name,
      named: entity.named,
      scope: entity.scope,
      aliases: entity.aliases,
      description: entity.description,
      nameKeys: entityNameKeys(entity),
      searchText: entitySearchText(entity),
    })),
    mentions: annotations.entities.flatMap((entity) =>
      entity.mentions.map((mention) => ({
        entityId: entity.id,
        spanId: spanId(mention),
        kind: mention.kind ?? 'name',
      })),
    ),
    comments: annotations.comments.map((comment) => ({
      id: scoped(comment.id),
      key: comment.id,
      number: comment.number,
      regionId: scoped(comment.region),
      labelSpanId: spanId(comment.label),
      textSpanId: spanId(comment.text),
    })),
    roles: annotations.roles.map((role) => ({
      id: scoped(role.id),
      key: role.id,
      holderId: role.holder,
      organizationId: role.organization ?? null,
      title: role.title ?? null,
      time: role.time,
      evidenceSpanIds: role.evidence.map(spanId),
    })),
    relations: annotations.relations.map((relation) => ({
      id: scoped(relation.id),
      key: relation.id,
      edgeType: RELATION_EDGE_TYPES[relation.type],
      type: relation.type,
      subjectId: relation.subject,
      objectId: relation.object,
      claimId: relation.claim ? scoped(relation.claim) : null,
      evidenceSpanIds: relation.evidence.map(spanId),
    })),
    claims: annotations.claims.map((claim) => ({
      id: scoped(claim.id),
      key: claim.id,
      type: claim.type,
      proposition: claim.proposition,
      sourceKind: isArticleClaim(claim) ? 'article' : 'comment',
      draft:
        itemStanding(annotations.drafted !== undefined, origins[itemKey('claims', claim.id)])
          .review === 'DRAFT',
      position: Math.min(
        ...claim.attributions.flatMap((a) => a.evidence.map((span) => span.start)),
        Number.MAX_SAFE_INTEGER,
      ),
      aboutIds: claim.about,
      profile: claimProfileKey(shapeOf(claim)),
    })),
    quantities: annotations.claims.flatMap((claim) =>
      (claim.quantities ?? []).map((quantity, ordinal) => ({
        id: `${scoped(claim.id)}/quantity-${ordinal + 1}`,
        claimId: scoped(claim.id),
        ordinal,
        amount: quantity.amount ?? null,
        lower: quantity.lower ?? null,
        upper: quantity.upper ?? null,
        unit: quantity.unit,
        period: quantity.period ?? null,
        approximate: quantity.approximate ?? false,
        measure: quantity.measure ?? null,
        spanId: spanId(quantity.span),
      })),
    ),
    attributions: annotations.claims.flatMap((claim) =>
      claim.attributions.map((attribution, ordinal) => ({
        id: `${scoped(claim.id)}/attribution-${ordinal + 1}`,
        claimId: scoped(claim.id),
        ordinal,
        speaker: source(attribution.speaker),
        reporter: attribution.reporter ? source(attribution.reporter) : null,
        via: (attribution.via ?? []).map(source),
        mode: attribution.mode,
        cue: attribution.cue?.exact ?? null,
        cueSpanId: attribution.cue ? spanId(attribution.cue) : null,
        certainty: attribution.certainty,
        polarity: attribution.polarity,
        hedges: (attribution.hedges ?? []).map((hedge) => hedge.exact),
        hedgeSpanIds: (attribution.hedges ?? []).map(spanId),
        evidenceSpanIds: attribution.evidence.map(spanId),
      })),
    ),
    stances: annotations.stances.map((stance) => ({
      id: scoped(stance.id),
      key: stance.id,
      edgeType: STANCE_EDGE_TYPES[stance.type],
      type: stance.type,
      fromId: scoped(stance.from),
      toId: `${stance.toDocument ?? documentId}/${stance.to}`,
      basis: stance.basis,
      evidenceSpanIds: stance.evidence.map(spanId),
    })),
  };
  for (const attribution of rows.attributions) {
    for (const id of attribution.evidenceSpanIds) {
      const span = spans.get(id);
      if (span && !span.quotedIn.includes(attribution.claimId))
        span.quotedIn.push(attribution.claimId);
    }
  }
  for (const span of spans.values()) span.quotedIn.sort();
  return { ...rows, spans: [...spans.values()] };
}
