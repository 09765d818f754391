/**
 * Rules on claims and their attributions: who says the words, who puts them on the page, where
 * the quoted words lie, and that quantities sit inside the quoted words.
 */
import { ARTICLE_REGION_KINDS } from '../../domain/vocabulary.ts';
import type { Attribution, Claim, Region, Span } from '../format.ts';
import { spanContains } from '../spans.ts';
import type { ValidationContext } from './context.ts';
import { type PathSegment, quote } from './problems.ts';
import type { ReferenceKind } from './references.ts';
import type { Parsed } from './schema-pass.ts';
import { checkSpanPlacement, checkSpansWithin, isSpanInText, type Placement } from './spans.ts';

const SOURCES: readonly ReferenceKind[] = ['entity', 'comment'];

/** Who puts the words on the page: the reporter, or the speaker when there is none. */
function voiceOf(attribution: Attribution): string {
  return attribution.reporter ?? attribution.speaker;
}

/** One attribution of the claim `item`. */
export function checkAttribution(
  attribution: Attribution,
  path: PathSegment[],
  item: string,
  context: ValidationContext,
): void {
  const { text, references, problems } = context;
  references.check(attribution.speaker, SOURCES, problems, [...path, 'speaker'], item);
  if (attribution.reporter !== undefined)
    references.check(attribution.reporter, SOURCES, problems, [...path, 'reporter'], item);
  (attribution.via ?? []).forEach((intermediary, viaIndex) => {
    references.check(intermediary, SOURCES, problems, [...path, 'via', viaIndex], item);
  });
  if (attribution.evidence.length === 0) {
    problems.report(
      [...path, 'evidence'],
      'attribution has no evidence span: quote the words',
      item,
    );
  }
  if (attribution.mode === 'author' && attribution.reporter !== undefined) {
    problems.report(
      [...path, 'reporter'],
      'mode author means the speaker writes the words: drop the reporter',
      item,
    );
  }
  if (attribution.mode !== 'author' && attribution.reporter === undefined) {
    problems.report(
      [...path, 'reporter'],
      `mode ${attribution.mode} needs a reporter (the article's author, or the comment that relays it)`,
      item,
    );
  }
  const voice = voiceOf(attribution);
  const voiceIsComment = references.comment(voice) !== undefined;
  const voiceIsKnown = attribution.mode === 'author' || attribution.reporter !== undefined;
  if (voiceIsKnown && !voiceIsComment && !context.authors.has(voice) && references.entity(voice)) {
    problems.report(
      [...path, attribution.reporter === undefined ? 'speaker' : 'reporter'],
      `${voice} cannot put words on the page: the voice must be a document author or a reader comment`,
      item,
    );
  }
  const regionId = voiceIsComment ? references.comment(voice)?.region : undefined;
  const placement: Placement = voiceIsComment
    ? {
        allows: (region: Region) => region.id === regionId,
        description: `the region of ${voice} (${regionId})`,
      }
    : {
        allows: (region: Region) => ARTICLE_REGION_KINDS.includes(region.kind),
        description: 'an article region (headline, caption, body, pull_quote, byline)',
      };
  const place = (span: Span, spanPath: PathSegment[]) =>
    checkSpanPlacement(text, context.regions, span, placement, problems, spanPath, item);
  attribution.evidence.forEach((span, spanIndex) => {
    place(span, [...path, 'evidence', spanIndex]);
  });
  (attribution.hedges ?? []).forEach((span, spanIndex) => {
    place(span, [...path, 'hedges', spanIndex]);
  });
  if (attribution.cue) place(attribution.cue, [...path, 'cue']);
}

export function checkClaim(claim: Claim, path: PathSegment[], context: ValidationContext): void {
  const { text, references, problems } = context;
  const item = claim.id;
  checkSpansWithin(text, claim, problems, path, item);
  claim.about.forEach((reference, aboutIndex) => {
    references.check(reference, ['entity'], problems, [...path, 'about', aboutIndex], item);
  });
  if (claim.attributions.length === 0) {
    problems.report([...path, 'attributions'], 'claim has no attribution: who says it?', item);
  }
  const evidenceSpans = claim.attributions.flatMap((attribution) => attribution.evidence);
  claim.attributions.forEach((attribution, attributionIndex) => {
    checkAttribution(attribution, [...path, 'attributions', attributionIndex], item, context);
  });
  (claim.quantities ?? []).forEach((quantity, quantityIndex) => {
    if (!isSpanInText(text, quantity.span)) return;
    if (!evidenceSpans.some((evidence) => spanContains(evidence, quantity.span))) {
      problems.report(
        [...path, 'quantities', quantityIndex, 'span'],
        `quantity ${quote(quantity.span.exact, 40)} lies outside every evidence span of the claim`,
        item,
      );
    }
    if (
      quantity.lower !== undefined &&
      quantity.upper !== undefined &&
      quantity.lower > quantity.upper
    ) {
      problems.report(
        [...path, 'quantities', quantityIndex],
        'lower bound is above upper bound',
        item,
      );
    }
  });
}

export function checkClaims(claims: Parsed<Claim>[], context: ValidationContext): void {
  for (const { item, index } of claims) checkClaim(item, ['claims', index], context);
}
