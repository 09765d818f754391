import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SEED_DIR, readSeed } from '../../src/seed/files.ts';
import type { Annotations, Claim, Entity } from '../../src/seed/format.ts';
import { allSpans, codePointLength, sliceCodePoints } from '../../src/seed/spans.ts';
import { regionOfSpan, validateAnnotations } from '../../src/seed/validate.ts';

const SECOND_SEED_NAME = '001_cyber-followup';

/** Reads a seed and validates it; throws, listing the first errors, when it does not validate. */
async function loadValidSeed(name?: string): Promise<{ annotations: Annotations; text: string }> {
  const seed = await readSeed(DEFAULT_SEED_DIR, name);
  const result = validateAnnotations(seed.annotations, seed.text, basename(seed.annotationsPath));
  if (!result.ok) {
    throw new Error(
      `seed ${name ?? 'default'} does not validate:\n${JSON.stringify(result.errors.slice(0, 10), null, 2)}`,
    );
  }
  return { annotations: result.annotations, text: seed.text };
}

const first = await loadValidSeed();
const { annotations, text } = await loadValidSeed(SECOND_SEED_NAME);

function entityById(source: Annotations, id: string): Entity {
  const entity = source.entities.find((candidate) => candidate.id === id);
  if (!entity) throw new Error(`no entity ${id}`);
  return entity;
}

function claimsWithMode(mode: string): Claim[] {
  return annotations.claims.filter((claim) =>
    claim.attributions.some((attribution) => attribution.mode === mode),
  );
}

describe('the annotations of the second article, 001_cyber-followup', () => {
  it('validate with zero errors', async () => {
    const seed = await readSeed(DEFAULT_SEED_DIR, SECOND_SEED_NAME);
    const result = validateAnnotations(seed.annotations, seed.text, basename(seed.annotationsPath));
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(annotations.document.id).toBe('doc:001-cyber-followup');
    expect(annotations.document.sourceFile).toBe(`${SECOND_SEED_NAME}.txt`);
  });

  it('have every span equal to the text at its code-point offsets', () => {
    const spans = allSpans(annotations);
    expect(spans.length).toBeGreaterThan(100);
    const mismatches = spans.filter(
      ({ span }) =>
        span.start >= span.end || sliceCodePoints(text, span.start, span.end) !== span.exact,
    );
    expect(mismatches).toEqual([]);
  });

  it('count offsets in code points, not UTF-16 units, past the emoji in a reader comment', () => {
    expect(codePointLength(text)).toBe(annotations.document.codePoints);
    expect(text.length).toBeGreaterThan(codePointLength(text));
    const emojiOffset = [...text].findIndex((character) => character.length > 1);
    const commentRegion = annotations.regions.find(
      (region) => region.span.start <= emojiOffset && emojiOffset < region.span.end,
    );
    expect(commentRegion?.kind).toBe('comment');
    const spansAfterEmoji = allSpans(annotations)
      .map(({ span }) => span)
      .filter((span) => span.start > emojiOffset);
    expect(spansAfterEmoji.length).toBeGreaterThan(0);
    for (const span of spansAfterEmoji) {
      expect(sliceCodePoints(text, span.start, span.end)).toBe(span.exact);
      expect(text.slice(span.start, span.end)).not.toBe(span.exact);
    }
  });
});

describe('what the second article promises', () => {
  it('has at least three direct quotes, each from a speaker with a speech cue', () => {
    const quotes = annotations.claims.flatMap((claim) =>
      claim.attributions.filter((attribution) => attribution.mode === 'direct_quote'),
    );
    expect(quotes.length).toBeGreaterThanOrEqual(3);
    for (const quote of quotes) {
      expect(quote.cue?.exact, quote.speaker).toBeTruthy();
      expect(quote.reporter).toBe('person:clara-vance');
    }
  });

  it('quotes only people the first article does not name, never a real person', () => {
    const firstPeople = new Set(
      first.annotations.entities
        .filter((entity) => entity.type === 'Person')
        .map((entity) => entity.name),
    );
    const speakers = claimsWithMode('direct_quote').flatMap((claim) =>
      claim.attributions
        .filter((attribution) => attribution.mode === 'direct_quote')
        .map((attribution) => entityById(annotations, attribution.speaker)),
    );
    for (const speaker of speakers) {
      expect(speaker.type).toBe('Person');
      expect(firstPeople.has(speaker.name), speaker.name).toBe(false);
    }
  });

  it('has a partial quote, a paraphrase and a hedged claim', () => {
    expect(claimsWithMode('partial_quote').length).toBeGreaterThan(0);
    expect(claimsWithMode('paraphrase').length).toBeGreaterThan(0);
    const hedges = annotations.claims.flatMap((claim) =>
      claim.attributions.flatMap((attribution) => attribution.hedges ?? []),
    );
    expect(hedges.map((hedge) => hedge.exact)).toEqual(
      expect.arrayContaining(['is believed to', 'appears to be']),
    );
  });

  it("has the college's denial, negative and denying Google's tracing", () => {
    const denial = annotations.claims.find((claim) => claim.type === 'denial');
    expect(denial?.id).toBe('claim:college-had-part-in-attacks');
    for (const attribution of denial?.attributions ?? [])
      expect(attribution.polarity).toBe('negative');
    expect(denial?.attributions.map((attribution) => attribution.mode)).toContain('direct_quote');
    const stance = annotations.stances.find((candidate) => candidate.from === denial?.id);
    expect(stance).toMatchObject({
      type: 'denies',
      to: 'claim:google-traced-hacking-to-shandong-college',
    });
  });

  it('records "between $1.2bn and $1.8bn" as USD bounds and "35%" as a percentage', () => {
    const money = annotations.claims
      .flatMap((claim) => claim.quantities ?? [])
      .find((quantity) => quantity.unit === 'USD');
    expect(money).toMatchObject({ lower: 1.2e9, upper: 1.8e9 });
    expect(money?.amount).toBeUndefined();
    expect(money?.span.exact).toBe('between $1.2bn and $1.8bn');
    const share = annotations.claims
      .flatMap((claim) => claim.quantities ?? [])
      .find((quantity) => quantity.unit === 'percent');
    expect(share).toMatchObject({ amount: 35, span: { exact: '35%' } });
  });

  it('has a later short form of a name and a pronoun mention', () => {
    expect(entityById(annotations, 'person:grace-okafor').aliases).toContain('Ms Okafor');
    const pronouns = annotations.entities.flatMap((entity) =>
      entity.mentions.filter((mention) => mention.kind === 'pronoun'),
    );
    expect(pronouns.length).toBeGreaterThan(0);
  });

  it('says in its body that it is fictional', () => {
    const body = annotations.regions.filter((region) => region.kind === 'body');
    expect(body.at(-1)?.span.exact).toMatch(
      /This article is fictional and was written to test Dossier\.$/,
    );
  });
});

describe('entities shared with the first article', () => {
  it('shares at least four entity ids with the first article', () => {
    const firstIds = new Set(first.annotations.entities.map((entity) => entity.id));
    const shared = annotations.entities.filter((entity) => firstIds.has(entity.id));
    expect(shared.length).toBeGreaterThanOrEqual(4);
    expect(shared.map((entity) => entity.id)).toEqual(
      expect.arrayContaining(['company:google', 'company:mandiant', 'country:china', 'country:us']),
    );
    for (const entity of shared)
      expect(entity.type, entity.id).toBe(entityById(first.annotations, entity.id).type);
  });

  it('gives two shared entities ids of their own, matching the first article by name or alias', () => {
    for (const [ownId, firstId] of [
      ['gov:us-defense-department', 'gov:pentagon'],
      ['military:pla', 'military:peoples-liberation-army'],
    ] as const) {
      expect(first.annotations.entities.some((entity) => entity.id === ownId)).toBe(false);
      const own = entityById(annotations, ownId);
      const original = entityById(first.annotations, firstId);
      expect(own.type).toBe(original.type);
      expect([original.name, ...original.aliases]).toContain(own.name);
    }
  });

  it('keeps article claims in the article regions', () => {
    for (const claim of annotations.claims) {
      for (const attribution of claim.attributions) {
        const voice = attribution.reporter ?? attribution.speaker;
        for (const span of attribution.evidence) {
          const kind = regionOfSpan(annotations, span)?.kind;
          if (voice.startsWith('comment:')) expect(kind, claim.id).toBe('comment');
          else expect(kind, claim.id).not.toBe('comment');
        }
      }
    }
  });
});
