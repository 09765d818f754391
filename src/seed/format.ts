/**
 * The annotation format of a seed article, as zod schemas. seed/README.md explains it for
 * annotators; the `.describe()` texts below are the short version.
 *
 * Offsets count Unicode code points of the article text: `start` inclusive, `end` exclusive,
 * and `exact` repeats the text at those offsets (W3C Web Annotation position + quote selectors).
 */
import { z } from 'zod';
import {
  ATTRIBUTION_MODES,
  CERTAINTIES,
  CLAIM_TYPES,
  ENTITY_ID_PREFIXES,
  ENTITY_SCOPES,
  ENTITY_TYPES,
  MENTION_KINDS,
  POLARITIES,
  REGION_KINDS,
  RELATION_TYPES,
  ROLE_TIMES,
  STANCE_BASES,
  STANCE_TYPES,
} from '../domain/vocabulary.ts';

export const FORMAT_VERSION = 1;

// ---------------------------------------------------------------- building blocks

const slug = '[a-z0-9]+(?:-[a-z0-9]+)*';

function prefixedId(prefix: string, example: string) {
  return z
    .string()
    .regex(new RegExp(`^${prefix}:${slug}$`), `expected an id like "${example}"`)
    .describe(`Stable id, "${prefix}:" followed by a lower-case slug, e.g. ${example}.`);
}

/** Any entity id: a known prefix and a slug. Which prefix fits which type is checked later. */
export const entityIdSchema = z
  .string()
  .regex(
    new RegExp(`^(?:${Object.values(ENTITY_ID_PREFIXES).join('|')}):${slug}$`),
    'expected an entity id like "person:kenneth-lieberthal"',
  )
  .describe('An entity id, e.g. person:kenneth-lieberthal, company:google, country:china.');

export const regionIdSchema = prefixedId('region', 'region:body-1');
export const commentIdSchema = z
  .string()
  .regex(/^comment:[1-9][0-9]*$/, 'expected a comment id like "comment:22"')
  .describe('A reader comment, by its number on the page: comment:22.');
export const claimIdSchema = prefixedId('claim', 'claim:google-traced-hacking-to-college');

/** Who can speak or report: an entity, or a reader comment (an anonymous commenter). */
export const sourceIdSchema = z
  .union([entityIdSchema, commentIdSchema])
  .describe('An entity id, or a comment id for the anonymous author of that comment.');

export const spanSchema = z
  .strictObject({
    start: z.int().nonnegative().describe('First code point, inclusive.'),
    end: z.int().nonnegative().describe('Code point after the last one (exclusive).'),
    exact: z.string().min(1).describe('The text at [start, end), character for character.'),
  })
  .describe('A stretch of the article text.');
export type Span = z.infer<typeof spanSchema>;

export const mentionSchema = spanSchema
  .extend({
    kind: z
      .enum(MENTION_KINDS)
      .optional()
      .describe(
        'name (default): the name or an alias; nominal: a description ("the college"); ' +
          'pronoun: he/his/him; implicit: the words that imply an unmentioned source ("I\'ve been told").',
      ),
  })
  .describe('One place where the text refers to the entity.');
export type Mention = z.infer<typeof mentionSchema>;

export const quantitySchema = z
  .strictObject({
    amount: z.number().optional().describe('The value when the text gives one number.'),
    lower: z.number().optional().describe('Lower bound ("more than $10m", "50-80%").'),
    upper: z.number().optional().describe('Upper bound ("as much as $300bn").'),
    unit: z
      .string()
      .min(1)
      .describe('ISO 4217 code for money (USD, GBP), else a singular noun: percent, year, hour.'),
    period: z.string().optional().describe('Per what: year for "a year", hour for "an hour".'),
    approximate: z.boolean().optional().describe('True for vague amounts ("several dozen").'),
    measure: z.string().optional().describe('What is counted, in plain words.'),
    span: spanSchema.describe('The words that state the quantity.'),
  })
  .refine(
    (quantity) =>
      quantity.amount !== undefined || quantity.lower !== undefined || quantity.upper !== undefined,
    { message: 'a quantity needs an amount, a lower bound or an upper bound' },
  )
  .describe('A number as a value, never as a string.');
export type Quantity = z.infer<typeof quantitySchema>;

// ---------------------------------------------------------------- document and regions

export const regionSchema = z
  .strictObject({
    id: regionIdSchema,
    kind: z.enum(REGION_KINDS),
    span: spanSchema,
  })
  .describe('A part of the page. Regions never overlap; blank lines may stay outside.');
export type Region = z.infer<typeof regionSchema>;

export const documentSchema = z
  .strictObject({
    id: prefixedId('doc', 'doc:000-6cfdbb14dfc71039'),
    sourceFile: z.string().min(1).describe('File name of the text, next to the annotations.'),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .describe('SHA-256 of the text file, so annotations never meet the wrong text.'),
    codePoints: z.int().positive().describe('Length of the text in code points.'),
    language: z.string().min(2).describe('BCP 47 language tag of the text, e.g. en.'),
    title: spanSchema.describe('The headline, as a span.'),
    publisher: z.strictObject({
      entity: entityIdSchema,
      spans: z.array(spanSchema).describe('Where the page names its publisher.'),
    }),
    authors: z.array(
      z.strictObject({
        entity: entityIdSchema,
        role: z.string().min(1).describe('The role as the page states it.'),
        nameSpans: z.array(spanSchema).min(1),
        roleSpan: spanSchema,
      }),
    ),
    publicationDate: z
      .strictObject({
        iso: z.iso.date().describe('The stated date as YYYY-MM-DD.'),
        span: spanSchema.describe('Where the page states it.'),
      })
      .nullable()
      .describe('Only a date the page states; null when it states none. Never inferred.'),
  })
  .describe('The article as a whole.');
export type DocumentInfo = z.infer<typeof documentSchema>;

export const commentSchema = z
  .strictObject({
    id: commentIdSchema,
    number: z.int().positive().describe('The number the page gives the comment.'),
    region: regionIdSchema.describe('Its region, of kind comment.'),
    label: spanSchema.describe('"Comment number N." as on the page.'),
    text: spanSchema.describe("The commenter's words."),
  })
  .describe('A reader comment: an anonymous source of its own, apart from the article.');
export type Comment = z.infer<typeof commentSchema>;

// ---------------------------------------------------------------- entities, roles, relations

export const entitySchema = z
  .strictObject({
    id: entityIdSchema,
    type: z.enum(ENTITY_TYPES),
    name: z
      .string()
      .min(1)
      .describe('Canonical name as the page writes it; for unnamed entities, their description.'),
    named: z.boolean().describe('Whether the page gives it a proper name.'),
    scope: z
      .enum(ENTITY_SCOPES)
      .describe('article: named or described by the article; comments: only reader comments do.'),
    aliases: z
      .array(z.string().min(1))
      .describe('Other names the text uses for it; each must be the exact text of a mention.'),
    description: z.string().min(1).describe("One line, in the page's words."),
    mentions: z.array(mentionSchema).describe('Every mention, in text order.'),
  })
  .describe('A person, organisation, place, event... that the page names or describes.');
export type Entity = z.infer<typeof entitySchema>;

export const roleSchema = z
  .strictObject({
    id: prefixedId('role', 'role:ryan-lance-conocophillips'),
    holder: entityIdSchema,
    organization: entityIdSchema.optional().describe('Where the role is held, when the page says.'),
    title: z.string().min(1).optional().describe('The title as the page words it.'),
    time: z
      .enum(ROLE_TIMES)
      .describe('current ("now at"), former ("former", "retired") or unspecified.'),
    evidence: z.array(spanSchema),
  })
  .describe('A position someone holds or held.');
export type Role = z.infer<typeof roleSchema>;

export const relationSchema = z
  .strictObject({
    id: prefixedId('rel', 'rel:pla-unit-part-of-pla'),
    type: z.enum(RELATION_TYPES),
    subject: entityIdSchema,
    object: entityIdSchema,
    claim: claimIdSchema
      .optional()
      .describe("The claim that asserts it, when the relation is somebody's allegation."),
    evidence: z.array(spanSchema),
  })
  .describe('A typed link between two entities, read as "subject type object".');
export type Relation = z.infer<typeof relationSchema>;

// ---------------------------------------------------------------- claims and stances

export const attributionSchema = z
  .strictObject({
    speaker: sourceIdSchema.describe('Who commits to the claim.'),
    reporter: sourceIdSchema
      .optional()
      .describe(
        'Who relays it to the reader: the article author for reported speech; absent when the speaker writes it.',
      ),
    via: z
      .array(sourceIdSchema)
      .optional()
      .describe('Intermediaries between speaker and reporter, nearest the speaker first.'),
    mode: z.enum(ATTRIBUTION_MODES),
    cue: spanSchema
      .optional()
      .describe('The words that attribute it: "said", "told me", "accused".'),
    certainty: z.enum(CERTAINTIES).describe("The speaker's commitment, as the text conveys it."),
    polarity: z.enum(POLARITIES).describe('negative: the speaker says the proposition is not so.'),
    hedges: z.array(spanSchema).optional().describe('"thought to be", "appears to be", "may"...'),
    evidence: z
      .array(spanSchema)
      .describe('The exact words of the claim; several spans when split or repeated on the page.'),
  })
  .describe('One source committing to a claim.');
export type Attribution = z.infer<typeof attributionSchema>;

export const claimSchema = z
  .strictObject({
    id: claimIdSchema,
    type: z.enum(CLAIM_TYPES),
    proposition: z
      .string()
      .min(1)
      .describe('One plain sentence, stated positively; a negation goes in polarity.'),
    about: z.array(entityIdSchema).min(1).describe('The entities the claim is about.'),
    quantities: z.array(quantitySchema).optional(),
    attributions: z.array(attributionSchema),
  })
  .describe('Something the page, or a commenter, says is so.');
export type Claim = z.infer<typeof claimSchema>;

export const stanceSchema = z
  .strictObject({
    id: prefixedId('stance', 'stance:college-denies-google'),
    type: z.enum(STANCE_TYPES),
    from: claimIdSchema.describe('The claim that takes the stance.'),
    to: claimIdSchema.describe('The claim it is about.'),
    toDocument: prefixedId('doc', 'doc:000-6cfdbb14dfc71039')
      .optional()
      .describe(
        'The document that holds "to", when it is another one: it must be in the graph when this one is imported.',
      ),
    basis: z
      .enum(STANCE_BASES)
      .describe('explicit: the words link them ("denied", "Re ..."); inferred: the annotator did.'),
    evidence: z.array(spanSchema).describe('The words that make the link.'),
  })
  .describe('How one claim bears on another.');
export type Stance = z.infer<typeof stanceSchema>;

// ---------------------------------------------------------------- the file

export const draftedSchema = z
  .strictObject({
    extractor: z.string().min(1).describe('The name of the extractor that drafted them.'),
    version: z.string().min(1).describe('Its version.'),
  })
  .describe(
    'Set when an extractor drafted these annotations (npm run draft): every item is a draft until a curator accepts or corrects it.',
  );
export type Drafted = z.infer<typeof draftedSchema>;

export const annotationsSchema = z
  .strictObject({
    format: z.literal(FORMAT_VERSION),
    document: documentSchema,
    regions: z.array(regionSchema),
    comments: z.array(commentSchema),
    entities: z.array(entitySchema),
    roles: z.array(roleSchema),
    relations: z.array(relationSchema),
    claims: z.array(claimSchema),
    stances: z.array(stanceSchema),
    drafted: draftedSchema.optional(),
  })
  .describe('All annotations of one article.');
export type Annotations = z.infer<typeof annotationsSchema>;

/** The item lists of the file, in the order they appear. */
export const ITEM_SECTIONS = [
  'regions',
  'comments',
  'entities',
  'roles',
  'relations',
  'claims',
  'stances',
] as const;
export type ItemSection = (typeof ITEM_SECTIONS)[number];

export const sectionItemSchemas = {
  regions: regionSchema,
  comments: commentSchema,
  entities: entitySchema,
  roles: roleSchema,
  relations: relationSchema,
  claims: claimSchema,
  stances: stanceSchema,
} as const satisfies Record<ItemSection, z.ZodType>;
