/**
 * Named entities: runs of capitalised words, typed by the words they contain, by what the NLP
 * library knows of them (people, places, organisations) and by what the sentence says of them
 * ("X, a security firm"; "Mr X"); then grouped, so that "Mr Lieberthal" and "Lieberthal" are
 * mentions of "Kenneth Lieberthal" and "PLA" of "People's Liberation Army". Entities the graph
 * already holds are recognised by their names and aliases first.
 */
import nlp from 'compromise';
import type { EntityType } from '../../domain/vocabulary.ts';
import type { KnownEntity } from '../extractor.ts';
import type { ArticleText, Range } from '../text.ts';

export interface NamedMention {
  range: Range;
  kind: 'name' | 'nominal' | 'pronoun';
}

const DESCRIBED_NOUNS: Record<string, EntityType> = {
  college: 'Organization',
  university: 'Organization',
  institute: 'Organization',
  school: 'Organization',
  hospital: 'Organization',
  firm: 'Company',
  company: 'Company',
  factory: 'Company',
  unit: 'MilitaryUnit',
};
const DESCRIBED = new RegExp(
  `\\b(?:[Tt]he|[Aa]n?)\\s+((?:[\\p{L}-]+\\s+){0,3}?(${Object.keys(DESCRIBED_NOUNS).join('|')})\\s+(?:in|of|at)\\s+[A-Z][\\p{L}'’-]+(?:\\s+[A-Z][\\p{L}'’-]+)*(?:\\s+(?:province|state|region|county))?)`,
  'gu',
);

/**
 * Things the page describes but never names ("a technology college in Shandong province", "a
 * PLA unit in Shanghai"): unnamed entities, their name the description, so that "the college"
 * later has something to refer to. Nothing is named that the page leaves unnamed.
 */
export function findDescribed(article: ArticleText, entities: DraftEntity[]): void {
  const taken = entities.flatMap((entity) => entity.mentions.map((mention) => mention.range));
  for (const match of article.text.matchAll(DESCRIBED)) {
    const description = match[1] ?? '';
    const type = DESCRIBED_NOUNS[(match[2] ?? '').toLowerCase()];
    if (!type) continue;
    const range = { start: match.index, end: match.index + match[0].length };
    if (taken.some((other) => other.start <= range.start && range.end <= other.end)) continue;
    const key = description.toLowerCase().replace(/\s+/g, ' ');
    let entity = entities.find((e) => !e.named && e.name.toLowerCase() === key);
    if (!entity) {
      entity = {
        knownId: null,
        type,
        name: description.replace(/\s+/g, ' '),
        named: false,
        mentions: [],
      };
      entities.push(entity);
    }
    entity.mentions.push({ range, kind: 'nominal' });
    taken.push(range);
  }
}

const NOMINAL =
  /\b(?:the|The|this|This|that|That|our|Our)\s+(firm|company|college|university|institute|council|commission|agency|department|ministry|bank|army|unit)\b/g;

/**
 * "The firm", "the college": a definite description of an organisation named before it, linked
 * to the nearest one it fits (a firm or company to the nearest company, "the college" to the
 * nearest organisation whose name says College).
 */
export function linkNominals(article: ArticleText, entities: DraftEntity[]): void {
  const taken = entities.flatMap((entity) => entity.mentions.map((mention) => mention.range));
  for (const match of article.text.matchAll(NOMINAL)) {
    const noun = (match[1] ?? '').toLowerCase();
    const range = { start: match.index, end: match.index + match[0].length };
    if (taken.some((other) => other.start < range.end && range.start < other.end)) continue;
    const fits = (entity: DraftEntity) =>
      noun === 'firm' || noun === 'company'
        ? entity.type === 'Company'
        : entity.type !== 'Person' && entity.name.toLowerCase().includes(noun);
    let best: { entity: DraftEntity; at: number } | null = null;
    for (const entity of entities) {
      if (!fits(entity)) continue;
      for (const mention of entity.mentions) {
        const at = mention.range.start;
        if (at < range.start && range.start - at < 2000 && (!best || at > best.at)) {
          best = { entity, at };
        }
      }
    }
    if (best) {
      best.entity.mentions.push({ range, kind: 'nominal' });
      best.entity.mentions.sort((a, b) => a.range.start - b.range.start);
      taken.push(range);
    }
  }
}

export interface DraftEntity {
  /** The graph's id for a known entity, else one made from the name. */
  knownId: string | null;
  type: EntityType;
  name: string;
  /** False for a thing the page only describes ("a technology college in Shandong province"). */
  named: boolean;
  mentions: NamedMention[];
}

const HONORIFICS = new Set(['Mr', 'Mrs', 'Ms', 'Miss', 'Dr', 'Professor', 'Prof', 'Sir', 'Dame']);
const TITLES = new Set([
  'President',
  'Premier',
  'Chairman',
  'General',
  'Senator',
  'Secretary',
  'Minister',
  'Governor',
  'Mayor',
  'King',
  'Queen',
  'Prince',
  'Pope',
  'Chancellor',
  'Judge',
]);
const CONNECTORS = new Set(['of', 'on', 'the', 'for', 'de', 'la', 'al', 'von', 'van']);
const NOT_NAMES = new Set([
  'The',
  'A',
  'An',
  'But',
  'And',
  'Or',
  'If',
  'In',
  'On',
  'At',
  'As',
  'It',
  'Its',
  'This',
  'That',
  'These',
  'Those',
  'He',
  'She',
  'They',
  'We',
  'I',
  'You',
  'His',
  'Her',
  'Their',
  'Our',
  'My',
  'Your',
  'There',
  'Here',
  'What',
  'When',
  'Where',
  'Why',
  'How',
  'Who',
  'Which',
  'While',
  'After',
  'Before',
  'Even',
  'So',
  'Yet',
  'Still',
  'Also',
  'Neither',
  'Nor',
  'Not',
  'No',
  'Yes',
  'Some',
  'Many',
  'Most',
  'All',
  'One',
  'Two',
  'Three',
  'Several',
  'Among',
  'Speaking',
  'According',
  'Comment',
  'Start',
  'End',
  'Quote',
  'Read',
  'More',
  'Related',
  'Stories',
  'Story',
  'Article',
  'Reader',
  'Mr',
  'Ms',
  'Mrs',
  'Dr',
  'By',
  'CEO',
]);
const MONTHS_AND_DAYS =
  /^(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$/;

const GOVERNMENT =
  /\b(?:White House|Pentagon|Kremlin|Congress|Senate|Parliament|Ministry|Department|Government|Council|Agency|Bureau|Cabinet|State Department|Treasury|NSA|FBI|CIA|GCHQ)\b/;
const MILITARY =
  /\b(?:Army|Navy|Air Force|Marines|PLA|Liberation Army|Military|Guard|Regiment|Brigade)\b/;
const COMPANY =
  /\b(?:Inc|Corp|Corporation|Ltd|Limited|plc|LLC|Co|Company|Holdings|Technologies|Systems|Bank|Airlines|Airways|Motors|Security|Digital|Mobil|Group|Shipping|Energy|Oil|Pharma|Pharmaceuticals|Media|Telecom|Software|Capital|Partners|Insurance|Foods|Steel|Logistics|Networks|Labs)\b\.?$/;
const ORGANIZATION =
  /\b(?:University|College|Institute|Institution|Foundation|Association|Society|Union|Committee|Federation|League|Party|School|Centre|Center|News|Desk|Trust|Fund|Organisation|Organization|Forum|Commission|Institution)\b/;
const REGION = /\b(?:province|Province|state|State|region|Region|county|County)$/;
const EVENT =
  /\b(?:Dynasty|War|Summit|Olympics|Games|Conference|Revolution|Crisis|Uprising|Election|Cup)$/;
const PLACE =
  /\b(?:Square|Sea|Ocean|Shoal|Street|Avenue|River|Mountains?|Islands?|Lake|Bay|Valley|Strait|Gulf|Park|Bridge|Airport)$/;
const PERSON_APPOSITION =
  /^,\s+(?:a|an|the|who|now)\b[^,.;]{0,60}\b(?:spokes(?:wo)?man|spokesperson|professor|director|author|correspondent|chief|head|founder|chairman|executive|official|minister|general|analyst|researcher|expert|lawyer|president|secretary|diplomat|economist|leader|adviser|advisor|engineer|programmer|officer|manager|editor|reporter|ambassador|senator)\b/i;
const COMPANY_APPOSITION =
  /^,\s+(?:a|an|the)\s+(?:(?!for\b|of\b|at\b|with\b|from\b)[\w-]+\s+){0,4}?(?:firm|company|giant|maker|provider|manufacturer|corporation|business|start-?up|conglomerate|insurer|bank|carrier|operator)\b/i;
const COMPANY_BEFORE =
  /\b(?:firms?|compan(?:y|ies)|corporations?|giants?|makers?|(?:firms|companies|giants|majors) like|(?:chairman|chief executive|CEO|founder|head|spokes(?:wo)?man|owner)(?: and [A-Za-z]+)? (?:of|at))[\s,(]+(?:the |The )?$/;
const SPEECH_AFTER =
  /^,?\s+(?:said|says|told|added|warned|explained|argued|denied|insisted|claimed|believes|thinks|wrote)\b/;

interface Chunk {
  range: Range;
  words: string[];
}

type Tags = Map<number, Set<string>>;

const WORD = /[A-Z][\p{L}\p{M}'’.]*|[a-z]+/gu;
/** Words the NLP library reads as anything but a noun are not part of a name. */
const NOT_NAME_TAGS = [
  'Verb',
  'Adjective',
  'Adverb',
  'Expression',
  'Determiner',
  'Pronoun',
  'Conjunction',
  'Preposition',
];
/** A possessive ends a name ("China's leader"), except in names that hold one. */
const POSSESSIVE_IN_NAMES = new Set(["People's", 'People’s']);

/**
 * Runs of capitalised words, with small connectors inside ("Commission on the Theft of ..."),
 * broken where the words around a name are not part of it: a possessive, an honorific that
 * starts another name, a verb or adjective, a line break.
 */
function chunks(article: ArticleText, tags: Tags): Chunk[] {
  const found: Chunk[] = [];
  const text = article.text;
  let words: string[] = [];
  let pending: string[] = [];
  let start = 0;
  let end = 0;
  let cursor = 0;
  const starts: number[] = [];
  const personTagged = (index: number) => {
    const own = tags.get(starts[index] ?? -1);
    return own !== undefined && (own.has('Person') || own.has('FirstName') || own.has('LastName'));
  };
  const close = () => {
    if (words.length > 0) found.push({ range: { start, end }, words });
    words = [];
    pending = [];
  };
  for (const match of text.matchAll(WORD)) {
    const raw = match[0];
    const at = match.index;
    if (words.length > 0 && !/^[ \t]+$/.test(text.slice(cursor, at))) close();
    cursor = at + raw.length;
    const capital = /^[A-Z]/.test(raw);
    const wordTags = tags.get(at) ?? new Set<string>();
    if (!capital && words.length > 0 && pending.length === 0 && /^(?:province|county)$/.test(raw)) {
      // "Shandong province": the place's own word for what it is.
      words.push(raw);
      starts.push(at);
      end = at + raw.length;
      close();
      continue;
    }
    if (!capital) {
      // "Obama of the US" is a person and a country, not one name.
      const person = words.length > 0 && words.every((_, i) => personTagged(i));
      if (words.length > 0 && CONNECTORS.has(raw) && !person) pending.push(raw);
      else close();
      continue;
    }
    const possessive = /['’]s$/.test(raw) && !POSSESSIVE_IN_NAMES.has(raw);
    let word = possessive ? raw.slice(0, -2) : raw.replace(/[.'’]+$/, '');
    if (word.length === 0) word = raw;
    // "media firms like The New York Times": a capital The inside a sentence opens a name.
    const midSentence = /[a-z,]\s+$/.test(text.slice(Math.max(0, at - 3), at));
    const openingThe = word === 'The' && midSentence && words.length === 0;
    const breaking =
      !openingThe &&
      (NOT_NAMES.has(word) ||
        (NOT_NAME_TAGS.some((tag) => wordTags.has(tag)) &&
          !wordTags.has('ProperNoun') &&
          !wordTags.has('Demonym')) ||
        (/^[A-Z]{6,}$/.test(word) && words.length + 1 > 1));
    if (breaking) {
      close();
      if (HONORIFICS.has(word)) {
        words = [word];
        starts.length = 0;
        starts.push(at);
        start = at;
        end = at + word.length;
      }
      continue;
    }
    if (HONORIFICS.has(word) && words.length > 0) close();
    // A name said twice in a row ("Damian Grammaticas Damian Grammaticas") is two mentions.
    if (words.length >= 2 && word === words[0] && pending.length === 0) close();
    if (words.length === 0) {
      start = at;
      starts.length = 0;
    }
    starts.push(...pending.map(() => -1), at);
    words.push(...pending, word);
    pending = [];
    end = at + word.length;
    if (possessive) close();
  }
  close();
  return found;
}

/** The chunk without a title before a name ("President Barack Obama": Barack Obama). */
function trimChunk(article: ArticleText, chunk: Chunk): Chunk | null {
  let { words } = chunk;
  let start = chunk.range.start;
  while (words.length > 1 && TITLES.has(words[0] ?? '')) {
    start = article.text.indexOf(words[1] ?? '', start + (words[0] ?? '').length);
    words = words.slice(1);
  }
  if (words.length === 1 && MONTHS_AND_DAYS.test(words[0] ?? '')) return null;
  const range = { start, end: chunk.range.end };
  return article.slice(range).replace(/\s+/g, ' ') === words.join(' ') ? { range, words } : null;
}

/** The NLP library's tags for each word, by the word's offset. */
function tagWords(article: ArticleText): Tags {
  const tags: Tags = new Map();
  const json = nlp(article.text).json({ offset: true, terms: { offset: true } }) as {
    terms: { offset: { start: number }; tags: string[] }[];
  }[];
  for (const sentence of json) {
    for (const term of sentence.terms) tags.set(term.offset.start, new Set(term.tags));
  }
  return tags;
}

function tagsOf(article: ArticleText, chunk: Chunk, tags: Tags): Set<string> {
  const all = new Set<string>();
  let at = chunk.range.start;
  for (const word of chunk.words) {
    const index = article.text.indexOf(word, at);
    for (const tag of tags.get(index) ?? []) all.add(tag);
    at = index + word.length;
  }
  return all;
}

function classify(
  article: ArticleText,
  chunk: Chunk,
  tags: Set<string>,
): EntityType | 'shortForm' | null {
  const name = chunk.words.join(' ');
  const after = article.text.slice(chunk.range.end, chunk.range.end + 90);
  const first = chunk.words[0] ?? '';
  if (HONORIFICS.has(first)) return chunk.words.length === 2 ? 'shortForm' : 'Person';
  if (MILITARY.test(name)) return 'MilitaryUnit';
  if (GOVERNMENT.test(name)) return 'GovernmentBody';
  if (PERSON_APPOSITION.test(after) && !COMPANY.test(name) && !ORGANIZATION.test(name))
    return chunk.words.length === 1 ? 'shortForm' : 'Person';
  const before = article.text.slice(Math.max(0, chunk.range.start - 60), chunk.range.start);
  if (COMPANY.test(name) || COMPANY_APPOSITION.test(after) || COMPANY_BEFORE.test(before))
    return 'Company';
  if (ORGANIZATION.test(name)) return 'Organization';
  if (REGION.test(name)) return 'Region';
  if (PLACE.test(name)) return 'Place';
  if (EVENT.test(name)) return 'Event';
  if (tags.has('Country')) return 'Country';
  if (tags.has('City')) return 'City';
  if (tags.has('Region')) return chunk.words.length === 1 ? 'City' : 'Region';
  if (PERSON_APPOSITION.test(after)) return chunk.words.length === 1 ? 'shortForm' : 'Person';
  if (tags.has('Place') && !tags.has('Person')) return 'Place';
  if (tags.has('Organization')) return 'Organization';
  if (/^[A-Z]{2,5}$/.test(name)) return 'Organization';
  if (
    chunk.words.length >= 2 &&
    chunk.words.length <= 3 &&
    !chunk.words.some((w) => CONNECTORS.has(w))
  )
    return 'Person';
  if (tags.has('Person') || tags.has('LastName') || SPEECH_AFTER.test(after)) return 'shortForm';
  return null;
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter((word) => /^[A-Z]/.test(word))
    .map((word) => word[0])
    .join('');
}

function normal(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

export function findEntities(
  article: ArticleText,
  known: readonly KnownEntity[],
  sentenceStarts: Set<number>,
): DraftEntity[] {
  const tags = tagWords(article);
  const entities: DraftEntity[] = [];
  const byName = new Map<string, DraftEntity>();
  const knownByName = new Map<string, KnownEntity>();
  for (const entity of known) {
    for (const name of entity.names) {
      if (!knownByName.has(normal(name))) knownByName.set(normal(name), entity);
    }
  }
  const entityFor = (type: EntityType, name: string, knownEntity: KnownEntity | null) => {
    const key = knownEntity ? `known:${knownEntity.id}` : `${normal(name)}`;
    let entity = byName.get(key);
    if (!entity) {
      entity = {
        knownId: knownEntity?.id ?? null,
        type: knownEntity?.type ?? type,
        name,
        named: true,
        mentions: [],
      };
      byName.set(key, entity);
      entities.push(entity);
    }
    return entity;
  };
  const shortForms: { chunk: Chunk }[] = [];
  /** Names the rules could not type where they stand: typed by another mention of the name. */
  const unresolved: Chunk[] = [];
  const acronyms: Chunk[] = [];
  for (const raw of chunks(article, tags)) {
    const chunk = trimChunk(article, raw);
    if (!chunk) continue;
    const name = chunk.words.join(' ');
    const knownEntity = knownByName.get(normal(name)) ?? null;
    if (knownEntity) {
      entityFor(knownEntity.type, name, knownEntity).mentions.push({
        range: chunk.range,
        kind: 'name',
      });
      continue;
    }
    const own = tagsOf(article, chunk, tags);
    const type = classify(article, chunk, own);
    if (type === null) {
      unresolved.push(chunk);
      continue;
    }
    if (type === 'shortForm') {
      shortForms.push({ chunk });
      continue;
    }
    if (/^[A-Z]{2,5}$/.test(name)) {
      acronyms.push(chunk);
      continue;
    }
    if (chunk.words.length === 1 && own.has('Demonym')) continue;
    // A lone capitalised word that opens a sentence is a name only if it is known as one.
    if (
      chunk.words.length === 1 &&
      sentenceStarts.has(chunk.range.start) &&
      !['Person', 'Place', 'Country', 'City', 'Organization'].some((tag) => own.has(tag))
    )
      continue;
    entityFor(type, name, null).mentions.push({ range: chunk.range, kind: 'name' });
  }
  // An acronym is the entity whose initials it spells, else an organisation of its own.
  for (const chunk of acronyms) {
    const name = chunk.words.join(' ');
    const expanded = entities.find(
      (entity) =>
        entity.type !== 'Person' &&
        (initials(entity.name) === name || initials(entity.name).slice(1) === name),
    );
    const own = tagsOf(article, chunk, tags);
    if (
      !expanded &&
      !GOVERNMENT.test(name) &&
      !own.has('Organization') &&
      !own.has('Place') &&
      !own.has('Country')
    ) {
      unresolved.push(chunk);
      continue;
    }
    const type: EntityType = GOVERNMENT.test(name)
      ? 'GovernmentBody'
      : own.has('Place') || own.has('Country')
        ? 'Country'
        : 'Organization';
    const target = expanded ?? entityFor(type, name, null);
    target.mentions.push({ range: chunk.range, kind: 'name' });
  }
  // "Mr Lieberthal", "Ms Zhou", "Okafor": the person named in full with that word.
  const people = entities.filter((entity) => entity.type === 'Person');
  for (const { chunk } of shortForms) {
    const word = chunk.words[chunk.words.length - 1] ?? '';
    const candidates = people.filter((person) => person.name.split(' ').includes(word));
    const nearest = candidates
      .map((person) => ({
        person,
        before: Math.max(
          -1,
          ...person.mentions
            .filter((m) => m.range.start < chunk.range.start)
            .map((m) => m.range.start),
        ),
      }))
      .sort((a, b) => b.before - a.before)[0]?.person;
    if (nearest) nearest.mentions.push({ range: chunk.range, kind: 'name' });
    else if (chunk.words.length >= 2)
      entityFor('Person', chunk.words.join(' '), null).mentions.push({
        range: chunk.range,
        kind: 'name',
      });
  }
  for (const chunk of unresolved) {
    const name = chunk.words.join(' ');
    const same =
      byName.get(normal(name)) ??
      // A lone surname ("Obama", "Xi") of someone named in full elsewhere.
      (chunk.words.length === 1
        ? entities.find(
            (entity) =>
              entity.type === 'Person' &&
              entity.name.split(' ').length > 1 &&
              entity.name.split(' ').includes(name),
          )
        : undefined);
    if (same) same.mentions.push({ range: chunk.range, kind: 'name' });
  }
  for (const entity of entities) entity.mentions.sort((a, b) => a.range.start - b.range.start);
  return entities.filter((entity) => entity.mentions.length > 0);
}
