/**
 * Where each item of a document's annotations came from. An item is as the document's
 * annotations gave it (imported, or shipped with the seed) until a curator's change makes it
 * differ; from then on it names that change. A document stores only its curated items, by
 * `section/id`, so one that nobody corrected stores an empty map.
 */
import { z } from 'zod';

/**
 * A curated item: the id of the change that last set it; or, for a drafted item a curator
 * accepted as it was, the id of the change that accepted it.
 */
export type ItemOrigin = string | { accepted: string };

/** `section/id` of a curated or accepted item → where it stands. */
export type ItemOrigins = Readonly<Record<string, ItemOrigin>>;

export type FactOrigin = 'ANNOTATIONS' | 'CURATION' | 'DRAFT';
export type ReviewStatus = 'DRAFT' | 'ACCEPTED' | 'CORRECTED';

/**
 * Where an item stands: from the document's annotations, a curator's change, or a draft; and,
 * in a drafted document, whether a curator has reviewed it yet (null: it was never a draft).
 */
export function itemStanding(
  drafted: boolean,
  origin: ItemOrigin | undefined,
): { origin: FactOrigin; changeId: string | null; review: ReviewStatus | null } {
  if (typeof origin === 'string') {
    return { origin: 'CURATION', changeId: origin, review: drafted ? 'CORRECTED' : null };
  }
  if (!drafted) return { origin: 'ANNOTATIONS', changeId: origin?.accepted ?? null, review: null };
  return origin
    ? { origin: 'DRAFT', changeId: origin.accepted, review: 'ACCEPTED' }
    : { origin: 'DRAFT', changeId: null, review: 'DRAFT' };
}

/** The key of an annotation item: its section (`claims`, `roles`, ...) and its id there. */
export function itemKey(section: string, id: string): string {
  return `${section}/${id}`;
}

const storedOrigins = z.record(
  z.string(),
  z.union([z.string(), z.strictObject({ accepted: z.string() })]),
);

export function parseItemOrigins(json: string | null | undefined): ItemOrigins {
  return json ? storedOrigins.parse(JSON.parse(json)) : {};
}

/** The graph id of a document's item: the document's id, a slash, the item's annotation id. */
export function documentItemId(documentId: string, localId: string): string {
  return `${documentId}/${localId}`;
}

/** The document and annotation id of a graph id made by documentItemId (ids hold no slash). */
export function splitDocumentItemId(id: string): { documentId: string; localId: string } {
  const slash = id.indexOf('/');
  return { documentId: id.slice(0, slash), localId: id.slice(slash + 1).split('/')[0] ?? '' };
}
