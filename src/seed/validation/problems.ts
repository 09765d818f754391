/**
 * How validation reports what is wrong: one `SeedError` per problem, naming the file, the item
 * id and the JSON path. `Problems` collects them in the order they are found.
 */
import type { z } from 'zod';

export interface SeedError {
  /** The annotations file the error is in. */
  file: string;
  /** JSON path of the offending value, e.g. `claims[3].attributions[0].evidence[1]`. */
  path: string;
  /** Id of the top-level item the value belongs to, when it has one. */
  item?: string;
  message: string;
}

export type PathSegment = string | number;

export function formatPath(segments: readonly PathSegment[]): string {
  return segments
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join('');
}

/** One line per error: `file: item at path: message`. */
export function formatSeedError(error: SeedError): string {
  const where = error.item ? `${error.item} at ${error.path || '(root)'}` : error.path || '(root)';
  return `${error.file}: ${where}: ${error.message}`;
}

/** A text as a JSON string for a message, cut after `limit` code points. */
export function quote(text: string, limit = 80): string {
  const characters = [...text];
  return JSON.stringify(
    characters.length > limit ? `${characters.slice(0, limit).join('')}…` : text,
  );
}

/** Whether a value of unknown shape is a plain mapping (not null, not a list). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects the errors of one file (or of one mutation), in the order they are reported. */
export class Problems {
  readonly errors: SeedError[] = [];
  readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  report(path: readonly PathSegment[], message: string, item?: string): void {
    const error: SeedError = { file: this.file, path: formatPath(path), message };
    if (item !== undefined) error.item = item;
    this.errors.push(error);
  }

  reportSchemaIssues(
    issues: readonly z.core.$ZodIssue[],
    base: readonly PathSegment[],
    item?: string,
  ): void {
    for (const issue of issues) {
      const path = [
        ...base,
        ...issue.path.map((key) => (typeof key === 'number' ? key : String(key))),
      ];
      this.report(path, `schema: ${issue.message}`, item);
    }
  }
}
