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

/** A file that is not UTF-8: `offset` is the byte where its first invalid sequence starts. */
export class InvalidUtf8Error extends Error {
  override readonly name = 'InvalidUtf8Error';
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly bytes: string,
  ) {
    super(
      `${file} is not valid UTF-8: the bytes at offset ${offset} (${bytes}) are not a UTF-8 character. ` +
        'Save the file as UTF-8 (without replacing characters) and try again.',
    );
  }
}

/**
 * The byte offset where the first invalid UTF-8 sequence starts (overlong forms, surrogates and
 * code points past U+10FFFF included), as the WHATWG decoder judges them; null when none is.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number | null {
  let at = 0;
  while (at < bytes.length) {
    const lead = bytes[at] ?? 0;
    if (lead < 0x80) {
      at += 1;
      continue;
    }
    // The length of the sequence, and the range its second byte must fall in.
    const [length, low, high] =
      lead >= 0xc2 && lead <= 0xdf
        ? [2, 0x80, 0xbf]
        : lead === 0xe0
          ? [3, 0xa0, 0xbf]
          : lead === 0xed
            ? [3, 0x80, 0x9f]
            : lead >= 0xe1 && lead <= 0xef
              ? [3, 0x80, 0xbf]
              : lead === 0xf0
                ? [4, 0x90, 0xbf]
                : lead >= 0xf1 && lead <= 0xf3
                  ? [4, 0x80, 0xbf]
                  : lead === 0xf4
                    ? [4, 0x80, 0x8f]
                    : [0, 0, 0];
    if (length === 0) return at;
    for (let next = 1; next < length; next += 1) {
      const byte = bytes[at + next];
      const [min, max] = next === 1 ? [low, high] : [0x80, 0xbf];
      if (byte === undefined || byte < min || byte > max) return at;
    }
    at += length;
  }
  return null;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A text file's content, decoded as UTF-8 byte for byte (a byte order mark is kept, as a file
 * holds it). Throws InvalidUtf8Error naming the file and the byte offset of the first invalid
 * sequence, instead of replacing it with U+FFFD as a lenient read would.
 */
export async function readUtf8File(path: string): Promise<string> {
  const bytes = await readFile(path);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes) ?? 0;
    const shown = [...bytes.subarray(offset, offset + 4)]
      .map((byte) => `0x${byte.toString(16).padStart(2, '0')}`)
      .join(' ');
    throw new InvalidUtf8Error(basename(path), offset, shown);
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
 * when a file is not UTF-8 or the YAML does not parse (duplicate keys included); validation is
 * left to the caller.
 */
export async function readSeed(
  dir: string = DEFAULT_SEED_DIR,
  name: string = DEFAULT_SEED_NAME,
): Promise<SeedFiles> {
  const { annotationsPath, textPath } = seedPaths(dir, name);
  let yamlSource: string;
  let text: string;
  try {
    [yamlSource, text] = await Promise.all([readUtf8File(annotationsPath), readUtf8File(textPath)]);
  } catch (error) {
    if (!(error instanceof InvalidUtf8Error)) throw error;
    throw new SeedSyntaxError([
      { file: error.file, path: `byte ${error.offset}`, message: error.message },
    ]);
  }
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
