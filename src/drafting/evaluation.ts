/**
 * How close drafted annotations of an article come to its gold (hand-made) annotations: entity
 * mentions by type, quotes and their speakers, attribution cues, hedges, polarity, quantities, and
 * whether every drafted span quotes the text at its offsets. Pure: no I/O.
 *
 * A ratio over an empty denominator counts as 1: with nothing to find nothing is missed, and with
 * nothing drafted nothing is wrong. The counts beside every ratio show when that is the case.
 */
import { ENTITY_TYPES, type EntityType } from '../domain/vocabulary.ts';
import type { Annotations, Attribution, Mention, Quantity } from '../seed/format.ts';
import { allSpans, type CodePointSpan, CodePointText } from '../seed/spans.ts';

export const EVALUATION_TARGETS = {
  personF1: 0.85,
  organizationAndCompanyF1: 0.75,
  quoteSpeakerShare: 0.9,
  spanMismatches: 0,
} as const;

/** Precision, recall and F1 of drafted items against gold ones, with the sizes behind them. */
export interface Score {
  gold: number;
  drafted: number;
  /** Pairs of a drafted and a gold item that match, each item in at most one pair. */
  matched: number;
  precision: number;
  recall: number;
  f1: number;
}

/** How many of the compared pairs agree on some property. */
export interface Agreement {
  compared: number;
  agreeing: number;
  share: number;
}

/** Agreement over attributions, with how many each side has. */
export interface AttributionAgreement extends Agreement {
  gold: number;
  drafted: number;
}

export interface TypeScore {
  type: EntityType;
  score: Score;
}

export interface MentionScores {
  /** Only the types that the gold or the draft has mentions of, in report order. */
  byType: TypeScore[];
  /** Organization and Company pooled: either type matches either. */
  organizationsAndCompanies: Score;
  /** Every type, a match needing the same type. */
  allTypes: Score;
}

export interface QuoteEvaluation {
  /** Gold attributions in mode direct_quote or partial_quote. */
  gold: number;
  /** Drafted attributions in a quoting mode. */
  drafted: number;
  /** Gold quotes whose evidence a drafted quote overlaps. */
  found: number;
  /** Found quotes whose drafted speaker is the gold speaker. */
  speakerRight: number;
  foundShare: number;
  /** speakerRight / gold. */
  speakerShare: number;
}

/** A drafted span whose `exact` is not the text at its offsets. */
export interface SpanMismatch {
  /** JSON path in the drafted annotations, e.g. `entities[3].mentions[0]`. */
  path: string;
  start: number;
  end: number;
  exact: string;
  /** The text at [start, end); empty when the offsets are out of range. */
  actual: string;
}

export interface SpanIntegrity {
  spans: number;
  mismatches: SpanMismatch[];
}

export interface DraftEvaluation {
  /** All gold mentions against all drafted ones. */
  mentions: MentionScores;
  /** Name mentions only (kind absent or `name`) on both sides. */
  nameMentions: MentionScores;
  quotes: QuoteEvaluation;
  cues: Score;
  hedges: Score;
  /** Drafted attributions paired with gold ones by evidence overlap: same polarity. */
  polarity: AttributionAgreement;
  /** Quantity spans, paired by overlap. */
  quantities: Score;
  /** Paired quantities with the same unit, amount, lower and upper bound. */
  quantityValues: Agreement;
  spanIntegrity: SpanIntegrity;
}

// ---------------------------------------------------------------- ratios

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 1 : numerator / denominator;
}

export function scoreOf(gold: number, drafted: number, matched: number): Score {
  const precision = ratio(matched, drafted);
  const recall = ratio(matched, gold);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { gold, drafted, matched, precision, recall, f1 };
}

function agreementOf(compared: number, agreeing: number): Agreement {
  return { compared, agreeing, share: ratio(agreeing, compared) };
}

/** Exact matching of two sets of keys. */
function scoreSets(gold: ReadonlySet<string>, drafted: ReadonlySet<string>): Score {
  let matched = 0;
  for (const key of drafted) if (gold.has(key)) matched += 1;
  return scoreOf(gold.size, drafted.size, matched);
}

function spanKey(span: CodePointSpan): string {
  return `${span.start}:${span.end}`;
}

function overlapLength(first: CodePointSpan, second: CodePointSpan): number {
  return Math.max(0, Math.min(first.end, second.end) - Math.max(first.start, second.start));
}

function totalOverlap(first: readonly CodePointSpan[], second: readonly CodePointSpan[]): number {
  let total = 0;
  for (const a of first) for (const b of second) total += overlapLength(a, b);
  return total;
}

/**
 * One-to-one pairs of gold and drafted items whose spans overlap, the largest overlaps first
 * (ties in gold, then draft order), so a drafted item never counts for two gold ones.
 */
function pairByOverlap<G, D>(
  gold: readonly G[],
  drafted: readonly D[],
  goldSpans: (item: G) => readonly CodePointSpan[],
  draftedSpans: (item: D) => readonly CodePointSpan[],
): Array<{ gold: G; drafted: D }> {
  const candidates: Array<{ goldIndex: number; draftedIndex: number; overlap: number }> = [];
  gold.forEach((goldItem, goldIndex) => {
    const spans = goldSpans(goldItem);
    drafted.forEach((draftedItem, draftedIndex) => {
      const overlap = totalOverlap(spans, draftedSpans(draftedItem));
      if (overlap > 0) candidates.push({ goldIndex, draftedIndex, overlap });
    });
  });
  candidates.sort(
    (a, b) => b.overlap - a.overlap || a.goldIndex - b.goldIndex || a.draftedIndex - b.draftedIndex,
  );
  const usedGold = new Set<number>();
  const usedDrafted = new Set<number>();
  const pairs: Array<{ gold: G; drafted: D }> = [];
  for (const { goldIndex, draftedIndex } of candidates) {
    if (usedGold.has(goldIndex) || usedDrafted.has(draftedIndex)) continue;
    const goldItem = gold[goldIndex];
    const draftedItem = drafted[draftedIndex];
    if (goldItem === undefined || draftedItem === undefined) continue;
    usedGold.add(goldIndex);
    usedDrafted.add(draftedIndex);
    pairs.push({ gold: goldItem, drafted: draftedItem });
  }
  return pairs;
}

// ---------------------------------------------------------------- mentions

/** Report order: the types with targets first. */
const REPORT_ORDER: readonly EntityType[] = [
  'Person',
  'Organization',
  'Company',
  'GovernmentBody',
  'Country',
  'City',
  'Region',
  'Place',
  'Event',
  'Group',
  'MilitaryUnit',
  'Product',
];
const TYPE_ORDER: readonly EntityType[] = [
  ...REPORT_ORDER,
  ...ENTITY_TYPES.filter((type) => !REPORT_ORDER.includes(type)),
];
const POOLED_TYPES: readonly EntityType[] = ['Organization', 'Company'];

interface TypedMention {
  type: EntityType;
  mention: Mention;
}

function isNameMention(mention: Mention): boolean {
  return mention.kind === undefined || mention.kind === 'name';
}

function typedMentions(annotations: Annotations, namesOnly: boolean): TypedMention[] {
  return annotations.entities.flatMap((entity) =>
    entity.mentions
      .filter((mention) => !namesOnly || isNameMention(mention))
      .map((mention) => ({ type: entity.type, mention })),
  );
}

function mentionKeys(
  mentions: readonly TypedMention[],
  keep: (type: EntityType) => boolean,
  withType: boolean,
): Set<string> {
  const keys = new Set<string>();
  for (const { type, mention } of mentions) {
    if (keep(type)) keys.add(withType ? `${type}@${spanKey(mention)}` : spanKey(mention));
  }
  return keys;
}

function scoreMentions(gold: Annotations, draft: Annotations, namesOnly: boolean): MentionScores {
  const goldMentions = typedMentions(gold, namesOnly);
  const draftedMentions = typedMentions(draft, namesOnly);
  const present = new Set([...goldMentions, ...draftedMentions].map(({ type }) => type));
  const byType = TYPE_ORDER.filter((type) => present.has(type)).map((type) => {
    const isType = (candidate: EntityType) => candidate === type;
    return {
      type,
      score: scoreSets(
        mentionKeys(goldMentions, isType, false),
        mentionKeys(draftedMentions, isType, false),
      ),
    };
  });
  const pooled = (type: EntityType) => POOLED_TYPES.includes(type);
  const any = () => true;
  return {
    byType,
    organizationsAndCompanies: scoreSets(
      mentionKeys(goldMentions, pooled, false),
      mentionKeys(draftedMentions, pooled, false),
    ),
    allTypes: scoreSets(
      mentionKeys(goldMentions, any, true),
      mentionKeys(draftedMentions, any, true),
    ),
  };
}

// ---------------------------------------------------------------- speakers and quotes

/**
 * For each drafted entity, the gold entity that shares the most mention spans with it (exact
 * start and end; ties go to the lowest gold id). Drafted entities sharing none are left out.
 */
export function mapDraftedEntities(gold: Annotations, draft: Annotations): Map<string, string> {
  const goldIdsBySpan = new Map<string, Set<string>>();
  for (const entity of gold.entities) {
    for (const mention of entity.mentions) {
      const key = spanKey(mention);
      const ids = goldIdsBySpan.get(key) ?? new Set<string>();
      ids.add(entity.id);
      goldIdsBySpan.set(key, ids);
    }
  }
  const mapping = new Map<string, string>();
  for (const entity of draft.entities) {
    const shared = new Map<string, number>();
    for (const key of new Set(entity.mentions.map(spanKey))) {
      for (const goldId of goldIdsBySpan.get(key) ?? []) {
        shared.set(goldId, (shared.get(goldId) ?? 0) + 1);
      }
    }
    let best: { id: string; count: number } | undefined;
    for (const [id, count] of shared) {
      if (!best || count > best.count || (count === best.count && id < best.id)) {
        best = { id, count };
      }
    }
    if (best) mapping.set(entity.id, best.id);
  }
  return mapping;
}

/** Whether a drafted source (entity or comment id) is the gold one. */
export function sameSource(
  goldSource: string,
  draftedSource: string,
  entityMapping: ReadonlyMap<string, string>,
): boolean {
  if (goldSource.startsWith('comment:') || draftedSource.startsWith('comment:')) {
    return goldSource === draftedSource;
  }
  return entityMapping.get(draftedSource) === goldSource;
}

const QUOTING_MODES: ReadonlySet<Attribution['mode']> = new Set(['direct_quote', 'partial_quote']);

function attributionsOf(annotations: Annotations): Attribution[] {
  return annotations.claims.flatMap((claim) => claim.attributions);
}

function evaluateQuotes(
  gold: readonly Attribution[],
  drafted: readonly Attribution[],
  entityMapping: ReadonlyMap<string, string>,
): QuoteEvaluation {
  const goldQuotes = gold.filter((attribution) => QUOTING_MODES.has(attribution.mode));
  const draftedQuotes = drafted.filter((attribution) => QUOTING_MODES.has(attribution.mode));
  let found = 0;
  let speakerRight = 0;
  for (const quote of goldQuotes) {
    // Several gold quotes may meet one drafted quote (a draft that joins two): each is found.
    // The speaker is judged on the drafted quote that overlaps most (the first one on a tie).
    let best: { attribution: Attribution; overlap: number } | undefined;
    for (const candidate of draftedQuotes) {
      const overlap = totalOverlap(quote.evidence, candidate.evidence);
      if (overlap > 0 && (!best || overlap > best.overlap)) {
        best = { attribution: candidate, overlap };
      }
    }
    if (!best) continue;
    found += 1;
    if (sameSource(quote.speaker, best.attribution.speaker, entityMapping)) speakerRight += 1;
  }
  return {
    gold: goldQuotes.length,
    drafted: draftedQuotes.length,
    found,
    speakerRight,
    foundShare: ratio(found, goldQuotes.length),
    speakerShare: ratio(speakerRight, goldQuotes.length),
  };
}

// ---------------------------------------------------------------- cues, hedges, polarity

function cueKeys(attributions: readonly Attribution[]): Set<string> {
  const keys = new Set<string>();
  for (const { cue } of attributions) if (cue) keys.add(spanKey(cue));
  return keys;
}

function hedgeKeys(attributions: readonly Attribution[]): Set<string> {
  return new Set(attributions.flatMap(({ hedges }) => (hedges ?? []).map(spanKey)));
}

function evaluatePolarity(
  gold: readonly Attribution[],
  drafted: readonly Attribution[],
): AttributionAgreement {
  const pairs = pairByOverlap(
    gold,
    drafted,
    (attribution) => attribution.evidence,
    (attribution) => attribution.evidence,
  );
  const agreeing = pairs.filter((pair) => pair.gold.polarity === pair.drafted.polarity).length;
  return { gold: gold.length, drafted: drafted.length, ...agreementOf(pairs.length, agreeing) };
}

// ---------------------------------------------------------------- quantities

function quantitiesOf(annotations: Annotations): Quantity[] {
  return annotations.claims.flatMap((claim) => claim.quantities ?? []);
}

function sameNumber(first: number | undefined, second: number | undefined): boolean {
  if (first === undefined || second === undefined) return first === second;
  // Relative for large amounts: 2.3bn parsed as 2.3 * 1e9 is off in the last bits.
  return Math.abs(first - second) <= 1e-9 * Math.max(1, Math.abs(first), Math.abs(second));
}

export function sameQuantityValue(gold: Quantity, drafted: Quantity): boolean {
  return (
    gold.unit === drafted.unit &&
    sameNumber(gold.amount, drafted.amount) &&
    sameNumber(gold.lower, drafted.lower) &&
    sameNumber(gold.upper, drafted.upper)
  );
}

// ---------------------------------------------------------------- span integrity

export function checkSpanIntegrity(annotations: Annotations, text: string): SpanIntegrity {
  const indexed = new CodePointText(text);
  const spans = allSpans(annotations);
  const mismatches: SpanMismatch[] = [];
  for (const { path, span } of spans) {
    const { start, end, exact } = span;
    const inRange =
      Number.isInteger(start) &&
      Number.isInteger(end) &&
      start >= 0 &&
      start < end &&
      end <= indexed.length;
    const actual = inRange ? indexed.slice(start, end) : '';
    if (!inRange || actual !== exact) mismatches.push({ path, start, end, exact, actual });
  }
  return { spans: spans.length, mismatches };
}

// ---------------------------------------------------------------- the evaluation

export function evaluateDraft(
  gold: Annotations,
  draft: Annotations,
  text: string,
): DraftEvaluation {
  const goldAttributions = attributionsOf(gold);
  const draftedAttributions = attributionsOf(draft);
  const goldQuantities = quantitiesOf(gold);
  const draftedQuantities = quantitiesOf(draft);
  const quantityPairs = pairByOverlap(
    goldQuantities,
    draftedQuantities,
    (quantity) => [quantity.span],
    (quantity) => [quantity.span],
  );
  return {
    mentions: scoreMentions(gold, draft, false),
    nameMentions: scoreMentions(gold, draft, true),
    quotes: evaluateQuotes(goldAttributions, draftedAttributions, mapDraftedEntities(gold, draft)),
    cues: scoreSets(cueKeys(goldAttributions), cueKeys(draftedAttributions)),
    hedges: scoreSets(hedgeKeys(goldAttributions), hedgeKeys(draftedAttributions)),
    polarity: evaluatePolarity(goldAttributions, draftedAttributions),
    quantities: scoreOf(goldQuantities.length, draftedQuantities.length, quantityPairs.length),
    quantityValues: agreementOf(
      quantityPairs.length,
      quantityPairs.filter((pair) => sameQuantityValue(pair.gold, pair.drafted)).length,
    ),
    spanIntegrity: checkSpanIntegrity(draft, text),
  };
}

// ---------------------------------------------------------------- the Markdown table

export interface EvaluatedArticle {
  article: string;
  evaluation: DraftEvaluation;
}

const EMPTY = '–';

function fixed(value: number): string {
  return value.toFixed(2);
}

/** A ratio as the table shows it: a dash when there was nothing to divide by. */
function ratioCell(value: number, denominator: number): string {
  return denominator === 0 ? EMPTY : fixed(value);
}

function f1Of(score: Score): string {
  return ratioCell(score.f1, score.gold + score.drafted);
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function tableRow(cells: readonly string[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

function verdict(met: boolean): string {
  return met ? 'met' : 'missed';
}

function atLeast(value: number, target: number): string {
  return `≥ ${fixed(target)}: ${verdict(value >= target)}`;
}

function shareCell(agreement: { agreeing: number; compared: number; share: number }): string {
  return `${ratioCell(agreement.share, agreement.compared)} (${agreement.agreeing} of ${agreement.compared})`;
}

function personScore(scores: MentionScores): Score | undefined {
  return scores.byType.find(({ type }) => type === 'Person')?.score;
}

function f1Cell(score: Score | undefined, target?: number): string {
  if (!score) return EMPTY;
  return target === undefined ? f1Of(score) : `${f1Of(score)} (${verdict(score.f1 >= target)})`;
}

const SUMMARY_HEADER = [
  'article',
  `Person F1, all mentions (≥ ${fixed(EVALUATION_TARGETS.personF1)})`,
  `Person F1, names (≥ ${fixed(EVALUATION_TARGETS.personF1)})`,
  `Organization+Company F1, all mentions (≥ ${fixed(EVALUATION_TARGETS.organizationAndCompanyF1)})`,
  `Organization+Company F1, names (≥ ${fixed(EVALUATION_TARGETS.organizationAndCompanyF1)})`,
  'quotes found',
  `quote speakers right (≥ ${fixed(EVALUATION_TARGETS.quoteSpeakerShare)})`,
  'cue F1',
  'hedge F1',
  'same polarity',
  'quantity F1',
  'same quantity values',
  `span mismatches (${EVALUATION_TARGETS.spanMismatches})`,
];

function summaryRow({ article, evaluation }: EvaluatedArticle): string {
  const { mentions, nameMentions, quotes, spanIntegrity } = evaluation;
  const mismatches = spanIntegrity.mismatches.length;
  return tableRow([
    article,
    f1Cell(personScore(mentions), EVALUATION_TARGETS.personF1),
    f1Cell(personScore(nameMentions), EVALUATION_TARGETS.personF1),
    f1Cell(mentions.organizationsAndCompanies, EVALUATION_TARGETS.organizationAndCompanyF1),
    f1Cell(nameMentions.organizationsAndCompanies, EVALUATION_TARGETS.organizationAndCompanyF1),
    shareCell({ agreeing: quotes.found, compared: quotes.gold, share: quotes.foundShare }),
    `${shareCell({ agreeing: quotes.speakerRight, compared: quotes.gold, share: quotes.speakerShare })}, ${verdict(quotes.speakerShare >= EVALUATION_TARGETS.quoteSpeakerShare)}`,
    f1Cell(evaluation.cues),
    f1Cell(evaluation.hedges),
    shareCell(evaluation.polarity),
    f1Cell(evaluation.quantities),
    shareCell(evaluation.quantityValues),
    `${mismatches} of ${spanIntegrity.spans}, ${verdict(mismatches <= EVALUATION_TARGETS.spanMismatches)}`,
  ]);
}

const DETAIL_HEADER = [
  'measure',
  'gold',
  'drafted',
  'matched',
  'precision',
  'recall',
  'F1',
  'agreement',
  'target',
];

function scoreRow(measure: string, score: Score, target = ''): string {
  return tableRow([
    measure,
    String(score.gold),
    String(score.drafted),
    String(score.matched),
    ratioCell(score.precision, score.drafted),
    ratioCell(score.recall, score.gold),
    f1Of(score),
    EMPTY,
    target || EMPTY,
  ]);
}

function mentionRows(view: string, scores: MentionScores): string[] {
  return [
    ...scores.byType.map(({ type, score }) =>
      scoreRow(
        `${view}: ${type}`,
        score,
        type === 'Person' ? `F1 ${atLeast(score.f1, EVALUATION_TARGETS.personF1)}` : '',
      ),
    ),
    scoreRow(
      `${view}: Organization+Company`,
      scores.organizationsAndCompanies,
      `F1 ${atLeast(scores.organizationsAndCompanies.f1, EVALUATION_TARGETS.organizationAndCompanyF1)}`,
    ),
    scoreRow(`${view}: all types`, scores.allTypes),
  ];
}

function detailRows(evaluation: DraftEvaluation): string[] {
  const { quotes, polarity, quantityValues } = evaluation;
  return [
    ...mentionRows('mentions', evaluation.mentions),
    ...mentionRows('name mentions', evaluation.nameMentions),
    tableRow([
      'quotes found (evidence overlaps a drafted quote)',
      String(quotes.gold),
      String(quotes.drafted),
      String(quotes.found),
      EMPTY,
      ratioCell(quotes.foundShare, quotes.gold),
      EMPTY,
      EMPTY,
      EMPTY,
    ]),
    tableRow([
      'quote speakers right, of gold quotes',
      String(quotes.gold),
      String(quotes.drafted),
      String(quotes.found),
      EMPTY,
      EMPTY,
      EMPTY,
      shareCell({
        agreeing: quotes.speakerRight,
        compared: quotes.gold,
        share: quotes.speakerShare,
      }),
      atLeast(quotes.speakerShare, EVALUATION_TARGETS.quoteSpeakerShare),
    ]),
    scoreRow('cues (exact span)', evaluation.cues),
    scoreRow('hedges (exact span)', evaluation.hedges),
    tableRow([
      'same polarity, of attributions paired by evidence overlap',
      String(polarity.gold),
      String(polarity.drafted),
      String(polarity.compared),
      EMPTY,
      EMPTY,
      EMPTY,
      shareCell(polarity),
      EMPTY,
    ]),
    scoreRow('quantities (overlapping span)', evaluation.quantities),
    tableRow([
      'same unit and amount/lower/upper, of paired quantities',
      String(evaluation.quantities.gold),
      String(evaluation.quantities.drafted),
      String(quantityValues.compared),
      EMPTY,
      EMPTY,
      EMPTY,
      shareCell(quantityValues),
      EMPTY,
    ]),
  ];
}

const LISTED_MISMATCHES = 10;

function mismatchLines(integrity: SpanIntegrity): string[] {
  const { mismatches } = integrity;
  if (mismatches.length === 0) return [`All ${integrity.spans} drafted spans match the text.`];
  const lines = [
    `${mismatches.length} of ${integrity.spans} drafted spans differ from the text:`,
    '',
  ];
  for (const mismatch of mismatches.slice(0, LISTED_MISMATCHES)) {
    lines.push(
      `- \`${mismatch.path}\` [${mismatch.start}, ${mismatch.end}): exact ${JSON.stringify(mismatch.exact)}, text ${JSON.stringify(mismatch.actual)}`,
    );
  }
  if (mismatches.length > LISTED_MISMATCHES) {
    lines.push(`- and ${mismatches.length - LISTED_MISMATCHES} more`);
  }
  return lines;
}

function separator(columns: number): string {
  return `|${'---|'.repeat(columns)}`;
}

/**
 * A Markdown summary table with one row per article, then each article's counts and scores in
 * detail, and any drafted span that differs from the text.
 */
export function formatEvaluationTable(rows: readonly EvaluatedArticle[]): string {
  const lines = [tableRow(SUMMARY_HEADER), separator(SUMMARY_HEADER.length)];
  lines.push(...rows.map(summaryRow));
  for (const { article, evaluation } of rows) {
    lines.push(
      '',
      `### ${article}`,
      '',
      tableRow(DETAIL_HEADER),
      separator(DETAIL_HEADER.length),
      ...detailRows(evaluation),
      '',
      ...mismatchLines(evaluation.spanIntegrity),
    );
  }
  return `${lines.join('\n')}\n`;
}
