/**
 * Entities are global: an entity a new document names is the graph's entity when it has the same
 * id, or else the same type and a name or alias equal to one of the graph entity's (ignoring case
 * and accents). Two candidates are never chosen between silently: the document is refused until
 * its annotations use the intended entity's id.
 */
import { nameKey } from '../graph/model.ts';
import type { Annotations, Entity } from '../seed/format.ts';
import { entityNameKeys } from '../seed/graph-rows.ts';

/** An entity as the graph holds it, enough to match against. */
export interface StoredEntity {
  id: string;
  type: string;
  name: string;
  nameKeys: readonly string[];
}

export type EntityResolution =
  | { kind: 'created'; id: string; name: string }
  | { kind: 'matchedById'; id: string; name: string }
  | { kind: 'matchedByName'; annotatedId: string; id: string; name: string; on: string }
  | {
      kind: 'ambiguous';
      annotatedId: string;
      name: string;
      candidates: { id: string; name: string }[];
    }
  | { kind: 'typeConflict'; id: string; annotatedType: string; storedType: string };

/** What to do about an entity that cannot be matched without guessing, in a sentence. */
export function adviceFor(
  entity: Extract<EntityResolution, { kind: 'ambiguous' | 'typeConflict' }>,
): string {
  return entity.kind === 'ambiguous'
    ? `"${entity.name}" matches ${entity.candidates.map((c) => `${c.id} (${c.name})`).join(', ')}: use one of these ids for it in the annotations.`
    : `${entity.id} is a ${entity.storedType} in the graph but a ${entity.annotatedType} here: fix the type or choose another id.`;
}

/** Decides, for each of the document's entities, which graph entity it is, if any. */
export function resolveEntities(
  entities: readonly Entity[],
  stored: readonly StoredEntity[],
): EntityResolution[] {
  const byId = new Map(stored.map((entity) => [entity.id, entity]));
  const annotatedIds = new Set(entities.map((entity) => entity.id));
  const resolutions = entities.map((entity): EntityResolution => {
    const same = byId.get(entity.id);
    if (same) {
      return same.type === entity.type
        ? { kind: 'matchedById', id: same.id, name: same.name }
        : {
            kind: 'typeConflict',
            id: entity.id,
            annotatedType: entity.type,
            storedType: same.type,
          };
    }
    const keys = new Set(entityNameKeys(entity));
    // An entity the document also names by its own id is that entity, not a candidate here.
    const candidates = stored.filter(
      (other) =>
        other.type === entity.type &&
        !annotatedIds.has(other.id) &&
        other.nameKeys.some((key) => keys.has(key)),
    );
    const [only, ...others] = candidates;
    if (!only) return { kind: 'created', id: entity.id, name: entity.name };
    if (others.length > 0) {
      return {
        kind: 'ambiguous',
        annotatedId: entity.id,
        name: entity.name,
        candidates: candidates.map(({ id, name }) => ({ id, name })),
      };
    }
    const on = [entity.name, ...entity.aliases].find((name) =>
      only.nameKeys.includes(nameKey(name)),
    );
    return {
      kind: 'matchedByName',
      annotatedId: entity.id,
      id: only.id,
      name: only.name,
      on: on ?? entity.name,
    };
  });
  // Two of the document's entities matched by name to one graph entity would become one.
  const claimed = new Map<string, string[]>();
  for (const resolution of resolutions) {
    if (resolution.kind === 'matchedByName') {
      claimed.set(resolution.id, [...(claimed.get(resolution.id) ?? []), resolution.annotatedId]);
    }
  }
  return resolutions.map((resolution) => {
    if (resolution.kind !== 'matchedByName') return resolution;
    const claimants = claimed.get(resolution.id) ?? [];
    if (claimants.length < 2) return resolution;
    return {
      kind: 'ambiguous',
      annotatedId: resolution.annotatedId,
      name: resolution.name,
      candidates: [{ id: resolution.id, name: resolution.name }],
    };
  });
}

/**
 * The annotations with every reference to a matched entity renamed to the graph's id. Ids are
 * prefixed slugs that only ever stand alone as a value, so whole-value replacement is exact; the
 * words of the page (`exact`) are never touched.
 */
export function renameEntities(
  annotations: Annotations,
  renames: ReadonlyMap<string, string>,
): Annotations {
  if (renames.size === 0) return annotations;
  const rename = (value: unknown): unknown => {
    if (typeof value === 'string') return renames.get(value) ?? value;
    if (Array.isArray(value)) return value.map(rename);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, rename(child)]));
    }
    return value;
  };
  return rename(annotations) as Annotations;
}

/**
 * The annotations with entity `otherId` folded into `survivorId`: where both are items, one item
 * with the survivor's fields, the mentions of both, and the other's names as aliases where the
 * page says them (an alias is always the words of a mention); every reference renamed.
 */
export function mergeEntityInAnnotations(
  annotations: Annotations,
  survivorId: string,
  otherId: string,
): Annotations {
  const survivor = annotations.entities.find((entity) => entity.id === survivorId);
  const other = annotations.entities.find((entity) => entity.id === otherId);
  let entities = annotations.entities;
  if (survivor && other) {
    const seen = new Set<string>();
    const mentions = [...survivor.mentions, ...other.mentions]
      .filter((mention) => {
        const key = `${mention.start}-${mention.end}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .sort((a, b) => a.start - b.start);
    const said = new Set(mentions.map((mention) => mention.exact));
    const aliases = [
      ...new Set(
        [...survivor.aliases, other.name, ...other.aliases].filter(
          (name) => name !== survivor.name && said.has(name),
        ),
      ),
    ];
    const merged = { ...survivor, mentions, aliases };
    entities = annotations.entities
      .filter((entity) => entity.id !== otherId)
      .map((entity) => (entity.id === survivorId ? merged : entity));
  }
  return renameEntities({ ...annotations, entities }, new Map([[otherId, survivorId]]));
}
