/**
 * Span helpers that count in Unicode code points, as the annotations do.
 *
 * JavaScript strings index UTF-16 code units, so `text.slice` would drift after any
 * character outside the Basic Multilingual Plane. Everything here converts once.
 */

export interface CodePointSpan {
  /** Inclusive start, in code points from the first character of the text. */
  start: number;
  /** Exclusive end, in code points. */
  end: number;
}

/** Characters of `text`, one array entry per code point. */
export function toCodePoints(text: string): string[] {
  return Array.from(text);
}

export function codePointLength(text: string): number {
  let length = 0;
  for (const _character of text) length += 1;
  return length;
}

/** `text` between code-point offsets `start` (inclusive) and `end` (exclusive). */
export function sliceCodePoints(text: string, start: number, end: number): string {
  return toCodePoints(text).slice(start, end).join('');
}

/**
 * A text indexed once by code point: slicing, searching and line lookup without
 * re-splitting the string for every span.
 */
export class CodePointText {
  readonly text: string;
  readonly characters: readonly string[];
  /** Code-point offset of the first character of each line (line 1 at index 0). */
  private readonly lineStarts: number[];
  /**
   * For each UTF-16 index, its code-point offset (-1 inside a surrogate pair); null when every
   * character is one UTF-16 unit, as in most texts, and the two offsets are the same.
   */
  private readonly codePointOfUtf16: Int32Array | null;
  /** The other way: each code point's UTF-16 index (and the text's length at the end), or null as above. */
  private readonly utf16OfCodePoint: Int32Array | null;

  constructor(text: string) {
    this.text = text;
    this.characters = toCodePoints(text);
    this.lineStarts = [0];
    const narrow = this.characters.length === text.length;
    const codePointOf = narrow ? null : new Int32Array(text.length + 1).fill(-1);
    const utf16Of = narrow ? null : new Int32Array(this.characters.length + 1);
    let utf16Index = 0;
    this.characters.forEach((character, codePointIndex) => {
      if (codePointOf) codePointOf[utf16Index] = codePointIndex;
      if (utf16Of) utf16Of[codePointIndex] = utf16Index;
      utf16Index += character.length;
      if (character === '\n') this.lineStarts.push(codePointIndex + 1);
    });
    if (codePointOf) codePointOf[utf16Index] = this.characters.length;
    if (utf16Of) utf16Of[this.characters.length] = utf16Index;
    this.codePointOfUtf16 = codePointOf;
    this.utf16OfCodePoint = utf16Of;
  }

  get length(): number {
    return this.characters.length;
  }

  slice(start: number, end: number): string {
    // Without surrogate pairs the code-point and UTF-16 offsets agree (String and Array slice
    // treat negative and out-of-range offsets alike).
    if (this.utf16OfCodePoint === null) return this.text.slice(start, end);
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < 0) {
      return this.characters.slice(start, end).join('');
    }
    const last = this.characters.length;
    const from = this.utf16OfCodePoint[Math.min(start, last)] ?? this.text.length;
    const to = this.utf16OfCodePoint[Math.min(end, last)] ?? this.text.length;
    return this.text.slice(from, Math.max(from, to));
  }

  /** Code-point start offsets of every occurrence of `phrase`, in order. */
  findAll(phrase: string): number[] {
    const starts: number[] = [];
    if (phrase.length === 0) return starts;
    let utf16Index = this.text.indexOf(phrase);
    while (utf16Index !== -1) {
      const codePoint = this.fromUtf16(utf16Index);
      if (codePoint !== undefined) starts.push(codePoint);
      utf16Index = this.text.indexOf(phrase, utf16Index + 1);
    }
    return starts;
  }

  /** The span of the `occurrence`-th (0-based) occurrence of `phrase`, or undefined. */
  find(phrase: string, occurrence = 0): (CodePointSpan & { exact: string }) | undefined {
    const start = this.findAll(phrase)[occurrence];
    if (start === undefined) return undefined;
    return { start, end: start + codePointLength(phrase), exact: phrase };
  }

  /** The code-point offset of a UTF-16 index (as `String.prototype.indexOf` returns). */
  fromUtf16(utf16Index: number): number | undefined {
    if (!Number.isInteger(utf16Index) || utf16Index < 0 || utf16Index > this.text.length) {
      return undefined;
    }
    if (this.codePointOfUtf16 === null) return utf16Index;
    const codePoint = this.codePointOfUtf16[utf16Index] ?? -1;
    return codePoint === -1 ? undefined : codePoint;
  }

  /** 1-based line number of a code-point offset. */
  lineOf(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      const lineStart = this.lineStarts[middle] ?? 0;
      if (lineStart <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  }

  /** 1-based line and column of a code-point offset, for messages. */
  positionOf(offset: number): { line: number; column: number } {
    const line = this.lineOf(offset);
    const lineStart = this.lineStarts[line - 1] ?? 0;
    return { line, column: offset - lineStart + 1 };
  }
}

export function spansOverlap(first: CodePointSpan, second: CodePointSpan): boolean {
  return first.start < second.end && second.start < first.end;
}

export function spanContains(outer: CodePointSpan, inner: CodePointSpan): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/** A span as the annotations write it: offsets and the exact words at them. */
export type ExactSpan = CodePointSpan & { exact: string };

export function isSpan(value: unknown): value is ExactSpan {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.start === 'number' &&
    typeof candidate.end === 'number' &&
    typeof candidate.exact === 'string'
  );
}

/** Every span in parsed annotations, wherever it sits, with its JSON path. */
export function allSpans(value: unknown, path = ''): Array<{ path: string; span: ExactSpan }> {
  if (Array.isArray(value))
    return value.flatMap((element, index) => allSpans(element, `${path}[${index}]`));
  if (typeof value !== 'object' || value === null) return [];
  const found = isSpan(value) ? [{ path, span: value }] : [];
  return [
    ...found,
    ...Object.entries(value).flatMap(([key, child]) =>
      allSpans(child, path ? `${path}.${key}` : key),
    ),
  ];
}
