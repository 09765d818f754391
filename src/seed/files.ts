/** Reading a seed (annotations YAML + article text) from disk. */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import type { Annotations } from './format.ts';
import {
  formatSeedError,
  type SeedCounts,
  type SeedError,
  validateAnnotations,
} from './validate.ts';

/** The repository's `seed/` folder. */
export const DEFAULT_SEED_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../seed');
export const DEFAULT_SEED_NAME = '000_6cfdbb14dfc71039';
export const DEFAULT_TEXT_FILE = `${DEFAULT_SEED_NAME}.txt`;
export const DEFAULT_ANNOTATIONS_FILE = `${DEFAULT_SEED_NAME}.annotations.yaml`;

export interface SeedFiles {
  annotationsPath: string;
  textPath: string;
  /** The parsed YAML, not yet validated. */
  annotations: unknown;
  text: string;
}

/** The annotations file is not valid YAML; `errors` say where. */
export class SeedSyntaxError extends Error {
  readonly errors: SeedError[];
  constructor(errors: SeedError[]) {
    super(errors.map(formatSeedError).join('\n'));
    this.name = 'SeedSyntaxError';
    this.errors = errors;
  }
}

/** The annotations do not validate against the text; `errors` lists every problem. */
export class SeedValidationError extends Error {
  readonly errors: SeedError[];
  constructor(errors: SeedError[]) {
    super(
      `${errors.length} error(s) in the seed annotations:\n${errors.map(formatSeedError).join('\n')}`,
    );
    this.name = 'SeedValidationError';
    this.errors = errors;
  }
}

/**
 * Parses annotations YAML (duplicate keys refused); throws SeedSyntaxError naming the line and
 * column of each problem. Validation is left to the caller.
 */
export function parseAnnotationsYaml(source: string, fileName: string): unknown {
  const parsed = parseDocument(source, { uniqueKeys: true, prettyErrors: true });
  if (parsed.errors.length > 0) {
    throw new SeedSyntaxError(
      parsed.errors.map((error) => ({
        file: fileName,
        path: error.linePos ? `line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '',
        message: `YAML: ${error.message.split('\n')[0] ?? error.code}`,
      })),
    );
  }
  try {
    // An alias that names no anchor ("*x") parses, and fails only here.
    return parsed.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new SeedSyntaxError([
      { file: fileName, path: '', message: `YAML: ${(error as Error).message.split('\n')[0]}` },
    ]);
  }
}

/** Where a seed's annotations and text live. */
export function seedPaths(
  dir: string = DEFAULT_SEED_DIR,
  name: string = DEFAULT_SEED_NAME,
): { annotationsPath: string; textPath: string } {
  return {
    annotationsPath: join(dir, `${name}.annotations.yaml`),
    textPath: join(dir, `${name}.txt`),
  };
}

/**
 * Reads the annotations YAML and the article text of the seed in `dir`. Throws SeedSyntaxError
 * when the YAML does not parse (duplicate keys included); validation is left to the caller.
 */
export async function readSeed(
  dir: string = DEFAULT_SEED_DIR,
  name: string = DEFAULT_SEED_NAME,
): Promise<SeedFiles> {
  const { annotationsPath, textPath } = seedPaths(dir, name);
  const [yamlSource, text] = await Promise.all([
    readFile(annotationsPath, 'utf8'),
    readFile(textPath, 'utf8'),
  ]);
  const annotations = parseAnnotationsYaml(yamlSource, basename(annotationsPath));
  return { annotationsPath, textPath, annotations, text };
}

/** Reads and validates a seed; throws SeedSyntaxError or SeedValidationError when it is not clean. */
export async function loadSeed(
  dir: string = DEFAULT_SEED_DIR,
  name: string = DEFAULT_SEED_NAME,
): Promise<{ annotations: Annotations; text: string; counts: SeedCounts; files: SeedFiles }> {
  const files = await readSeed(dir, name);
  const result = validateAnnotations(
    files.annotations,
    files.text,
    basename(files.annotationsPath),
  );
  if (!result.ok) throw new SeedValidationError(result.errors);
  return { annotations: result.annotations, text: files.text, counts: result.counts, files };
}
