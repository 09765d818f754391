import type { EntityType, RelationType, StanceType } from '../domain/vocabulary.ts';

/**
 * Labels and relationship types the graph uses. Cypher cannot take a label or a type as a
 * parameter in every position, so where one varies it comes from these fixed maps, never from
 * input.
 */
export const ENTITY_LABELS = {
  Person: 'Person',
  Group: 'Group',
  Organization: 'Organization',
  Company: 'Company',
  GovernmentBody: 'GovernmentBody',
  MilitaryUnit: 'MilitaryUnit',
  Country: 'Country',
  City: 'City',
  Region: 'Region',
  Place: 'Place',
  Event: 'Event',
  Product: 'Product',
} as const satisfies Record<EntityType, string>;

export const RELATION_EDGE_TYPES = {
  part_of: 'PART_OF',
  located_in: 'LOCATED_IN',
  attended: 'ATTENDED',
  represented_at: 'REPRESENTED_AT',
  accused: 'ACCUSED',
  targeted: 'TARGETED',
  traced_attacks_to: 'TRACED_ATTACKS_TO',
} as const satisfies Record<RelationType, string>;

export const STANCE_EDGE_TYPES = {
  supports: 'SUPPORTS',
  disputes: 'DISPUTES',
  denies: 'DENIES',
  qualifies: 'QUALIFIES',
} as const satisfies Record<StanceType, string>;

/** Lower-cased, accents stripped, spaces folded: how names are compared. */
export function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Cypher for an entity's name keys as one string, a line each: a text index serves `CONTAINS`
 * on it (a list element has no index), and no key holds a line break, so no match spans two.
 */
export function nameTextCypher(nameKeys: string): string {
  return `reduce(text = '', key IN ${nameKeys} | text + '\\n' + key)`;
}
