/**
 * A correction is an edit of a document's annotations: items of a section put (added, or
 * replaced by id) or taken out. The edited annotations then pass the same validator as a file and
 * are loaded by the same loader, so every rule that holds for the shipped article holds after
 * every correction, and the graph is always what some valid annotations say.
 */
import type { Annotations, ItemSection } from '../seed/format.ts';

export interface ItemEdit {
  section: ItemSection;
  id: string;
  /** The whole item as the annotation format writes it; null takes the item out. */
  item: unknown | null;
}

/** One item before and after a change (null: it did not exist, or no longer does). */
export interface ChangedItem {
  section: ItemSection;
  id: string;
  before: unknown | null;
  after: unknown | null;
}

export interface EditProblem {
  path: string;
  item: string;
  message: string;
}

function itemId(item: unknown): string | undefined {
  return item !== null && typeof item === 'object' && 'id' in item && typeof item.id === 'string'
    ? item.id
    : undefined;
}

/**
 * The annotations with the edits applied in order, what each changed, and the edits that cannot
 * apply (an item whose id differs from the one named, taking out an item that is not there).
 * The result is not validated: the caller does that, as for a file.
 */
export function applyEdits(
  annotations: Annotations,
  edits: readonly ItemEdit[],
): { annotations: Record<string, unknown>; changed: ChangedItem[]; problems: EditProblem[] } {
  const sections = Object.fromEntries(
    Object.entries(annotations).map(([key, value]) => [
      key,
      Array.isArray(value) ? [...value] : value,
    ]),
  ) as Record<string, unknown>;
  const changed: ChangedItem[] = [];
  const problems: EditProblem[] = [];
  edits.forEach((edit, index) => {
    const path = `edits[${index}]`;
    const list = sections[edit.section];
    if (!Array.isArray(list)) {
      problems.push({
        path,
        item: edit.id,
        message: `the annotations have no section ${edit.section}`,
      });
      return;
    }
    const at = list.findIndex((item) => itemId(item) === edit.id);
    const before: unknown = at === -1 ? null : list[at];
    if (edit.item === null) {
      if (at === -1) {
        problems.push({
          path,
          item: edit.id,
          message: `no item "${edit.id}" in ${edit.section} to take out`,
        });
        return;
      }
      list.splice(at, 1);
    } else {
      const id = itemId(edit.item);
      if (id !== edit.id) {
        problems.push({
          path: `${path}.item.id`,
          item: edit.id,
          message: `the item's id is ${id === undefined ? 'missing' : `"${id}"`}; it must be "${edit.id}", the id the edit names`,
        });
        return;
      }
      if (at === -1) list.push(edit.item);
      else list[at] = edit.item;
    }
    changed.push({ section: edit.section, id: edit.id, before, after: edit.item });
  });
  return { annotations: sections, changed, problems };
}
