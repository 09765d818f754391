/**
 * The schema pass over a whole annotations file: the top-level shape, the format version, the
 * document, and each item of each section on its own, so one bad item does not hide the rest.
 */
import type { z } from 'zod';
import {
  type DocumentInfo,
  type Drafted,
  documentSchema,
  draftedSchema,
  FORMAT_VERSION,
  ITEM_SECTIONS,
  type ItemSection,
  sectionItemSchemas,
} from '../format.ts';
import { isRecord, type Problems } from './problems.ts';

/** An item that passed the schema, with its index in its section (for error paths). */
export interface Parsed<T> {
  item: T;
  index: number;
}

export type ParsedSections = {
  [S in ItemSection]: Parsed<z.infer<(typeof sectionItemSchemas)[S]>>[];
};

export interface SchemaPass {
  /** Absent when the document failed the schema. */
  document?: DocumentInfo;
  /** The extractor that drafted the annotations, when one did. */
  drafted?: Drafted;
  sections: ParsedSections;
  /** Whether everything passed: no unknown key, no missing section, no invalid item. */
  complete: boolean;
  /** Ids of items that failed the schema. */
  invalidIds: Set<string>;
}

/** Parses what passes the schema and reports every schema issue of the rest. */
export function parseAnnotations(raw: unknown, problems: Problems): SchemaPass {
  const sections = {
    regions: [],
    comments: [],
    entities: [],
    roles: [],
    relations: [],
    claims: [],
    stances: [],
  } as ParsedSections;
  const invalidIds = new Set<string>();
  if (!isRecord(raw)) {
    problems.report(
      [],
      'schema: the file must hold a mapping with format, document, regions, ... at the top',
    );
    return { sections, complete: false, invalidIds };
  }
  let complete = true;
  const allowed = new Set<string>(['format', 'document', ...ITEM_SECTIONS, 'drafted']);
  for (const key of Object.keys(raw)) {
    if (!allowed.has(key)) {
      problems.report(
        [key],
        `schema: unknown top-level key (expected one of ${[...allowed].join(', ')})`,
      );
      complete = false;
    }
  }
  if (raw.format !== FORMAT_VERSION) {
    problems.report(
      ['format'],
      `schema: expected format: ${FORMAT_VERSION}, found ${JSON.stringify(raw.format)}`,
    );
    complete = false;
  }
  let document: DocumentInfo | undefined;
  const documentResult = documentSchema.safeParse(raw.document);
  if (documentResult.success) document = documentResult.data;
  else {
    complete = false;
    const documentId =
      isRecord(raw.document) && typeof raw.document.id === 'string' ? raw.document.id : undefined;
    problems.reportSchemaIssues(documentResult.error.issues, ['document'], documentId);
  }
  for (const section of ITEM_SECTIONS) {
    const items = raw[section];
    if (!Array.isArray(items)) {
      problems.report([section], `schema: expected a list of ${section}`);
      complete = false;
      continue;
    }
    const schema: z.ZodType = sectionItemSchemas[section];
    items.forEach((item: unknown, index) => {
      const itemId = isRecord(item) && typeof item.id === 'string' ? item.id : undefined;
      const result = schema.safeParse(item);
      if (result.success) {
        (sections[section] as Parsed<unknown>[]).push({ item: result.data, index });
      } else {
        complete = false;
        if (itemId !== undefined) invalidIds.add(itemId);
        problems.reportSchemaIssues(result.error.issues, [section, index], itemId);
      }
    });
  }
  let drafted: Drafted | undefined;
  if (raw.drafted !== undefined) {
    const draftedResult = draftedSchema.safeParse(raw.drafted);
    if (draftedResult.success) drafted = draftedResult.data;
    else {
      complete = false;
      problems.reportSchemaIssues(draftedResult.error.issues, ['drafted'], undefined);
    }
  }
  return {
    sections,
    complete,
    invalidIds,
    ...(document ? { document } : {}),
    ...(drafted ? { drafted } : {}),
  };
}
