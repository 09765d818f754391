import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readSeed } from '../../src/seed/files.ts';
import type { Annotations, Claim, Entity, Region } from '../../src/seed/format.ts';
import { CodePointText, codePointLength, sliceCodePoints } from '../../src/seed/spans.ts';
import { formatSeedError, type SeedError, validateAnnotations } from '../../src/seed/validate.ts';

const FILE = 'test.annotations.yaml';
const seed = await readSeed();
const shipped = validateAnnotations(seed.annotations, seed.text, FILE);
if (!shipped.ok) throw new Error('the shipped seed must validate for these tests to mean anything');
const pristine: Annotations = shipped.annotations;

/** A deep copy of the shipped annotations, to break on purpose. */
function copy(): Annotations {
  return structuredClone(pristine);
}

function find<T extends { id: string }>(items: T[], id: string): T {
  const item = items.find((candidate) => candidate.id === id);
  if (!item) throw new Error(`no item ${id}`);
  return item;
}

function indexOfEntity(id: string): number {
  return pristine.entities.findIndex((entity) => entity.id === id);
}

function errorsOf(annotations: unknown, text = seed.text): SeedError[] {
  const result = validateAnnotations(annotations, text, FILE);
  if (result.ok) throw new Error('expected validation to fail');
  return result.errors;
}

/** What an expected error must show: its item, maybe its path, and a message pattern. */
interface ExpectedError {
  item: string;
  path?: string;
  message: RegExp;
}

function matching(expected: ExpectedError) {
  return expect.objectContaining({
    ...expected,
    file: FILE,
    message: expect.stringMatching(expected.message),
  });
}

// Each mutation breaks one rule; `expected` matches the error it must produce.
const mutations: Array<{
  name: string;
  apply: (annotations: Annotations) => void;
  expected: ExpectedError;
}> = [
  {
    name: 'a wrong offset',
    apply: (annotations) => {
      const mention = find(annotations.entities, 'person:ryan-lance').mentions[0];
      if (mention) mention.start += 1;
    },
    expected: {
      item: 'person:ryan-lance',
      path: `entities[${indexOfEntity('person:ryan-lance')}].mentions[0]`,
      message:
        /exact does not match .*expected \(the text\) "yan Lance", actual \(exact\) "Ryan Lance"; it occurs at/,
    },
  },
  {
    name: 'a dangling reference',
    apply: (annotations) => {
      find(annotations.claims, 'claim:google-traced-hacking-to-college').about.push(
        'org:unit-61398',
      );
    },
    expected: {
      item: 'claim:google-traced-hacking-to-college',
      message: /dangling reference: no entity has id "org:unit-61398"/,
    },
  },
  {
    name: 'a duplicate id',
    apply: (annotations) => {
      find(annotations.stances, 'stance:c9-disputes-c5-power').id =
        'stance:college-denies-google-tracing';
    },
    expected: {
      item: 'stance:college-denies-google-tracing',
      message: /duplicate id "stance:college-denies-google-tracing"/,
    },
  },
  {
    name: 'an entity without mention',
    apply: (annotations) => {
      find(annotations.entities, 'company:mandiant').mentions = [];
    },
    expected: { item: 'company:mandiant', message: /entity has no mention/ },
  },
  {
    name: 'a claim without attribution',
    apply: (annotations) => {
      find(annotations.claims, 'claim:spying-is-normal').attributions = [];
    },
    expected: { item: 'claim:spying-is-normal', message: /claim has no attribution/ },
  },
  {
    name: 'overlapping regions',
    apply: (annotations) => {
      // Start the Lieberthal caption ten code points early, inside body-1, with a correct exact.
      const caption = find(annotations.regions, 'region:caption-lieberthal');
      const start = caption.span.start - 10;
      caption.span = {
        start,
        end: caption.span.end,
        exact: sliceCodePoints(seed.text, start, caption.span.end),
      };
    },
    expected: { item: 'region:caption-lieberthal', message: /region overlaps region:body-1/ },
  },
  {
    name: 'an attribution without evidence',
    apply: (annotations) => {
      const attribution = find(annotations.claims, 'claim:attacks-very-common').attributions[0];
      if (attribution) attribution.evidence = [];
    },
    expected: { item: 'claim:attacks-very-common', message: /no evidence span/ },
  },
  {
    name: 'a comment claim quoting words outside its comment',
    apply: (annotations) => {
      const attribution = find(annotations.claims, 'claim:c13-us-cannot-protect-secrets')
        .attributions[0];
      const evidence = find(annotations.claims, 'claim:c3-this-is-war').attributions[0]?.evidence;
      if (attribution && evidence) attribution.evidence = structuredClone(evidence);
    },
    expected: {
      item: 'claim:c13-us-cannot-protect-secrets',
      message: /should lie in the region of comment:13/,
    },
  },
];

describe('validateAnnotations', () => {
  it('accepts the shipped annotations and counts them', () => {
    expect(shipped.ok && shipped.counts.comments).toBe(20);
  });

  for (const mutation of mutations) {
    it(`catches ${mutation.name}`, () => {
      const annotations = copy();
      mutation.apply(annotations);
      const errors = errorsOf(annotations);
      expect(errors).toContainEqual(matching(mutation.expected));
    });
  }

  it('reports every error at once, not just the first', () => {
    const annotations = copy();
    for (const mutation of mutations) mutation.apply(annotations);
    const errors = errorsOf(annotations);
    for (const mutation of mutations) {
      expect(errors, mutation.name).toContainEqual(matching(mutation.expected));
    }
  });

  it('reports schema errors with their path and still checks the rest', () => {
    const annotations = copy() as unknown as {
      claims: Array<Record<string, unknown>>;
      entities: Entity[];
    };
    const firstClaim = annotations.claims[0];
    if (firstClaim) firstClaim.type = 'rumour';
    const mention = annotations.entities[0]?.mentions[0];
    if (mention) mention.end += 2;
    const errors = errorsOf(annotations);
    expect(errors).toContainEqual(
      expect.objectContaining({
        path: 'claims[0].type',
        message: expect.stringMatching(/^schema:/),
      }),
    );
    expect(errors).toContainEqual(
      expect.objectContaining({
        path: 'entities[0].mentions[0]',
        message: expect.stringMatching(/exact does not match/),
      }),
    );
    // The broken claim is reported once, by the schema; stances pointing at it do not dangle.
    expect(errors.filter((error) => /dangling/.test(error.message))).toEqual([]);
  });

  it('rejects spans that are empty, reversed or past the end of the text', () => {
    const annotations = copy();
    const mentions = find(annotations.entities, 'person:xu-guangyu').mentions;
    const [first, second] = mentions;
    if (first) Object.assign(first, { end: first.start });
    if (second) Object.assign(second, { start: 20_000, end: 20_010 });
    const messages = errorsOf(annotations).map((error) => error.message);
    expect(messages).toContainEqual(expect.stringMatching(/must be before end/));
    expect(messages).toContainEqual(expect.stringMatching(/past the end of the text/));
  });

  it('rejects a text that is not the annotated one', () => {
    const errors = errorsOf(copy(), `${seed.text} `);
    expect(errors.map((error) => error.path)).toEqual(
      expect.arrayContaining(['document.codePoints', 'document.sha256']),
    );
  });

  it('rejects input that is not a mapping', () => {
    expect(errorsOf('just a string')[0]?.message).toMatch(/^schema:/);
  });

  it('formats each error with file, item, path and problem', () => {
    const annotations = copy();
    find(annotations.claims, 'claim:spying-is-normal').attributions = [];
    const line = errorsOf(annotations).map(formatSeedError)[0];
    expect(line).toMatch(
      /^test\.annotations\.yaml: claim:spying-is-normal at claims\[\d+\]\.attributions: claim has no attribution/,
    );
  });
});

describe('validateAnnotations on a text with astral characters', () => {
  // "🚀" takes two UTF-16 units: offsets after it only line up when counted in code points.
  const text =
    'Rocket 🚀 firm Zed launched\n\nZed said "we fly daily."\n\nComment number 1.\nZed 🚀 rocks';
  const index = new CodePointText(text);
  const at = (phrase: string, occurrence = 0) => {
    const span = index.find(phrase, occurrence);
    if (!span) throw new Error(phrase);
    return span;
  };
  const regions: Region[] = [
    { id: 'region:headline', kind: 'headline', span: at('Rocket 🚀 firm Zed launched') },
    { id: 'region:body-1', kind: 'body', span: at('Zed said "we fly daily."') },
    { id: 'region:comment-1', kind: 'comment', span: at('Comment number 1.\nZed 🚀 rocks') },
  ];
  const claim: Claim = {
    id: 'claim:zed-flies-daily',
    type: 'anecdote',
    proposition: 'Zed flies every day.',
    about: ['company:zed'],
    attributions: [
      {
        speaker: 'company:zed',
        reporter: 'person:writer',
        mode: 'direct_quote',
        cue: at('said'),
        certainty: 'certain',
        polarity: 'positive',
        evidence: [at('we fly daily.')],
      },
    ],
  };
  const annotations: Annotations = {
    format: 1,
    document: {
      id: 'doc:astral',
      sourceFile: 'astral.txt',
      sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
      codePoints: codePointLength(text),
      language: 'en',
      title: at('Rocket 🚀 firm Zed launched'),
      publisher: { entity: 'company:zed', spans: [] },
      authors: [
        {
          entity: 'person:writer',
          role: 'writer',
          nameSpans: [at('Rocket')],
          roleSpan: at('Rocket'),
        },
      ],
      publicationDate: null,
    },
    regions,
    comments: [
      {
        id: 'comment:1',
        number: 1,
        region: 'region:comment-1',
        label: at('Comment number 1.'),
        text: at('Zed 🚀 rocks'),
      },
    ],
    entities: [
      {
        id: 'company:zed',
        type: 'Company',
        name: 'Zed',
        named: true,
        scope: 'article',
        aliases: [],
        description: 'a rocket firm',
        mentions: [at('Zed'), at('Zed', 1), at('Zed', 2)],
      },
      {
        id: 'person:writer',
        type: 'Person',
        name: 'Rocket',
        named: true,
        scope: 'article',
        aliases: [],
        description: 'stands in for a byline',
        mentions: [at('Rocket')],
      },
    ],
    roles: [],
    relations: [],
    claims: [claim],
    stances: [],
  };

  it('accepts code-point offsets after an astral character', () => {
    const result = validateAnnotations(annotations, text, FILE);
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(at('Zed', 2).start).toBe(72);
    expect(text.indexOf('Zed 🚀 rocks')).toBe(73);
  });

  it('rejects UTF-16 offsets, and says where the text really is', () => {
    const broken = structuredClone(annotations);
    const comment = broken.comments[0];
    const utf16Start = text.indexOf('Comment number 1.');
    if (comment)
      comment.label = { start: utf16Start, end: utf16Start + 17, exact: 'Comment number 1.' };
    const errors = errorsOf(broken, text);
    expect(errors).toContainEqual(
      expect.objectContaining({
        path: 'comments[0].label',
        message: expect.stringMatching(
          `it occurs at ${utf16Start - 1}-${utf16Start + 16} \\(line 5\\)`,
        ),
      }),
    );
  });
});
