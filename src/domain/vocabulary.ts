/**
 * What Dossier's graph talks about: the kinds of region, entity, relation, claim, attribution and
 * stance. The annotation format, the graph, the API and the loader all speak these words, so they
 * live here, below all of them.
 */

export const REGION_KINDS = [
  'headline',
  'caption',
  'navigation',
  'body',
  'pull_quote',
  'byline',
  'promo',
  'comment',
  'footer',
] as const;
export type RegionKind = (typeof REGION_KINDS)[number];

/** Regions whose words are the article's own reporting (where article claims may sit). */
export const ARTICLE_REGION_KINDS: readonly RegionKind[] = [
  'headline',
  'caption',
  'body',
  'pull_quote',
  'byline',
];

export const ENTITY_TYPES = [
  'Person',
  'Group',
  'Organization',
  'Company',
  'GovernmentBody',
  'MilitaryUnit',
  'Country',
  'City',
  'Region',
  'Place',
  'Event',
  'Product',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** The id prefix each entity type must use, e.g. `person:kenneth-lieberthal`. */
export const ENTITY_ID_PREFIXES: Record<EntityType, string> = {
  Person: 'person',
  Group: 'group',
  Organization: 'org',
  Company: 'company',
  GovernmentBody: 'gov',
  MilitaryUnit: 'military',
  Country: 'country',
  City: 'city',
  Region: 'area',
  Place: 'place',
  Event: 'event',
  Product: 'product',
};

export const ORGANIZATION_TYPES: readonly EntityType[] = [
  'Organization',
  'Company',
  'GovernmentBody',
  'MilitaryUnit',
];
export const PLACE_TYPES: readonly EntityType[] = ['Country', 'City', 'Region', 'Place'];

export const ENTITY_SCOPES = ['article', 'comments'] as const;
export const MENTION_KINDS = ['name', 'nominal', 'pronoun', 'implicit'] as const;
export const ROLE_TIMES = ['current', 'former', 'unspecified'] as const;

export const RELATION_TYPES = [
  'part_of',
  'located_in',
  'attended',
  'represented_at',
  'accused',
  'targeted',
  'traced_attacks_to',
] as const;
export type RelationType = (typeof RELATION_TYPES)[number];

export const CLAIM_TYPES = [
  'accusation',
  'denial',
  'estimate',
  'assessment',
  'prediction',
  'anecdote',
  'policy',
  'recommendation',
  'statement',
] as const;
export type ClaimType = (typeof CLAIM_TYPES)[number];

export const ATTRIBUTION_MODES = [
  'direct_quote',
  'partial_quote',
  'paraphrase',
  'reported',
  'author',
] as const;
export type AttributionMode = (typeof ATTRIBUTION_MODES)[number];

export const CERTAINTIES = ['certain', 'probable', 'possible', 'unknown'] as const;
export const POLARITIES = ['positive', 'negative'] as const;

export const STANCE_TYPES = ['supports', 'disputes', 'denies', 'qualifies'] as const;
export type StanceType = (typeof STANCE_TYPES)[number];
export const STANCE_BASES = ['explicit', 'inferred'] as const;
