import { describe, expect, it } from 'vitest';
import {
  createEntityPool,
  type EntityPool,
  type GeneratedDocument,
  generateDocument,
  mulberry32,
  zipfSampler,
} from '../../bench/scale/generate.ts';
import { ENTITY_ID_PREFIXES } from '../../src/domain/vocabulary.ts';
import type { Span } from '../../src/seed/format.ts';
import { CodePointText, codePointLength } from '../../src/seed/spans.ts';
import { formatSeedError, validateAnnotations } from '../../src/seed/validate.ts';

const SEEDS = [1, 42];
const POOL_SIZE = 1500;
const pools = new Map<number, EntityPool>(
  SEEDS.map((seed) => [seed, createEntityPool(seed, POOL_SIZE)]),
);

function poolOf(seed: number): EntityPool {
  const pool = pools.get(seed);
  if (!pool) throw new Error(`no pool for seed ${seed}`);
  return pool;
}

function documents(seed: number, count: number): GeneratedDocument[] {
  return Array.from({ length: count }, (_unused, index) =>
    generateDocument({ seed, index, pool: poolOf(seed) }),
  );
}

const generated = SEEDS.map((seed) => ({ seed, documents: documents(seed, 30) }));

/** Every `{ start, end, exact }` under `value`, with its JSON path. */
function spansIn(value: unknown, path = ''): Array<{ path: string; span: Span }> {
  if (Array.isArray(value))
    return value.flatMap((item, index) => spansIn(item, `${path}[${index}]`));
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  const own =
    typeof record.start === 'number' &&
    typeof record.end === 'number' &&
    typeof record.exact === 'string'
      ? [{ path, span: { start: record.start, end: record.end, exact: record.exact } }]
      : [];
  return [
    ...own,
    ...Object.entries(record).flatMap(([key, child]) => spansIn(child, `${path}.${key}`)),
  ];
}

describe('scale generator: documents', () => {
  it.each(generated)(
    'passes the seed validator with zero errors (seed $seed, indexes 0-29)',
    ({ documents }) => {
      for (const document of documents) {
        const result = validateAnnotations(document.annotations, document.text, document.name);
        const errors = result.ok ? [] : result.errors.map(formatSeedError);
        expect(errors).toEqual([]);
      }
    },
  );

  it('puts every span exactly where its text is, counting code points', () => {
    for (const document of generated.flatMap(({ documents }) => documents.slice(0, 4))) {
      const spans = spansIn(document.annotations);
      expect(spans.length).toBeGreaterThan(500);
      // The text split into code points once, and one assertion a document naming every span
      // that is off: splitting it again for each span took seconds.
      const text = new CodePointText(document.text);
      const misplaced = spans
        .map(({ path, span }) => ({
          path,
          expected: span.exact,
          found: text.slice(span.start, span.end),
        }))
        .filter(({ expected, found }) => expected !== found);
      expect(misplaced).toEqual([]);
    }
  });

  it('includes characters beyond the BMP, so code points and UTF-16 offsets differ', () => {
    for (const document of generated.flatMap(({ documents }) => documents)) {
      expect(document.text).toMatch(/\p{Extended_Pictographic}/u);
      expect(codePointLength(document.text)).toBe(document.annotations.document.codePoints);
      expect(document.text.length).toBeGreaterThan(document.annotations.document.codePoints);
    }
  });

  it('names documents and their ids after the seed and index', () => {
    const document = generateDocument({ seed: 42, index: 7, pool: poolOf(42) });
    expect(document.name).toBe('gen-42-00007');
    expect(document.annotations.document.id).toBe('doc:gen-42-00007');
    expect(document.annotations.document.sourceFile).toBe('gen-42-00007.txt');
  });

  it('is shaped like the real article: size, entities, mentions, claims, stances', () => {
    for (const document of generated.flatMap(({ documents }) => documents)) {
      const { annotations } = document;
      const mentions = annotations.entities.reduce(
        (sum, entity) => sum + entity.mentions.length,
        0,
      );
      const commentClaims = annotations.claims.filter((claim) =>
        claim.attributions.some((attribution) => attribution.speaker.startsWith('comment:')),
      );
      expect(annotations.document.codePoints).toBeGreaterThan(12_000);
      expect(annotations.document.codePoints).toBeLessThan(25_000);
      expect(annotations.entities.length).toBeGreaterThanOrEqual(40);
      expect(annotations.entities.length).toBeLessThanOrEqual(100);
      expect(mentions).toBeGreaterThan(150);
      expect(annotations.claims.length).toBeGreaterThan(60);
      expect(commentClaims.length).toBeGreaterThan(10);
      expect(annotations.stances.length).toBeGreaterThan(20);
      expect(annotations.comments.length).toBeGreaterThan(10);
      expect(annotations.roles.length).toBeGreaterThan(0);
      expect(annotations.relations.length).toBeGreaterThan(0);
    }
  });

  it('writes quotes, paraphrases, denials, hedges, quantities and comment claims', () => {
    const annotations = generated.flatMap(({ documents }) => documents).map((d) => d.annotations);
    const attributions = annotations.flatMap((a) =>
      a.claims.flatMap((claim) => claim.attributions),
    );
    const modes = new Set(attributions.map((attribution) => attribution.mode));
    expect([...modes].sort()).toEqual([
      'author',
      'direct_quote',
      'paraphrase',
      'partial_quote',
      'reported',
    ]);
    const claims = annotations.flatMap((a) => a.claims);
    expect(claims.some((claim) => claim.attributions.length > 1)).toBe(true);
    expect(attributions.some((a) => a.polarity === 'negative')).toBe(true);
    expect(attributions.some((a) => a.hedges?.some((h) => h.exact === 'is believed to'))).toBe(
      true,
    );
    expect(attributions.some((a) => a.speaker.startsWith('comment:'))).toBe(true);
    const quantities = annotations.flatMap((a) => a.claims.flatMap((c) => c.quantities ?? []));
    const units = new Set(quantities.map((quantity) => quantity.unit));
    for (const unit of ['USD', 'GBP', 'percent', 'job', 'year']) expect(units).toContain(unit);
    expect(quantities.some((q) => q.lower !== undefined && q.upper !== undefined)).toBe(true);
    const stanceTypes = new Set(annotations.flatMap((a) => a.stances.map((stance) => stance.type)));
    expect([...stanceTypes].sort()).toEqual(['denies', 'disputes', 'qualifies', 'supports']);
  });
});

describe('scale generator: determinism', () => {
  it('gives byte-identical documents for the same seed and index', () => {
    for (const index of [0, 5, 29]) {
      const first = generateDocument({ seed: 1, index, pool: createEntityPool(1, POOL_SIZE) });
      const second = generateDocument({ seed: 1, index, pool: createEntityPool(1, POOL_SIZE) });
      expect(second.text).toBe(first.text);
      expect(JSON.stringify(second.annotations)).toBe(JSON.stringify(first.annotations));
      expect(second.text).toBe(generated[0]?.documents[index]?.text);
    }
  });

  it('gives different documents for different indexes and seeds', () => {
    const texts = generated.flatMap(({ documents }) => documents.map((document) => document.text));
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('builds the same pool from the same seed', () => {
    expect(JSON.stringify(createEntityPool(42, POOL_SIZE).entities)).toBe(
      JSON.stringify(poolOf(42).entities),
    );
  });
});

describe('scale generator: the shared entity pool', () => {
  it('has exactly the requested size, unique ids and names, and ids with their type prefix', () => {
    for (const size of [100, POOL_SIZE]) {
      const pool = createEntityPool(3, size);
      const ids = pool.entities.map((entity) => entity.id);
      expect(pool.entities).toHaveLength(size);
      expect(new Set(ids).size).toBe(size);
      expect(new Set(pool.entities.map((entity) => entity.name)).size).toBe(size);
      for (const entity of pool.entities) {
        expect(entity.id).toMatch(
          new RegExp(`^${ENTITY_ID_PREFIXES[entity.type]}:[a-z0-9]+(?:-[a-z0-9]+)*$`),
        );
      }
    }
  });

  it('gives an entity the same name, type, aliases and description in every document', () => {
    for (const { seed, documents } of generated) {
      const pool = poolOf(seed);
      const seen = new Map<string, string>();
      for (const document of documents) {
        for (const entity of document.annotations.entities) {
          const fields = JSON.stringify([
            entity.type,
            entity.name,
            entity.named,
            entity.scope,
            entity.aliases,
            entity.description,
          ]);
          expect(seen.get(entity.id) ?? fields).toBe(fields);
          seen.set(entity.id, fields);
          const pooled = pool.get(entity.id);
          expect([entity.type, entity.name, entity.aliases, entity.description]).toEqual([
            pooled.type,
            pooled.name,
            [...pooled.aliases],
            pooled.description,
          ]);
        }
      }
      expect(seen.size).toBeGreaterThan(200);
    }
  });

  it('skews mentions: the most frequent entity is in most documents, the median one in few', () => {
    const count = 200;
    const documentsMentioning = new Map<string, number>();
    for (const document of documents(1, count)) {
      for (const entity of document.annotations.entities) {
        documentsMentioning.set(entity.id, (documentsMentioning.get(entity.id) ?? 0) + 1);
      }
    }
    const frequencies = [...documentsMentioning.values()].sort((a, b) => b - a);
    const median = frequencies[Math.floor(frequencies.length / 2)] ?? 0;
    expect(frequencies[0]).toBeGreaterThan(count * 0.8);
    expect(median).toBeLessThanOrEqual(count * 0.05);
    // Most of the pool's entities turn up somewhere, but most of those in only a handful.
    expect(documentsMentioning.size).toBeGreaterThan(POOL_SIZE / 2);
  });
});

describe('scale generator: Zipf sampling', () => {
  it('draws rank r about 1 / r^s as often as rank 1', () => {
    const sampler = zipfSampler(Array.from({ length: 1000 }, (_unused, index) => index + 1));
    const random = mulberry32(7);
    const draws = new Map<number, number>();
    for (let draw = 0; draw < 50_000; draw++) {
      const rank = sampler.sample(random);
      draws.set(rank, (draws.get(rank) ?? 0) + 1);
    }
    const first = draws.get(1) ?? 0;
    const tenth = draws.get(10) ?? 0;
    expect(tenth / first).toBeGreaterThan(10 ** -1.1 * 0.7);
    expect(tenth / first).toBeLessThan(10 ** -1.1 * 1.3);
  });
});
