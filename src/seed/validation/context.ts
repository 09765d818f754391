/**
 * What the item rules check against. The file validator builds it once for a whole file; a
 * mutation that adds or edits one item builds it from the document stored in the database.
 */
import type { Region } from '../format.ts';
import type { CodePointText } from '../spans.ts';
import type { Problems } from './problems.ts';
import type { References } from './references.ts';
import { isSpanInText } from './spans.ts';

export interface ValidationContext {
  /** The article text, indexed by code point. */
  readonly text: CodePointText;
  /** The regions whose span lies inside the text (see `usableRegions`). */
  readonly regions: readonly Region[];
  /** Every id already taken, and the items references may name. */
  readonly references: References;
  /** Entity ids of the document's authors: the entities that may voice article claims. */
  readonly authors: ReadonlySet<string>;
  /** The document's own id, when the document part parsed. */
  readonly documentId: string | undefined;
  readonly problems: Problems;
}

/**
 * The regions other spans can be placed in: those whose span lies inside the text. A region
 * with broken offsets is reported once, by its own span check, and otherwise ignored.
 */
export function usableRegions(text: CodePointText, regions: readonly Region[]): Region[] {
  return regions.filter((region) => isSpanInText(text, region.span));
}
