/**
 * How a change moves the origins of a document's items (see src/domain/item-origins.ts).
 */
import { type ItemOrigin, type ItemOrigins, itemKey } from '../domain/item-origins.ts';
import { type Annotations, ITEM_SECTIONS, type ItemSection } from '../seed/format.ts';

/** JSON with object keys sorted, so that two equal items compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : 1)))
      : inner,
  );
}

function itemsById(annotations: Annotations, section: ItemSection): Map<string, string> {
  const items: readonly { id: string }[] = annotations[section];
  return new Map(items.map((item) => [item.id, canonical(item)]));
}

/**
 * The origins after `changeId` turned `before` into `after`: an item that is unchanged keeps its
 * origin, one that is new or different is the change's, one taken out is forgotten.
 */
export function originsAfterChange(
  before: Annotations,
  origins: ItemOrigins,
  after: Annotations,
  changeId: string,
): ItemOrigins {
  const next: Record<string, ItemOrigin> = {};
  for (const section of ITEM_SECTIONS) {
    const previous = itemsById(before, section);
    for (const [id, item] of itemsById(after, section)) {
      const key = itemKey(section, id);
      const origin = previous.get(id) === item ? origins[key] : changeId;
      if (origin !== undefined) next[key] = origin;
    }
  }
  return next;
}
