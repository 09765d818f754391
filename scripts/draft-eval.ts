/**
 * npm run draft:eval [-- --no-write]
 *
 * Drafts each seed article from its bare text with the default extractor, compares the draft
 * with the gold annotations, prints the Markdown table and writes it to
 * bench/results/draft-eval.md (not with --no-write). Exits 1 when a drafted span's exact text
 * differs from the article: that is a defect, not a matter of quality.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  EVALUATION_TARGETS,
  type EvaluatedArticle,
  evaluateDraft,
  formatEvaluationTable,
} from '../src/drafting/evaluation.ts';
import { DEFAULT_EXTRACTOR, draftArticle } from '../src/drafting/index.ts';
import { DEFAULT_SEED_DIR, readSeed } from '../src/seed/files.ts';
import { formatSeedError, validateAnnotations } from '../src/seed/validate.ts';

const ANNOTATIONS_SUFFIX = '.annotations.yaml';
const RESULTS_DIR = new URL('../bench/results/', import.meta.url);
const RESULTS_FILE = 'draft-eval.md';

async function seedNames(): Promise<string[]> {
  const files = await readdir(DEFAULT_SEED_DIR);
  return files
    .filter((file) => file.endsWith(ANNOTATIONS_SUFFIX))
    .map((file) => file.slice(0, -ANNOTATIONS_SUFFIX.length))
    .sort();
}

async function evaluateArticle(name: string): Promise<EvaluatedArticle> {
  const seed = await readSeed(DEFAULT_SEED_DIR, name);
  const result = validateAnnotations(seed.annotations, seed.text, basename(seed.annotationsPath));
  if (!result.ok) {
    throw new Error(
      `the gold annotations of ${name} do not validate:\n${result.errors.map(formatSeedError).join('\n')}`,
    );
  }
  const draft = draftArticle({ text: seed.text, sourceFile: basename(seed.textPath), known: [] });
  return { article: name, evaluation: evaluateDraft(result.annotations, draft, seed.text) };
}

function report(rows: readonly EvaluatedArticle[]): string {
  const target = (value: number) => value.toFixed(2);
  return [
    '# Drafted annotations against the gold ones',
    '',
    `Extractor \`${DEFAULT_EXTRACTOR.name}\` ${DEFAULT_EXTRACTOR.version}, given only each seed article's text and no known entities, compared with the hand-made annotations in \`seed/\`.`,
    '',
    '- Mentions: exact start and end and the same entity type, over all gold mentions and over name mentions only; Organization+Company pools the two types.',
    '- Quotes: gold direct and partial quotes whose evidence a drafted quote overlaps, and whose drafted speaker is the gold one (drafted entities are matched to gold ones by shared mention spans).',
    '- Cues and hedges: exact spans. Polarity: attributions paired by evidence overlap. Quantities: overlapping spans, then the same unit and amount/lower/upper.',
    '- Span mismatches: drafted spans whose exact text differs from the article at their offsets.',
    '',
    `Targets: Person F1 ≥ ${target(EVALUATION_TARGETS.personF1)}, Organization+Company F1 ≥ ${target(EVALUATION_TARGETS.organizationAndCompanyF1)}, quotes with the right speaker ≥ ${target(EVALUATION_TARGETS.quoteSpeakerShare)}, span mismatches ${EVALUATION_TARGETS.spanMismatches}.`,
    '',
    'Reproduce with `npm run draft:eval`.',
    '',
    formatEvaluationTable(rows),
  ].join('\n');
}

async function main(): Promise<number> {
  const write = !process.argv.slice(2).includes('--no-write');
  const rows: EvaluatedArticle[] = [];
  for (const name of await seedNames()) rows.push(await evaluateArticle(name));
  const markdown = report(rows);
  console.log(markdown);
  if (write) {
    await mkdir(RESULTS_DIR, { recursive: true });
    await writeFile(new URL(RESULTS_FILE, RESULTS_DIR), markdown);
    console.log(`written to bench/results/${RESULTS_FILE}`);
  }
  const mismatches = rows.reduce(
    (total, { evaluation }) => total + evaluation.spanIntegrity.mismatches.length,
    0,
  );
  if (mismatches > EVALUATION_TARGETS.spanMismatches) {
    console.error(`${mismatches} drafted span(s) differ from the article text.`);
    return 1;
  }
  return 0;
}

process.exitCode = await main();
