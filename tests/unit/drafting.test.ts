import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXTRACTOR, draftArticle } from '../../src/drafting/index.ts';
import { DEFAULT_SEED_DIR, readSeed } from '../../src/seed/files.ts';
import type { Annotations } from '../../src/seed/format.ts';
import { validateAnnotations } from '../../src/seed/validate.ts';

const FOLLOWUP = await readSeed(DEFAULT_SEED_DIR, '001_cyber-followup');
const ARTICLE = await readSeed(DEFAULT_SEED_DIR, '000_6cfdbb14dfc71039');

function draft(text: string, known: Parameters<typeof draftArticle>[0]['known'] = []) {
  return draftArticle({ text, sourceFile: 'article.txt', known });
}

function entityNamed(annotations: Annotations, name: string) {
  const entity = annotations.entities.find((item) => item.name === name);
  if (!entity) throw new Error(`no entity named ${name}`);
  return entity;
}

/** An article nobody annotated, written for this test. */
const UNSEEN = `Port authority fines shipping firm over harbour spill

A regional port authority has fined a shipping company for an oil spill, and the company says the penalty is unfair.

The Northgate Port Authority fined Tarrow Shipping £2.5m on Tuesday over a spill that closed the harbour for three days. “This was entirely avoidable,” said Helen Marsh, the authority's chief inspector. Ms Marsh said the clean-up cost between £1m and £1.4m.

Tarrow Shipping denied that its crew had ignored safety warnings. “We followed every procedure,” said Omar Patel, a spokesman for the firm. He said the company would appeal, and that the fine appears to be the largest in the port's history.

By Lena Ortiz, Maritime correspondent, Harbour Daily
`;

describe('drafting an article', () => {
  it('drafts both seed articles into annotations the validator accepts, every span the text at its offsets', () => {
    for (const seed of [ARTICLE, FOLLOWUP]) {
      const annotations = draftArticle({ text: seed.text, sourceFile: 'a.txt', known: [] });
      const validation = validateAnnotations(annotations, seed.text, 'draft');
      expect(validation.ok ? [] : validation.errors).toEqual([]);
      expect(annotations.document.sha256).toBe(
        createHash('sha256').update(seed.text).digest('hex'),
      );
    }
  });

  it('links short forms to the full name and finds the speaker of each quote, through "he said" too', () => {
    const annotations = draft(FOLLOWUP.text);
    expect(entityNamed(annotations, 'Grace Okafor').mentions.map((m) => m.exact)).toEqual([
      'Grace Okafor',
      'Ms Okafor',
      'Ms Okafor',
      'Ms Okafor',
    ]);
    const quote = annotations.claims.find((claim) =>
      claim.attributions[0]?.evidence[0]?.exact.startsWith('Addresses can be borrowed'),
    );
    expect(quote?.attributions[0]).toMatchObject({
      speaker: 'person:daniel-whitcombe',
      reporter: 'person:clara-vance',
      mode: 'direct_quote',
      cue: { exact: 'said' },
    });
    expect(entityNamed(annotations, 'Daniel Whitcombe').mentions).toContainEqual(
      expect.objectContaining({ exact: 'he', kind: 'pronoun' }),
    );
  });

  it('marks a denial as negative and a hedge as lowering certainty', () => {
    const annotations = draft(FOLLOWUP.text);
    const denial = annotations.claims.find((claim) => claim.type === 'denial');
    expect(denial?.attributions[0]).toMatchObject({
      speaker: 'person:zhou-lan',
      mode: 'paraphrase',
      cue: { exact: 'denied' },
      polarity: 'negative',
    });
    const hedged = annotations.claims.find((claim) =>
      claim.attributions[0]?.hedges?.some((hedge) => hedge.exact === 'appears to be'),
    );
    expect(hedged?.attributions[0]?.certainty).toBe('probable');
  });

  it("gives a comment's quotation of another comment to the comment that wrote it first", () => {
    const relayed = draft(ARTICLE.text).claims.flatMap((claim) =>
      claim.attributions.filter((a) => a.reporter?.startsWith('comment:')),
    );
    expect(relayed).toContainEqual(
      expect.objectContaining({
        speaker: 'comment:6',
        reporter: 'comment:10',
        mode: 'direct_quote',
        cue: expect.objectContaining({ exact: 'Re' }),
        evidence: [expect.objectContaining({ exact: 'The US can bankrupt China any time' })],
      }),
    );
  });

  it('keeps what the page only describes as an unnamed entity that later references point to', () => {
    const college = draft(FOLLOWUP.text).entities.find(
      (entity) => entity.name === 'technology college in Shandong province',
    );
    expect(college).toMatchObject({ named: false, type: 'Organization' });
    expect(college?.mentions.map((m) => m.exact)).toEqual([
      'The technology college in Shandong province',
      'the college',
      'Our college',
      'the college',
    ]);
  });

  it('reads money ranges with their currency and percentages as numbers', () => {
    const quantities = draft(FOLLOWUP.text).claims.flatMap((claim) => claim.quantities ?? []);
    expect(quantities).toContainEqual(
      expect.objectContaining({ lower: 1.2e9, upper: 1.8e9, unit: 'USD' }),
    );
    expect(quantities).toContainEqual(expect.objectContaining({ amount: 35, unit: 'percent' }));
  });

  it('recognises entities the graph already holds by their names, keeping the graph’s ids', () => {
    const annotations = draft(FOLLOWUP.text, [
      { id: 'gov:us-defense-department', type: 'GovernmentBody', names: ['Pentagon', 'DoD'] },
    ]);
    expect(
      annotations.entities.find((e) => e.id === 'gov:us-defense-department')?.mentions,
    ).toHaveLength(2);
  });

  it('drafts an article it has never seen into valid annotations with its people, quotes and figures', () => {
    const annotations = draft(UNSEEN);
    const validation = validateAnnotations(annotations, UNSEEN, 'draft');
    expect(validation.ok ? [] : validation.errors).toEqual([]);
    expect(annotations.document.authors).toMatchObject([
      { entity: 'person:lena-ortiz', role: 'Maritime correspondent' },
    ]);
    expect(annotations.document.publisher.entity).toBe('org:harbour-daily');
    expect(entityNamed(annotations, 'Helen Marsh').mentions.map((m) => m.exact)).toEqual([
      'Helen Marsh',
      'Ms Marsh',
    ]);
    const speakers = annotations.claims.flatMap((claim) =>
      claim.attributions
        .filter((a) => a.mode === 'direct_quote')
        .map((a) => [a.evidence[0]?.exact, a.speaker]),
    );
    expect(speakers).toEqual([
      ['This was entirely avoidable', 'person:helen-marsh'],
      ['We followed every procedure', 'person:omar-patel'],
    ]);
    const quantities = annotations.claims.flatMap((claim) => claim.quantities ?? []);
    expect(quantities).toContainEqual(expect.objectContaining({ amount: 2.5e6, unit: 'GBP' }));
    expect(quantities).toContainEqual(
      expect.objectContaining({ lower: 1e6, upper: 1.4e6, unit: 'GBP' }),
    );
  });

  it('names the extractor and its version, for the draft to carry', () => {
    expect(DEFAULT_EXTRACTOR).toMatchObject({ name: 'dossier-rules', version: expect.any(String) });
  });
});
