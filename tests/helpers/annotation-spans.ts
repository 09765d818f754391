/** Finding every span in parsed annotations, wherever it sits. */
import type { Span } from '../../src/seed/format.ts';

export function isSpan(value: unknown): value is Span {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.start === 'number' &&
    typeof candidate.end === 'number' &&
    typeof candidate.exact === 'string'
  );
}

/** Every span in the file, wherever it sits, with its JSON path. */
export function allSpans(value: unknown, path = ''): Array<{ path: string; span: Span }> {
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
