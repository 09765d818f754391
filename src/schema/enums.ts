import {
  ATTRIBUTION_MODES,
  CERTAINTIES,
  CLAIM_TYPES,
  ENTITY_TYPES,
  type EntityType,
  MENTION_KINDS,
  POLARITIES,
  REGION_KINDS,
  RELATION_TYPES,
  ROLE_TIMES,
  STANCE_TYPES,
} from '../domain/vocabulary.ts';
import { ENTITY_LABELS } from '../graph/model.ts';
import { builder } from './builder.ts';

/** GraphQL enum values are SCREAMING_SNAKE; the graph stores the annotation vocabulary. */
export function enumName(value: string): string {
  return value
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

function vocabularyEnum<const T extends readonly string[]>(
  name: string,
  description: string,
  values: T,
  describe: Partial<Record<T[number], string>> = {},
) {
  return builder.enumType(name, {
    description,
    values: Object.fromEntries(
      values.map((value) => [
        enumName(value),
        { value: value as T[number], description: describe[value as T[number]] },
      ]),
    ) as Record<string, { value: T[number]; description?: string }>,
  });
}

/** What each kind of entity is, for the EntityKind values and the object types alike. */
export const ENTITY_KIND_DESCRIPTIONS: Record<EntityType, string> = {
  Person: 'A named or described person.',
  Group: 'A set of people the text treats as one actor ("Chinese hackers", "officials").',
  Organization: 'A non-commercial organisation (think tank, commission, college, newspaper desk).',
  Company: 'A business.',
  GovernmentBody:
    'A state, or a part of one (the White House, the Pentagon, the National Security Council).',
  MilitaryUnit: 'An army or one of its units.',
  Country: 'A country.',
  City: 'A city.',
  Region: 'A province, state or other region.',
  Place: 'Any other place.',
  Event: 'A meeting, summit or other event.',
  Product: 'A product or technology (a stealth fighter, a missile system, software).',
};

export const EntityKind = vocabularyEnum(
  'EntityKind',
  'What kind of thing an entity is.',
  ENTITY_TYPES,
  ENTITY_KIND_DESCRIPTIONS,
);

/** The GraphQL object type of each entity kind is named like its Neo4j label. */
export const ENTITY_TYPENAMES: Readonly<Record<EntityType, string>> = ENTITY_LABELS;

export const ClaimType = vocabularyEnum(
  'ClaimType',
  'What kind of statement a claim is.',
  CLAIM_TYPES,
  {
    accusation: 'Says someone did wrong.',
    denial: 'Says an accusation or claim is not so.',
    estimate: 'Puts a number on something.',
    assessment: 'Judges a situation.',
    prediction: 'Says what will or may happen.',
    anecdote: 'Tells what happened in a particular case.',
    policy: 'States what a party does or intends to do.',
    recommendation: 'Says what someone should do.',
    statement: 'Any other statement of fact.',
  },
);

export const AttributionMode = vocabularyEnum(
  'AttributionMode',
  "How the page gives a source's words.",
  ATTRIBUTION_MODES,
  {
    direct_quote: "The source's own words, in quotation marks.",
    partial_quote: "A paraphrase with some of the source's words quoted.",
    paraphrase: 'The source\'s point in the reporter\'s words ("he says the US is making...").',
    reported: 'Attributed to a source without its words ("it\'s known that", "is believed to be").',
    author: "The writer's own statement (the correspondent, or a reader in a comment).",
  },
);

export const Certainty = vocabularyEnum(
  'Certainty',
  'How firmly the source commits to a claim (FactBank factuality).',
  CERTAINTIES,
  {
    certain: 'Stated as fact.',
    probable: 'Hedged but leaning to true ("We believe so", "appears to be").',
    possible: 'Only a possibility ("may", "might").',
    unknown: 'The text does not say how firmly.',
  },
);

export const Polarity = vocabularyEnum(
  'Polarity',
  'Whether the source says the claim is so or is not so.',
  POLARITIES,
  {
    positive: 'The source says it is so.',
    negative: 'The source says it is not so (a denial).',
  },
);

export const StanceType = vocabularyEnum(
  'StanceType',
  'How one claim bears on another.',
  STANCE_TYPES,
  {
    supports: 'Gives evidence or weight for the other claim.',
    disputes: 'Argues against the other claim.',
    denies: 'Says the other claim is false.',
    qualifies: 'Limits or adds a condition to the other claim.',
  },
);

export const RegionKind = vocabularyEnum('RegionKind', 'A part of the page.', REGION_KINDS, {
  headline: "The article's title.",
  caption: 'A picture caption or the standfirst.',
  navigation: 'Page navigation, not content.',
  body: 'The article proper.',
  pull_quote: 'A quote the page repeats in large type.',
  byline: 'The author box.',
  promo: 'A promotion of another story.',
  comment: 'A reader comment.',
  footer: 'Page chrome at the bottom.',
});

export const MentionKind = vocabularyEnum(
  'MentionKind',
  'How a mention refers to its entity.',
  MENTION_KINDS,
  {
    name: 'By name or alias.',
    nominal: 'By a description ("the college").',
    pronoun: 'By a pronoun ("he").',
    implicit: 'By words that imply an unnamed source ("I\'ve been told").',
  },
);

export const RoleTime = vocabularyEnum('RoleTime', 'Whether a role is held now.', ROLE_TIMES, {
  current: 'Held now ("now at").',
  former: 'Held before ("former", "retired").',
  unspecified: 'The page does not say.',
});

export const RelationType = vocabularyEnum(
  'RelationType',
  'A typed link between two entities, read as "subject TYPE object".',
  RELATION_TYPES,
  {
    part_of: 'The subject is part of the object.',
    located_in: 'The subject is in the object place.',
    attended: 'The subject took part in the object event.',
    represented_at: 'The subject was represented at the object event.',
    accused: 'The subject accused the object.',
    targeted: 'The subject targeted the object.',
    traced_attacks_to: 'The subject traced attacks to the object.',
  },
);

export const SourceKind = builder.enumType('SourceKind', {
  description: "Who a claim comes from: the article's reporting or a reader comment.",
  values: {
    ARTICLE: {
      value: 'article',
      description: 'The article: its author and the sources it quotes.',
    },
    COMMENT: { value: 'comment', description: 'A reader comment under the article.' },
  } as const,
});

export const EntitySort = builder.enumType('EntitySort', {
  description: 'The order of an entity list.',
  values: {
    NAME: { value: 'NAME', description: 'By name, A to Z, ignoring case and accents.' },
    MENTIONS: { value: 'MENTIONS', description: 'Most mentioned first, then by name.' },
  } as const,
});

export const StanceDirection = builder.enumType('StanceDirection', {
  description: 'Which stances of a claim to list.',
  values: {
    OUTGOING: { value: 'OUTGOING', description: 'Stances this claim takes on others.' },
    INCOMING: { value: 'INCOMING', description: 'Stances other claims take on this one.' },
    BOTH: { value: 'BOTH', description: 'Both.' },
  } as const,
});
