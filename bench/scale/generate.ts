/**
 * Synthetic news articles in the seed annotation format (src/seed/format.ts, seed/README.md),
 * so that a benchmark can grow the graph to hundreds or thousands of documents.
 *
 * Entities come from a shared pool and keep identical fields in every document, because the
 * graph merges them by id. Documents draw them with a Zipf-like skew: a few appear almost
 * everywhere, most in one or two documents.
 *
 * Text and annotations are written together: every piece of text goes through a builder that
 * knows its code-point offsets, so spans are never searched for afterwards. Everything comes
 * from a seeded PRNG: the same seed and index give byte-identical documents.
 */
import { createHash } from 'node:crypto';
import {
  type ClaimType,
  ENTITY_ID_PREFIXES,
  type EntityType,
  type RegionKind,
  type RelationType,
  type StanceType,
} from '../../src/domain/vocabulary.ts';
import {
  type Annotations,
  type Attribution,
  type Claim,
  type Comment,
  type Entity,
  FORMAT_VERSION,
  type Mention,
  type Quantity,
  type Region,
  type Relation,
  type Role,
  type Span,
  type Stance,
} from '../../src/seed/format.ts';
import { codePointLength } from '../../src/seed/spans.ts';

// ============================================================================= random numbers

export type Random = () => number;

/** mulberry32: a tiny 32-bit PRNG, plenty for test data and fully deterministic. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes numbers into one 32-bit seed, so that each (seed, index) pair gets its own stream. */
function mixSeeds(...values: number[]): number {
  let hash = 0x811c9dc5;
  for (const value of values) {
    hash = Math.imul(hash ^ (value >>> 0), 0x01000193);
    hash = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d);
    hash ^= hash >>> 12;
  }
  return hash >>> 0;
}

function pickOne<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('cannot pick from an empty list');
  return item;
}

function chance(random: Random, probability: number): boolean {
  return random() < probability;
}

/** An integer in [min, max]. */
function between(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    const current = copy[index] as T;
    copy[index] = copy[other] as T;
    copy[other] = current;
  }
  return copy;
}

// ============================================================================= Zipf sampling

/** The exponent s of the skew: the entity of rank r is drawn with weight 1 / r^s. */
export const ZIPF_EXPONENT = 1.1;

export function zipfWeight(rank: number, exponent = ZIPF_EXPONENT): number {
  return rank ** -exponent;
}

/** Draws items with probability proportional to their weights (cumulative table + bisection). */
export class WeightedSampler<T> {
  private readonly items: readonly T[];
  private readonly cumulative: Float64Array;

  constructor(items: readonly T[], weights: readonly number[]) {
    if (items.length === 0 || items.length !== weights.length) {
      throw new Error('a sampler needs one weight per item, and at least one item');
    }
    this.items = items;
    this.cumulative = new Float64Array(items.length);
    let total = 0;
    weights.forEach((weight, index) => {
      total += weight;
      this.cumulative[index] = total;
    });
  }

  sample(random: Random): T {
    const target = random() * (this.cumulative[this.cumulative.length - 1] ?? 0);
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.cumulative[middle] ?? 0) > target) high = middle;
      else low = middle + 1;
    }
    return this.items[low] as T;
  }
}

/** A sampler over `items` in rank order: the first has rank 1 (or the given ranks). */
export function zipfSampler<T>(
  items: readonly T[],
  ranks: readonly number[] = items.map((_item, index) => index + 1),
  exponent = ZIPF_EXPONENT,
): WeightedSampler<T> {
  return new WeightedSampler(
    items,
    ranks.map((rank) => zipfWeight(rank, exponent)),
  );
}

// ============================================================================= vocabulary

/** A list written as one string: `words('Al Bel Cor')`. */
function words(list: string): readonly string[] {
  return list.split(' ');
}

const FEMALE_NAMES = words(
  'Elena Amara Ingrid Priya Sofia Mei Leila Hanna Nadia Claire Yara Ines Maren Talia Zofia Aiko Rosa Greta Lucia Noor Astrid Farah Keiko Marta Olga Selin Vera Dalia Irene Joanna',
);
const MALE_NAMES = words(
  'Tomas Rafael Jonas Kenji Omar Lukas Daniel Anders Mateo Samuel Viktor Ibrahim Felix Hugo Arjun Marco Pavel Emil Nikolai Tariq Oskar Leon Ruben Stefan Yusuf Henrik Diego Andrei Kofi Milan',
);
const SURNAME_HEADS = words(
  'Ab Bran Cas Dov Eck Fal Grun Har Ives Jan Kov Lind Mend Nak Okon Pra Quill Rask Sor Thal Ud Vasq Wil Yeo Zeb',
);
const SURNAME_TAILS = words(
  'ani berg czyk dottir ell ez ford ga hart ić ington jian kowski lund mann nova oye rath sen ström tari uz wood yama zola',
);
/** Syllables for places, organisations and brands: "Belford", "Kelvar". */
const PLACE_HEADS = words(
  'Al Bel Cor Dal Ev Fen Gar Hal Ist Jor Kel Lor Mar Nor Ost Pel Quen Ros Sel Tor Ul Var Wen Yar Zan',
);
const PLACE_TAILS = words(
  'da ford gan ley mont ner ova ric sen ton vik wick ara edo ima oss uen bury dale holm ing lund mere rin stad',
);
const BRAND_HEADS = words(
  'Kel Nor Dun Tes Arv Bal Cal Hel Mar Ost Ver Zan Lum Pra Sol Tor Vex Quar Ryn Fal Oro Ax Cyr Del Ith',
);
const BRAND_TAILS = words(
  'var more saly dex ion ara ven tis lux gate nex tek via ona rin cor mont wick ton is al ex os yn eon',
);
const COUNTRY_HEADS = words(
  'Vel Kard Ostr Bel Tarv Mor Sev Lun Dar Ister Verm Cal Nord Zer Pal Rav Tess Ald Kes Vin Bran Cor Elb Gal Hesp Ilv Jur Lys Myr Sard',
);
const COUNTRY_ENDINGS = words('ia aria ovia ania eria esia');

const COMPANY_SECTORS = [
  { suffix: 'Systems', sector: 'technology', nominal: 'the company', product: 'software platform' },
  { suffix: 'Logistics', sector: 'logistics', nominal: 'the company', product: 'tracking service' },
  { suffix: 'Energy', sector: 'energy', nominal: 'the company', product: 'battery system' },
  { suffix: 'Holdings', sector: 'investment', nominal: 'the group', product: 'investment fund' },
  { suffix: 'Foods', sector: 'food', nominal: 'the company', product: 'packaged meal range' },
  { suffix: 'Mining', sector: 'mining', nominal: 'the miner', product: 'drilling rig' },
  { suffix: 'Shipping', sector: 'shipping', nominal: 'the shipping firm', product: 'cargo ship' },
  { suffix: 'Pharma', sector: 'pharmaceutical', nominal: 'the drugmaker', product: 'vaccine' },
  { suffix: 'Networks', sector: 'telecoms', nominal: 'the operator', product: 'mobile network' },
  { suffix: 'Motors', sector: 'car', nominal: 'the carmaker', product: 'electric car' },
  { suffix: 'Steel', sector: 'steel', nominal: 'the steelmaker', product: 'steel alloy' },
  { suffix: 'Bank', sector: 'banking', nominal: 'the bank', product: 'savings account' },
] as const;

const PRODUCT_MODELS = words('Atlas Nova Pilot Vector Orbit Beacon Falcon Sentinel Meridian Quill');
const RESEARCH_FIELDS = words(
  'Maritime Energy Trade Security Economic Climate Technology Health Agricultural Financial',
);
const TRADE_MEMBERS = [
  'Port Operators',
  'Steel Producers',
  'Software Firms',
  'Grain Exporters',
  'Shipowners',
  'Power Producers',
  'Drug Makers',
  'Freight Carriers',
];
const UNION_MEMBERS = ['Dock Workers', 'Miners', 'Engineers', 'Drivers', 'Nurses', 'Farmers'];

/** Organisation names; `acronym` names get their initials as an alias: "(ACMS)". */
const ORGANIZATION_FORMS: ReadonlyArray<{
  name: (stem: string, random: Random) => string;
  noun: string;
  nominal: string;
  acronym: boolean;
}> = [
  {
    name: (stem) => `${stem} Institute`,
    noun: 'research institute',
    nominal: 'the institute',
    acronym: false,
  },
  {
    name: (stem) => `${stem} Foundation`,
    noun: 'charitable foundation',
    nominal: 'the foundation',
    acronym: false,
  },
  {
    name: (stem, random) => `${stem} Centre for ${pickOne(random, RESEARCH_FIELDS)} Studies`,
    noun: 'research centre',
    nominal: 'the centre',
    acronym: true,
  },
  {
    name: (stem, random) => `${stem} Association of ${pickOne(random, TRADE_MEMBERS)}`,
    noun: 'trade association',
    nominal: 'the association',
    acronym: true,
  },
  {
    name: (stem, random) => `${stem} Council on ${pickOne(random, RESEARCH_FIELDS)} Policy`,
    noun: 'policy council',
    nominal: 'the council',
    acronym: true,
  },
  {
    name: (stem, random) => `${stem} Union of ${pickOne(random, UNION_MEMBERS)}`,
    noun: 'trade union',
    nominal: 'the union',
    acronym: true,
  },
];

const MASTHEADS = words('Herald Post Chronicle Times Observer Tribune Gazette Courier');

const GOVERNMENT_BODIES = [
  { body: 'Ministry of Trade', nominal: 'the ministry' },
  { body: 'Ministry of Energy', nominal: 'the ministry' },
  { body: 'Ministry of Finance', nominal: 'the ministry' },
  { body: 'Ministry of Transport', nominal: 'the ministry' },
  { body: 'Competition Authority', nominal: 'the authority' },
  { body: 'Central Bank', nominal: 'the central bank' },
  { body: 'Trade Commission', nominal: 'the commission' },
  { body: 'Data Protection Office', nominal: 'the office' },
  { body: 'Environment Agency', nominal: 'the agency' },
  { body: 'Port Authority', nominal: 'the authority' },
] as const;

const MILITARY_BRANCHES = [
  { branch: 'Navy', nominal: 'the navy' },
  { branch: 'Coast Guard', nominal: 'the coast guard' },
  { branch: 'Air Force', nominal: 'the air force' },
  { branch: 'Cyber Command', nominal: 'the unit' },
  { branch: 'Signals Directorate', nominal: 'the directorate' },
] as const;

const REGION_FORMS = [
  { suffix: 'Province', article: '', noun: 'province', nominal: 'the province' },
  { suffix: 'Valley', article: 'the ', noun: 'valley', nominal: 'the valley' },
  { suffix: 'Coast', article: 'the ', noun: 'coastal region', nominal: 'the coast' },
  { suffix: 'Highlands', article: 'the ', noun: 'upland region', nominal: 'the highlands' },
  { suffix: 'Delta', article: 'the ', noun: 'river delta', nominal: 'the delta' },
] as const;

const PLACE_FORMS = [
  { suffix: 'Harbour', noun: 'harbour' },
  { suffix: 'Dam', noun: 'dam' },
  { suffix: 'Bridge', noun: 'bridge' },
  { suffix: 'Terminal', noun: 'freight terminal' },
  { suffix: 'Refinery', noun: 'refinery' },
  { suffix: 'Industrial Park', noun: 'industrial park' },
] as const;

const EVENT_FORMS = [
  { suffix: 'Energy Forum', noun: 'forum', nominal: 'the forum' },
  { suffix: 'Trade Summit', noun: 'summit', nominal: 'the summit' },
  { suffix: 'Maritime Conference', noun: 'conference', nominal: 'the conference' },
  { suffix: 'Investment Week', noun: 'investment conference', nominal: 'the conference' },
  { suffix: 'Technology Fair', noun: 'trade fair', nominal: 'the fair' },
] as const;

const TITLES = {
  company: [
    'chief executive',
    'chief financial officer',
    'head of research',
    'chairman',
    'head of strategy',
    'chief economist',
  ],
  organization: [
    'senior fellow',
    'director',
    'chief economist',
    'research director',
    'lead analyst',
  ],
  government: [
    'spokesperson',
    'deputy minister',
    'head of policy',
    'senior adviser',
    'director general',
  ],
} as const;

const BEATS = [
  'economics correspondent',
  'business reporter',
  'trade correspondent',
  'technology reporter',
  'political editor',
  'energy correspondent',
];

/** Unnamed collectives (`named: false`): [name, description]. */
const GROUPS: ReadonlyArray<readonly [string, string]> = [
  ['independent analysts', 'analysts the articles quote without naming them'],
  ['officials', 'government officials who are not named'],
  ['dock workers', 'workers at the ports the articles describe'],
  ['shareholders', 'shareholders of the companies involved'],
  ['local residents', 'people living near the sites the articles describe'],
  ['consumer groups', 'groups that speak for consumers'],
  ['hackers', 'hackers who are not named or identified'],
  ['environmental campaigners', 'campaigners for the environment'],
  ['farmers', 'farmers in the regions the articles describe'],
  ['economists', 'economists who are not named'],
  ['diplomats', 'diplomats who are not named'],
  ['investors', 'investors in the companies involved'],
];
/** The implicit source of "I've been told". */
const UNNAMED_SOURCES = {
  slug: 'unnamed-sources',
  name: 'the unnamed sources of "I\'ve been told"',
  description: 'people who spoke to the author without being named',
};
const UNNAMED_SOURCES_ID = `group:${UNNAMED_SOURCES.slug}`;
const HACKERS_ID = 'group:hackers';
/** Groups that can speak in the text ("officials said", "analysts expect"). */
const SPEAKING_GROUPS = [
  'group:independent-analysts',
  'group:officials',
  'group:economists',
  'group:diplomats',
];
const LOCAL_GROUPS = [
  'group:farmers',
  'group:local-residents',
  'group:dock-workers',
  'group:environmental-campaigners',
];

/** What a document is about; every phrase fits the clause templates it is used in. */
interface Topic {
  /** A noun phrase: "will dominate talks", "depend on", "will cost". */
  issue: string;
  /** What a government can act on: "will review ...". */
  measure: string;
  headline: string;
  goods: string;
  cost: string;
  plan: string;
}

const TOPICS: readonly Topic[] = [
  {
    issue: 'the planned expansion of the container port',
    measure: 'the port concession',
    headline: 'port deal',
    goods: 'containers',
    cost: 'the cost of the delays at the port',
    plan: 'expansion plan',
  },
  {
    issue: 'the theft of customer data from cloud servers',
    measure: 'its rules on data security',
    headline: 'data breach',
    goods: 'cloud services',
    cost: 'losses from the theft of data',
    plan: 'security overhaul',
  },
  {
    issue: 'the new tariffs on imported steel',
    measure: 'the steel tariffs',
    headline: 'steel tariffs',
    goods: 'steel',
    cost: 'the cost of the tariffs to manufacturers',
    plan: 'pricing plan',
  },
  {
    issue: 'the long-delayed upgrade of the national grid',
    measure: 'the grid upgrade',
    headline: 'grid upgrade',
    goods: 'electricity',
    cost: 'the cost of power cuts to businesses',
    plan: 'grid investment plan',
  },
  {
    issue: 'the government review of drug prices',
    measure: 'the price caps on medicines',
    headline: 'drug prices',
    goods: 'medicines',
    cost: 'spending on medicines',
    plan: 'pricing strategy',
  },
  {
    issue: 'the proposed merger of the two largest rail freight operators',
    measure: 'the rail merger',
    headline: 'rail merger',
    goods: 'freight',
    cost: 'the cost of the merger to shippers',
    plan: 'merger plan',
  },
  {
    issue: 'the dispute over fishing quotas in northern waters',
    measure: 'the fishing quotas',
    headline: 'fishing quotas',
    goods: 'fish',
    cost: 'losses from the quotas',
    plan: 'quota proposal',
  },
  {
    issue: 'the ban on exports of advanced microchips',
    measure: 'the chip export ban',
    headline: 'chip exports',
    goods: 'microchips',
    cost: 'losses from the export ban',
    plan: 'export strategy',
  },
];

/** Reasons speakers give, to round off a clause: "..., because costs have risen sharply". */
const REASONS = [
  'demand has collapsed since the spring',
  'costs have risen sharply over the past year',
  'the rules have changed twice in twelve months',
  'investors have run out of patience',
  'the government badly needs the tax revenue',
  'its biggest customers are looking elsewhere',
  'nobody wants to be blamed if it goes wrong',
];

/** Headlines around the lead company's name: [before it, after it]. */
const HEADLINE_FORMS: ReadonlyArray<(topic: Topic) => readonly [string, string]> = [
  (topic) => ['', ` under pressure over ${topic.headline}`],
  (topic) => ['', ` faces questions over ${topic.headline}`],
  (topic) => ['', ` defends ${topic.headline} as criticism grows`],
  (topic) => ['Storm grows around ', ` and the ${topic.headline}`],
];

const MISDEEDS = [
  { gerund: 'hiding losses from investors', participle: 'hidden losses from investors' },
  { gerund: 'overcharging its customers', participle: 'overcharged its customers' },
  { gerund: 'breaking safety rules', participle: 'broken safety rules' },
  { gerund: 'paying bribes to officials', participle: 'paid bribes to officials' },
  { gerund: 'misleading regulators', participle: 'misled regulators' },
  { gerund: 'dumping waste into rivers', participle: 'dumped waste into rivers' },
  { gerund: 'fixing prices with its rivals', participle: 'fixed prices with its rivals' },
];

const COMPANY_PLANS = [
  'raise its prices',
  'sell its overseas business',
  'build a new plant',
  'close two of its depots',
  'double its investment',
  'look for a buyer',
  'cut its dividend',
  'move its headquarters',
];
const GOVERNMENT_ACTIONS = ['review', 'suspend', 'open an inquiry into', 'rewrite', 'defend'];
const TIMEFRAMES = ['next year', 'by the end of the year', 'within two years', 'before the summer'];
const JUDGEMENTS = [
  'a serious mistake',
  'long overdue',
  'far too risky',
  'good news for consumers',
  'badly timed',
  'the right call',
  'a gamble that could pay off',
];
const SUBHEADINGS = [
  'Rising costs',
  'A question of trust',
  'Political pressure',
  'Mixed signals',
  'What comes next',
  'Growing industry',
  'Under scrutiny',
  'Counting the cost',
  'A long road',
];
const PROMOS = [
  ["Inside the world's busiest container port", 'Our reporter spends a week on the night shift.'],
  ['Why grain prices keep rising', 'Drought, war and freight costs all play a part.'],
  ['The town that built its own power grid', 'A small experiment with big ambitions.'],
];
const MONTHS = words(
  'January February March April May June July August September October November December',
);
const QUOTE_TAILS = [
  'That much is clear to anyone who looks at the numbers',
  'We have been saying so for a long time',
  'Nobody should be surprised by that',
  'It is as simple as that',
  'The real question is what happens next',
  'I do not see how anyone can argue otherwise',
];
const WEEKDAYS = words('Monday Tuesday Wednesday Thursday Friday');
/** What commenters write around their claims. */
const COMMENT_ASIDES = [
  'Typical.',
  'Here we go again.',
  'Read the whole article before commenting, people.',
  'I have followed this story for years and it never changes.',
  'Same old story, different year.',
  'Interesting piece, but it misses the point entirely.',
  'Nobody in power ever seems to learn anything.',
  'Just my two cents.',
  'I worked in this industry for twenty years and I have seen it all happen before.',
  'Does anyone remember what happened the last time somebody tried this?',
  'The comments here are more informative than the article itself.',
  'Why is nobody asking who pays for all of this in the end?',
  'My brother-in-law drives trucks for a living and he says exactly the same thing.',
  'Some of the replies above clearly did not read past the headline.',
  'Mark my words, we will be reading the same headline again in five years.',
];
const EMOJI = words('🙄 👍 😂 🤔 📉 🚢 💸');

// ============================================================================= the entity pool

export type PoolKind =
  | 'source'
  | 'journalist'
  | 'publisher'
  | 'company'
  | 'organization'
  | 'government'
  | 'military'
  | 'country'
  | 'city'
  | 'region'
  | 'place'
  | 'event'
  | 'product'
  | 'group';

/** A pool entity: the fields every document copies, plus what the generator needs to write it. */
export interface PoolEntity {
  readonly id: string;
  readonly type: EntityType;
  readonly name: string;
  readonly named: boolean;
  readonly aliases: readonly string[];
  readonly description: string;
  /** Popularity: 1 is the most popular. Documents draw an entity with weight 1 / rank^s. */
  readonly rank: number;
  readonly kind: PoolKind;
  /** Written before the name in running text: "the " for "the Alda Institute". */
  readonly article: string;
  /** How the text refers back to it without its name: "the company". */
  readonly nominal: string;
  readonly gender?: 'female' | 'male';
  /** A source's title ("chief economist") or a journalist's beat. */
  readonly title?: string;
  readonly former?: boolean;
  /** Where a person works. */
  readonly affiliation?: string;
  /** The city or country it is in. */
  readonly location?: string;
  /** The country of a government body or military unit; the maker of a product. */
  readonly parent?: string;
  readonly sector?: string;
}

type DraftEntity = Omit<PoolEntity, 'rank'>;

/** How much of the pool each kind gets, and at least how many. Sources take the remainder. */
const POOL_SHARES: ReadonlyArray<readonly [Exclude<PoolKind, 'group' | 'source'>, number, number]> =
  [
    ['journalist', 0.015, 3],
    ['publisher', 0.008, 2],
    ['company', 0.2, 10],
    ['organization', 0.09, 6],
    ['government', 0.08, 6],
    ['military', 0.015, 2],
    ['country', 0.05, 6],
    ['city', 0.08, 8],
    ['region', 0.035, 3],
    ['place', 0.035, 3],
    ['event', 0.035, 3],
    ['product', 0.05, 4],
  ];
const MINIMUM_SOURCES = 12;
export const MINIMUM_POOL_SIZE = 100;

export class EntityPool {
  readonly seed: number;
  /** Every entity, most popular first (`rank` = position + 1). */
  readonly entities: readonly PoolEntity[];
  private readonly byId: ReadonlyMap<string, PoolEntity>;
  private readonly byKind: ReadonlyMap<PoolKind, readonly PoolEntity[]>;
  private readonly samplers: ReadonlyMap<PoolKind, WeightedSampler<PoolEntity>>;

  constructor(seed: number, entities: readonly PoolEntity[]) {
    this.seed = seed;
    this.entities = entities;
    this.byId = new Map(entities.map((entity) => [entity.id, entity]));
    const byKind = new Map<PoolKind, PoolEntity[]>();
    for (const entity of entities) {
      const list = byKind.get(entity.kind) ?? [];
      list.push(entity);
      byKind.set(entity.kind, list);
    }
    this.byKind = byKind;
    this.samplers = new Map(
      [...byKind].map(([kind, list]) => [
        kind,
        zipfSampler(
          list,
          list.map((entity) => entity.rank),
        ),
      ]),
    );
  }

  get(id: string): PoolEntity {
    const entity = this.byId.get(id);
    if (!entity) throw new Error(`no pool entity ${id}`);
    return entity;
  }

  ofKind(kind: PoolKind): readonly PoolEntity[] {
    return this.byKind.get(kind) ?? [];
  }

  /** One entity of `kind`, drawn with weight 1 / rank^s. */
  sample(kind: PoolKind, random: Random): PoolEntity {
    const sampler = this.samplers.get(kind);
    if (!sampler) throw new Error(`the pool has no ${kind}`);
    return sampler.sample(random);
  }
}

function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "an energy company", "a steel company". */
function indefinite(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

function acronymOf(name: string): string {
  return name
    .split(' ')
    .filter((word) => /^[A-Z]/.test(word))
    .map((word) => word.charAt(0))
    .join('');
}

/** Builds the pool kind by kind; later kinds refer to earlier ones (a city's country...). */
class PoolBuilder {
  private readonly random: Random;
  private readonly usedIds = new Set<string>();
  private readonly usedNames = new Set<string>();
  private readonly usedAliases = new Set<string>();
  readonly drafts = new Map<PoolKind, DraftEntity[]>();
  private readonly samplers = new Map<
    PoolKind,
    { size: number; sampler: WeightedSampler<DraftEntity> }
  >();

  constructor(seed: number) {
    this.random = mulberry32(mixSeeds(seed, 0x9e3779b9));
  }

  private list(kind: PoolKind): DraftEntity[] {
    const list = this.drafts.get(kind) ?? [];
    this.drafts.set(kind, list);
    return list;
  }

  /** Entities created earlier in a kind are more popular: draw them with a Zipf skew too. */
  private popular(kind: PoolKind): DraftEntity {
    const list = this.list(kind);
    let cached = this.samplers.get(kind);
    if (cached?.size !== list.length) {
      cached = { size: list.length, sampler: zipfSampler([...list]) };
      this.samplers.set(kind, cached);
    }
    return cached.sampler.sample(this.random);
  }

  private stem(heads: readonly string[], tails: readonly string[]): string {
    return pickOne(this.random, heads) + pickOne(this.random, tails);
  }

  /** Tries `make` until it gives an unused name; undefined when the names run out. */
  private uniqueName(make: () => string, attempts = 60): string | undefined {
    for (let attempt = 0; attempt < attempts; attempt++) {
      const name = make();
      if (!this.usedNames.has(name)) return name;
    }
    return undefined;
  }

  private add(draft: Omit<DraftEntity, 'id'> & { slug?: string }): DraftEntity {
    const base = `${ENTITY_ID_PREFIXES[draft.type]}:${draft.slug ?? slugify(draft.name)}`;
    let id = base;
    for (let suffix = 2; this.usedIds.has(id); suffix++) id = `${base}-${suffix}`;
    const { slug: _slug, ...fields } = draft;
    const entity: DraftEntity = { id, ...fields };
    this.usedIds.add(id);
    this.usedNames.add(entity.name);
    for (const alias of entity.aliases) this.usedAliases.add(alias);
    this.list(entity.kind).push(entity);
    return entity;
  }

  /** An alias nobody else uses, or none: an alias must point at one entity. */
  private freshAlias(alias: string): string[] {
    return this.usedAliases.has(alias) || this.usedNames.has(alias) ? [] : [alias];
  }

  addCountries(count: number): void {
    const names = shuffled(
      this.random,
      COUNTRY_HEADS.flatMap((head) => COUNTRY_ENDINGS.map((ending) => head + ending)),
    );
    for (const name of names.slice(0, count)) {
      this.add({
        type: 'Country',
        kind: 'country',
        name,
        named: true,
        aliases: [],
        description: `a country whose people are called ${name}ns`,
        article: '',
        nominal: 'the country',
      });
    }
  }

  addCities(count: number): void {
    for (let index = 0; index < count; index++) {
      const name = this.uniqueName(() => {
        const stem = this.stem(PLACE_HEADS, PLACE_TAILS);
        return chance(this.random, 0.12) ? `Port ${stem}` : stem;
      });
      if (!name) break;
      const country = this.popular('country');
      this.add({
        type: 'City',
        kind: 'city',
        name,
        named: true,
        aliases: [],
        description: `a city in ${country.name}`,
        article: '',
        nominal: 'the city',
        location: country.id,
      });
    }
  }

  addRegions(count: number): void {
    for (let index = 0; index < count; index++) {
      const form = pickOne(this.random, REGION_FORMS);
      const name = this.uniqueName(() => `${this.stem(PLACE_HEADS, PLACE_TAILS)} ${form.suffix}`);
      if (!name) break;
      const country = this.popular('country');
      this.add({
        type: 'Region',
        kind: 'region',
        name,
        named: true,
        aliases: [],
        description: `${indefinite(form.noun)} in ${country.name}`,
        article: form.article,
        nominal: form.nominal,
        location: country.id,
      });
    }
  }

  addPlaces(count: number): void {
    for (let index = 0; index < count; index++) {
      const form = pickOne(this.random, PLACE_FORMS);
      const name = this.uniqueName(() => `${this.stem(PLACE_HEADS, PLACE_TAILS)} ${form.suffix}`);
      if (!name) break;
      const city = this.popular('city');
      this.add({
        type: 'Place',
        kind: 'place',
        name,
        named: true,
        aliases: [],
        description: `${indefinite(form.noun)} in ${city.name}`,
        article: 'the ',
        nominal: `the ${form.noun}`,
        location: city.id,
      });
    }
  }

  addGovernmentBodies(count: number): void {
    const countries = this.list('country');
    for (let index = 0; index < count; index++) {
      let country = this.popular('country');
      let body = pickOne(this.random, GOVERNMENT_BODIES);
      let name = `${country.name}n ${body.body}`;
      // The popular countries fill up first: then walk the pairs in order for a free one.
      for (let offset = 0; this.usedNames.has(name); offset++) {
        if (offset >= countries.length * GOVERNMENT_BODIES.length) return;
        country = countries[offset % countries.length] as DraftEntity;
        body = GOVERNMENT_BODIES[Math.floor(offset / countries.length)] ?? body;
        name = `${country.name}n ${body.body}`;
      }
      this.add({
        type: 'GovernmentBody',
        kind: 'government',
        name,
        named: true,
        aliases: [],
        description: `the ${body.body.toLowerCase()} of ${country.name}`,
        article: 'the ',
        nominal: body.nominal,
        parent: country.id,
      });
    }
  }

  addMilitaryUnits(count: number): void {
    const pairs = shuffled(
      this.random,
      this.list('country').flatMap((country) =>
        MILITARY_BRANCHES.map((branch) => ({ country, branch })),
      ),
    );
    for (const { country, branch } of pairs.slice(0, count)) {
      this.add({
        type: 'MilitaryUnit',
        kind: 'military',
        name: `${country.name}n ${branch.branch}`,
        named: true,
        aliases: [],
        description: `part of the armed forces of ${country.name}`,
        article: 'the ',
        nominal: branch.nominal,
        parent: country.id,
      });
    }
  }

  addCompanies(count: number): void {
    for (let index = 0; index < count; index++) {
      const sector = pickOne(this.random, COMPANY_SECTORS);
      const name = this.uniqueName(() => `${this.stem(BRAND_HEADS, BRAND_TAILS)} ${sector.suffix}`);
      if (!name) break;
      const city = this.popular('city');
      const country = this.list('country').find((candidate) => candidate.id === city.location);
      this.add({
        type: 'Company',
        kind: 'company',
        name,
        named: true,
        aliases: [],
        description: `${indefinite(`${sector.sector} company`)} based in ${city.name}, ${country?.name}`,
        article: '',
        nominal: sector.nominal,
        location: city.id,
        sector: sector.sector,
      });
    }
  }

  addOrganizations(count: number): void {
    for (let index = 0; index < count; index++) {
      const form = pickOne(this.random, ORGANIZATION_FORMS);
      const name = this.uniqueName(() =>
        form.name(this.stem(PLACE_HEADS, PLACE_TAILS), this.random),
      );
      if (!name) break;
      const city = this.popular('city');
      this.add({
        type: 'Organization',
        kind: 'organization',
        name,
        named: true,
        aliases: form.acronym ? this.freshAlias(acronymOf(name)) : [],
        description: `${indefinite(form.noun)} based in ${city.name}`,
        article: 'the ',
        nominal: form.nominal,
        location: city.id,
        sector: form.noun,
      });
    }
  }

  addPublishers(count: number): void {
    for (let index = 0; index < count; index++) {
      const name = this.uniqueName(
        () => `${this.stem(PLACE_HEADS, PLACE_TAILS)} ${pickOne(this.random, MASTHEADS)}`,
      );
      if (!name) break;
      const city = this.popular('city');
      this.add({
        type: 'Organization',
        kind: 'publisher',
        name,
        named: true,
        aliases: [],
        description: `a news publisher based in ${city.name}`,
        article: 'the ',
        nominal: 'the newspaper',
        location: city.id,
      });
    }
  }

  addProducts(count: number): void {
    for (let index = 0; index < count; index++) {
      const maker = this.popular('company');
      const brand = maker.name.split(' ')[0] ?? maker.name;
      const name = this.uniqueName(() => `${brand} ${pickOne(this.random, PRODUCT_MODELS)}`, 10);
      if (!name) continue;
      const noun =
        COMPANY_SECTORS.find((sector) => sector.sector === maker.sector)?.product ?? 'product';
      this.add({
        type: 'Product',
        kind: 'product',
        name,
        named: true,
        aliases: [],
        description: `${indefinite(noun)} made by ${maker.name}`,
        article: 'the ',
        nominal: `the ${noun}`,
        parent: maker.id,
      });
    }
  }

  addEvents(count: number): void {
    for (let index = 0; index < count; index++) {
      const form = pickOne(this.random, EVENT_FORMS);
      const name = this.uniqueName(() => `${this.stem(PLACE_HEADS, PLACE_TAILS)} ${form.suffix}`);
      if (!name) break;
      const city = this.popular('city');
      this.add({
        type: 'Event',
        kind: 'event',
        name,
        named: true,
        aliases: [],
        description: `${indefinite(form.noun)} held in ${city.name}`,
        article: 'the ',
        nominal: form.nominal,
        location: city.id,
      });
    }
  }

  private personName(): { name: string; surname: string; gender: 'female' | 'male' } | undefined {
    for (let attempt = 0; attempt < 60; attempt++) {
      const gender = chance(this.random, 0.5) ? 'female' : 'male';
      const first = pickOne(this.random, gender === 'female' ? FEMALE_NAMES : MALE_NAMES);
      const surname = this.stem(SURNAME_HEADS, SURNAME_TAILS);
      const name = `${first} ${surname}`;
      if (!this.usedNames.has(name)) return { name, surname, gender };
    }
    return undefined;
  }

  addSources(count: number): void {
    for (let index = 0; index < count; index++) {
      const person = this.personName();
      if (!person) break;
      const kind = pickOne(this.random, ['company', 'organization', 'government'] as const);
      const employer = this.popular(kind);
      const title = pickOne(this.random, TITLES[kind]);
      const former = chance(this.random, 0.2);
      const honorific = person.gender === 'female' ? 'Ms' : 'Mr';
      this.add({
        type: 'Person',
        kind: 'source',
        name: person.name,
        named: true,
        aliases: this.freshAlias(`${honorific} ${person.surname}`),
        description: `${former ? 'former ' : ''}${title} at ${employer.article}${employer.name}`,
        article: '',
        nominal: `the ${title}`,
        gender: person.gender,
        title,
        former,
        affiliation: employer.id,
      });
    }
  }

  addJournalists(count: number): void {
    for (let index = 0; index < count; index++) {
      const person = this.personName();
      if (!person) break;
      const publisher = this.popular('publisher');
      const beat = pickOne(this.random, BEATS);
      this.add({
        type: 'Person',
        kind: 'journalist',
        name: person.name,
        named: true,
        aliases: [],
        description: `${beat} for ${publisher.article}${publisher.name}`,
        article: '',
        nominal: 'the reporter',
        gender: person.gender,
        title: beat,
        affiliation: publisher.id,
      });
    }
  }

  addGroups(): void {
    const groups = [
      ...GROUPS.map(([name, description]) => ({ slug: slugify(name), name, description })),
      UNNAMED_SOURCES,
    ];
    for (const { slug, name, description } of groups) {
      this.add({
        type: 'Group',
        kind: 'group',
        slug,
        name,
        named: false,
        aliases: [],
        description,
        article: '',
        nominal: `the ${name.split(' ').at(-1) ?? name}`,
      });
    }
  }
}

function poolQuotas(size: number): Map<PoolKind, number> {
  const countryCount = Math.min(
    COUNTRY_HEADS.length * COUNTRY_ENDINGS.length,
    Math.max(6, Math.round(size * 0.05)),
  );
  const capacity: Partial<Record<PoolKind, number>> = {
    country: countryCount,
    government: countryCount * GOVERNMENT_BODIES.length,
    military: countryCount * MILITARY_BRANCHES.length,
  };
  const quotas = new Map<PoolKind, number>();
  let assigned = GROUPS.length + 1;
  for (const [kind, share, minimum] of POOL_SHARES) {
    const quota = Math.min(capacity[kind] ?? Infinity, Math.max(minimum, Math.round(size * share)));
    quotas.set(kind, quota);
    assigned += quota;
  }
  quotas.set('source', size - assigned);
  return quotas;
}

/**
 * A shared pool of `size` entities for the documents of one `seed`. The same entity carries the
 * same id, type, name, aliases and description in every document that mentions it.
 */
export function createEntityPool(seed: number, size: number): EntityPool {
  if (!Number.isInteger(size) || size < MINIMUM_POOL_SIZE) {
    throw new RangeError(`the pool needs at least ${MINIMUM_POOL_SIZE} entities, not ${size}`);
  }
  const quotas = poolQuotas(size);
  const builder = new PoolBuilder(seed);
  const quota = (kind: PoolKind) => quotas.get(kind) ?? 0;
  builder.addCountries(quota('country'));
  builder.addCities(quota('city'));
  builder.addRegions(quota('region'));
  builder.addPlaces(quota('place'));
  builder.addGovernmentBodies(quota('government'));
  builder.addMilitaryUnits(quota('military'));
  builder.addCompanies(quota('company'));
  builder.addOrganizations(quota('organization'));
  builder.addPublishers(quota('publisher'));
  builder.addProducts(quota('product'));
  builder.addEvents(quota('event'));
  builder.addJournalists(quota('journalist'));
  builder.addGroups();
  // Sources fill whatever the capped kinds left over, so the pool has exactly `size` entities.
  const created = [...builder.drafts.values()].reduce((sum, list) => sum + list.length, 0);
  builder.addSources(Math.max(MINIMUM_SOURCES, size - created));
  return new EntityPool(seed, rankInterleaved(builder.drafts));
}

/**
 * Global ranks that interleave the kinds: the i-th of n entities of a kind sits at about
 * (i + 1/2) / n of the pool, so every kind keeps its own Zipf order and its own head.
 */
function rankInterleaved(drafts: ReadonlyMap<PoolKind, DraftEntity[]>): PoolEntity[] {
  const keyed = [...drafts.values()].flatMap((list, kindIndex) =>
    list.map((draft, index) => ({ draft, key: (index + 0.5) / list.length, kindIndex })),
  );
  keyed.sort((first, second) => first.key - second.key || first.kindIndex - second.kindIndex);
  return keyed.map(({ draft }, index) => ({ ...draft, rank: index + 1 }));
}

// ============================================================================= text with offsets

interface Mark {
  readonly chunk: number;
  readonly offset: number;
}

/** Appends text and tells where each piece landed, in code points. */
class TextBuilder {
  private readonly chunks: string[] = [];
  private offset = 0;
  private capitalizeNext = false;

  /** The next piece starts a sentence: its first letter is capitalised. */
  startSentence(): void {
    this.capitalizeNext = true;
  }

  write(text: string): Span {
    if (text.length === 0) throw new Error('cannot write an empty piece of text');
    const piece = this.capitalizeNext ? capitalize(text) : text;
    this.capitalizeNext = false;
    const start = this.offset;
    this.chunks.push(piece);
    this.offset += codePointLength(piece);
    return { start, end: this.offset, exact: piece };
  }

  mark(): Mark {
    return { chunk: this.chunks.length, offset: this.offset };
  }

  /** The span of everything written since `mark`. */
  since(mark: Mark): Span {
    if (mark.offset === this.offset) throw new Error('nothing was written since the mark');
    return { start: mark.offset, end: this.offset, exact: this.chunks.slice(mark.chunk).join('') };
  }

  toString(): string {
    return this.chunks.join('');
  }
}

// ============================================================================= quantities

function withThousands(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const CURRENCY_SYMBOLS = { USD: '$', GBP: '£' } as const;
type Currency = keyof typeof CURRENCY_SYMBOLS;

/** "$4.5bn" for 45 tenths of a billion; values stay exact integers. */
function moneyText(tenths: number, scale: 'bn' | 'm', currency: Currency): string {
  const shown = tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1);
  return `${CURRENCY_SYMBOLS[currency]}${shown}${scale}`;
}

function moneyValue(tenths: number, scale: 'bn' | 'm'): number {
  return tenths * (scale === 'bn' ? 100_000_000 : 100_000);
}

interface QuantityFields {
  amount?: number;
  lower?: number;
  upper?: number;
  unit: string;
  period?: string;
  approximate?: boolean;
  measure: string;
}

/** A quantity in the schema's key order, without undefined keys. */
function quantity(fields: QuantityFields, span: Span): Quantity {
  return {
    ...(fields.amount !== undefined && { amount: fields.amount }),
    ...(fields.lower !== undefined && { lower: fields.lower }),
    ...(fields.upper !== undefined && { upper: fields.upper }),
    unit: fields.unit,
    ...(fields.period !== undefined && { period: fields.period }),
    ...(fields.approximate !== undefined && { approximate: fields.approximate }),
    measure: fields.measure,
    span: copySpan(span),
  };
}

/** A fresh span object: shared objects would turn into YAML anchors when the files are written. */
function copySpan(span: Span): Span {
  return { start: span.start, end: span.end, exact: span.exact };
}

const SMALL_RANGES = [
  { text: 'two or three', lower: 2, upper: 3 },
  { text: 'three or four', lower: 3, upper: 4 },
  { text: 'four or five', lower: 4, upper: 5 },
] as const;

// ============================================================================= the document writer

interface AttributionFields {
  speaker: string;
  reporter?: string;
  mode: Attribution['mode'];
  cue?: Span;
  certainty?: Attribution['certainty'];
  polarity?: Attribution['polarity'];
  hedges?: Span[];
  evidence: Span[];
}

interface ClaimFields {
  type: ClaimType;
  proposition: string;
  about: readonly PoolEntity[];
  quantities?: Quantity[];
  attributions: Attribution[];
}

/** What a clause wrote: the claim it makes, minus who makes it. */
interface ClauseResult {
  type: ClaimType;
  proposition: string;
  about: PoolEntity[];
  quantities?: Quantity[];
}

type Clause = (writer: DocumentWriter) => ClauseResult;

interface WrittenClause extends ClauseResult {
  evidence: Span;
}

interface QuoteRecord {
  claimId: string;
  speaker: PoolEntity;
  attribution: Attribution;
  evidence: Span;
}

interface ClaimRecord {
  id: string;
  about: readonly PoolEntity[];
  evidence: Span;
  voice: string;
}

/** Share of entity picks that reuse an entity the document already mentions. */
const REUSE_PROBABILITY = 0.4;

/** Writes one document: text and annotations together. */
class DocumentWriter {
  readonly random: Random;
  readonly pool: EntityPool;
  readonly topic: Topic;
  readonly author: PoolEntity;
  readonly publisher: PoolEntity;
  readonly text = new TextBuilder();

  readonly regions: Region[] = [];
  readonly comments: Comment[] = [];
  readonly roles: Role[] = [];
  readonly claims: Claim[] = [];
  readonly quotes: QuoteRecord[] = [];
  readonly articleClaims: ClaimRecord[] = [];
  readonly commentClaims: ClaimRecord[] = [];
  readonly paragraphsWritten = new Set<(w: DocumentWriter) => void>();
  readonly accusations: Array<{
    claimId: string;
    accused: PoolEntity;
    misdeed: (typeof MISDEEDS)[number];
  }> = [];

  private readonly mentions = new Map<string, { entity: PoolEntity; mentions: Mention[] }>();
  /** Every mention in text order, to repeat the mentions inside a repeated quote. */
  private readonly mentionLog: Array<{ entity: PoolEntity; mention: Mention }> = [];
  private readonly mentionedByKind = new Map<PoolKind, PoolEntity[]>();
  /** Entities whose full introduction (a person's role, an organisation's acronym) is written. */
  private readonly introduced = new Set<string>();
  private readonly aliasesWritten = new Set<string>();
  private readonly relations = new Map<string, Relation>();
  private readonly stances = new Map<string, Stance>();
  /** The reader comment being written, if any: its entities must come from the article. */
  private commentId: string | undefined;

  constructor(random: Random, pool: EntityPool) {
    this.random = random;
    this.pool = pool;
    this.topic = pickOne(random, TOPICS);
    this.author = pool.sample('journalist', random);
    this.publisher = pool.get(this.author.affiliation ?? '');
  }

  // ------------------------------------------------------------------ plain text

  write(text: string): Span {
    return this.text.write(text);
  }

  sentence(): void {
    this.text.startSentence();
  }

  mark(): Mark {
    return this.text.mark();
  }

  since(mark: Mark): Span {
    return this.text.since(mark);
  }

  region(kind: RegionKind, name: string, write: () => void): Region {
    const mark = this.mark();
    write();
    const region: Region = { id: `region:${name}`, kind, span: this.since(mark) };
    this.regions.push(region);
    return region;
  }

  // ------------------------------------------------------------------ entities

  private record(entity: PoolEntity, span: Span, kind?: Mention['kind']): Span {
    const mention: Mention = kind ? { ...span, kind } : { ...span };
    let entry = this.mentions.get(entity.id);
    if (!entry) {
      entry = { entity, mentions: [] };
      this.mentions.set(entity.id, entry);
      const list = this.mentionedByKind.get(entity.kind) ?? [];
      list.push(entity);
      this.mentionedByKind.set(entity.kind, list);
    }
    entry.mentions.push(mention);
    this.mentionLog.push({ entity, mention });
    if (entity.aliases.includes(span.exact)) this.aliasesWritten.add(entity.id);
    return span;
  }

  isMentioned(entity: PoolEntity): boolean {
    return this.mentions.has(entity.id);
  }

  isIntroduced(entity: PoolEntity): boolean {
    return this.introduced.has(entity.id);
  }

  /** The entity's canonical name, with its article ("the") outside the mention. */
  name(entity: PoolEntity): Span {
    if (entity.article) this.write(entity.article);
    return this.record(entity, this.write(entity.name));
  }

  private alias(entity: PoolEntity): Span | undefined {
    const alias = entity.aliases[0];
    return alias === undefined ? undefined : this.record(entity, this.write(alias));
  }

  nominal(entity: PoolEntity): Span {
    return this.record(entity, this.write(entity.nominal), 'nominal');
  }

  pronoun(person: PoolEntity, form: 'subject' | 'object'): Span {
    const female = { subject: 'she', object: 'her' };
    const male = { subject: 'he', object: 'him' };
    const word = (person.gender === 'female' ? female : male)[form];
    return this.record(person, this.write(word), 'pronoun');
  }

  /**
   * Refers to an entity the way a reporter would: a person's first mention comes with their
   * role ("Elena Varga, chief economist at the Alda Institute"), an organisation's first with
   * its acronym; later mentions use the alias. With `comma`, an appositive gets its closing comma.
   */
  refer(entity: PoolEntity, options: { comma?: boolean } = {}): void {
    if (entity.kind === 'source' && !this.isIntroduced(entity)) {
      this.introducePerson(entity, options.comma ?? false);
      return;
    }
    const alias = entity.aliases[0];
    if (alias !== undefined && !this.isIntroduced(entity)) {
      this.name(entity);
      this.write(' (');
      this.alias(entity);
      this.write(')');
      this.introduced.add(entity.id);
      return;
    }
    const preferAlias = entity.kind === 'source' || chance(this.random, 0.5);
    if (alias !== undefined && preferAlias) this.alias(entity);
    else this.name(entity);
  }

  /**
   * Refers to an entity in the author's own sentences; on its first mention a company or an
   * organisation gets where it is based, a government body the government it belongs to.
   */
  referWithProfile(entity: PoolEntity, options: { comma?: boolean } = {}): void {
    if (this.isMentioned(entity) || this.commentId !== undefined) {
      this.refer(entity, options);
      return;
    }
    const mark = this.mark();
    if (entity.kind === 'company' || entity.kind === 'organization') {
      const city = this.pool.get(entity.location ?? '');
      this.refer(entity);
      const noun = entity.kind === 'company' ? `${entity.sector} company` : entity.sector;
      this.write(`, ${indefinite(noun ?? 'group')} based in `);
      this.refer(city);
      this.relate('located_in', entity, city, this.since(mark));
    } else if (entity.kind === 'government') {
      const country = this.pool.get(entity.parent ?? '');
      this.refer(entity);
      this.write(', part of ');
      this.possessive(country);
      this.write(' government');
      this.relate('part_of', entity, country, this.since(mark));
    } else {
      this.refer(entity, options);
      return;
    }
    if (options.comma) this.write(',');
  }

  /** "Velaria's": the name (or alias) and a possessive ending outside the mention. */
  possessive(entity: PoolEntity): void {
    if (entity.kind === 'source' && !this.isIntroduced(entity)) {
      throw new Error('introduce a person before writing a possessive of them');
    }
    this.refer(entity);
    this.write(this.endsWithS(entity) ? "'" : "'s");
  }

  private endsWithS(entity: PoolEntity): boolean {
    const last = this.mentionLog[this.mentionLog.length - 1];
    return last?.entity.id === entity.id && last.mention.exact.endsWith('s');
  }

  private introducePerson(person: PoolEntity, comma: boolean): void {
    const employer = this.pool.get(person.affiliation ?? '');
    const mark = this.mark();
    this.name(person);
    this.write(person.former ? ', a former ' : ', ');
    this.write(person.title ?? 'spokesperson');
    this.write(' at ');
    this.refer(employer);
    const evidence = this.since(mark);
    if (comma) this.write(',');
    this.introduced.add(person.id);
    this.roles.push({
      id: `role:${localSlug(person.id)}-${localSlug(employer.id)}`,
      holder: person.id,
      organization: employer.id,
      title: person.title ?? 'spokesperson',
      time: person.former ? 'former' : 'current',
      evidence: [evidence],
    });
  }

  addRoleEvidence(person: PoolEntity, evidence: Span): void {
    this.roles.find((role) => role.holder === person.id)?.evidence.push(copySpan(evidence));
  }

  /** The name without its article, as captions and footers print it: "Alda Herald". */
  bareName(entity: PoolEntity): Span {
    return this.record(entity, this.write(entity.name));
  }

  /** The words that imply an unnamed source: "I've been told". */
  mentionImplicit(entity: PoolEntity, span: Span): void {
    this.record(entity, span, 'implicit');
  }

  /**
   * An entity of `kind` for the text: often one the document already mentions, otherwise a
   * Zipf draw from the pool. In a reader comment only entities the article mentions qualify.
   */
  pick(kind: PoolKind, exclude: readonly PoolEntity[] = []): PoolEntity {
    const allowed = (entity: PoolEntity) =>
      entity.id !== this.author.id && !exclude.some((other) => other.id === entity.id);
    const mentioned = (this.mentionedByKind.get(kind) ?? []).filter(allowed);
    if (this.commentId !== undefined) {
      // The headline's company and the standfirst's government body are always there.
      const fallback = [...this.mentioned('company'), ...this.mentioned('government')].filter(
        allowed,
      );
      return pickOne(this.random, mentioned.length > 0 ? mentioned : fallback);
    }
    if (mentioned.length > 0 && chance(this.random, REUSE_PROBABILITY)) {
      return pickOne(this.random, mentioned);
    }
    for (let attempt = 0; attempt < 40; attempt++) {
      const entity = this.pool.sample(kind, this.random);
      if (allowed(entity)) return entity;
    }
    const fallback = this.pool.ofKind(kind).find(allowed);
    if (!fallback) throw new Error(`no ${kind} left to pick`);
    return fallback;
  }

  /** Mentioned entities of `kind` (article ones, since comments add none). */
  mentioned(kind: PoolKind): readonly PoolEntity[] {
    return this.mentionedByKind.get(kind) ?? [];
  }

  group(id: string): PoolEntity {
    return this.pool.get(id);
  }

  /** Mentioned entities whose alias the text has not written yet (aliases must be mentions). */
  entitiesWithUnwrittenAlias(): PoolEntity[] {
    return [...this.mentions.values()]
      .map(({ entity }) => entity)
      .filter((entity) => entity.aliases.length > 0 && !this.aliasesWritten.has(entity.id));
  }

  /** Writes the entity's alias, which it must have. */
  aliasOf(entity: PoolEntity): Span {
    const alias = this.alias(entity);
    if (!alias) throw new Error(`${entity.id} has no alias`);
    return alias;
  }

  /** Writes `span`'s text again, with the mentions it holds, and returns the new span. */
  repeat(span: Span): Span {
    const inside = this.mentionLog.filter(
      ({ mention }) => mention.start >= span.start && mention.end <= span.end,
    );
    const copy = this.write(span.exact);
    const shift = copy.start - span.start;
    for (const { entity, mention } of inside) {
      this.record(
        entity,
        { start: mention.start + shift, end: mention.end + shift, exact: mention.exact },
        mention.kind,
      );
    }
    return copy;
  }

  // ------------------------------------------------------------------ claims and links

  /** Writes a clause and returns the claim it makes, with its span as evidence. */
  clause(clause: Clause): WrittenClause {
    const mark = this.mark();
    const result = clause(this);
    return { ...result, evidence: this.since(mark) };
  }

  attribution(fields: AttributionFields): Attribution {
    return {
      speaker: fields.speaker,
      ...(fields.reporter !== undefined && { reporter: fields.reporter }),
      mode: fields.mode,
      ...(fields.cue !== undefined && { cue: copySpan(fields.cue) }),
      certainty: fields.certainty ?? 'certain',
      polarity: fields.polarity ?? 'positive',
      ...(fields.hedges !== undefined && { hedges: fields.hedges.map(copySpan) }),
      evidence: fields.evidence.map(copySpan),
    };
  }

  /** Reported speech: the speaker's claim, relayed by the article's author (or a comment). */
  reported(
    speaker: PoolEntity | string,
    fields: Omit<AttributionFields, 'speaker' | 'reporter'>,
  ): Attribution {
    return this.attribution({
      ...fields,
      speaker: typeof speaker === 'string' ? speaker : speaker.id,
      reporter: this.commentId ?? this.author.id,
    });
  }

  /** The writer's own words: the author's, or the commenter's inside a comment. */
  own(fields: Omit<AttributionFields, 'speaker' | 'reporter' | 'mode'>): Attribution {
    return this.attribution({
      ...fields,
      speaker: this.commentId ?? this.author.id,
      mode: 'author',
    });
  }

  claim(fields: ClaimFields): string {
    const id = `claim:${this.claims.length + 1}-${fields.type}`;
    const about = [...new Set(fields.about.map((entity) => entity.id))];
    const claim: Claim = {
      id,
      type: fields.type,
      proposition: fields.proposition,
      about,
      ...(fields.quantities && fields.quantities.length > 0 && { quantities: fields.quantities }),
      attributions: fields.attributions,
    };
    this.claims.push(claim);
    const first = fields.attributions[0];
    const evidence = first?.evidence[0];
    if (first && evidence) {
      const record = { id, about: fields.about, evidence, voice: first.reporter ?? first.speaker };
      (this.commentId === undefined ? this.articleClaims : this.commentClaims).push(record);
    }
    return id;
  }

  relate(
    type: RelationType,
    subject: PoolEntity,
    object: PoolEntity,
    evidence: Span,
    claim?: string,
  ): void {
    if (subject.id === object.id) return;
    const key = `${subject.id} ${type} ${object.id}`;
    const existing = this.relations.get(key);
    if (existing) {
      if (
        !existing.evidence.some(
          (span) => span.start === evidence.start && span.end === evidence.end,
        )
      ) {
        existing.evidence.push(copySpan(evidence));
      }
      return;
    }
    this.relations.set(key, {
      id: `rel:${this.relations.size + 1}-${type.replaceAll('_', '-')}`,
      type,
      subject: subject.id,
      object: object.id,
      ...(claim !== undefined && { claim }),
      evidence: [copySpan(evidence)],
    });
  }

  stance(
    type: StanceType,
    from: string,
    to: string,
    basis: 'explicit' | 'inferred',
    evidence: Span,
  ): void {
    const key = `${from} ${type} ${to}`;
    if (from === to || this.stances.has(key)) return;
    this.stances.set(key, {
      id: `stance:${this.stances.size + 1}-${type}`,
      type,
      from,
      to,
      basis,
      evidence: [copySpan(evidence)],
    });
  }

  // ------------------------------------------------------------------ comments

  comment(number: number, write: () => void): void {
    const id = `comment:${number}`;
    const regionMark = this.mark();
    this.write('• rate this\n\n    ');
    const label = this.write(`Comment number ${number}.`);
    this.write('\n\n    ');
    const textMark = this.mark();
    this.commentId = id;
    write();
    this.commentId = undefined;
    const text = this.since(textMark);
    const region: Region = {
      id: `region:comment-${number}`,
      kind: 'comment',
      span: this.since(regionMark),
    };
    this.regions.push(region);
    this.comments.push({ id, number, region: region.id, label, text });
  }

  get currentComment(): string | undefined {
    return this.commentId;
  }

  // ------------------------------------------------------------------ the result

  entities(): Entity[] {
    return [...this.mentions.values()].map(({ entity, mentions }) => ({
      id: entity.id,
      type: entity.type,
      name: entity.name,
      named: entity.named,
      scope: 'article',
      aliases: [...entity.aliases],
      description: entity.description,
      mentions,
    }));
  }

  relationList(): Relation[] {
    return [...this.relations.values()];
  }

  stanceList(): Stance[] {
    return [...this.stances.values()];
  }
}

/** "person:elena-varga" → "elena-varga". */
function localSlug(id: string): string {
  return id.slice(id.indexOf(':') + 1);
}

// ============================================================================= clauses

/** A company's plan: "Kelvar Systems will cut 1,200 jobs next year". */
const companyPlanClause: Clause = (w) => {
  const company = w.pick('company');
  const when = pickOne(w.random, TIMEFRAMES);
  w.refer(company);
  if (chance(w.random, 0.4)) {
    w.write(' will cut ');
    const jobs = between(w.random, 2, 60) * 50;
    const span = w.write(`${withThousands(jobs)} jobs`);
    w.write(` ${when}`);
    return {
      type: 'prediction',
      proposition: `${company.name} will cut ${withThousands(jobs)} jobs ${when}.`,
      about: [company],
      quantities: [
        quantity({ amount: jobs, unit: 'job', measure: `jobs ${company.name} will cut` }, span),
      ],
    };
  }
  const plan = pickOne(w.random, COMPANY_PLANS);
  w.write(` will ${plan} ${when}`);
  if (chance(w.random, 0.3)) {
    const reason = pickOne(w.random, REASONS);
    w.write(`, as ${reason}`);
    return {
      type: 'prediction',
      proposition: `${company.name} will ${plan} ${when}, as ${reason}.`,
      about: [company],
    };
  }
  if (chance(w.random, 0.4)) {
    const rival = w.pick('company', [company]);
    w.write(', ahead of its rival ');
    w.refer(rival);
    return {
      type: 'prediction',
      proposition: `${company.name} will ${plan} ${when}, ahead of its rival ${rival.name}.`,
      about: [company, rival],
    };
  }
  return {
    type: 'prediction',
    proposition: `${company.name} will ${plan} ${when}.`,
    about: [company],
  };
};

/** "Velaria's exports of steel rose by 12% last year". */
function writeExportChange(
  w: DocumentWriter,
  country: PoolEntity,
): { proposition: string; change: Quantity } {
  const verb = chance(w.random, 0.5) ? 'rose' : 'fell';
  const percent = between(w.random, 2, 40);
  w.possessive(country);
  w.write(` exports of ${w.topic.goods} ${verb} by `);
  const span = w.write(`${percent}%`);
  w.write(' last year');
  const exports = `${country.name}'s exports of ${w.topic.goods}`;
  return {
    proposition: `${exports} ${verb} by ${percent}% last year`,
    change: quantity(
      {
        amount: percent,
        unit: 'percent',
        measure: `${verb === 'rose' ? 'rise' : 'fall'} in ${exports}`,
      },
      span,
    ),
  };
}

const exportChangeClause: Clause = (w) => {
  const country = w.pick('country');
  const { proposition, change } = writeExportChange(w, country);
  return {
    type: 'statement',
    proposition: `${proposition}.`,
    about: [country],
    quantities: [change],
  };
};

/** "the port expansion will cost Velaria more than $2.5bn a year". */
const costEstimateClause: Clause = (w) => {
  const country = w.pick('country');
  const tenths = between(w.random, 5, 400);
  w.write(`${w.topic.issue} will cost `);
  w.refer(country);
  w.write(' ');
  const span = w.write(`more than ${moneyText(tenths, 'bn', 'USD')} a year`);
  return {
    type: 'estimate',
    proposition: `${capitalize(w.topic.issue)} will cost ${country.name} more than ${moneyText(tenths, 'bn', 'USD')} a year.`,
    about: [country],
    quantities: [
      quantity(
        {
          lower: moneyValue(tenths, 'bn'),
          unit: 'USD',
          period: 'year',
          measure: `yearly cost of ${w.topic.issue} to ${country.name}`,
        },
        span,
      ),
    ],
  };
};

/** "the Velarian Ministry of Trade will review the port expansion". */
const governmentPolicyClause: Clause = (w) => {
  const body = w.pick('government');
  const action = pickOne(w.random, GOVERNMENT_ACTIONS);
  w.refer(body);
  w.write(` will ${action} ${w.topic.measure}`);
  return {
    type: 'policy',
    proposition: `${body.name} will ${action} ${w.topic.measure}.`,
    about: [body],
  };
};

/** "Kelvar Systems' expansion plan is long overdue". */
const planAssessmentClause: Clause = (w) => {
  const company = w.pick('company');
  const judgement = pickOne(w.random, JUDGEMENTS);
  const reason = pickOne(w.random, REASONS);
  w.possessive(company);
  w.write(` ${w.topic.plan} is ${judgement}, because ${reason}`);
  return {
    type: 'assessment',
    proposition: `${company.name}'s ${w.topic.plan} is ${judgement}, because ${reason}.`,
    about: [company],
  };
};

/** "the Velarian Competition Authority should block Kelvar Systems' plan". */
const recommendationClause: Clause = (w) => {
  const body = w.pick('government');
  const company = w.pick('company');
  const verb = pickOne(w.random, ['block', 'approve', 'delay', 'look again at']);
  w.refer(body);
  w.write(` should ${verb} `);
  w.possessive(company);
  w.write(` ${w.topic.plan}`);
  return {
    type: 'recommendation',
    proposition: `${body.name} should ${verb} ${company.name}'s ${w.topic.plan}.`,
    about: [body, company],
  };
};

/** "Kelvar Systems has been misleading regulators". */
const misconductClause: Clause = (w) => {
  const company = w.pick('company');
  const misdeed = pickOne(w.random, MISDEEDS);
  w.refer(company);
  w.write(` has been ${misdeed.gerund}`);
  return {
    type: 'accusation',
    proposition: `${company.name} has been ${misdeed.gerund}.`,
    about: [company],
  };
};

/** "30-45% of the steel sold in Velaria comes from Kelvar Systems". */
const marketShareClause: Clause = (w) => {
  const country = w.pick('country');
  const company = w.pick('company');
  const lower = between(w.random, 1, 6) * 5;
  const upper = lower + between(w.random, 2, 6) * 5;
  const span = w.write(`${lower}-${upper}%`);
  w.write(` of the ${w.topic.goods} sold in `);
  w.refer(country);
  w.write(' comes from ');
  w.refer(company);
  return {
    type: 'estimate',
    proposition: `${lower}-${upper}% of the ${w.topic.goods} sold in ${country.name} comes from ${company.name}.`,
    about: [company, country],
    quantities: [
      quantity(
        {
          lower,
          upper,
          unit: 'percent',
          measure: `${company.name}'s share of ${w.topic.goods} sold in ${country.name}`,
        },
        span,
      ),
    ],
  };
};

/** "more than 4,000 jobs in Belford depend on the port expansion". */
const jobsAtStakeClause: Clause = (w) => {
  const city = w.pick('city');
  const jobs = between(w.random, 3, 90) * 100;
  const span = w.write(`more than ${withThousands(jobs)} jobs`);
  w.write(' in ');
  w.refer(city);
  w.write(` depend on ${w.topic.issue}`);
  return {
    type: 'statement',
    proposition: `More than ${withThousands(jobs)} jobs in ${city.name} depend on ${w.topic.issue}.`,
    about: [city],
    quantities: [
      quantity(
        {
          lower: jobs,
          unit: 'job',
          measure: `jobs in ${city.name} that depend on ${w.topic.issue}`,
        },
        span,
      ),
    ],
  };
};

/** "Velaria is too dependent on steel from Kardovia". */
const countryPositionClause: Clause = (w) => {
  const country = w.pick('country');
  w.refer(country);
  if (chance(w.random, 0.5)) {
    const other = w.pick('country', [country]);
    w.write(` is too dependent on ${w.topic.goods} from `);
    w.refer(other);
    return {
      type: 'assessment',
      proposition: `${country.name} is too dependent on ${w.topic.goods} from ${other.name}.`,
      about: [country, other],
    };
  }
  w.write(` is well placed to cope with ${w.topic.issue}`);
  return {
    type: 'assessment',
    proposition: `${country.name} is well placed to cope with ${w.topic.issue}.`,
    about: [country],
  };
};

/** "the port expansion will dominate talks at the Alda Energy Forum". */
const eventAgendaClause: Clause = (w) => {
  const event = w.pick('event');
  w.write(`${w.topic.issue} will dominate talks at `);
  w.refer(event);
  return {
    type: 'prediction',
    proposition: `${capitalize(w.topic.issue)} will dominate talks at the ${event.name}.`,
    about: [event],
  };
};

function weighted<T>(random: Random, entries: ReadonlyArray<readonly [T, number]>): T {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let target = random() * total;
  for (const [item, weight] of entries) {
    target -= weight;
    if (target < 0) return item;
  }
  const last = entries[entries.length - 1];
  if (!last) throw new Error('cannot choose from no entries');
  return last[0];
}

const ARTICLE_CLAUSES: ReadonlyArray<readonly [Clause, number]> = [
  [companyPlanClause, 3],
  [exportChangeClause, 2],
  [costEstimateClause, 2],
  [governmentPolicyClause, 2],
  [planAssessmentClause, 3],
  [recommendationClause, 2],
  [misconductClause, 1],
  [marketShareClause, 1],
  [jobsAtStakeClause, 1],
  [countryPositionClause, 2],
  [eventAgendaClause, 1],
];

/** Clauses a commenter can write: only about companies, countries and government bodies. */
const COMMENT_CLAUSES: ReadonlyArray<readonly [Clause, number]> = [
  [companyPlanClause, 1],
  [planAssessmentClause, 2],
  [misconductClause, 1],
  [recommendationClause, 1],
  [countryPositionClause, 1],
];

function anyClause(w: DocumentWriter): Clause {
  return weighted(w.random, w.currentComment === undefined ? ARTICLE_CLAUSES : COMMENT_CLAUSES);
}

// ============================================================================= article paragraphs

type Paragraph = (w: DocumentWriter) => void;

/** A direct quote: `"...," said Elena Varga, chief economist at ...`, maybe a second one. */
const quoteParagraph: Paragraph = (w) => {
  const speaker = w.pick('source');
  const form = w.isIntroduced(speaker) ? between(w.random, 0, 2) : 0;
  let cue: Span;
  let quoted: WrittenClause;
  if (form === 1) {
    speakingIn(w);
    w.refer(speaker);
    w.write(' ');
    cue = w.write('told me');
    w.write(': "');
    w.sentence();
    quoted = quotedClause(w);
    w.write('."');
  } else {
    w.write('"');
    w.sentence();
    quoted = quotedClause(w);
    w.write(',"');
    w.write(' ');
    if (form === 0) {
      cue = w.write('said');
      w.write(' ');
      w.refer(speaker);
    } else {
      w.refer(speaker);
      w.write(' ');
      cue = w.write('said');
      if (chance(w.random, 0.5)) {
        w.write(' in ');
        w.refer(w.pick('city'));
        w.write(` on ${pickOne(w.random, WEEKDAYS)}`);
      }
    }
    w.write('.');
  }
  recordQuote(w, speaker, cue, quoted);
  if (chance(w.random, 0.5)) {
    w.write(' "');
    w.sentence();
    const second = quotedClause(w);
    w.write(',"');
    w.write(' ');
    w.pronoun(speaker, 'subject');
    w.write(' ');
    const added = w.write('added');
    w.write('.');
    recordQuote(w, speaker, added, second);
  }
};

/** Sometimes opens a sentence with where it was said: "Speaking in Belford, ". */
function speakingIn(w: DocumentWriter): void {
  if (!chance(w.random, 0.4)) return;
  w.sentence();
  w.write('Speaking in ');
  w.refer(w.pick('city'));
  w.write(', ');
}

/** Quoted speech rarely stops at the claim: "... It is as simple as that." */
function quotedClause(w: DocumentWriter): WrittenClause {
  const mark = w.mark();
  const result = anyClause(w)(w);
  if (chance(w.random, 0.5)) w.write(`. ${pickOne(w.random, QUOTE_TAILS)}`);
  return { ...result, evidence: w.since(mark) };
}

function recordQuote(
  w: DocumentWriter,
  speaker: PoolEntity,
  cue: Span,
  quoted: WrittenClause,
): string {
  const attribution = w.reported(speaker, {
    mode: 'direct_quote',
    cue,
    evidence: [quoted.evidence],
  });
  const claimId = w.claim({
    ...quoted,
    about: [speaker, ...quoted.about],
    attributions: [attribution],
  });
  w.quotes.push({ claimId, speaker, attribution, evidence: quoted.evidence });
  return claimId;
}

const PARAPHRASE_CUES: ReadonlyArray<readonly [string, Attribution['certainty']]> = [
  ['says', 'certain'],
  ['argues', 'certain'],
  ['warns', 'certain'],
  ['believes', 'probable'],
  ['thinks', 'probable'],
];

/** "Elena Varga, ..., says that ...", maybe "According to her, ...". */
const paraphraseParagraph: Paragraph = (w) => {
  const speaker = w.pick('source');
  const [cueWord, certainty] = pickOne(w.random, PARAPHRASE_CUES);
  w.sentence();
  speakingIn(w);
  w.refer(speaker, { comma: true });
  w.write(' ');
  const cue = w.write(cueWord);
  w.write(' that ');
  const said = w.clause(anyClause(w));
  w.write('.');
  w.claim({
    ...said,
    about: [speaker, ...said.about],
    attributions: [
      w.reported(speaker, { mode: 'paraphrase', cue, certainty, evidence: [said.evidence] }),
    ],
  });
  if (chance(w.random, 0.4)) {
    w.write(' ');
    w.sentence();
    const according = w.write('According to');
    w.write(' ');
    w.pronoun(speaker, 'object');
    w.write(', ');
    const more = w.clause(anyClause(w));
    w.write('.');
    w.claim({
      ...more,
      about: [speaker, ...more.about],
      attributions: [
        w.reported(speaker, { mode: 'paraphrase', cue: according, evidence: [more.evidence] }),
      ],
    });
  }
};

/** "The Velarian Trade Commission accused Kelvar Systems of ...", then often a denial. */
const accusationParagraph: Paragraph = (w) => {
  const accuserKind = pickOne(w.random, ['government', 'organization', 'company'] as const);
  const accused = w.pick('company');
  const accuser = w.pick(accuserKind, [accused]);
  const misdeed = pickOne(w.random, MISDEEDS);
  const when = pickOne(w.random, [
    'last week',
    'on Monday',
    'this month',
    'in a letter to shareholders',
  ]);
  w.sentence();
  const mark = w.mark();
  w.referWithProfile(accuser, { comma: true });
  w.write(' ');
  const cue = w.write('accused');
  w.write(' ');
  w.referWithProfile(accused, { comma: true });
  w.write(` of ${misdeed.gerund} ${when}.`);
  const evidence = w.since(mark);
  const accusation = w.claim({
    type: 'accusation',
    proposition: `${accused.name} has been ${misdeed.gerund}.`,
    about: [accuser, accused],
    attributions: [w.reported(accuser, { mode: 'reported', cue, evidence: [evidence] })],
  });
  w.accusations.push({ claimId: accusation, accused, misdeed });
  w.relate('accused', accuser, accused, evidence, accusation);
  if (chance(w.random, 0.7))
    writeDenial(w, accused, accusation, `${accused.name} has been ${misdeed.gerund}.`, () => {
      w.write(` that it had ${misdeed.participle}.`);
    });
};

/** "The company denied that ...": a denial claim and the stance that it denies `accusation`. */
function writeDenial(
  w: DocumentWriter,
  denier: PoolEntity,
  accusation: string,
  proposition: string,
  writeRest: () => void,
): void {
  w.write(' ');
  w.sentence();
  const mark = w.mark();
  if (chance(w.random, 0.5)) w.nominal(denier);
  else w.refer(denier);
  w.write(' ');
  const cue = w.write('denied');
  writeRest();
  const evidence = w.since(mark);
  const denial = w.claim({
    type: 'denial',
    proposition,
    about: [denier],
    attributions: [
      w.reported(denier, { mode: 'reported', cue, polarity: 'negative', evidence: [evidence] }),
    ],
  });
  w.stance('denies', denial, accusation, 'explicit', evidence);
}

/** Agentless hedged statements: "is believed to", "appears to be behind", "may". */
const hedgedParagraph: Paragraph = (w) => {
  w.sentence();
  const mark = w.mark();
  const form = between(w.random, 0, 2);
  if (form === 0) {
    const subject = w.pick('company');
    w.referWithProfile(subject, { comma: true });
    w.write(' ');
    const hedge = w.write('is believed to');
    w.write(' have lost ');
    const tenths = between(w.random, 5, 90);
    const span = w.write(`more than ${moneyText(tenths, 'm', 'USD')}`);
    w.write(` on ${w.topic.issue}.`);
    w.claim({
      type: 'estimate',
      proposition: `${subject.name} has lost more than ${moneyText(tenths, 'm', 'USD')} on ${w.topic.issue}.`,
      about: [subject],
      quantities: [
        quantity(
          {
            lower: moneyValue(tenths, 'm'),
            unit: 'USD',
            measure: `${subject.name}'s losses on ${w.topic.issue}`,
          },
          span,
        ),
      ],
      attributions: [w.own({ certainty: 'probable', hedges: [hedge], evidence: [w.since(mark)] })],
    });
    return;
  }
  if (form === 1) {
    const culprit = w.pick('military');
    const target = w.pick('company');
    w.refer(culprit);
    w.write(' ');
    const hedge = w.write('appears to be');
    w.write(' behind a campaign targeting the computer systems of ');
    w.referWithProfile(target);
    w.write('.');
    const evidence = w.since(mark);
    const claim = w.claim({
      type: 'accusation',
      proposition: `The ${culprit.name} is behind a campaign targeting the computer systems of ${target.name}.`,
      about: [culprit, target],
      attributions: [w.own({ certainty: 'probable', hedges: [hedge], evidence: [evidence] })],
    });
    w.relate('targeted', culprit, target, evidence, claim);
    return;
  }
  const company = w.pick('company');
  w.write(`${w.topic.issue} `);
  const hedge = w.write('may');
  w.write(' raise costs for ');
  w.refer(company);
  w.write(' and its customers.');
  w.claim({
    type: 'prediction',
    proposition: `${capitalize(w.topic.issue)} will raise costs for ${company.name} and its customers.`,
    about: [company],
    attributions: [w.own({ certainty: 'possible', hedges: [hedge], evidence: [w.since(mark)] })],
  });
};

function pickCulprit(w: DocumentWriter): PoolEntity {
  return chance(w.random, 0.5) ? w.group(HACKERS_ID) : w.pick('military');
}

/** "A report by ... put losses at as much as $4.5bn (£3.6bn) a year. It said 50-80% ...". */
const reportParagraph: Paragraph = (w) => {
  const author = w.pick('organization');
  const blamed = chance(w.random, 0.5) ? w.pick('company') : w.pick('country');
  const tenths = between(w.random, 5, 900);
  const poundTenths = Math.max(1, Math.round(tenths * 0.8));
  w.sentence();
  w.write('A report last month by ');
  w.referWithProfile(author, { comma: true });
  w.write(' ');
  const put = w.write('put');
  w.write(' ');
  const costMark = w.mark();
  w.write(`${w.topic.cost} at `);
  const totalMark = w.mark();
  w.write(`as much as ${moneyText(tenths, 'bn', 'USD')} (`);
  const pounds = w.write(moneyText(poundTenths, 'bn', 'GBP'));
  w.write(') a year');
  const total = w.since(totalMark);
  const costEvidence = w.since(costMark);
  w.write('. ');
  w.sentence();
  w.write('It ');
  const said = w.write('said');
  w.write(' ');
  const shareMark = w.mark();
  const lower = between(w.random, 2, 6) * 10;
  const upper = Math.min(95, lower + between(w.random, 1, 4) * 10);
  const range = w.write(`${lower}-${upper}%`);
  w.write(' of the losses ');
  const hedge = w.write('were thought to be');
  w.write(' linked to ');
  w.refer(blamed);
  const shareEvidence = w.since(shareMark);
  w.write('.');
  const measure = `${w.topic.cost}, according to the ${author.name}`;
  const estimate = w.claim({
    type: 'estimate',
    proposition: `${capitalize(w.topic.cost)} is as much as ${moneyText(tenths, 'bn', 'USD')} a year.`,
    about: [author],
    quantities: [
      quantity({ upper: moneyValue(tenths, 'bn'), unit: 'USD', period: 'year', measure }, total),
      quantity(
        {
          upper: moneyValue(poundTenths, 'bn'),
          unit: 'GBP',
          period: 'year',
          measure: `${measure}, in pounds`,
        },
        pounds,
      ),
    ],
    attributions: [w.reported(author, { mode: 'reported', cue: put, evidence: [costEvidence] })],
  });
  const share = w.claim({
    type: 'estimate',
    proposition: `${lower}-${upper}% of the losses are linked to ${blamed.name}.`,
    about: [author, blamed],
    quantities: [
      quantity(
        { lower, upper, unit: 'percent', measure: `share of the losses linked to ${blamed.name}` },
        range,
      ),
    ],
    attributions: [
      w.reported(author, {
        mode: 'reported',
        cue: said,
        certainty: 'probable',
        hedges: [hedge],
        evidence: [shareEvidence],
      }),
    ],
  });
  w.stance('qualifies', share, estimate, 'inferred', shareEvidence);
};

/** The author's own figures, and a company profile with where it is based. */
const statisticParagraph: Paragraph = (w) => {
  const country = w.pick('country');
  const tenths = between(w.random, 5, 300);
  w.sentence();
  const figuresMark = w.mark();
  const { proposition, change } = writeExportChange(w, country);
  w.write(', to ');
  const total = w.write(moneyText(tenths, 'bn', 'USD'));
  w.write('.');
  w.claim({
    type: 'statement',
    proposition: `${proposition}, to ${total.exact}.`,
    about: [country],
    quantities: [
      change,
      quantity(
        {
          amount: moneyValue(tenths, 'bn'),
          unit: 'USD',
          measure: `value of ${country.name}'s exports of ${w.topic.goods} last year`,
        },
        total,
      ),
    ],
    attributions: [w.own({ evidence: [w.since(figuresMark)] })],
  });
  const company = w.pick('company');
  w.write(' ');
  w.sentence();
  const mark = w.mark();
  w.referWithProfile(company, { comma: true });
  w.write(' accounts for about a third of those sales.');
  w.claim({
    type: 'statement',
    proposition: `${company.name} accounts for about a third of ${country.name}'s exports of ${w.topic.goods}.`,
    about: [company, country],
    attributions: [w.own({ evidence: [w.since(mark)] })],
  });
};

/** Who attended which event, where, and how many came. */
const eventParagraph: Paragraph = (w) => {
  const event = w.pick('event');
  const city = w.pool.get(event.location ?? '');
  const person = w.pick('source');
  const first = w.pick('company');
  const second = w.pick('company', [first]);
  w.sentence();
  const mark = w.mark();
  w.refer(person, { comma: true });
  w.write(' attended ');
  const placeMark = w.mark();
  w.refer(event);
  w.write(' in ');
  w.refer(city);
  const where = w.since(placeMark);
  w.write(' this week, alongside executives from ');
  w.refer(first);
  w.write(' and ');
  w.refer(second);
  w.write('.');
  const evidence = w.since(mark);
  w.claim({
    type: 'statement',
    proposition: `${person.name} attended the ${event.name} in ${city.name}, alongside executives from ${first.name} and ${second.name}.`,
    about: [person, event, first, second],
    attributions: [w.own({ evidence: [evidence] })],
  });
  w.relate('attended', person, event, evidence);
  w.relate('located_in', event, city, where);
  w.relate('represented_at', first, event, evidence);
  w.relate('represented_at', second, event, evidence);
  w.write(' ');
  w.sentence();
  const crowdMark = w.mark();
  const crowd = w.write('Several dozen delegates');
  w.write(` discussed ${w.topic.issue} behind closed doors.`);
  w.claim({
    type: 'statement',
    proposition: `Several dozen delegates at the ${event.name} discussed ${w.topic.issue} behind closed doors.`,
    about: [event],
    quantities: [
      quantity(
        { lower: 24, unit: 'person', approximate: true, measure: `delegates at the ${event.name}` },
        crowd,
      ),
    ],
    attributions: [w.own({ evidence: [w.since(crowdMark)] })],
  });
};

/** A company traces an attack; the culprit denies it, or is said to have struck elsewhere. */
const attackParagraph: Paragraph = (w) => {
  const company = w.pick('company');
  const culprit = pickCulprit(w);
  const range = pickOne(w.random, SMALL_RANGES);
  w.sentence();
  const sentence = w.mark();
  w.referWithProfile(company, { comma: true });
  w.write(' ');
  const cue = w.write('said');
  w.write(' ');
  const claimMark = w.mark();
  w.write(
    `it traced ${pickOne(w.random, ['an attack on its systems', 'a breach of its networks', 'the theft of its designs'])} `,
  );
  const years = w.write(`${range.text} years ago`);
  w.write(' to ');
  w.refer(culprit);
  const evidence = w.since(claimMark);
  w.write('.');
  const traced = w.claim({
    type: 'accusation',
    proposition: `${capitalize(culprit.article + culprit.name)} attacked ${company.name}'s computers ${range.text} years ago.`,
    about: [company, culprit],
    quantities: [
      quantity(
        {
          lower: range.lower,
          upper: range.upper,
          unit: 'year',
          approximate: true,
          measure: 'time since the attack',
        },
        years,
      ),
    ],
    attributions: [w.reported(company, { mode: 'paraphrase', cue, evidence: [evidence] })],
  });
  w.relate('traced_attacks_to', company, culprit, w.since(sentence), traced);
  if (culprit.kind === 'military' && chance(w.random, 0.6)) {
    writeDenial(
      w,
      culprit,
      traced,
      `The ${culprit.name} was involved in the attack on ${company.name}.`,
      () => {
        w.write(' any involvement.');
      },
    );
    return;
  }
  const victim = w.pick('company', [company]);
  const source = w.pick('organization');
  w.write(' ');
  w.sentence();
  const mark = w.mark();
  w.refer(culprit);
  w.write(culprit.type === 'Group' ? ' have also targeted ' : ' has also targeted ');
  w.refer(victim);
  w.write(', ');
  const according = w.write('according to');
  w.write(' ');
  w.referWithProfile(source);
  w.write('.');
  const alsoEvidence = w.since(mark);
  const also = w.claim({
    type: 'accusation',
    proposition: `${capitalize(culprit.article + culprit.name)} ${culprit.type === 'Group' ? 'have' : 'has'} targeted ${victim.name}.`,
    about: [culprit, victim],
    attributions: [
      w.reported(source, { mode: 'paraphrase', cue: according, evidence: [alsoEvidence] }),
    ],
  });
  w.relate('targeted', culprit, victim, alsoEvidence, also);
  w.stance('supports', also, traced, 'inferred', alsoEvidence);
};

/** Someone answers a recent claim: disputes, agrees or qualifies it. */
const responseParagraph: Paragraph = (w) => {
  const recent = w.articleClaims.slice(-5);
  if (recent.length === 0) {
    quoteParagraph(w);
    return;
  }
  const target = pickOne(w.random, recent);
  const form = between(w.random, 0, 3);
  if (form === 3) {
    // The author's own follow-up, linked by the annotator rather than by the words.
    w.sentence();
    const own = w.clause(anyClause(w));
    w.write('.');
    const claim = w.claim({ ...own, attributions: [w.own({ evidence: [own.evidence] })] });
    w.stance(
      chance(w.random, 0.5) ? 'supports' : 'qualifies',
      claim,
      target.id,
      'inferred',
      own.evidence,
    );
    return;
  }
  const speaker = w.pick('source');
  w.sentence();
  const mark = w.mark();
  let link: Span;
  let cue: Span;
  let type: StanceType;
  if (form === 0) {
    w.write('But ');
    w.refer(speaker, { comma: true });
    w.write(' disputes this');
    link = w.since(mark);
    w.write(', ');
    cue = w.write('saying');
    type = 'disputes';
  } else if (form === 1) {
    w.refer(speaker, { comma: true });
    w.write(' ');
    link = w.write('agreed');
    w.write(', ');
    cue = w.write('saying');
    type = 'supports';
  } else {
    w.refer(speaker, { comma: true });
    w.write(' ');
    cue = w.write('cautioned');
    link = cue;
    type = 'qualifies';
  }
  w.write(' that ');
  const said = w.clause(anyClause(w));
  w.write('.');
  const claim = w.claim({
    ...said,
    about: [speaker, ...said.about],
    attributions: [w.reported(speaker, { mode: 'paraphrase', cue, evidence: [said.evidence] })],
  });
  w.stance(type, claim, target.id, 'explicit', link);
};

/** A government body announces a policy (on first mention, with the government it is part of). */
const governmentParagraph: Paragraph = (w) => {
  const body = w.pick('government');
  const action = pickOne(w.random, GOVERNMENT_ACTIONS);
  const when = pickOne(w.random, TIMEFRAMES);
  w.sentence();
  w.referWithProfile(body, { comma: true });
  w.write(' ');
  const cue = w.write('said');
  w.write(' ');
  const claimMark = w.mark();
  w.write(`it would ${action} ${w.topic.measure} ${when}`);
  const evidence = w.since(claimMark);
  w.write('.');
  w.claim({
    type: 'policy',
    proposition: `${body.name} will ${action} ${w.topic.measure} ${when}.`,
    about: [body],
    attributions: [w.reported(body, { mode: 'paraphrase', cue, evidence: [evidence] })],
  });
};

/** Work halted at a site, as officials say, and where the city lies. */
const placeParagraph: Paragraph = (w) => {
  const place = w.pick('place');
  const city = w.pool.get(place.location ?? '');
  const country = w.pool.get(city.location ?? '');
  const officials = w.group('group:officials');
  const range = pickOne(w.random, SMALL_RANGES);
  w.sentence();
  const mark = w.mark();
  w.write('Work at ');
  const siteMark = w.mark();
  w.refer(place);
  w.write(' in ');
  w.refer(city);
  const site = w.since(siteMark);
  w.write(' has been halted for ');
  const weeks = w.write(`${range.text} weeks`);
  const evidence = w.since(mark);
  w.write(', ');
  w.refer(officials);
  w.write(' ');
  const cue = w.write('said');
  w.write('.');
  w.relate('located_in', place, city, site);
  w.claim({
    type: 'statement',
    proposition: `Work at the ${place.name} in ${city.name} has been halted for ${range.text} weeks.`,
    about: [place, city],
    quantities: [
      quantity(
        {
          lower: range.lower,
          upper: range.upper,
          unit: 'week',
          approximate: true,
          measure: 'how long work has been halted',
        },
        weeks,
      ),
    ],
    attributions: [w.reported(officials, { mode: 'paraphrase', cue, evidence: [evidence] })],
  });
  w.write(' ');
  w.sentence();
  const cityMark = w.mark();
  w.refer(city);
  w.write(' is one of ');
  w.possessive(country);
  w.write(' busiest industrial centres.');
  const cityEvidence = w.since(cityMark);
  w.relate('located_in', city, country, cityEvidence);
  w.claim({
    type: 'statement',
    proposition: `${city.name} is one of ${country.name}'s busiest industrial centres.`,
    about: [city, country],
    attributions: [w.own({ evidence: [cityEvidence] })],
  });
};

/** People in a region speak up: "Farmers in the Alda Valley, in Velaria, say ...". */
const regionParagraph: Paragraph = (w) => {
  const region = w.pick('region');
  const country = w.pool.get(region.location ?? '');
  const people = w.group(pickOne(w.random, LOCAL_GROUPS));
  w.sentence();
  w.refer(people);
  w.write(' in ');
  const mark = w.mark();
  w.refer(region);
  w.write(', in ');
  w.refer(country);
  w.relate('located_in', region, country, w.since(mark));
  w.write(', ');
  const cue = w.write('say');
  w.write(' that ');
  const said = w.clause(anyClause(w));
  w.write('.');
  w.claim({
    ...said,
    about: [people, ...said.about],
    attributions: [w.reported(people, { mode: 'paraphrase', cue, evidence: [said.evidence] })],
  });
};

/** "I've been told that ...": an implicit, unnamed source. */
const toldParagraph: Paragraph = (w) => {
  const sources = w.group(UNNAMED_SOURCES_ID);
  w.sentence();
  const cue = w.write("I've been told");
  w.mentionImplicit(sources, cue);
  w.write(' that ');
  const told = w.clause(anyClause(w));
  w.write('.');
  w.claim({
    ...told,
    about: [sources, ...told.about],
    attributions: [w.reported(sources, { mode: 'reported', cue, evidence: [told.evidence] })],
  });
};

/** A product's sales, and what analysts expect. */
const productParagraph: Paragraph = (w) => {
  const product = w.pick('product');
  const maker = w.pool.get(product.parent ?? '');
  const millions = between(w.random, 11, 90) / 10;
  w.sentence();
  const mark = w.mark();
  w.refer(product);
  w.write(', made by ');
  w.referWithProfile(maker);
  w.write(', sold ');
  const sold = w.write(`${millions} million units`);
  w.write(' last year.');
  w.claim({
    type: 'statement',
    proposition: `The ${product.name}, made by ${maker.name}, sold ${millions} million units last year.`,
    about: [product, maker],
    quantities: [
      quantity(
        {
          amount: Math.round(millions * 1_000_000),
          unit: 'unit',
          measure: `units of the ${product.name} sold last year`,
        },
        sold,
      ),
    ],
    attributions: [w.own({ evidence: [w.since(mark)] })],
  });
  const analysts = w.group(pickOne(w.random, SPEAKING_GROUPS));
  const percent = between(w.random, 3, 30);
  w.write(' ');
  w.sentence();
  w.refer(analysts);
  w.write(' ');
  const cue = w.write('expect');
  w.write(' ');
  const claimMark = w.mark();
  w.write('sales to fall by ');
  const fall = w.write(`${percent}%`);
  w.write(' this year');
  const evidence = w.since(claimMark);
  w.write('.');
  w.claim({
    type: 'prediction',
    proposition: `Sales of the ${product.name} will fall by ${percent}% this year.`,
    about: [product, analysts],
    quantities: [
      quantity(
        {
          amount: percent,
          unit: 'percent',
          measure: `expected fall in sales of the ${product.name}`,
        },
        fall,
      ),
    ],
    attributions: [
      w.reported(analysts, {
        mode: 'paraphrase',
        cue,
        certainty: 'probable',
        evidence: [evidence],
      }),
    ],
  });
};

/** Body paragraphs and their weights; `once` ones would read as copies if repeated. */
const BODY_PARAGRAPHS: ReadonlyArray<{ write: Paragraph; weight: number; once?: boolean }> = [
  { write: quoteParagraph, weight: 5 },
  { write: paraphraseParagraph, weight: 4 },
  { write: accusationParagraph, weight: 2 },
  { write: hedgedParagraph, weight: 2 },
  { write: responseParagraph, weight: 3 },
  { write: governmentParagraph, weight: 1 },
  { write: reportParagraph, weight: 1, once: true },
  { write: statisticParagraph, weight: 1, once: true },
  { write: eventParagraph, weight: 1, once: true },
  { write: attackParagraph, weight: 1, once: true },
  { write: placeParagraph, weight: 1, once: true },
  { write: regionParagraph, weight: 1, once: true },
  { write: toldParagraph, weight: 1, once: true },
  { write: productParagraph, weight: 1, once: true },
];

function writeNextParagraph(w: DocumentWriter): void {
  const candidates = BODY_PARAGRAPHS.filter(
    (paragraph) => !(paragraph.once && w.paragraphsWritten.has(paragraph.write)),
  );
  const paragraph = weighted(
    w.random,
    candidates.map((candidate) => [candidate, candidate.weight] as const),
  );
  w.paragraphsWritten.add(paragraph.write);
  paragraph.write(w);
}

// ============================================================================= page parts

function writeHeadline(w: DocumentWriter, lead: PoolEntity): void {
  w.region('headline', 'headline', () => {
    const [before, after] = pickOne(w.random, HEADLINE_FORMS)(w.topic);
    const mark = w.mark();
    if (before) w.write(before);
    w.name(lead);
    w.write(after);
    const evidence = w.since(mark);
    w.claim({
      type: 'assessment',
      proposition: `${before}${lead.name}${after}.`,
      about: [lead],
      attributions: [w.own({ evidence: [evidence] })],
    });
  });
}

/** "The Velarian Trade Commission says Kelvar Systems has been ...". */
function writeStandfirst(w: DocumentWriter, lead: PoolEntity): void {
  w.region('caption', 'standfirst', () => {
    const accuser = w.pick('government');
    const misdeed = pickOne(w.random, MISDEEDS);
    w.sentence();
    const mark = w.mark();
    w.refer(accuser);
    w.write(' ');
    const cue = w.write('says');
    w.write(' ');
    const claimMark = w.mark();
    w.refer(lead);
    w.write(` has been ${misdeed.gerund}`);
    const evidence = w.since(claimMark);
    const claim = w.claim({
      type: 'accusation',
      proposition: `${lead.name} has been ${misdeed.gerund}.`,
      about: [accuser, lead],
      attributions: [w.reported(accuser, { mode: 'paraphrase', cue, evidence: [evidence] })],
    });
    w.accusations.push({ claimId: claim, accused: lead, misdeed });
    w.relate('accused', accuser, lead, w.since(mark), claim);
  });
}

/** A body region: an opening paragraph or a subheading, then `paragraphs` paragraphs. */
function writeBody(
  w: DocumentWriter,
  name: string,
  paragraphs: number,
  options: { opening?: Paragraph; closing?: (w: DocumentWriter) => void } = {},
): void {
  w.region('body', name, () => {
    if (options.opening) options.opening(w);
    else w.write(pickOne(w.random, SUBHEADINGS));
    for (let index = 0; index < paragraphs; index++) {
      w.write('\n\n');
      writeNextParagraph(w);
    }
    options.closing?.(w);
  });
}

/** A picture caption naming a quoted person: their earlier quote again, or a new claim. */
function writePersonCaption(w: DocumentWriter, name: string): void {
  const people = w.mentioned('source');
  if (people.length === 0) return;
  const person = pickOne(w.random, people);
  const employer = w.pool.get(person.affiliation ?? '');
  const earlierQuote = w.quotes.find((quote) => quote.speaker.id === person.id);
  w.write('\n\n');
  w.region('caption', name, () => {
    const mark = w.mark();
    w.bareName(person);
    w.write(`, ${person.former ? 'former ' : ''}${person.title ?? ''}, `);
    w.bareName(employer);
    w.addRoleEvidence(person, w.since(mark));
    w.write(' ');
    w.refer(person);
    w.write(' ');
    if (earlierQuote && chance(w.random, 0.6)) {
      // The caption quotes the body again: a second attribution of the same claim.
      const cue = w.write('said');
      w.write(' "');
      const repeated = w.repeat(earlierQuote.evidence);
      w.write('"');
      const attribution = w.reported(person, { mode: 'partial_quote', cue, evidence: [repeated] });
      w.claims.find((claim) => claim.id === earlierQuote.claimId)?.attributions.push(attribution);
      return;
    }
    const cue = w.write('says');
    w.write(' ');
    const said = w.clause(anyClause(w));
    w.claim({
      ...said,
      about: [person, ...said.about],
      attributions: [w.reported(person, { mode: 'paraphrase', cue, evidence: [said.evidence] })],
    });
  });
}

/** "Offices of Kelvar Systems in Belford": where a company is, and what it says. */
function writeCompanyCaption(w: DocumentWriter, name: string): void {
  const companies = w.mentioned('company');
  if (companies.length === 0) return;
  const company = pickOne(w.random, companies);
  const city = w.pool.get(company.location ?? '');
  w.write('\n\n');
  w.region('caption', name, () => {
    w.write('Offices of ');
    const mark = w.mark();
    w.bareName(company);
    w.write(' in ');
    w.refer(city);
    w.relate('located_in', company, city, w.since(mark));
    w.write(' ');
    w.bareName(company);
    w.write(' ');
    const cue = w.write('says');
    w.write(' ');
    const said = w.clause(anyClause(w));
    w.claim({
      ...said,
      about: [company, ...said.about],
      attributions: [w.reported(company, { mode: 'paraphrase', cue, evidence: [said.evidence] })],
    });
  });
}

/** A direct quote from the body, set apart: one more evidence span of the same attribution. */
function writePullQuote(w: DocumentWriter): void {
  const quote = w.quotes.find((candidate) => codePointLength(candidate.evidence.exact) < 140);
  if (!quote) return;
  w.write('\n\n');
  w.region('pull_quote', 'pull-quote', () => {
    w.write('Start Quote\n\n');
    w.bareName(quote.speaker);
    w.write(`, ${quote.speaker.former ? 'former ' : ''}${quote.speaker.title ?? ''}\n\n“`);
    quote.attribution.evidence.push(w.repeat(quote.evidence));
    w.write('”\n\nEnd Quote ');
    w.bareName(quote.speaker);
  });
}

/** Sources quoted once have not had their alias ("Ms Varga") written yet: give them a line. */
function writeNoComment(w: DocumentWriter): void {
  const people = w.entitiesWithUnwrittenAlias();
  if (people.length === 0) return;
  w.write('\n\n');
  w.sentence();
  const mark = w.mark();
  people.forEach((person, index) => {
    if (index > 0) w.write(index === people.length - 1 ? ' and ' : ', ');
    w.aliasOf(person);
  });
  w.write(' did not respond to requests for further comment.');
  const names = people.map((person) => person.name);
  w.claim({
    type: 'statement',
    proposition: `${names.join(', ')} did not respond to requests for further comment.`,
    about: people,
    attributions: [w.own({ evidence: [w.since(mark)] })],
  });
}

interface PublicationDate {
  iso: string;
  text: string;
}

function publicationDate(random: Random): PublicationDate | null {
  if (chance(random, 0.15)) return null;
  const year = between(random, 2022, 2024);
  const month = between(random, 1, 12);
  const day = between(random, 1, 28);
  const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { iso, text: `${day} ${MONTHS[month - 1] ?? 'January'} ${year}` };
}

interface Byline {
  nameSpans: Span[];
  roleSpan: Span;
  publisherSpans: Span[];
  date: { iso: string; span: Span } | null;
}

function writeByline(w: DocumentWriter, date: PublicationDate | null): Byline {
  const nameSpans: Span[] = [];
  let roleSpan: Span | undefined;
  const publisherSpans: Span[] = [];
  let dateSpan: Span | undefined;
  w.region('byline', 'byline', () => {
    w.write('Article written by ');
    nameSpans.push(w.name(w.author));
    w.write('\n');
    const mark = w.mark();
    nameSpans.push(w.name(w.author));
    w.write(', ');
    roleSpan = w.write(w.author.title ?? 'correspondent');
    w.write(' for ');
    publisherSpans.push(w.name(w.publisher));
    w.roles.push({
      id: `role:${localSlug(w.author.id)}-${localSlug(w.publisher.id)}`,
      holder: w.author.id,
      organization: w.publisher.id,
      title: roleSpan.exact,
      time: 'current',
      evidence: [w.since(mark)],
    });
    if (date) {
      w.write('\nPublished ');
      dateSpan = w.write(date.text);
    }
  });
  if (!roleSpan) throw new Error('the byline has no role');
  return {
    nameSpans,
    roleSpan,
    publisherSpans,
    date: date && dateSpan ? { iso: date.iso, span: dateSpan } : null,
  };
}

function writePromo(w: DocumentWriter): void {
  const [headline = '', teaser = ''] = pickOne(w.random, PROMOS);
  w.write('\n\n');
  w.region('promo', 'promo', () => {
    w.write(`${headline}\n\n${teaser}\n\nRead full article`);
  });
}

// ============================================================================= reader comments

type CommentPart = (w: DocumentWriter) => void;

/** "Re "...": quotes an earlier comment or a quote from the article, and disagrees. */
const replyPart: CommentPart = (w) => {
  const earlier = w.commentClaims.filter(
    (claim) => claim.voice !== w.currentComment && codePointLength(claim.evidence.exact) <= 90,
  );
  const quoted = w.quotes.filter((quote) => codePointLength(quote.evidence.exact) <= 90);
  const target: { id: string; evidence: Span } | undefined =
    earlier.length > 0 && chance(w.random, 0.6)
      ? pickOne(w.random, earlier)
      : quoted.length > 0
        ? (({ claimId, evidence }) => ({ id: claimId, evidence }))(pickOne(w.random, quoted))
        : undefined;
  if (!target) {
    opinionPart(w);
    return;
  }
  const mark = w.mark();
  const cue = w.write('Re');
  w.write(' "');
  w.repeat(target.evidence);
  w.write('"');
  const link = w.since(mark);
  w.write('\n    ');
  w.write(pickOne(w.random, ['Rubbish. ', 'Nonsense. ', 'Not true. ', 'Come on. ']));
  w.sentence();
  const said = w.clause(anyClause(w));
  w.write('.');
  const claim = w.claim({ ...said, attributions: [w.own({ cue, evidence: [said.evidence] })] });
  w.stance('disputes', claim, target.id, 'explicit', link);
};

/** "I think ...": a hedged opinion, inferred to bear on an article claim about the same thing. */
const opinionPart: CommentPart = (w) => {
  w.sentence();
  const hedge = w.write('I think');
  w.write(' ');
  const said = w.clause(anyClause(w));
  w.write('.');
  const claim = w.claim({
    ...said,
    attributions: [w.own({ certainty: 'probable', hedges: [hedge], evidence: [said.evidence] })],
  });
  linkToArticle(w, claim, said.about, said.evidence);
};

/** "Kelvar Systems has never ...": a commenter denies an accusation from the article. */
const denialPart: CommentPart = (w) => {
  if (w.accusations.length === 0) {
    opinionPart(w);
    return;
  }
  const { claimId, accused, misdeed } = pickOne(w.random, w.accusations);
  w.sentence();
  const mark = w.mark();
  w.refer(accused);
  w.write(` has never ${misdeed.participle}`);
  const evidence = w.since(mark);
  w.write(pickOne(w.random, ['.', ', whatever the papers say.', '. Check the facts.']));
  const denial = w.claim({
    type: 'denial',
    proposition: `${accused.name} has been ${misdeed.gerund}.`,
    about: [accused],
    attributions: [w.own({ polarity: 'negative', evidence: [evidence] })],
  });
  w.stance('denies', denial, claimId, 'inferred', evidence);
};

/** "Ms Varga is right about ...": agrees with a quoted source. */
const agreementPart: CommentPart = (w) => {
  if (w.quotes.length === 0) {
    opinionPart(w);
    return;
  }
  const quote = pickOne(w.random, w.quotes);
  const [before, verdict, after] = pickOne(w.random, AGREEMENTS);
  if (before) w.write(before);
  w.sentence();
  const mark = w.mark();
  w.refer(quote.speaker);
  w.write(' ');
  const right = w.write(verdict);
  w.write(` about ${w.topic.issue}`);
  const evidence = w.since(mark);
  w.write(after);
  const claim = w.claim({
    type: 'assessment',
    proposition: `${quote.speaker.name} is right about ${w.topic.issue}.`,
    about: [quote.speaker],
    attributions: [w.own({ evidence: [evidence] })],
  });
  w.stance('supports', claim, quote.claimId, 'explicit', right);
};

/** Ways to agree with a quoted source: [lead-in, verdict, ending]. */
const AGREEMENTS: ReadonlyArray<readonly [string, string, string]> = [
  ['', 'is right', '.'],
  ['Finally someone says it: ', 'is right', '.'],
  ['', 'has a point', ', whatever you think of the rest.'],
  ['For once ', 'is spot on', '.'],
];

/** A stance on an article claim about one of the same entities, if there is one. */
function linkToArticle(
  w: DocumentWriter,
  claim: string,
  about: readonly PoolEntity[],
  evidence: Span,
): void {
  const ids = new Set(about.map((entity) => entity.id));
  const related = w.articleClaims.filter((candidate) =>
    candidate.about.some((entity) => ids.has(entity.id)),
  );
  if (related.length === 0) return;
  const target = pickOne(w.random, related);
  w.stance(chance(w.random, 0.5) ? 'supports' : 'disputes', claim, target.id, 'inferred', evidence);
}

const COMMENT_PARTS: ReadonlyArray<readonly [CommentPart, number]> = [
  [opinionPart, 3],
  [denialPart, 1],
  [agreementPart, 1],
];

function writeComments(w: DocumentWriter, count: number): void {
  w.write('\n\n');
  w.region('navigation', 'comments-header', () => {
    w.write(`Comments\n\n${count} comments. This entry is now closed for comments`);
  });
  for (let number = 1; number <= count; number++) {
    w.write('\n\n  ');
    w.comment(number, () => {
      writeCommentText(w);
      // Characters beyond the BMP make code-point offsets differ from UTF-16 ones.
      if (number === 1 || chance(w.random, 0.3)) w.write(` ${pickOne(w.random, EMOJI)}`);
    });
  }
}

/** A reply or a first claim, maybe more claims, and the asides commenters write around them. */
function writeCommentText(w: DocumentWriter): void {
  const aside = () => {
    w.write(pickOne(w.random, COMMENT_ASIDES));
  };
  const pieces: CommentPart[] = [];
  const replies = chance(w.random, 0.35);
  if (replies) pieces.push(replyPart);
  else if (chance(w.random, 0.5)) pieces.push(aside);
  const parts = between(w.random, replies ? 0 : 1, 3);
  for (let part = 0; part < parts; part++) {
    pieces.push(weighted(w.random, COMMENT_PARTS));
    if (chance(w.random, 0.6)) pieces.push(aside);
  }
  pieces.forEach((piece, index) => {
    if (index > 0) w.write(chance(w.random, 0.4) ? '\n\n    ' : ' ');
    piece(w);
  });
}

function writeFooter(w: DocumentWriter, year: number): Span {
  let span: Span | undefined;
  w.write('\n\n');
  w.region('footer', 'footer', () => {
    w.write(`© ${year} `);
    span = w.bareName(w.publisher);
  });
  if (!span) throw new Error('the footer names no publisher');
  return span;
}

// ============================================================================= documents

export interface GeneratedDocument {
  /** File name without extension: the text is `<name>.txt`. */
  name: string;
  text: string;
  annotations: Annotations;
}

export interface GenerateOptions {
  seed: number;
  index: number;
  pool: EntityPool;
}

export function documentName(seed: number, index: number): string {
  return `gen-${seed}-${String(index).padStart(5, '0')}`;
}

/** Body paragraphs per body region: about 18,000 code points per document with the comments. */
const BODY_PARAGRAPH_RANGE = [12, 15] as const;
const COMMENT_RANGE = [18, 24] as const;

/** Document `index` of `seed`: same arguments, byte-identical text and annotations. */
export function generateDocument({ seed, index, pool }: GenerateOptions): GeneratedDocument {
  for (const [label, value] of [
    ['seed', seed],
    ['index', index],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`${label} must be a non-negative integer, not ${value}`);
    }
  }
  const random = mulberry32(mixSeeds(seed, index, pool.seed));
  const w = new DocumentWriter(random, pool);
  const paragraphs = () => between(random, ...BODY_PARAGRAPH_RANGE);
  const lead = w.pick('company');
  const date = publicationDate(random);

  writeHeadline(w, lead);
  w.write('\n\n\n');
  writeStandfirst(w, lead);
  w.write('\n\n');
  w.region('navigation', 'related-stories', () => w.write('Related Stories'));
  w.write('\n\n');
  writeBody(w, 'body-1', paragraphs(), { opening: quoteParagraph });
  writePersonCaption(w, 'caption-1');
  w.write('\n\n');
  writeBody(w, 'body-2', paragraphs());
  writePullQuote(w);
  w.write('\n\n');
  writeBody(w, 'body-3', paragraphs());
  writeCompanyCaption(w, 'caption-2');
  w.write('\n\n');
  writeBody(w, 'body-4', paragraphs(), { closing: writeNoComment });
  w.write('\n\n');
  const byline = writeByline(w, date);
  writePromo(w);
  writeComments(w, between(random, ...COMMENT_RANGE));
  const footer = writeFooter(w, Number(date?.iso.slice(0, 4) ?? 2024));
  w.write('\n');

  const name = documentName(seed, index);
  const text = w.text.toString();
  const headline = w.regions[0]?.span;
  if (!headline) throw new Error('the document has no headline');
  const annotations: Annotations = {
    format: FORMAT_VERSION,
    document: {
      id: `doc:${name}`,
      sourceFile: `${name}.txt`,
      sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
      codePoints: codePointLength(text),
      language: 'en',
      title: copySpan(headline),
      publisher: { entity: w.publisher.id, spans: [...byline.publisherSpans, footer] },
      authors: [
        {
          entity: w.author.id,
          role: byline.roleSpan.exact,
          nameSpans: byline.nameSpans,
          roleSpan: byline.roleSpan,
        },
      ],
      publicationDate: byline.date,
    },
    regions: w.regions,
    comments: w.comments,
    entities: w.entities(),
    roles: w.roles,
    relations: w.relationList(),
    claims: w.claims,
    stances: w.stanceList(),
  };
  return { name, text, annotations };
}
