/**
 * The article as the rules read it: JavaScript string offsets (UTF-16, what regular expressions
 * and the NLP library give) turned into the code-point spans the annotation format needs, so
 * that every drafted span is the text at its offsets by construction.
 */
import type { Span } from '../seed/format.ts';

export interface Range {
  /** UTF-16 offsets into the text, end exclusive. */
  start: number;
  end: number;
}

export class ArticleText {
  private readonly codePointAt: Int32Array;

  constructor(readonly text: string) {
    this.codePointAt = new Int32Array(text.length + 1);
    let codePoint = 0;
    for (let index = 0; index < text.length; index += 1) {
      this.codePointAt[index] = codePoint;
      const unit = text.charCodeAt(index);
      // The second half of a surrogate pair belongs to the same code point as the first.
      if (unit < 0xdc00 || unit > 0xdfff) codePoint += 1;
      else this.codePointAt[index] = codePoint - 1;
    }
    this.codePointAt[text.length] = codePoint;
  }

  get codePoints(): number {
    return this.codePointAt[this.text.length] ?? 0;
  }

  slice(range: Range): string {
    return this.text.slice(range.start, range.end);
  }

  span(range: Range): Span {
    return {
      start: this.codePointAt[range.start] ?? 0,
      end: this.codePointAt[range.end] ?? 0,
      exact: this.slice(range),
    };
  }

  /** The range without the white space at its ends. */
  trim(range: Range): Range {
    let { start, end } = range;
    while (start < end && /\s/.test(this.text[start] ?? '')) start += 1;
    while (end > start && /\s/.test(this.text[end - 1] ?? '')) end -= 1;
    return { start, end };
  }
}

/** Blocks of text separated by blank lines, each trimmed. */
export function paragraphs(article: ArticleText): Range[] {
  const found: Range[] = [];
  const pattern = /[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*/g;
  for (const match of article.text.matchAll(pattern)) {
    const range = article.trim({ start: match.index, end: match.index + match[0].length });
    if (range.end > range.start) found.push(range);
  }
  return found;
}

/** Sentences of a range: ends at . ! ? (and a closing quote after them) followed by a space. */
export function sentences(article: ArticleText, within: Range): Range[] {
  const found: Range[] = [];
  const text = article.slice(within);
  const pattern = /[^\s][\s\S]*?(?:[.!?]["”’']?(?=\s|$)|$)/g;
  for (const match of text.matchAll(pattern)) {
    if (match[0].length === 0) continue;
    const range = article.trim({
      start: within.start + match.index,
      end: within.start + match.index + match[0].length,
    });
    if (range.end > range.start) found.push(range);
  }
  return found;
}

export function contains(outer: Range, inner: Range): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

export function overlaps(a: Range, b: Range): boolean {
  return a.start < b.end && b.start < a.end;
}

export function slug(words: string): string {
  return (
    words
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/g, '') || 'unnamed'
  );
}
