import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ORGANIZATION_TYPES, PLACE_TYPES } from '../../src/domain/vocabulary.ts';
import { readSeed } from '../../src/seed/files.ts';
import type { Annotations, Claim, Span } from '../../src/seed/format.ts';
import { allSpans, sliceCodePoints } from '../../src/seed/spans.ts';
import { isArticleClaim, regionOfSpan, validateAnnotations } from '../../src/seed/validate.ts';

const seed = await readSeed();
const result = validateAnnotations(seed.annotations, seed.text, basename(seed.annotationsPath));
if (!result.ok) {
  throw new Error(
    `the shipped seed does not validate:\n${JSON.stringify(result.errors.slice(0, 10), null, 2)}`,
  );
}
const annotations: Annotations = result.annotations;
const text = seed.text;

function claimById(id: string): Claim {
  const claim = annotations.claims.find((candidate) => candidate.id === id);
  if (!claim) throw new Error(`no claim ${id}`);
  return claim;
}

describe('the shipped annotations of 000_6cfdbb14dfc71039', () => {
  it('validate with zero errors', () => {
    expect(result.ok).toBe(true);
  });

  it('have every span equal to the text at its code-point offsets', () => {
    const spans = allSpans(annotations);
    const paths = new Set(spans.map(({ path }) => path.replace(/\[\d+\]/g, '[]')));
    for (const expected of [
      'regions[].span',
      'entities[].mentions[]',
      'roles[].evidence[]',
      'relations[].evidence[]',
      'claims[].attributions[].evidence[]',
      'claims[].attributions[].hedges[]',
      'claims[].attributions[].cue',
      'claims[].quantities[].span',
      'stances[].evidence[]',
      'comments[].text',
      'document.title',
    ]) {
      expect(paths, `spans at ${expected}`).toContain(expected);
    }
    const mismatches = spans.filter(
      ({ span }) =>
        span.start >= span.end || sliceCodePoints(text, span.start, span.end) !== span.exact,
    );
    expect(mismatches).toEqual([]);
    expect(spans.length).toBeGreaterThan(500);
  });

  it('state no publication date, since the page states none', () => {
    expect(annotations.document.publicationDate).toBeNull();
  });

  it('invent nothing: the PLA unit stays unnamed', async () => {
    const yamlSource = await readFile(seed.annotationsPath, 'utf8');
    expect(yamlSource).not.toMatch(/61398/);
    const unit = annotations.entities.find(
      (entity) => entity.id === 'military:pla-unit-in-shanghai',
    );
    expect(unit?.named).toBe(false);
  });
});

describe('coverage floor', () => {
  const articleEntities = annotations.entities.filter((entity) => entity.scope === 'article');

  it('has the 8 named people of the body and byline, each mentioned outside the comments', () => {
    for (const id of [
      'person:xi-jinping',
      'person:barack-obama',
      'person:kenneth-lieberthal',
      'person:bill-clinton',
      'person:xu-guangyu',
      'person:ryan-lance',
      'person:william-guo',
      'person:damian-grammaticas',
    ]) {
      const person = articleEntities.find((entity) => entity.id === id);
      expect(person?.type, id).toBe('Person');
      expect(person?.named, id).toBe(true);
      const regionKinds = (person?.mentions ?? []).map(
        (mention) => regionOfSpan(annotations, mention)?.kind,
      );
      expect(
        regionKinds.some((kind) => kind !== 'comment'),
        id,
      ).toBe(true);
    }
  });

  it('has at least 18 organisations and companies and at least 10 places from the article', () => {
    expect(
      articleEntities.filter((entity) => ORGANIZATION_TYPES.includes(entity.type)).length,
    ).toBeGreaterThanOrEqual(18);
    expect(
      articleEntities.filter((entity) => PLACE_TYPES.includes(entity.type)).length,
    ).toBeGreaterThanOrEqual(10);
  });

  it('has the summit in California and the US-China CEO Dialogue in Beijing as events', () => {
    const events = annotations.entities
      .filter((entity) => entity.type === 'Event')
      .map((entity) => entity.id);
    expect(events).toEqual(
      expect.arrayContaining(['event:summit-in-california', 'event:us-china-ceo-dialogue']),
    );
    const locatedIn = annotations.relations
      .filter((relation) => relation.type === 'located_in')
      .map((relation) => `${relation.subject} -> ${relation.object}`);
    expect(locatedIn).toEqual(
      expect.arrayContaining([
        'event:summit-in-california -> area:california',
        'event:us-china-ceo-dialogue -> city:beijing',
      ]),
    );
  });

  it('has at least 30 article claims, each with a speaker', () => {
    const articleClaims = annotations.claims.filter(isArticleClaim);
    expect(articleClaims.length).toBeGreaterThanOrEqual(30);
    for (const claim of articleClaims) {
      expect(claim.attributions.length, claim.id).toBeGreaterThan(0);
      for (const attribution of claim.attributions)
        expect(attribution.speaker, claim.id).toBeTruthy();
    }
  });

  it('has at least 6 stance links', () => {
    expect(annotations.stances.length).toBeGreaterThanOrEqual(6);
  });

  it('has the 20 reader comments, numbered 22 down to 3, each with a claim of its own', () => {
    expect(annotations.comments.map((comment) => comment.number)).toEqual(
      Array.from({ length: 20 }, (_, index) => 22 - index),
    );
    for (const comment of annotations.comments) {
      const ownClaims = annotations.claims.filter((claim) =>
        claim.attributions.some(
          (attribution) => attribution.speaker === comment.id && attribution.mode === 'author',
        ),
      );
      expect(ownClaims.length, comment.id).toBeGreaterThan(0);
    }
  });
});

describe('content', () => {
  it('records "as much as $300bn (£192bn) a year" as upper bounds in USD and GBP per year', () => {
    const claim = annotations.claims.find((candidate) =>
      candidate.quantities?.some((quantity) => quantity.upper === 300e9),
    );
    expect(claim?.id).toBe('claim:commission-losses-up-to-300bn');
    const [dollars, pounds] = claim?.quantities ?? [];
    expect(dollars).toMatchObject({ upper: 300e9, unit: 'USD', period: 'year' });
    expect(dollars?.amount).toBeUndefined();
    expect(pounds).toMatchObject({ upper: 192e9, unit: 'GBP', period: 'year' });
    expect(claim?.attributions[0]?.speaker).toBe(
      'org:commission-on-the-theft-of-american-intellectual-property',
    );
  });

  it('records "50-80%" as bounds and keeps its hedge', () => {
    const claim = claimById('claim:commission-50-80-percent-by-china');
    expect(claim.quantities?.[0]).toMatchObject({ lower: 50, upper: 80, unit: 'percent' });
    expect(claim.attributions[0]?.hedges?.map((hedge) => hedge.exact)).toEqual([
      'were thought to be',
    ]);
    expect(claim.attributions[0]?.certainty).toBe('probable');
  });

  it('keeps the pull quote as the same claim as the body quote, with two evidence spans', () => {
    const claim = claimById('claim:spying-hundreds-of-years-old');
    expect(claim.attributions).toHaveLength(1);
    const evidence = claim.attributions[0]?.evidence ?? [];
    expect(evidence).toHaveLength(2);
    expect(evidence.map((span) => regionOfSpan(annotations, span)?.kind).sort()).toEqual([
      'body',
      'pull_quote',
    ]);
    expect(claim.attributions[0]?.speaker).toBe('person:xu-guangyu');
  });

  it('attributes the caption\'s "is enormous" to the same Lieberthal claim as the body quote', () => {
    const claim = claimById('claim:cyber-theft-quantity-enormous');
    const kinds = claim.attributions.map(
      (attribution) => regionOfSpan(annotations, attribution.evidence[0] as Span)?.kind,
    );
    expect(kinds).toEqual(['body', 'caption']);
    expect(claim.attributions.map((attribution) => attribution.mode)).toEqual([
      'direct_quote',
      'partial_quote',
    ]);
  });

  it("makes the college's denial deny Google's tracing", () => {
    const stance = annotations.stances.find(
      (candidate) => candidate.from === 'claim:college-involved-in-attacks',
    );
    expect(stance).toMatchObject({ type: 'denies', to: 'claim:google-traced-hacking-to-college' });
    const denial = claimById('claim:college-involved-in-attacks');
    expect(denial.type).toBe('denial');
    expect(denial.attributions[0]).toMatchObject({
      speaker: 'org:technology-college-in-shandong',
      polarity: 'negative',
    });
  });

  it("nests William Guo's hearsay: unnamed claimants, relayed by Guo, reported by the author", () => {
    const claim = claimById('claim:hacker-group-earned-over-10m');
    expect(claim.quantities?.[0]).toMatchObject({ lower: 10e6, unit: 'USD' });
    expect(claim.attributions[0]).toMatchObject({
      speaker: 'group:unnamed-claimants',
      via: ['person:william-guo'],
      reporter: 'person:damian-grammaticas',
    });
  });

  it('keeps reader comments apart: their claims speak in their own region, in mode author', () => {
    const commentRegionById = new Map(
      annotations.comments.map((comment) => [comment.id, comment.region]),
    );
    for (const claim of annotations.claims.filter((candidate) => !isArticleClaim(candidate))) {
      for (const attribution of claim.attributions) {
        const voice = attribution.reporter ?? attribution.speaker;
        const regionId = commentRegionById.get(voice);
        expect(regionId, claim.id).toBeDefined();
        for (const span of attribution.evidence)
          expect(regionOfSpan(annotations, span)?.id, claim.id).toBe(regionId);
      }
    }
  });
});
