/**
 * Drafting: an extractor reads a plain-text article and proposes its annotations, anchored at
 * exact code-point offsets, for a curator to review. Extractors sit behind this interface so that
 * another (a different rule set, a model) can be added without touching the rest.
 */
import type { EntityType } from '../domain/vocabulary.ts';
import type { Annotations } from '../seed/format.ts';

/** An entity the graph already holds: the growing graph is itself a lexicon. */
export interface KnownEntity {
  id: string;
  type: EntityType;
  /** Its name and aliases. */
  names: string[];
}

export interface DraftRequest {
  text: string;
  /** The text's file name, recorded in the annotations. */
  sourceFile: string;
  /** The document id to use; one is made from the file name when absent. */
  documentId?: string;
  known: readonly KnownEntity[];
}

export interface Extractor {
  readonly name: string;
  readonly version: string;
  /**
   * Annotations in the seed's format, marked as drafted by this extractor; every span's exact
   * text is the text at its offsets.
   */
  draft(request: DraftRequest): Annotations;
}
