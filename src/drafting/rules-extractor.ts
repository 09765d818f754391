/**
 * The rule-based extractor: the page's layout, its named entities, who says what, and the
 * figures, put together as annotations in the seed's format. Everything it writes is a span of
 * the text (or a name taken from one), so nothing comes from outside the page.
 */
import { createHash } from 'node:crypto';
import { ENTITY_ID_PREFIXES, type EntityType } from '../domain/vocabulary.ts';
import type { Annotations, Claim, Entity } from '../seed/format.ts';
import type { DraftRequest, Extractor } from './extractor.ts';
import { type DraftClaim, findClaims, type PlacedMention } from './rules/claims.ts';
import { readLayout } from './rules/layout.ts';
import { type DraftEntity, findDescribed, findEntities, linkNominals } from './rules/names.ts';
import { findQuantities } from './rules/quantities.ts';
import { ArticleText, contains, type Range, sentences, slug } from './text.ts';

const ORGANISATION_TYPES = new Set<EntityType>(['Organization', 'Company']);

function sentenceText(article: ArticleText, all: Range[], at: Range): string {
  const sentence = all.find((range) => contains(range, at));
  const text = sentence ? article.slice(sentence) : article.slice(at);
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= 160 ? flat : `${flat.slice(0, 157).replace(/\s+\S*$/, '')}...`;
}

/** The entity with this name, or a new one of this type. */
function ensureEntity(entities: DraftEntity[], name: string, type: EntityType): number {
  const index = entities.findIndex((entity) => entity.name === name);
  if (index >= 0) {
    const found = entities[index] as DraftEntity;
    if (type === 'Person' || ORGANISATION_TYPES.has(type))
      found.type = found.knownId ? found.type : type;
    return index;
  }
  entities.push({ knownId: null, type, name, named: true, mentions: [] });
  return entities.length - 1;
}

function addMention(entity: DraftEntity, range: Range, kind: 'name' | 'nominal' | 'pronoun'): void {
  if (entity.mentions.some((m) => m.range.start === range.start && m.range.end === range.end))
    return;
  entity.mentions.push({ range, kind });
  entity.mentions.sort((a, b) => a.range.start - b.range.start);
}

function propositionOf(text: string): string {
  const flat = text.replace(/[“”"]/g, '').replace(/\s+/g, ' ').trim();
  const first = flat.charAt(0).toUpperCase() + flat.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

export const rulesExtractor: Extractor = {
  name: 'dossier-rules',
  version: '0.1.0',
  draft(request: DraftRequest): Annotations {
    const article = new ArticleText(request.text);
    const layout = readLayout(article);
    const commentRanges = layout.regions.filter((r) => r.kind === 'comment').map((r) => r.range);
    const allSentences = layout.regions.flatMap((region) => sentences(article, region.range));
    const entities = findEntities(
      article,
      request.known,
      new Set(allSentences.map((sentence) => sentence.start)),
    );

    // The byline's author and publisher are entities, whatever the name rules made of them.
    let author: number | null = null;
    const authors: Annotations['document']['authors'] = [];
    if (layout.byline && layout.byline.authorNames.length > 0) {
      const [first] = layout.byline.authorNames;
      if (first) {
        author = ensureEntity(entities, article.slice(first), 'Person');
        for (const range of layout.byline.authorNames) {
          addMention(entities[author] as DraftEntity, range, 'name');
        }
        if (layout.byline.role) {
          authors.push({
            entity: '',
            role: article.slice(layout.byline.role),
            nameSpans: layout.byline.authorNames.map((range) => article.span(range)),
            roleSpan: article.span(layout.byline.role),
          });
        }
      }
    }
    let publisher: number | null = null;
    const publisherRanges: Range[] = [];
    if (layout.byline?.publisher) {
      publisher = ensureEntity(entities, article.slice(layout.byline.publisher), 'Organization');
      addMention(entities[publisher] as DraftEntity, layout.byline.publisher, 'name');
      publisherRanges.push(layout.byline.publisher);
    } else if (author !== null) {
      // "The BBC's Damian Grammaticas": the page names the author's organisation.
      const authorName = (entities[author] as DraftEntity).name;
      const owner = new RegExp(
        `(?:The |the )?([A-Z][\\w&]*(?: [A-Z][\\w&]*)*)['’]s ${authorName}`,
      ).exec(article.text);
      if (owner?.[1]) {
        const start = owner.index + owner[0].indexOf(owner[1]);
        const range = { start, end: start + owner[1].length };
        publisher = ensureEntity(entities, owner[1], 'Organization');
        addMention(entities[publisher] as DraftEntity, range, 'name');
        publisherRanges.push(range);
      }
    }

    findDescribed(article, entities);
    linkNominals(article, entities);
    // Every span belongs to one entity: a name the rules found twice keeps its first owner.
    const owned = new Set<string>();
    for (const entity of entities) {
      entity.mentions = entity.mentions.filter((mention) => {
        const key = `${mention.range.start}-${mention.range.end}`;
        if (owned.has(key)) return false;
        owned.add(key);
        return true;
      });
    }
    const placed: PlacedMention[] = entities
      .flatMap((entity, index) =>
        entity.mentions.map((mention) => ({
          range: mention.range,
          entity: index,
          isPerson: entity.type === 'Person',
        })),
      )
      .sort((a, b) => a.range.start - b.range.start);
    const articleRegions = layout.regions.filter((r) => r.kind !== 'comment').map((r) => r.range);
    const claims = findClaims({
      article,
      mentions: placed,
      articleRegions,
      comments: layout.comments.map((comment) => ({ number: comment.number, text: comment.text })),
      sentences: allSentences,
      quantities: layout.regions.flatMap((region) => findQuantities(article, region.range)),
      author,
    });
    for (const claim of claims) {
      if (claim.pronoun && 'entity' in claim.speaker) {
        addMention(entities[claim.speaker.entity] as DraftEntity, claim.pronoun, 'pronoun');
      }
    }

    // Ids: the graph's for known entities, else the type's prefix and the name.
    const used = new Set<string>();
    const unique = (id: string) => {
      let candidate = id;
      for (let n = 2; used.has(candidate); n += 1) candidate = `${id}-${n}`;
      used.add(candidate);
      return candidate;
    };
    const kept = entities.map((entity) => entity.mentions.length > 0);
    const ids = entities.map((entity, index) =>
      kept[index]
        ? unique(entity.knownId ?? `${ENTITY_ID_PREFIXES[entity.type]}:${slug(entity.name)}`)
        : '',
    );
    const inComments = (range: Range) => commentRanges.some((region) => contains(region, range));
    const annotatedEntities: Entity[] = entities.flatMap((entity, index) => {
      if (!kept[index]) return [];
      const names = entity.mentions
        .filter((m) => m.kind === 'name')
        .map((m) => article.slice(m.range));
      const name = names.includes(entity.name) ? entity.name : (names[0] ?? entity.name);
      const first = entity.mentions[0];
      return [
        {
          id: ids[index] as string,
          type: entity.type,
          name,
          named: entity.named,
          scope: entity.mentions.every((m) => inComments(m.range)) ? 'comments' : 'article',
          aliases: [...new Set(names.filter((alias) => alias !== name))],
          description: first ? sentenceText(article, allSentences, first.range) : name,
          mentions: entity.mentions.map((mention) => ({
            ...article.span(mention.range),
            ...(mention.kind === 'name' ? {} : { kind: mention.kind }),
          })),
        },
      ];
    });

    const claimIds = new Set<string>();
    const claimId = (claim: DraftClaim) => {
      const words = article.slice(claim.evidence).split(/\s+/).slice(0, 6).join(' ');
      let id = `claim:${slug(words)}`;
      for (let n = 2; claimIds.has(id); n += 1) id = `claim:${slug(words)}-${n}`;
      claimIds.add(id);
      return id;
    };
    const authorId = author === null ? undefined : ids[author];
    const annotatedClaims: Claim[] = claims.map((claim) => {
      const speaker =
        'comment' in claim.speaker
          ? `comment:${claim.speaker.comment}`
          : (ids[claim.speaker.entity] as string);
      const hedged = claim.hedges.length > 0;
      return {
        id: claimId(claim),
        type: claim.denial ? 'denial' : claim.quantities.length > 0 ? 'estimate' : 'statement',
        proposition: propositionOf(article.slice(claim.evidence)),
        about: [...new Set(claim.about.map((index) => ids[index] as string))].filter(Boolean),
        ...(claim.quantities.length > 0
          ? {
              quantities: claim.quantities.map((quantity) => ({
                ...quantity.value,
                span: article.span(quantity.range),
              })),
            }
          : {}),
        attributions: [
          {
            speaker,
            ...(claim.reporter
              ? { reporter: `comment:${claim.reporter.comment}` }
              : claim.mode === 'author' || authorId === undefined
                ? {}
                : { reporter: authorId }),
            mode: claim.mode,
            ...(claim.cue ? { cue: article.span(claim.cue) } : {}),
            certainty: hedged ? 'probable' : 'certain',
            polarity: claim.polarity,
            ...(hedged ? { hedges: claim.hedges.map((range) => article.span(range)) } : {}),
            evidence: [article.span(claim.evidence)],
          },
        ],
      };
    });

    const fileStem = request.sourceFile.replace(/\.[^.]*$/, '');
    return {
      format: 1,
      document: {
        id: request.documentId ?? `doc:${slug(fileStem)}`,
        sourceFile: request.sourceFile,
        sha256: createHash('sha256').update(request.text).digest('hex'),
        codePoints: article.codePoints,
        language: 'en',
        title: article.span(layout.headline),
        publisher: {
          entity: publisher === null ? 'org:publisher-not-found' : (ids[publisher] as string),
          spans: publisherRanges.map((range) => article.span(range)),
        },
        authors: authors.map((entry) => ({ ...entry, entity: authorId ?? '' })),
        publicationDate: null,
      },
      regions: layout.regions.map((region) => ({
        id: region.key,
        kind: region.kind,
        span: article.span(region.range),
      })),
      comments: layout.comments.map((comment) => ({
        id: `comment:${comment.number}`,
        number: comment.number,
        region: comment.regionKey,
        label: article.span(comment.label),
        text: article.span(comment.text),
      })),
      entities: annotatedEntities,
      roles: [],
      relations: [],
      claims: annotatedClaims.filter((claim) => claim.about.length > 0),
      stances: [],
      drafted: { extractor: rulesExtractor.name, version: rulesExtractor.version },
    };
  },
};
