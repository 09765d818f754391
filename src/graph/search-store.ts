import { z } from 'zod';
import { DossierError, ErrorCode } from '../errors.ts';
import { defineQuery, type GraphDatabase } from '../neo4j/database.ts';
import {
  type Connection,
  cursorFor,
  keyset,
  type PageRequest,
  pageLimit,
  type SortColumn,
  toConnection,
} from './pagination.ts';

export const SEARCH_KINDS = ['ENTITY', 'CLAIM', 'QUOTE'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** Characters the Lucene query parser gives a meaning to; each is escaped with a backslash. */
const LUCENE_SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;
/** Words the query parser reads as operators when written in capitals. */
const LUCENE_OPERATORS = new Set(['AND', 'OR', 'NOT', 'TO']);
/** Each word is a Lucene clause, and Lucene refuses queries of more than 1024 clauses. */
export const MAX_QUERY_WORDS = 64;

/**
 * The user's words as a Lucene query that matches any of them: every special character is
 * escaped and operator words are lower-cased (the analyzer folds case anyway), so no input can
 * make the query parser fail or change the query's meaning.
 */
export function toLuceneQuery(text: string): string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) {
    throw new DossierError(
      ErrorCode.BadUserInput,
      'The search query is empty. Give one or more words, e.g. "enormous" or "Lieberthal".',
      { argument: 'query' },
    );
  }
  // Count words as the analyzer splits them ("a,b,c" is three clauses), not only on spaces.
  const analyzed = Math.max(words.length, tokenize(Array.from(text)).length);
  if (analyzed > MAX_QUERY_WORDS) {
    throw new DossierError(
      ErrorCode.BadUserInput,
      `The search query has ${analyzed} words (punctuation separates words too); give at most ${MAX_QUERY_WORDS}.`,
      { argument: 'query', words: analyzed, max: MAX_QUERY_WORDS },
    );
  }
  return words
    .map((word) => (LUCENE_OPERATORS.has(word) ? word.toLowerCase() : word))
    .map((word) => word.replace(LUCENE_SPECIAL, (special) => `\\${special}`))
    .join(' ');
}

/** The stop words of the standard-folding analyzer (Lucene's English set): never matched. */
const STOP_WORDS = new Set(
  'a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with'.split(
    ' ',
  ),
);

/** Letters NFKD does not decompose but Lucene's ASCII folding does. */
const EXTRA_FOLDS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/** A word as the index sees it: accents folded, lower case. */
export function foldTerm(word: string): string {
  return word
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (letter) => EXTRA_FOLDS[letter] ?? letter)
    .replace(/’/g, "'");
}

/** A stretch of text in code points, start inclusive, end exclusive. */
export interface TextRange {
  start: number;
  end: number;
}

interface Token extends TextRange {
  term: string;
}

const WORD_CHARACTER = /^[\p{L}\p{N}\p{M}_]$/u;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const DIGIT = /^\p{N}$/u;
/** Inside a word, between letters or digits, as in "China's", "U.S", "3.5" (Unicode UAX #29). */
const WORD_JOINERS = new Set(["'", '’', '.', ':']);
/** Only between digits, as in "1,000". */
const NUMBER_JOINERS = new Set([',', ';']);

/** Splits code points into words roughly as Lucene's standard tokenizer does. */
function tokenize(chars: readonly string[]): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < chars.length) {
    if (!WORD_CHARACTER.test(chars[index] ?? '')) {
      index += 1;
      continue;
    }
    const start = index;
    while (index < chars.length) {
      const char = chars[index] ?? '';
      if (WORD_CHARACTER.test(char)) {
        index += 1;
        continue;
      }
      const before = chars[index - 1] ?? '';
      const after = chars[index + 1] ?? '';
      const joinsWords =
        WORD_JOINERS.has(char) && LETTER_OR_DIGIT.test(before) && LETTER_OR_DIGIT.test(after);
      const joinsDigits = NUMBER_JOINERS.has(char) && DIGIT.test(before) && DIGIT.test(after);
      if (!joinsWords && !joinsDigits) break;
      index += 1;
    }
    tokens.push({ start, end: index, term: foldTerm(chars.slice(start, index).join('')) });
  }
  return tokens;
}

/** The terms a query searches for, as the analyzer indexes them (folded, no stop words). */
export function searchTerms(query: string): string[] {
  const terms = tokenize(Array.from(query))
    .map((token) => token.term)
    .filter((term) => !STOP_WORDS.has(term));
  return [...new Set(terms)];
}

/** Where the terms occur in `text`, in code points. */
export function matchRanges(text: string, terms: readonly string[]): TextRange[] {
  const wanted = new Set(terms);
  return tokenize(Array.from(text))
    .filter((token) => wanted.has(token.term))
    .map(({ start, end }) => ({ start, end }));
}

export interface Snippet {
  text: string;
  highlights: TextRange[];
}

const SNIPPET_LENGTH = 160;
const SNIPPET_LEAD = 50;
const ELLIPSIS = '…';

/**
 * Shortens `text` to about `length` code points around its first match, cutting at spaces and
 * marking cuts with an ellipsis; the highlights are moved to count from the snippet's start.
 */
export function snippetAround(
  text: string,
  matches: readonly TextRange[],
  length = SNIPPET_LENGTH,
): Snippet {
  const chars = Array.from(text);
  if (chars.length <= length) return { text, highlights: [...matches] };
  const first = matches[0]?.start ?? 0;
  let start = Math.max(0, Math.min(first - SNIPPET_LEAD, chars.length - length));
  let end = Math.min(chars.length, start + length);
  if (start > 0) {
    const space = chars.indexOf(' ', start);
    if (space !== -1 && space < first) start = space + 1;
  }
  if (end < chars.length) {
    const space = chars.lastIndexOf(' ', end);
    if (space > start && space >= (matches[0]?.end ?? 0)) end = space;
  }
  const lead = start > 0 ? ELLIPSIS : '';
  const tail = end < chars.length ? ELLIPSIS : '';
  const shift = lead.length - start;
  return {
    text: `${lead}${chars.slice(start, end).join('')}${tail}`,
    highlights: matches
      .filter((match) => match.start >= start && match.end <= end)
      .map((match) => ({ start: match.start + shift, end: match.end + shift })),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (char) =>
    char === '&' ? '&amp;' : char === '<' ? '&lt;' : '&gt;',
  );
}

/** The snippet as HTML: text escaped, each highlight wrapped in <mark>. */
export function markHighlights(snippet: Snippet): string {
  const chars = Array.from(snippet.text);
  let html = '';
  let position = 0;
  for (const { start, end } of snippet.highlights) {
    html += `${escapeHtml(chars.slice(position, start).join(''))}<mark>${escapeHtml(chars.slice(start, end).join(''))}</mark>`;
    position = end;
  }
  return html + escapeHtml(chars.slice(position).join(''));
}

/**
 * What to show for a hit. An entity's texts are its name then its aliases: the name is shown,
 * followed by the alias in parentheses when only an alias matched.
 */
export function hitSnippet(
  kind: SearchKind,
  texts: readonly string[],
  terms: readonly string[],
): Snippet {
  // A quote can run over paragraphs; a snippet is one line.
  const [main = '', ...others] = texts.map((text) => text.replace(/\s+/g, ' ').trim());
  const mainMatches = matchRanges(main, terms);
  if (kind === 'ENTITY' && mainMatches.length === 0) {
    for (const alias of others) {
      const aliasMatches = matchRanges(alias, terms);
      if (aliasMatches.length === 0) continue;
      const offset = Array.from(main).length + 2;
      return {
        text: `${main} (${alias})`,
        highlights: aliasMatches.map(({ start, end }) => ({
          start: start + offset,
          end: end + offset,
        })),
      };
    }
  }
  return snippetAround(main, mainMatches);
}

const searchRow = z.object({
  kind: z.enum(SEARCH_KINDS),
  id: z.string(),
  score: z.number(),
  texts: z.array(z.string()),
  claimIds: z.array(z.string()),
});
type SearchRow = z.infer<typeof searchRow>;

/** Best first; the id breaks ties so that the order, and so the cursors, are total. */
const SEARCH_ORDER: readonly SortColumn[] = [
  { expression: 'hit.score', descending: true },
  { expression: 'hit.id' },
];

const searchPage = keyset(SEARCH_ORDER, true);

/**
 * The three full-text indexes in one statement. Quotes are spans that are some attribution's
 * evidence: the words a source is reported to have used, not every mention.
 */
const searchQuery = defineQuery(
  'search',
  `CALL () {
     WITH 'ENTITY' AS kind WHERE kind IN $kinds
     CALL db.index.fulltext.queryNodes('entity_names', $lucene) YIELD node, score
     RETURN kind, node.id AS id, score, [node.name] + coalesce(node.aliases, []) AS texts,
       [] AS claimIds
     UNION ALL
     WITH 'CLAIM' AS kind WHERE kind IN $kinds
     CALL db.index.fulltext.queryNodes('claim_propositions', $lucene) YIELD node, score
     RETURN kind, node.id AS id, score, [node.proposition] AS texts, [] AS claimIds
     UNION ALL
     WITH 'QUOTE' AS kind WHERE kind IN $kinds
     CALL db.index.fulltext.queryNodes('quote_text', $lucene) YIELD node, score
     WITH kind, node, score WHERE size(coalesce(node.quotedIn, [])) > 0
     RETURN kind, node.id AS id, score, [node.exact] AS texts, node.quotedIn AS claimIds
   }
   WITH collect({ kind: kind, id: id, score: score, texts: texts, claimIds: claimIds }) AS hits
   CALL (hits) {
     UNWIND hits AS hit
     WITH hit WHERE ${searchPage.where}
     WITH hit ORDER BY ${searchPage.orderBy} LIMIT $limit
     RETURN collect(hit) AS rows
   }
   RETURN size(hits) AS total, rows`,
  z.object({ total: z.number().int(), rows: z.array(searchRow) }),
);

/** One search result, with what to show of it. */
export interface SearchHit {
  kind: SearchKind;
  id: string;
  score: number;
  snippet: Snippet;
  /** For a quote, the claims whose attributions it is evidence of. */
  claimIds: string[];
}

function toHit(row: SearchRow, terms: readonly string[]): SearchHit {
  return {
    kind: row.kind,
    id: row.id,
    score: row.score,
    snippet: hitSnippet(row.kind, row.texts, terms),
    claimIds: row.claimIds,
  };
}

/** A page of hits over entity names, claim propositions and quoted words, best first. */
export async function search(
  db: GraphDatabase,
  query: string,
  kinds: readonly SearchKind[] | null,
  page: PageRequest,
): Promise<Connection<SearchHit>> {
  const lucene = toLuceneQuery(query);
  const terms = searchTerms(query);
  const [result] = await db.read(searchQuery, {
    lucene,
    kinds: kinds ?? SEARCH_KINDS,
    cursor: cursorFor(page, ['number', 'string']),
    limit: pageLimit(page),
  });
  return toConnection(
    result?.rows ?? [],
    page,
    result?.total ?? 0,
    (row) => [row.score, row.id],
    (row) => toHit(row, terms),
  );
}
