import { describe, expect, it } from 'vitest';
import { DossierError } from '../../src/errors.ts';
import {
  hitSnippet,
  MAX_QUERY_WORDS,
  markHighlights,
  matchRanges,
  searchTerms,
  snippetAround,
  toLuceneQuery,
} from '../../src/graph/search-store.ts';

describe('toLuceneQuery', () => {
  it('escapes every character the Lucene query parser gives a meaning to', () => {
    expect(toLuceneQuery('C++ (attack)')).toBe('C\\+\\+ \\(attack\\)');
    expect(toLuceneQuery('"unbalanced')).toBe('\\"unbalanced');
    expect(toLuceneQuery('a&&b || !c {d} [e] ^f ~g *h ?i :j \\k /l -m')).toBe(
      'a\\&\\&b \\|\\| \\!c \\{d\\} \\[e\\] \\^f \\~g \\*h \\?i \\:j \\\\k \\/l \\-m',
    );
  });

  it('lower-cases operator words so that they are searched for, not obeyed', () => {
    expect(toLuceneQuery('cats AND dogs OR NOT mice TO')).toBe('cats and dogs or not mice to');
  });

  it('folds runs of white space and trims the ends', () => {
    expect(toLuceneQuery('  cyber \t theft\n')).toBe('cyber theft');
  });

  it('refuses an empty or blank query with BAD_USER_INPUT', () => {
    for (const blank of ['', '   ', '\n\t']) {
      expect(() => toLuceneQuery(blank)).toThrow(DossierError);
      try {
        toLuceneQuery(blank);
      } catch (error) {
        expect((error as DossierError).extensions.code).toBe('BAD_USER_INPUT');
      }
    }
  });
});

describe('toLuceneQuery limits', () => {
  it('refuses more words than Lucene takes clauses, with BAD_USER_INPUT', () => {
    const words = Array.from({ length: MAX_QUERY_WORDS + 1 }, (_, index) => `w${index}`).join(' ');
    expect(() => toLuceneQuery(words)).toThrow(/at most 64/);
    expect(() => toLuceneQuery(words.split(' ').slice(1).join(' '))).not.toThrow();
  });

  it('counts words split by punctuation, as the analyzer will, not only by spaces', () => {
    const commaJoined = Array.from({ length: 513 }, (_, index) => `w${index}`).join(',');
    expect(() => toLuceneQuery(commaJoined)).toThrow(/513 words/);
    const atLimit = Array.from({ length: MAX_QUERY_WORDS }, (_, index) => `w${index}`).join(';');
    expect(() => toLuceneQuery(atLimit)).not.toThrow();
  });
});

describe('searchTerms', () => {
  it('folds case and accents and drops the analyzer stop words', () => {
    expect(searchTerms('The LIEBERTHÁL quantity is Enormous')).toEqual([
      'lieberthal',
      'quantity',
      'enormous',
    ]);
  });

  it('keeps a possessive as one word, as the standard tokenizer does', () => {
    expect(searchTerms("China's military")).toEqual(["china's", 'military']);
  });
});

describe('matchRanges', () => {
  it('finds whole words in code points, whatever their case or accents', () => {
    expect(matchRanges('Mr Liéberthal said it is ENORMOUS', ['lieberthal', 'enormous'])).toEqual([
      { start: 3, end: 13 },
      { start: 25, end: 33 },
    ]);
  });

  it('does not match a word inside a longer one', () => {
    expect(matchRanges('hackers hack', ['hack'])).toEqual([{ start: 8, end: 12 }]);
  });

  it('counts code points, not UTF-16 units, after characters outside the BMP', () => {
    expect(matchRanges('𝒳 enormous', ['enormous'])).toEqual([{ start: 2, end: 10 }]);
  });
});

describe('snippetAround', () => {
  const long = `${'Lorem ipsum dolor sit amet. '.repeat(10)}The quantity is enormous. ${'Sed do eiusmod tempor. '.repeat(10)}`;

  it('keeps a short text whole', () => {
    expect(snippetAround('the quantity is enormous', [{ start: 16, end: 24 }])).toEqual({
      text: 'the quantity is enormous',
      highlights: [{ start: 16, end: 24 }],
    });
  });

  it('cuts a long text around its first match, at spaces, and moves the highlights', () => {
    const snippet = snippetAround(long, matchRanges(long, ['enormous']), 80);
    expect(snippet.text.startsWith('…')).toBe(true);
    expect(snippet.text.endsWith('…')).toBe(true);
    expect(Array.from(snippet.text).length).toBeLessThanOrEqual(82);
    const [range] = snippet.highlights;
    expect(range).toBeDefined();
    expect(Array.from(snippet.text).slice(range?.start, range?.end).join('')).toBe('enormous');
  });
});

describe('markHighlights', () => {
  it('wraps each match in <mark> and escapes the rest as HTML', () => {
    expect(
      markHighlights({
        text: 'a <b> & "enormous" one',
        highlights: [{ start: 9, end: 17 }],
      }),
    ).toBe('a &lt;b&gt; &amp; "<mark>enormous</mark>" one');
  });
});

describe('hitSnippet', () => {
  it("shows an entity's name with the alias that matched when the name did not", () => {
    const snippet = hitSnippet(
      'ENTITY',
      ['Barack Obama', 'Mr Obama', 'Barrack Obama'],
      ['barrack'],
    );
    expect(snippet.text).toBe('Barack Obama (Barrack Obama)');
    expect(markHighlights(snippet)).toBe('Barack Obama (<mark>Barrack</mark> Obama)');
  });

  it('puts a quote that runs over paragraphs on one line', () => {
    const snippet = hitSnippet('QUOTE', ['Spying has been around.\n\n  It is normal.'], ['normal']);
    expect(markHighlights(snippet)).toBe('Spying has been around. It is <mark>normal</mark>.');
  });

  it('shows just the name when the name matched', () => {
    const snippet = hitSnippet('ENTITY', ['Kenneth Lieberthal', 'Mr Lieberthal'], ['lieberthal']);
    expect(markHighlights(snippet)).toBe('Kenneth <mark>Lieberthal</mark>');
  });
});
