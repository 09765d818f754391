/**
 * The id registry: which ids are taken (to report duplicates) and which items of which kind
 * they name (to report dangling references and references to the wrong kind of item). The file
 * validator fills it from the file; a mutation can fill it from the ids stored in the database.
 */
import type { Comment, Entity } from '../format.ts';
import { formatPath, type PathSegment, type Problems } from './problems.ts';

export type ReferenceKind = 'entity' | 'comment' | 'claim' | 'region';

/** What the rules need to know of a referenced item, beyond its id. */
export interface ReferencedItems {
  entity: Pick<Entity, 'id' | 'type'>;
  comment: Pick<Comment, 'id' | 'region'>;
  claim: { id: string };
  region: { id: string };
}

// In this order the "is a ..., but a ... is expected" message names the kind it finds first.
const REFERENCE_KINDS: readonly ReferenceKind[] = ['entity', 'comment', 'claim', 'region'];

export class References {
  /** Where each id was first declared, as a formatted path. */
  private readonly declaredAt = new Map<string, string>();
  private readonly byKind: { [K in ReferenceKind]: Map<string, ReferencedItems[K]> } = {
    entity: new Map(),
    comment: new Map(),
    claim: new Map(),
    region: new Map(),
  };
  /** Ids of items that failed the schema: references to them are not reported again. */
  private readonly invalid = new Set<string>();

  /** Records that `id` is declared at `path`, reporting it when an earlier item took it. */
  declare(id: string, path: readonly PathSegment[], problems: Problems): void {
    const previous = this.declaredAt.get(id);
    if (previous !== undefined)
      problems.report(path, `duplicate id "${id}" (first used at ${previous})`, id);
    else this.declaredAt.set(id, formatPath(path));
  }

  /** Makes an item referenceable as `kind`; the first item with an id keeps it. */
  add<K extends ReferenceKind>(kind: K, item: ReferencedItems[K]): void {
    const items: Map<string, ReferencedItems[K]> = this.byKind[kind];
    if (!items.has(item.id)) items.set(item.id, item);
  }

  /** Records the id of an item that failed the schema (already reported). */
  addInvalid(id: string): void {
    this.invalid.add(id);
  }

  has(kind: ReferenceKind, id: string): boolean {
    return this.byKind[kind].has(id);
  }

  entity(id: string): ReferencedItems['entity'] | undefined {
    return this.byKind.entity.get(id);
  }

  comment(id: string): ReferencedItems['comment'] | undefined {
    return this.byKind.comment.get(id);
  }

  /**
   * Reports a reference that resolves to nothing of the allowed kinds, and returns whether it
   * resolves. A reference to an item that failed the schema is not resolved, but not reported.
   */
  check(
    reference: string,
    allowed: readonly ReferenceKind[],
    problems: Problems,
    path: readonly PathSegment[],
    item?: string,
  ): boolean {
    if (allowed.some((kind) => this.has(kind, reference))) return true;
    if (this.invalid.has(reference)) return false;
    const elsewhere = REFERENCE_KINDS.find((kind) => this.has(kind, reference));
    const wanted = allowed.join(' or ');
    problems.report(
      path,
      elsewhere
        ? `"${reference}" is a ${elsewhere}, but a ${wanted} is expected here`
        : `dangling reference: no ${wanted} has id "${reference}"`,
      item,
    );
    return false;
  }
}
