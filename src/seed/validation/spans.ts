/**
 * Span rules against the article text (offsets in code points): a span is non-empty, lies in
 * the text and its `exact` is the text at its offsets; and where a span lies among the regions.
 */
import type { Region, Span } from '../format.ts';
import { type CodePointSpan, type CodePointText, spanContains } from '../spans.ts';
import { isRecord, type PathSegment, type Problems, quote } from './problems.ts';

/** Whether a span's offsets lie inside the text (its `exact` aside). */
export function isSpanInText(text: CodePointText, span: CodePointSpan): boolean {
  return span.start < span.end && span.end <= text.length;
}

/** What is wrong with one span against the text, or null when nothing is. */
export function spanProblem(text: CodePointText, span: Span): string | null {
  const length = text.length;
  if (span.start >= span.end) return `span start ${span.start} must be before end ${span.end}`;
  if (span.end > length) {
    return `span ends at ${span.end}, past the end of the text (${length} code points)`;
  }
  const actual = text.slice(span.start, span.end);
  if (actual === span.exact) return null;
  const { line, column } = text.positionOf(span.start);
  // Saying where the words do occur usually points straight at the off-by-n offset.
  const found = text.findAll(span.exact);
  const hint =
    found.length === 0
      ? 'it occurs nowhere in the text'
      : `it occurs at ${found
          .slice(0, 3)
          .map((start) => `${start}-${start + [...span.exact].length} (line ${text.lineOf(start)})`)
          .join(', ')}${found.length > 3 ? ', ...' : ''}`;
  return (
    `exact does not match the text at ${span.start}-${span.end} (line ${line}, column ${column}): ` +
    `expected (the text) ${quote(actual)}, actual (exact) ${quote(span.exact)}; ${hint}`
  );
}

/** Reports what is wrong with one span; returns whether it is right. */
export function checkSpan(
  text: CodePointText,
  span: Span,
  problems: Problems,
  path: readonly PathSegment[],
  item?: string,
): boolean {
  const problem = spanProblem(text, span);
  if (problem !== null) problems.report(path, problem, item);
  return problem === null;
}

/** Checks every span under `value`, found by its shape (start, end, exact), against the text. */
export function checkSpansWithin(
  text: CodePointText,
  value: unknown,
  problems: Problems,
  path: readonly PathSegment[],
  item?: string,
): void {
  if (Array.isArray(value)) {
    for (const [index, element] of value.entries())
      checkSpansWithin(text, element, problems, [...path, index], item);
    return;
  }
  if (!isRecord(value)) return;
  if (
    typeof value.start === 'number' &&
    typeof value.end === 'number' &&
    typeof value.exact === 'string'
  ) {
    checkSpan(text, value as Span, problems, path, item);
  }
  for (const [key, child] of Object.entries(value)) {
    if (typeof child === 'object') checkSpansWithin(text, child, problems, [...path, key], item);
  }
}

/** The first of `regions` containing the span, if one does. */
export function regionOf(regions: readonly Region[], span: CodePointSpan): Region | undefined {
  return regions.find((region) => spanContains(region.span, span));
}

/** Where a span must lie: which regions allow it, and how a message names them. */
export interface Placement {
  allows: (region: Region) => boolean;
  description: string;
}

/**
 * Why a span does not lie inside an allowed region, or null when it does. A span outside the
 * text is left to `spanProblem`.
 */
export function placementProblem(
  text: CodePointText,
  regions: readonly Region[],
  span: Span,
  placement: Placement,
): string | null {
  if (!isSpanInText(text, span)) return null;
  const region = regionOf(regions, span);
  if (region && placement.allows(region)) return null;
  const where = region ? `${region.id} (${region.kind})` : 'no single region';
  return `${quote(span.exact, 50)} should lie in ${placement.description}, but lies in ${where}`;
}

/** Reports a span that does not lie inside an allowed region. */
export function checkSpanPlacement(
  text: CodePointText,
  regions: readonly Region[],
  span: Span,
  placement: Placement,
  problems: Problems,
  path: readonly PathSegment[],
  item?: string,
): void {
  const problem = placementProblem(text, regions, span, placement);
  if (problem !== null) problems.report(path, problem, item);
}
