import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type DraftEvaluation,
  evaluateDraft,
  formatEvaluationTable,
  type MentionScores,
  mapDraftedEntities,
  type Score,
  sameSource,
} from '../../src/drafting/evaluation.ts';
import { DEFAULT_SEED_DIR, readSeed } from '../../src/seed/files.ts';
import type { Annotations, Attribution, Entity } from '../../src/seed/format.ts';
import { allSpans, CodePointText } from '../../src/seed/spans.ts';
import { validateAnnotations } from '../../src/seed/validate.ts';

const FIRST = '000_6cfdbb14dfc71039';
const SECOND = '001_cyber-followup';

async function loadGold(name: string): Promise<{ gold: Annotations; text: string }> {
  const seed = await readSeed(DEFAULT_SEED_DIR, name);
  const result = validateAnnotations(seed.annotations, seed.text, basename(seed.annotationsPath));
  if (!result.ok)
    throw new Error(`the seed ${name} must validate for these tests to mean anything`);
  return { gold: result.annotations, text: seed.text };
}

const articles = new Map([
  [FIRST, await loadGold(FIRST)],
  [SECOND, await loadGold(SECOND)],
]);

function article(name: string): { gold: Annotations; text: string } {
  const found = articles.get(name);
  if (!found) throw new Error(`no article ${name}`);
  return found;
}

const { gold, text } = article(FIRST);

/** A deep copy of the gold annotations, to change into a draft. */
function draftFromGold(source: Annotations = gold): Annotations {
  return structuredClone(source);
}

function entity(annotations: Annotations, id: string): Entity {
  const found = annotations.entities.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no entity ${id}`);
  return found;
}

function attributions(annotations: Annotations): Attribution[] {
  return annotations.claims.flatMap((claim) => claim.attributions);
}

function typeScore(scores: MentionScores, type: string): Score {
  const found = scores.byType.find((candidate) => candidate.type === type);
  if (!found) throw new Error(`no score for ${type}`);
  return found.score;
}

/** Every ratio the evaluation reports. */
function allRatios(evaluation: DraftEvaluation): number[] {
  const scores = (mentions: MentionScores) => [
    ...mentions.byType.map(({ score }) => score),
    mentions.organizationsAndCompanies,
    mentions.allTypes,
  ];
  return [
    ...[
      ...scores(evaluation.mentions),
      ...scores(evaluation.nameMentions),
      evaluation.cues,
      evaluation.hedges,
      evaluation.quantities,
    ].flatMap(({ precision, recall, f1 }) => [precision, recall, f1]),
    evaluation.quotes.foundShare,
    evaluation.quotes.speakerShare,
    evaluation.polarity.share,
    evaluation.quantityValues.share,
  ];
}

describe('evaluating a draft against the gold annotations', () => {
  it.each([FIRST, SECOND])(
    'gives 1.00 everywhere and no span mismatch for the gold of %s',
    (name) => {
      const seed = article(name);
      const evaluation = evaluateDraft(seed.gold, draftFromGold(seed.gold), seed.text);
      expect(allRatios(evaluation).every((ratio) => ratio === 1)).toBe(true);
      expect(evaluation.quotes.gold).toBeGreaterThan(0);
      expect(evaluation.spanIntegrity.mismatches).toEqual([]);
      expect(evaluation.spanIntegrity.spans).toBe(allSpans(seed.gold).length);
    },
  );

  it('lowers person recall by exactly one mention when the draft leaves one out', () => {
    const draft = draftFromGold();
    const lieberthal = entity(draft, 'person:kenneth-lieberthal');
    const removed = lieberthal.mentions.findIndex((mention) => mention.kind === undefined);
    lieberthal.mentions.splice(removed, 1);
    const evaluation = evaluateDraft(gold, draft, text);
    for (const view of [evaluation.mentions, evaluation.nameMentions]) {
      const person = typeScore(view, 'Person');
      expect(person.matched).toBe(person.gold - 1);
      expect(person.recall).toBe((person.gold - 1) / person.gold);
      expect(person.precision).toBe(1);
      expect(typeScore(view, 'Company').f1).toBe(1);
    }
  });

  it('leaves name mentions untouched when the draft drops only a pronoun', () => {
    const draft = draftFromGold();
    const owner = draft.entities.find((candidate) =>
      candidate.mentions.some((mention) => mention.kind === 'pronoun'),
    );
    if (!owner) throw new Error('the gold has no pronoun mention');
    owner.mentions = owner.mentions.filter((mention) => mention.kind !== 'pronoun');
    const evaluation = evaluateDraft(gold, draft, text);
    expect(evaluation.mentions.allTypes.recall).toBeLessThan(1);
    expect(evaluation.nameMentions.allTypes.f1).toBe(1);
  });

  it('counts a drafted Organization for a gold Company only in the pooled row', () => {
    const draft = draftFromGold();
    const conoco = entity(draft, 'company:conocophillips');
    conoco.type = 'Organization';
    const mentions = conoco.mentions.length;
    const evaluation = evaluateDraft(gold, draft, text).mentions;
    const company = typeScore(evaluation, 'Company');
    expect(company.matched).toBe(company.gold - mentions);
    const organization = typeScore(evaluation, 'Organization');
    expect(organization.drafted).toBe(organization.gold + mentions);
    expect(organization.matched).toBe(organization.gold);
    expect(evaluation.organizationsAndCompanies.f1).toBe(1);
  });

  it('counts a quote whose speaker is swapped to another person as wrong, yet found', () => {
    const draft = draftFromGold();
    const quote = attributions(draft).find(
      (attribution) =>
        attribution.mode === 'direct_quote' && attribution.speaker === 'person:ryan-lance',
    );
    if (!quote) throw new Error('no direct quote of Ryan Lance');
    quote.speaker = 'person:kenneth-lieberthal';
    const { quotes } = evaluateDraft(gold, draft, text);
    expect(quotes.found).toBe(quotes.gold);
    expect(quotes.speakerRight).toBe(quotes.gold - 1);
    expect(quotes.speakerShare).toBe((quotes.gold - 1) / quotes.gold);
  });

  it('recognises speakers by their mention spans, whatever ids the draft gives them', () => {
    const draft = draftFromGold();
    const renamed = (id: string) => (id.startsWith('comment:') ? id : `${id}-drafted`);
    for (const drafted of draft.entities) drafted.id = renamed(drafted.id);
    for (const attribution of attributions(draft))
      attribution.speaker = renamed(attribution.speaker);
    expect(evaluateDraft(gold, draft, text).quotes.speakerShare).toBe(1);
  });

  it('maps a drafted entity to the gold one sharing most mentions, the lowest id on a tie', () => {
    const lance = entity(gold, 'person:ryan-lance');
    const lieberthal = entity(gold, 'person:kenneth-lieberthal');
    const [lanceFirst, lanceSecond] = lance.mentions;
    const [lieberthalFirst] = lieberthal.mentions;
    if (!lanceFirst || !lanceSecond || !lieberthalFirst) throw new Error('too few mentions');
    const draft = draftFromGold();
    draft.entities = [
      { ...lance, id: 'person:mostly-lance', mentions: [lanceFirst, lanceSecond, lieberthalFirst] },
      { ...lance, id: 'person:tied', mentions: [lanceFirst, lieberthalFirst] },
      { ...lance, id: 'person:nobody', mentions: [{ start: 0, end: 1, exact: 'x' }] },
    ];
    const mapping = mapDraftedEntities(gold, draft);
    expect(mapping.get('person:mostly-lance')).toBe('person:ryan-lance');
    expect(mapping.get('person:tied')).toBe('person:kenneth-lieberthal');
    expect(mapping.has('person:nobody')).toBe(false);
  });

  it('treats comment speakers as the same only when their ids are equal', () => {
    const mapping = new Map([['person:drafted', 'person:ryan-lance']]);
    expect(sameSource('comment:6', 'comment:6', mapping)).toBe(true);
    expect(sameSource('comment:6', 'comment:7', mapping)).toBe(false);
    expect(sameSource('person:ryan-lance', 'person:drafted', mapping)).toBe(true);
    expect(sameSource('person:ryan-lance', 'comment:6', mapping)).toBe(false);
  });

  it('misses a cue whose span is off by one character, on both precision and recall', () => {
    const draft = draftFromGold();
    const cued = attributions(draft).find(
      (attribution) =>
        attribution.cue !== undefined &&
        attributions(gold).filter(
          (other) =>
            other.cue?.start === attribution.cue?.start && other.cue?.end === attribution.cue?.end,
        ).length === 1,
    );
    if (!cued?.cue) throw new Error('no cue used once');
    const { start, end } = cued.cue;
    cued.cue = { start, end: end + 1, exact: new CodePointText(text).slice(start, end + 1) };
    const { cues } = evaluateDraft(gold, draft, text);
    expect(cues.matched).toBe(cues.gold - 1);
    expect(cues.drafted).toBe(cues.gold);
    expect(cues.precision).toBeLessThan(1);
    expect(cues.recall).toBe((cues.gold - 1) / cues.gold);
  });

  it('lowers hedge recall when the draft misses a hedge', () => {
    const draft = draftFromGold();
    const hedged = attributions(draft).find((attribution) => (attribution.hedges ?? []).length > 0);
    if (!hedged) throw new Error('no hedge');
    hedged.hedges = hedged.hedges?.slice(1);
    const { hedges } = evaluateDraft(gold, draft, text);
    expect(hedges.matched).toBe(hedges.gold - 1);
    expect(hedges.precision).toBe(1);
  });

  it('counts an attribution whose polarity is flipped as disagreeing', () => {
    const draft = draftFromGold();
    const denial = attributions(draft).find((attribution) => attribution.polarity === 'negative');
    if (!denial) throw new Error('no negative attribution');
    denial.polarity = 'positive';
    const { polarity } = evaluateDraft(gold, draft, text);
    expect(polarity.compared).toBe(attributions(gold).length);
    expect(polarity.agreeing).toBe(polarity.compared - 1);
  });

  it('finds a quantity by overlap and judges its unit and value apart', () => {
    const draft = draftFromGold();
    const quantities = draft.claims.flatMap((claim) => claim.quantities ?? []);
    const [wrongUnit, rounded, shortened] = quantities;
    if (!wrongUnit || !rounded || !shortened) throw new Error('too few quantities');
    wrongUnit.unit = `${wrongUnit.unit}-other`;
    // A float product a parser may produce: the same value within 1e-9.
    const value = rounded.amount ?? rounded.lower ?? rounded.upper ?? 0;
    if (rounded.amount !== undefined) rounded.amount = value * (1 + 1e-12);
    else if (rounded.lower !== undefined) rounded.lower = value * (1 + 1e-12);
    else rounded.upper = value * (1 + 1e-12);
    const end = shortened.span.end - 1;
    shortened.span = {
      start: shortened.span.start,
      end,
      exact: new CodePointText(text).slice(shortened.span.start, end),
    };
    const evaluation = evaluateDraft(gold, draft, text);
    expect(evaluation.quantities.f1).toBe(1);
    expect(evaluation.quantityValues.compared).toBe(quantities.length);
    expect(evaluation.quantityValues.agreeing).toBe(quantities.length - 1);
  });

  it('counts every drafted span whose exact text differs from the text at its offsets', () => {
    const draft = draftFromGold();
    const lance = entity(draft, 'person:ryan-lance');
    const mention = lance.mentions[0];
    if (!mention) throw new Error('no mention');
    mention.start += 1;
    const quantity = draft.claims.flatMap((claim) => claim.quantities ?? [])[0];
    if (!quantity) throw new Error('no quantity');
    quantity.span = { start: text.length + 5, end: text.length + 9, exact: 'past' };
    draft.document.title = { ...draft.document.title, exact: `${draft.document.title.exact}!` };
    const { mismatches } = evaluateDraft(gold, draft, text).spanIntegrity;
    expect(mismatches).toHaveLength(3);
    expect(mismatches).toContainEqual(
      expect.objectContaining({
        path: `entities[${draft.entities.indexOf(lance)}].mentions[0]`,
        exact: 'Ryan Lance',
        actual: 'yan Lance',
      }),
    );
    expect(mismatches).toContainEqual(
      expect.objectContaining({ path: 'document.title', actual: gold.document.title.exact }),
    );
    expect(mismatches).toContainEqual(expect.objectContaining({ exact: 'past', actual: '' }));
  });

  it('checks spans in code points, so a UTF-16 offset past an emoji is a mismatch', () => {
    const second = article(SECOND);
    const indexed = new CodePointText(second.text);
    const emoji = indexed.characters.findIndex((character) => character.length > 1);
    const draft = draftFromGold(second.gold);
    const late = draft.entities
      .flatMap((candidate) => candidate.mentions)
      .find((candidate) => candidate.start > emoji);
    if (emoji < 0 || !late)
      throw new Error('the second article must have a mention after an emoji');
    const utf16Start = second.text.indexOf(late.exact, emoji);
    late.start = utf16Start;
    late.end = utf16Start + late.exact.length;
    const { mismatches } = evaluateDraft(second.gold, draft, second.text).spanIntegrity;
    expect(mismatches).toHaveLength(1);
  });
});

describe('the evaluation table', () => {
  const rows = [FIRST, SECOND].map((name) => {
    const seed = article(name);
    return {
      article: name,
      evaluation: evaluateDraft(seed.gold, draftFromGold(seed.gold), seed.text),
    };
  });
  const table = formatEvaluationTable(rows);
  const lines = table.split('\n');

  it('has a header and one summary row per article', () => {
    const header = lines.findIndex((line) => line.startsWith('| article |'));
    expect(header).toBeGreaterThanOrEqual(0);
    expect(lines[header + 1]).toMatch(/^\|(---\|)+$/);
    expect(lines.slice(header + 2, header + 4).map((line) => line.split(' | ')[0])).toEqual([
      `| ${FIRST}`,
      `| ${SECOND}`,
    ]);
    expect(lines[header + 4]).toBe('');
  });

  it('shows counts beside each score and numbers with two decimals', () => {
    expect(table).toContain('| measure | gold | drafted | matched | precision | recall | F1 |');
    const person = typeScore(evaluateDraft(gold, gold, text).mentions, 'Person');
    expect(table).toContain(
      `| mentions: Person | ${person.gold} | ${person.drafted} | ${person.matched} | 1.00 | 1.00 | 1.00 |`,
    );
    expect(table).not.toMatch(/\b\d+\.\d{3,}\b/);
  });

  it('lists the drafted spans that differ from the text', () => {
    const draft = draftFromGold();
    draft.document.title = { ...draft.document.title, exact: 'Not the headline' };
    const broken = formatEvaluationTable([
      { article: FIRST, evaluation: evaluateDraft(gold, draft, text) },
    ]);
    expect(broken).toContain('1 of');
    expect(broken).toContain('`document.title`');
    expect(broken).toContain('"Not the headline"');
  });
});
