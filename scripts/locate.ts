/**
 * Authoring aid: prints code-point spans for a phrase of a seed text, ready to paste into YAML.
 *
 *   npx tsx scripts/locate.ts "Mr Lieberthal"            every occurrence
 *   npx tsx scripts/locate.ts "Mr Lieberthal" 2          only the third (0-based index)
 *   npx tsx scripts/locate.ts --line 54 "says"           only occurrences on line 54
 *   npx tsx scripts/locate.ts --text seed/other.txt "…"  another article
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED_DIR, DEFAULT_TEXT_FILE } from '../src/seed/files.ts';
import { CodePointText } from '../src/seed/spans.ts';

const usage = 'usage: npx tsx scripts/locate.ts [--text FILE] [--line N] "phrase" [occurrence]';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    text: { type: 'string', default: join(DEFAULT_SEED_DIR, DEFAULT_TEXT_FILE) },
    line: { type: 'string' },
  },
});
const [phrase, occurrenceArgument] = positionals;
if (!phrase) {
  console.error(usage);
  process.exit(2);
}
const occurrence = occurrenceArgument === undefined ? undefined : Number(occurrenceArgument);
const line = values.line === undefined ? undefined : Number(values.line);
if (
  (occurrence !== undefined && !Number.isInteger(occurrence)) ||
  (line !== undefined && !Number.isInteger(line))
) {
  console.error(usage);
  process.exit(2);
}

const text = new CodePointText(await readFile(values.text, 'utf8'));
const phraseLength = [...phrase].length;
const starts = text
  .findAll(phrase)
  .filter((start) => line === undefined || text.lineOf(start) === line);
if (starts.length === 0) {
  console.error(
    `"${phrase}" does not occur${line === undefined ? '' : ` on line ${line}`} in ${values.text}`,
  );
  process.exit(1);
}
const selected =
  occurrence === undefined
    ? starts.map((start, index) => [index, start] as const)
    : [[occurrence, starts[occurrence]] as const];
for (const [index, start] of selected) {
  if (start === undefined) {
    console.error(`only ${starts.length} occurrence(s); index ${index} does not exist`);
    process.exit(1);
  }
  const end = start + phraseLength;
  const { line: lineNumber, column } = text.positionOf(start);
  const context =
    `${text.slice(Math.max(0, start - 30), start)}[${phrase}]${text.slice(end, end + 30)}`.replace(
      /\s+/g,
      ' ',
    );
  console.log(
    `#${index}  line ${lineNumber}, column ${column}:  { start: ${start}, end: ${end}, exact: ${JSON.stringify(phrase)} }`,
  );
  console.log(`     …${context}…`);
}
