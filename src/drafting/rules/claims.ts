/**
 * Who says what: quotations with their speaker and cue ("X said", "said X", "X told me", "he
 * says", resolved to the nearest fitting person), speech reported with a verb ("X says that
 * ..."), denials ("denied", "rejected"), the hedges that lower certainty ("is believed to",
 * "appears to"), sentences that state figures, and what reader comments say.
 */
import type { ArticleText, Range } from '../text.ts';
import { contains, overlaps } from '../text.ts';
import type { DraftQuantity } from './quantities.ts';

export type Mode = 'direct_quote' | 'partial_quote' | 'paraphrase' | 'author';

/** A mention as the claims read them: where, and whose. */
export interface PlacedMention {
  range: Range;
  entity: number;
  isPerson: boolean;
}

export interface DraftClaim {
  /** An entity index, or a comment number for what a reader comment says. */
  speaker: { entity: number } | { comment: number };
  mode: Mode;
  cue: Range | null;
  evidence: Range;
  polarity: 'positive' | 'negative';
  hedges: Range[];
  denial: boolean;
  quantities: DraftQuantity[];
  about: number[];
  /** A pronoun the speaker was found through ("he said"), to record as a mention. */
  pronoun: Range | null;
  /** The comment that relays another comment's words (Re "..."); else the article's author. */
  reporter?: { comment: number };
}

const SPEECH =
  'said|says|say|told(?: (?:me|us|him|her|them|reporters|journalists|the [A-Z][A-Za-z]+))?|tells(?: (?:me|us|him|her|them|reporters|journalists))?|added|adds|warned|warns|explained|explains|argued|argues|insisted|insists|noted|notes|wrote|writes|asked|asks|described|describes|stated|states|declared|declares|admitted|admits|acknowledged|acknowledges|claimed|claims|denied|denies|rejected|rejects|believes|thinks';
const DENIAL = /^(?:denied|denies|rejected|rejects|dismissed|dismisses)$/;
const HEDGES =
  /\b(?:(?:is|are|was|were) (?:believed|thought|said|understood|reported|alleged) to(?: be)?|appears? to(?: be)?|seems? to(?: be)?|may|might|could|likely|probably|possibly|reportedly|allegedly|perhaps)\b/g;
const PRONOUN = /^(?:he|she|He|She)$/;

interface Context {
  article: ArticleText;
  mentions: PlacedMention[];
  /** Article regions (body, headline, byline) and comment regions, in text order. */
  articleRegions: Range[];
  comments: { number: number; text: Range }[];
  sentences: Range[];
  quantities: DraftQuantity[];
  author: number | null;
}

function mentionAt(context: Context, start: number): PlacedMention | undefined {
  return context.mentions.find((mention) => mention.range.start === start);
}

/** The person a pronoun at `before` most likely refers to: the nearest person mentioned before. */
function nearestPerson(context: Context, before: number, within = 3000): PlacedMention | undefined {
  let found: PlacedMention | undefined;
  for (const mention of context.mentions) {
    if (mention.range.start >= before) break;
    if (mention.isPerson && before - mention.range.start <= within) found = mention;
  }
  return found;
}

function hedgesIn(context: Context, evidence: Range): Range[] {
  const text = context.article.slice(evidence);
  return [...text.matchAll(HEDGES)].map((match) => ({
    start: evidence.start + match.index,
    end: evidence.start + match.index + match[0].length,
  }));
}

function about(context: Context, ranges: Range[], fallback: number | null): number[] {
  const entities = new Set<number>();
  for (const mention of context.mentions) {
    if (ranges.some((range) => contains(range, mention.range))) entities.add(mention.entity);
  }
  if (entities.size === 0 && fallback !== null) entities.add(fallback);
  return [...entities];
}

/** A speaker found through the words next to a cue: a name mentioned there, or he/she. */
function speakerAt(
  context: Context,
  words: Range,
): { mention: PlacedMention; pronoun: Range | null } | null {
  const text = context.article.slice(words);
  if (PRONOUN.test(text)) {
    const person = nearestPerson(context, words.start);
    return person ? { mention: person, pronoun: words } : null;
  }
  const mention = mentionAt(context, words.start);
  return mention ? { mention, pronoun: null } : null;
}

function sentenceOf(context: Context, at: number): Range | undefined {
  return context.sentences.find((sentence) => sentence.start <= at && at < sentence.end);
}

const NAME_OR_PRONOUN =
  "(?:(?:Mr|Ms|Mrs|Dr|Professor) )?[A-Z][\\p{L}'’-]+(?: [A-Z][\\p{L}'’-]+){0,3}|he|she";

function quotes(context: Context): DraftClaim[] {
  const { article } = context;
  const found: DraftClaim[] = [];
  const pattern = /“([^”]+)”|"([^"\n]+)"/g;
  for (const match of article.text.matchAll(pattern)) {
    const inner = match[1] ?? match[2] ?? '';
    const open = match.index;
    const close = open + match[0].length;
    let end = open + 1 + inner.length;
    while (end > open + 1 && /[\s,.;:]/.test(article.text[end - 1] ?? '')) end -= 1;
    const evidence = { start: open + 1, end };
    if (evidence.end - evidence.start < 3) continue;
    if (!context.articleRegions.some((region) => contains(region, evidence))) continue;
    const after = article.text.slice(close, close + 120);
    const sentence = sentenceOf(context, open);
    const before = article.text.slice(sentence?.start ?? Math.max(0, open - 200), open);
    let cue: Range | null = null;
    let speaker: { mention: PlacedMention; pronoun: Range | null } | null = null;
    let partial = false;
    // “...,” said Grace Okafor / “...,” Ms Zhou said / “...,” he said
    const saidName = new RegExp(`^,?\\s*(${SPEECH})\\s+(${NAME_OR_PRONOUN})`, 'u').exec(after);
    const nameSaid = new RegExp(`^,?\\s*(${NAME_OR_PRONOUN})\\s+(${SPEECH})\\b`, 'u').exec(after);
    if (nameSaid?.[1] && nameSaid[2]) {
      const nameAt = close + after.indexOf(nameSaid[1]);
      speaker = speakerAt(context, { start: nameAt, end: nameAt + nameSaid[1].length });
      const cueAt = close + after.indexOf(nameSaid[2], nameSaid[0].length - nameSaid[2].length);
      cue = { start: cueAt, end: cueAt + nameSaid[2].length };
    } else if (saidName?.[1] && saidName[2]) {
      const cueAt = close + after.indexOf(saidName[1]);
      cue = { start: cueAt, end: cueAt + saidName[1].length };
      const nameAt = close + after.indexOf(saidName[2], saidName[0].length - saidName[2].length);
      speaker = speakerAt(context, { start: nameAt, end: nameAt + saidName[2].length });
    }
    if (!speaker) {
      // Mr Lieberthal told me “...” / As Mr Lieberthal warns: “...” / described them as “...”
      const lead = new RegExp(`(${NAME_OR_PRONOUN})\\s+(${SPEECH})\\b([^“”"]*)$`, 'u').exec(before);
      if (lead?.[1] && lead[2]) {
        const base = open - before.length;
        const nameAt = base + lead.index;
        speaker = speakerAt(context, { start: nameAt, end: nameAt + lead[1].length });
        const cueAt = base + before.indexOf(lead[2], lead.index + lead[1].length);
        cue = { start: cueAt, end: cueAt + lead[2].length };
        partial = !/^(?: (?:that|me|us|reporters|the [A-Z]+))?[\s:,]*$/.test(lead[3] ?? '');
      }
    }
    if (!speaker) {
      const person = nearestPerson(context, open);
      if (!person) continue;
      speaker = { mention: person, pronoun: null };
    }
    if (sentence && !partial) {
      const rest = article.text.slice(close, sentence.end).replace(/^[\s,]+/, '');
      const opening = article.text.slice(sentence.start, open).trim();
      partial = opening.length > 0 && !cue && !/[:,]$/.test(opening) ? true : partial;
      if (!cue && rest.length > 2 && !/^[.!?]/.test(rest)) partial = true;
    }
    const denial = cue !== null && DENIAL.test(article.slice(cue));
    found.push({
      speaker: { entity: speaker.mention.entity },
      mode: partial ? 'partial_quote' : 'direct_quote',
      cue,
      evidence,
      polarity: denial || /\b(?:never|not|no)\b/.test(inner) ? 'negative' : 'positive',
      hedges: hedgesIn(context, evidence),
      denial,
      quantities: [],
      about: about(context, [evidence], speaker.mention.entity),
      pronoun: speaker.pronoun,
    });
  }
  return found;
}

function reportedSpeech(context: Context, taken: Range[]): DraftClaim[] {
  const { article } = context;
  const found: DraftClaim[] = [];
  for (const sentence of context.sentences) {
    if (taken.some((range) => overlaps(range, sentence))) continue;
    if (!context.articleRegions.some((region) => contains(region, sentence))) continue;
    const text = article.slice(sentence);
    const match = new RegExp(
      `(${NAME_OR_PRONOUN})(?:,[^,]{3,80},)?\\s+(${SPEECH})\\s+(?:that\\s+)?(.{12,})$`,
      'u',
    ).exec(text);
    if (!match?.[1] || !match[2] || !match[3]) continue;
    const nameAt = sentence.start + match.index;
    const speaker = speakerAt(context, { start: nameAt, end: nameAt + match[1].length });
    if (!speaker) continue;
    const cueAt = sentence.start + text.indexOf(match[2], match.index + match[1].length);
    const cue = { start: cueAt, end: cueAt + match[2].length };
    let end = sentence.end;
    while (end > cue.end && /[\s.!?]/.test(article.text[end - 1] ?? '')) end -= 1;
    const clauseText = match[3];
    const clauseStart = sentence.start + text.lastIndexOf(clauseText);
    const evidence = { start: clauseStart, end };
    if (evidence.end - evidence.start < 8) continue;
    const denial = DENIAL.test(match[2]);
    found.push({
      speaker: { entity: speaker.mention.entity },
      mode: 'paraphrase',
      cue,
      evidence,
      polarity: denial ? 'negative' : 'positive',
      hedges: hedgesIn(context, evidence),
      denial,
      quantities: [],
      about: about(context, [evidence], speaker.mention.entity),
      pronoun: speaker.pronoun,
    });
  }
  return found;
}

/** Sentences of the article's own voice that state a figure: the author's claims. */
function statedFigures(context: Context, taken: Range[]): DraftClaim[] {
  if (context.author === null) return [];
  const found: DraftClaim[] = [];
  for (const sentence of context.sentences) {
    if (taken.some((range) => overlaps(range, sentence))) continue;
    if (!context.articleRegions.some((region) => contains(region, sentence))) continue;
    if (!context.quantities.some((quantity) => contains(sentence, quantity.range))) continue;
    let end = sentence.end;
    while (end > sentence.start && /[\s.!?]/.test(context.article.text[end - 1] ?? '')) end -= 1;
    const evidence = { start: sentence.start, end };
    const entities = about(context, [evidence], null);
    if (entities.length === 0) continue;
    found.push({
      speaker: { entity: context.author },
      mode: 'author',
      cue: null,
      evidence,
      polarity: 'positive',
      hedges: hedgesIn(context, evidence),
      denial: false,
      quantities: [],
      about: entities,
      pronoun: null,
    });
  }
  return found;
}

function commentClaims(context: Context): DraftClaim[] {
  return context.comments.flatMap((comment) => {
    const entities = about(context, [comment.text], null);
    if (entities.length === 0) return [];
    return [
      {
        speaker: { comment: comment.number },
        mode: 'author' as const,
        cue: null,
        evidence: comment.text,
        polarity: 'positive' as const,
        hedges: hedgesIn(context, comment.text),
        denial: false,
        quantities: [],
        about: entities,
        pronoun: null,
      },
    ];
  });
}

/**
 * A reader comment that quotes another (Re "The US can bankrupt China any time"): the quoted
 * words are the other comment's claim, relayed by this one.
 */
function commentQuotes(context: Context): DraftClaim[] {
  const { article } = context;
  const found: DraftClaim[] = [];
  for (const comment of context.comments) {
    const text = article.slice(comment.text);
    for (const match of text.matchAll(/“([^”]+)”|"([^"\n]+)"/g)) {
      const inner = (match[1] ?? match[2] ?? '').replace(/[\s,.;:]+$/, '');
      if (inner.length < 8) continue;
      const start = comment.text.start + match.index + 1;
      const evidence = { start, end: start + inner.length };
      // The words' first author: comments are numbered in the order they were posted.
      const source = context.comments
        .filter(
          (other) => other.number !== comment.number && article.slice(other.text).includes(inner),
        )
        .sort((a, b) => a.number - b.number)[0];
      if (!source) continue;
      const before = article.text.slice(Math.max(comment.text.start, start - 6), start - 1);
      const re = /\bRe:?\s*$/.exec(before);
      const entities = about(context, [evidence], null);
      if (entities.length === 0) continue;
      found.push({
        speaker: { comment: source.number },
        reporter: { comment: comment.number },
        mode: 'direct_quote',
        cue: re
          ? {
              start: start - 1 - before.length + re.index,
              end: start - 1 - before.length + re.index + 2,
            }
          : null,
        evidence,
        polarity: 'positive',
        hedges: hedgesIn(context, evidence),
        denial: false,
        quantities: [],
        about: entities,
        pronoun: null,
      });
    }
  }
  return found;
}

export function findClaims(context: Context): DraftClaim[] {
  const quoted = quotes(context);
  const reported = reportedSpeech(
    context,
    quoted.map((claim) => claim.evidence),
  );
  const voiced = [...quoted, ...reported];
  const figures = statedFigures(
    context,
    voiced.map((claim) => claim.evidence),
  );
  const claims = [...voiced, ...figures, ...commentClaims(context), ...commentQuotes(context)];
  for (const claim of claims) {
    claim.quantities = context.quantities.filter((quantity) =>
      contains(claim.evidence, quantity.range),
    );
  }
  return claims.sort((a, b) => a.evidence.start - b.evidence.start);
}

export type { Context as ClaimContext };
