/**
 * Validation of a seed's annotations against its text. Pure: no I/O.
 *
 * Every problem is collected (schema, offsets, references, structure), never just the first,
 * and each names the file, the item id, the JSON path and what is wrong.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { ARTICLE_REGION_KINDS, ENTITY_ID_PREFIXES } from '../domain/vocabulary.ts';
import {
  type Annotations,
  type Attribution,
  type Claim,
  type Comment,
  type DocumentInfo,
  documentSchema,
  type Entity,
  FORMAT_VERSION,
  ITEM_SECTIONS,
  type ItemSection,
  type Region,
  type Relation,
  type Role,
  type Span,
  type Stance,
  sectionItemSchemas,
} from './format.ts';
import { type CodePointSpan, CodePointText, spanContains, spansOverlap } from './spans.ts';

export interface SeedError {
  /** The annotations file the error is in. */
  file: string;
  /** JSON path of the offending value, e.g. `claims[3].attributions[0].evidence[1]`. */
  path: string;
  /** Id of the top-level item the value belongs to, when it has one. */
  item?: string;
  message: string;
}

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

type PathSegment = string | number;

export function formatPath(segments: readonly PathSegment[]): string {
  return segments
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join('');
}

/** One line per error: `file: item at path: message`. */
export function formatSeedError(error: SeedError): string {
  const where = error.item ? `${error.item} at ${error.path || '(root)'}` : error.path || '(root)';
  return `${error.file}: ${where}: ${error.message}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function quote(text: string, limit = 80): string {
  const characters = [...text];
  return JSON.stringify(
    characters.length > limit ? `${characters.slice(0, limit).join('')}…` : text,
  );
}

type ReferenceKind = 'entity' | 'comment' | 'claim' | 'region';

/** What the semantic checks see: the items that passed the schema, with their index. */
interface Parsed<T> {
  item: T;
  index: number;
}

class SeedChecker {
  readonly errors: SeedError[] = [];
  private readonly text: CodePointText;
  private readonly fileName: string;
  /** Ids of items that failed the schema: references to them are not reported again. */
  private readonly idsOfInvalidItems = new Set<string>();
  private readonly idsByKind: Record<ReferenceKind, Map<string, unknown>> = {
    entity: new Map(),
    comment: new Map(),
    claim: new Map(),
    region: new Map(),
  };
  private regions: Region[] = [];

  constructor(text: string, fileName: string) {
    this.text = new CodePointText(text);
    this.fileName = fileName;
  }

  report(path: readonly PathSegment[], message: string, item?: string): void {
    const error: SeedError = { file: this.fileName, path: formatPath(path), message };
    if (item !== undefined) error.item = item;
    this.errors.push(error);
  }

  reportSchemaIssues(
    issues: readonly z.core.$ZodIssue[],
    base: readonly PathSegment[],
    item?: string,
  ) {
    for (const issue of issues) {
      const path = [
        ...base,
        ...issue.path.map((key) => (typeof key === 'number' ? key : String(key))),
      ];
      this.report(path, `schema: ${issue.message}`, item);
    }
  }

  // ------------------------------------------------------------------ schema pass

  parse(raw: unknown): {
    document?: DocumentInfo;
    sections: { [S in ItemSection]: Parsed<z.infer<(typeof sectionItemSchemas)[S]>>[] };
    complete: boolean;
  } {
    const sections = {
      regions: [],
      comments: [],
      entities: [],
      roles: [],
      relations: [],
      claims: [],
      stances: [],
    } as { [S in ItemSection]: Parsed<z.infer<(typeof sectionItemSchemas)[S]>>[] };
    if (!isRecord(raw)) {
      this.report(
        [],
        'schema: the file must hold a mapping with format, document, regions, ... at the top',
      );
      return { sections, complete: false };
    }
    let complete = true;
    const allowed = new Set<string>(['format', 'document', ...ITEM_SECTIONS]);
    for (const key of Object.keys(raw)) {
      if (!allowed.has(key)) {
        this.report(
          [key],
          `schema: unknown top-level key (expected one of ${[...allowed].join(', ')})`,
        );
        complete = false;
      }
    }
    if (raw.format !== FORMAT_VERSION) {
      this.report(
        ['format'],
        `schema: expected format: ${FORMAT_VERSION}, found ${JSON.stringify(raw.format)}`,
      );
      complete = false;
    }
    let document: DocumentInfo | undefined;
    const documentResult = documentSchema.safeParse(raw.document);
    if (documentResult.success) document = documentResult.data;
    else {
      complete = false;
      const documentId =
        isRecord(raw.document) && typeof raw.document.id === 'string' ? raw.document.id : undefined;
      this.reportSchemaIssues(documentResult.error.issues, ['document'], documentId);
    }
    for (const section of ITEM_SECTIONS) {
      const items = raw[section];
      if (!Array.isArray(items)) {
        this.report([section], `schema: expected a list of ${section}`);
        complete = false;
        continue;
      }
      const schema: z.ZodType = sectionItemSchemas[section];
      items.forEach((item: unknown, index) => {
        const itemId = isRecord(item) && typeof item.id === 'string' ? item.id : undefined;
        const result = schema.safeParse(item);
        if (result.success) {
          (sections[section] as Parsed<unknown>[]).push({ item: result.data, index });
        } else {
          complete = false;
          if (itemId !== undefined) this.idsOfInvalidItems.add(itemId);
          this.reportSchemaIssues(result.error.issues, [section, index], itemId);
        }
      });
    }
    return document ? { document, sections, complete } : { sections, complete };
  }

  // ------------------------------------------------------------------ spans

  /** Checks every span under `value` (found by shape) against the text. */
  checkSpansWithin(value: unknown, path: PathSegment[], item?: string): void {
    if (Array.isArray(value)) {
      for (const [index, element] of value.entries())
        this.checkSpansWithin(element, [...path, index], item);
      return;
    }
    if (!isRecord(value)) return;
    if (
      typeof value.start === 'number' &&
      typeof value.end === 'number' &&
      typeof value.exact === 'string'
    ) {
      this.checkSpan(value as Span, path, item);
    }
    for (const [key, child] of Object.entries(value)) {
      if (typeof child === 'object') this.checkSpansWithin(child, [...path, key], item);
    }
  }

  private checkSpan(span: Span, path: PathSegment[], item?: string): void {
    const length = this.text.length;
    if (span.start >= span.end) {
      this.report(path, `span start ${span.start} must be before end ${span.end}`, item);
      return;
    }
    if (span.end > length) {
      this.report(
        path,
        `span ends at ${span.end}, past the end of the text (${length} code points)`,
        item,
      );
      return;
    }
    const actual = this.text.slice(span.start, span.end);
    if (actual === span.exact) return;
    const { line, column } = this.text.positionOf(span.start);
    const found = this.text.findAll(span.exact);
    const hint =
      found.length === 0
        ? 'it occurs nowhere in the text'
        : `it occurs at ${found
            .slice(0, 3)
            .map(
              (start) =>
                `${start}-${start + [...span.exact].length} (line ${this.text.lineOf(start)})`,
            )
            .join(', ')}${found.length > 3 ? ', ...' : ''}`;
    this.report(
      path,
      `exact does not match the text at ${span.start}-${span.end} (line ${line}, column ${column}): ` +
        `expected (the text) ${quote(actual)}, actual (exact) ${quote(span.exact)}; ${hint}`,
      item,
    );
  }

  private spanIsValid(span: CodePointSpan): boolean {
    return span.start < span.end && span.end <= this.text.length;
  }

  // ------------------------------------------------------------------ ids and references

  registerIds(
    document: DocumentInfo | undefined,
    sections: ReturnType<SeedChecker['parse']>['sections'],
  ): void {
    const seen = new Map<string, string>();
    const register = (id: string, path: PathSegment[]) => {
      const previous = seen.get(id);
      if (previous !== undefined)
        this.report(path, `duplicate id "${id}" (first used at ${previous})`, id);
      else seen.set(id, formatPath(path));
    };
    if (document) register(document.id, ['document', 'id']);
    const kinds: Partial<Record<ItemSection, ReferenceKind>> = {
      regions: 'region',
      comments: 'comment',
      entities: 'entity',
      claims: 'claim',
    };
    for (const section of ITEM_SECTIONS) {
      for (const { item, index } of sections[section]) {
        register(item.id, [section, index, 'id']);
        const kind = kinds[section];
        if (kind && !this.idsByKind[kind].has(item.id)) this.idsByKind[kind].set(item.id, item);
      }
    }
  }

  /** Reports a reference that resolves to nothing of the allowed kinds. */
  checkReference(
    reference: string,
    allowed: readonly ReferenceKind[],
    path: PathSegment[],
    item?: string,
  ): boolean {
    if (allowed.some((kind) => this.idsByKind[kind].has(reference))) return true;
    if (this.idsOfInvalidItems.has(reference)) return false;
    const elsewhere = (Object.keys(this.idsByKind) as ReferenceKind[]).find((kind) =>
      this.idsByKind[kind].has(reference),
    );
    const wanted = allowed.join(' or ');
    this.report(
      path,
      elsewhere
        ? `"${reference}" is a ${elsewhere}, but a ${wanted} is expected here`
        : `dangling reference: no ${wanted} has id "${reference}"`,
      item,
    );
    return false;
  }

  entity(id: string): Entity | undefined {
    return this.idsByKind.entity.get(id) as Entity | undefined;
  }

  comment(id: string): Comment | undefined {
    return this.idsByKind.comment.get(id) as Comment | undefined;
  }

  // ------------------------------------------------------------------ regions

  regionOf(span: CodePointSpan): Region | undefined {
    return this.regions.find((region) => spanContains(region.span, span));
  }

  checkRegions(regions: Parsed<Region>[]): void {
    this.regions = regions
      .map(({ item }) => item)
      .filter((region) => this.spanIsValid(region.span));
    const ordered = regions
      .filter(({ item }) => this.spanIsValid(item.span))
      .sort((first, second) => first.item.span.start - second.item.span.start);
    for (let index = 1; index < ordered.length; index++) {
      const previous = ordered[index - 1];
      const current = ordered[index];
      if (previous && current && spansOverlap(previous.item.span, current.item.span)) {
        this.report(
          ['regions', current.index, 'span'],
          `region overlaps ${previous.item.id} (${previous.item.span.start}-${previous.item.span.end} and ${current.item.span.start}-${current.item.span.end})`,
          current.item.id,
        );
      }
    }
    if (!regions.some(({ item }) => item.kind === 'headline')) {
      this.report(['regions'], 'no region of kind headline');
    }
    // Every non-blank character belongs to some region, so nothing on the page goes unclassified.
    const covered = new Array<boolean>(this.text.length).fill(false);
    for (const region of this.regions) covered.fill(true, region.span.start, region.span.end);
    const uncoveredLines = new Set<number>();
    this.text.characters.forEach((character, offset) => {
      if (!covered[offset] && character.trim() !== '') uncoveredLines.add(this.text.lineOf(offset));
    });
    if (uncoveredLines.size > 0) {
      const lines = [...uncoveredLines];
      this.report(
        ['regions'],
        `text outside every region on line${lines.length > 1 ? 's' : ''} ${lines.slice(0, 12).join(', ')}${lines.length > 12 ? ', ...' : ''}`,
      );
    }
  }

  /** Reports a span that does not lie inside an allowed region. */
  checkSpanPlacement(
    span: Span,
    allowed: (region: Region) => boolean,
    description: string,
    path: PathSegment[],
    item?: string,
  ): void {
    if (!this.spanIsValid(span)) return;
    const region = this.regionOf(span);
    if (region && allowed(region)) return;
    const where = region ? `${region.id} (${region.kind})` : 'no single region';
    this.report(
      path,
      `${quote(span.exact, 50)} should lie in ${description}, but lies in ${where}`,
      item,
    );
  }

  // ------------------------------------------------------------------ document

  checkDocument(document: DocumentInfo, rawText: string): void {
    const item = document.id;
    if (document.codePoints !== this.text.length) {
      this.report(
        ['document', 'codePoints'],
        `the text has ${this.text.length} code points, not ${document.codePoints}: is it the right file?`,
        item,
      );
    }
    const sha256 = createHash('sha256').update(rawText, 'utf8').digest('hex');
    if (document.sha256 !== sha256) {
      this.report(
        ['document', 'sha256'],
        `the text's SHA-256 is ${sha256}: the text is not the one annotated`,
        item,
      );
    }
    this.checkSpansWithin(document, ['document'], item);
    this.checkSpanPlacement(
      document.title,
      (region) => region.kind === 'headline',
      'the headline',
      ['document', 'title'],
      item,
    );
    if (
      this.checkReference(
        document.publisher.entity,
        ['entity'],
        ['document', 'publisher', 'entity'],
        item,
      )
    ) {
      const publisher = this.entity(document.publisher.entity);
      if (publisher && !['Organization', 'Company'].includes(publisher.type)) {
        this.report(
          ['document', 'publisher', 'entity'],
          `the publisher should be an Organization or Company, not ${publisher.type}`,
          item,
        );
      }
    }
    document.authors.forEach((author, index) => {
      const path = ['document', 'authors', index, 'entity'];
      if (
        this.checkReference(author.entity, ['entity'], path, item) &&
        this.entity(author.entity)?.type !== 'Person'
      ) {
        this.report(path, 'an author must be a Person', item);
      }
    });
    if (document.authors.length === 0)
      this.report(['document', 'authors'], 'the document needs at least one author', item);
  }

  // ------------------------------------------------------------------ comments

  checkComments(comments: Parsed<Comment>[]): void {
    const commentRegions = new Map<string, string>();
    for (const { item, index } of comments) {
      this.checkSpansWithin(item, ['comments', index], item.id);
      if (item.id !== `comment:${item.number}`) {
        this.report(
          ['comments', index, 'id'],
          `the id of comment number ${item.number} must be comment:${item.number}`,
          item.id,
        );
      }
      const expectedLabel = `Comment number ${item.number}.`;
      if (item.label.exact !== expectedLabel) {
        this.report(
          ['comments', index, 'label'],
          `the label should read ${quote(expectedLabel)}`,
          item.id,
        );
      }
      if (!this.checkReference(item.region, ['region'], ['comments', index, 'region'], item.id))
        continue;
      const region = this.regions.find((candidate) => candidate.id === item.region);
      if (!region) continue;
      if (region.kind !== 'comment') {
        this.report(
          ['comments', index, 'region'],
          `${region.id} is a ${region.kind} region, not a comment region`,
          item.id,
        );
      }
      const owner = commentRegions.get(region.id);
      if (owner)
        this.report(
          ['comments', index, 'region'],
          `${region.id} already belongs to ${owner}`,
          item.id,
        );
      commentRegions.set(region.id, item.id);
      for (const key of ['label', 'text'] as const) {
        if (this.spanIsValid(item[key]) && !spanContains(region.span, item[key])) {
          this.report(['comments', index, key], `the ${key} lies outside ${region.id}`, item.id);
        }
      }
    }
    for (const region of this.regions) {
      if (region.kind === 'comment' && !commentRegions.has(region.id)) {
        this.report(
          ['regions'],
          `comment region ${region.id} has no entry under comments`,
          region.id,
        );
      }
    }
  }

  // ------------------------------------------------------------------ entities

  checkEntities(entities: Parsed<Entity>[]): void {
    for (const { item, index } of entities) {
      const path: PathSegment[] = ['entities', index];
      this.checkSpansWithin(item, path, item.id);
      const prefix = ENTITY_ID_PREFIXES[item.type];
      if (!item.id.startsWith(`${prefix}:`)) {
        this.report([...path, 'id'], `a ${item.type} id must start with "${prefix}:"`, item.id);
      }
      if (item.mentions.length === 0) {
        this.report(
          [...path, 'mentions'],
          'entity has no mention: every entity needs at least one span',
          item.id,
        );
        continue;
      }
      if (item.named && this.text.findAll(item.name).length === 0) {
        this.report(
          [...path, 'name'],
          `the name ${quote(item.name)} does not occur in the text`,
          item.id,
        );
      }
      const mentionTexts = new Set(item.mentions.map((mention) => mention.exact));
      item.aliases.forEach((alias, aliasIndex) => {
        if (!mentionTexts.has(alias)) {
          this.report(
            [...path, 'aliases', aliasIndex],
            `alias ${quote(alias)} is not the text of any mention`,
            item.id,
          );
        }
      });
      const seenOffsets = new Set<string>();
      let outsideComments = 0;
      item.mentions.forEach((mention, mentionIndex) => {
        const key = `${mention.start}-${mention.end}`;
        if (seenOffsets.has(key)) {
          this.report([...path, 'mentions', mentionIndex], `duplicate mention at ${key}`, item.id);
        }
        seenOffsets.add(key);
        if (!this.spanIsValid(mention)) return;
        const region = this.regionOf(mention);
        if (region?.kind !== 'comment') outsideComments += 1;
        if (item.scope === 'comments' && region?.kind !== 'comment') {
          this.report(
            [...path, 'mentions', mentionIndex],
            `entity has scope comments but this mention lies in ${region ? region.id : 'no single region'}`,
            item.id,
          );
        }
      });
      if (item.scope === 'article' && outsideComments === 0) {
        this.report(
          [...path, 'scope'],
          'entity is only mentioned in reader comments: its scope should be comments',
          item.id,
        );
      }
    }
  }

  // ------------------------------------------------------------------ roles and relations

  checkRoles(roles: Parsed<Role>[]): void {
    for (const { item, index } of roles) {
      const path: PathSegment[] = ['roles', index];
      this.checkSpansWithin(item, path, item.id);
      this.checkReference(item.holder, ['entity'], [...path, 'holder'], item.id);
      if (item.organization !== undefined) {
        this.checkReference(item.organization, ['entity'], [...path, 'organization'], item.id);
      }
      if (item.title === undefined && item.organization === undefined) {
        this.report(path, 'a role needs a title, an organization or both', item.id);
      }
      if (item.evidence.length === 0)
        this.report([...path, 'evidence'], 'role has no evidence span', item.id);
    }
  }

  checkRelations(relations: Parsed<Relation>[]): void {
    for (const { item, index } of relations) {
      const path: PathSegment[] = ['relations', index];
      this.checkSpansWithin(item, path, item.id);
      this.checkReference(item.subject, ['entity'], [...path, 'subject'], item.id);
      this.checkReference(item.object, ['entity'], [...path, 'object'], item.id);
      if (item.subject === item.object)
        this.report([...path, 'object'], 'a relation cannot link an entity to itself', item.id);
      if (item.claim !== undefined)
        this.checkReference(item.claim, ['claim'], [...path, 'claim'], item.id);
      if (item.evidence.length === 0)
        this.report([...path, 'evidence'], 'relation has no evidence span', item.id);
    }
  }

  // ------------------------------------------------------------------ claims

  /** Who puts the words on the page: the reporter, or the speaker when there is none. */
  private voiceOf(attribution: Attribution): string {
    return attribution.reporter ?? attribution.speaker;
  }

  checkClaims(claims: Parsed<Claim>[], document: DocumentInfo | undefined): void {
    const authorIds = new Set(document?.authors.map((author) => author.entity) ?? []);
    for (const { item, index } of claims) {
      const path: PathSegment[] = ['claims', index];
      this.checkSpansWithin(item, path, item.id);
      item.about.forEach((reference, aboutIndex) => {
        this.checkReference(reference, ['entity'], [...path, 'about', aboutIndex], item.id);
      });
      if (item.attributions.length === 0) {
        this.report([...path, 'attributions'], 'claim has no attribution: who says it?', item.id);
      }
      const evidenceSpans = item.attributions.flatMap((attribution) => attribution.evidence);
      item.attributions.forEach((attribution, attributionIndex) => {
        this.checkAttribution(
          attribution,
          [...path, 'attributions', attributionIndex],
          item.id,
          authorIds,
        );
      });
      (item.quantities ?? []).forEach((quantity, quantityIndex) => {
        if (!this.spanIsValid(quantity.span)) return;
        if (!evidenceSpans.some((evidence) => spanContains(evidence, quantity.span))) {
          this.report(
            [...path, 'quantities', quantityIndex, 'span'],
            `quantity ${quote(quantity.span.exact, 40)} lies outside every evidence span of the claim`,
            item.id,
          );
        }
        if (
          quantity.lower !== undefined &&
          quantity.upper !== undefined &&
          quantity.lower > quantity.upper
        ) {
          this.report(
            [...path, 'quantities', quantityIndex],
            'lower bound is above upper bound',
            item.id,
          );
        }
      });
    }
  }

  private checkAttribution(
    attribution: Attribution,
    path: PathSegment[],
    item: string,
    authorIds: Set<string>,
  ): void {
    const sources: readonly ReferenceKind[] = ['entity', 'comment'];
    this.checkReference(attribution.speaker, sources, [...path, 'speaker'], item);
    if (attribution.reporter !== undefined)
      this.checkReference(attribution.reporter, sources, [...path, 'reporter'], item);
    (attribution.via ?? []).forEach((intermediary, viaIndex) => {
      this.checkReference(intermediary, sources, [...path, 'via', viaIndex], item);
    });
    if (attribution.evidence.length === 0) {
      this.report([...path, 'evidence'], 'attribution has no evidence span: quote the words', item);
    }
    if (attribution.mode === 'author' && attribution.reporter !== undefined) {
      this.report(
        [...path, 'reporter'],
        'mode author means the speaker writes the words: drop the reporter',
        item,
      );
    }
    if (attribution.mode !== 'author' && attribution.reporter === undefined) {
      this.report(
        [...path, 'reporter'],
        `mode ${attribution.mode} needs a reporter (the article's author, or the comment that relays it)`,
        item,
      );
    }
    const voice = this.voiceOf(attribution);
    const voiceIsComment = this.comment(voice) !== undefined;
    const voiceIsKnown = attribution.mode === 'author' || attribution.reporter !== undefined;
    if (voiceIsKnown && !voiceIsComment && !authorIds.has(voice) && this.entity(voice)) {
      this.report(
        [...path, attribution.reporter === undefined ? 'speaker' : 'reporter'],
        `${voice} cannot put words on the page: the voice must be a document author or a reader comment`,
        item,
      );
    }
    const regionId = voiceIsComment ? this.comment(voice)?.region : undefined;
    const allowed = voiceIsComment
      ? (region: Region) => region.id === regionId
      : (region: Region) => ARTICLE_REGION_KINDS.includes(region.kind);
    const description = voiceIsComment
      ? `the region of ${voice} (${regionId})`
      : 'an article region (headline, caption, body, pull_quote, byline)';
    attribution.evidence.forEach((span, spanIndex) => {
      this.checkSpanPlacement(span, allowed, description, [...path, 'evidence', spanIndex], item);
    });
    (attribution.hedges ?? []).forEach((span, spanIndex) => {
      this.checkSpanPlacement(span, allowed, description, [...path, 'hedges', spanIndex], item);
    });
    if (attribution.cue)
      this.checkSpanPlacement(attribution.cue, allowed, description, [...path, 'cue'], item);
  }

  // ------------------------------------------------------------------ stances

  checkStances(stances: Parsed<Stance>[]): void {
    const seen = new Set<string>();
    for (const { item, index } of stances) {
      const path: PathSegment[] = ['stances', index];
      this.checkSpansWithin(item, path, item.id);
      this.checkReference(item.from, ['claim'], [...path, 'from'], item.id);
      this.checkReference(item.to, ['claim'], [...path, 'to'], item.id);
      if (item.from === item.to)
        this.report([...path, 'to'], 'a claim cannot take a stance on itself', item.id);
      const key = `${item.from} ${item.type} ${item.to}`;
      if (seen.has(key)) this.report(path, `the same stance (${key}) is annotated twice`, item.id);
      seen.add(key);
      if (item.evidence.length === 0)
        this.report([...path, 'evidence'], 'stance has no evidence span', item.id);
    }
  }
}

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
  return annotations.regions.find((region) => spanContains(region.span, span));
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

/**
 * Validates parsed YAML (`annotations`) against the article `text`. `fileName` only labels
 * the errors. Returns the typed annotations and their counts, or every error found.
 */
export function validateAnnotations(
  annotations: unknown,
  text: string,
  fileName: string,
): SeedValidation {
  const checker = new SeedChecker(text, fileName);
  const { document, sections, complete } = checker.parse(annotations);
  checker.registerIds(document, sections);
  sections.regions.forEach(({ item, index }) => {
    checker.checkSpansWithin(item, ['regions', index], item.id);
  });
  checker.checkRegions(sections.regions);
  if (document) checker.checkDocument(document, text);
  checker.checkComments(sections.comments);
  checker.checkEntities(sections.entities);
  checker.checkRoles(sections.roles);
  checker.checkRelations(sections.relations);
  checker.checkClaims(sections.claims, document);
  checker.checkStances(sections.stances);

  if (checker.errors.length > 0 || !complete || !document) {
    return { ok: false, errors: checker.errors };
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
  };
  return { ok: true, annotations: valid, counts: countAnnotations(valid) };
}
