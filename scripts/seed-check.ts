/**
 * npm run seed:check [-- <seed dir> [<seed name>]]
 *
 * Validates the seed annotations against the article text. Prints every error and exits 1,
 * or prints what the annotations hold and exits 0.
 */
import { basename } from 'node:path';
import {
  DEFAULT_SEED_DIR,
  DEFAULT_SEED_NAME,
  readSeed,
  SeedSyntaxError,
} from '../src/seed/files.ts';
import { formatSeedError, type SeedCounts, validateAnnotations } from '../src/seed/validate.ts';

function breakdown(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort(([, first], [, second]) => second - first)
    .map(([key, count]) => `${key} ${count}`)
    .join(', ');
}

function printCounts(fileName: string, counts: SeedCounts): void {
  const rows: Array<[string, number, string]> = [
    ['regions', counts.regions, breakdown(counts.regionsByKind)],
    ['reader comments', counts.comments, ''],
    [
      'entities',
      counts.entities,
      `${counts.articleEntities} from the article, ${counts.commentOnlyEntities} only in comments`,
    ],
    ['  by type', counts.entities, breakdown(counts.entitiesByType)],
    ['mentions', counts.mentions, `by region: ${breakdown(counts.mentionsByRegionKind)}`],
    ['roles', counts.roles, ''],
    ['relations', counts.relations, breakdown(counts.relationsByType)],
    [
      'claims',
      counts.claims,
      `${counts.articleClaims} in the article, ${counts.commentClaims} in comments`,
    ],
    ['  by type', counts.claims, breakdown(counts.claimsByType)],
    ['attributions', counts.attributions, ''],
    ['quantities', counts.quantities, ''],
    ['stance links', counts.stances, breakdown(counts.stancesByType)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`${fileName}: valid\n`);
  for (const [label, count, detail] of rows) {
    console.log(
      `  ${label.padEnd(width)}  ${String(count).padStart(4)}${detail ? `   ${detail}` : ''}`,
    );
  }
}

async function main(): Promise<number> {
  const [dir = DEFAULT_SEED_DIR, name = DEFAULT_SEED_NAME] = process.argv.slice(2);
  let files: Awaited<ReturnType<typeof readSeed>>;
  try {
    files = await readSeed(dir, name);
  } catch (error) {
    if (error instanceof SeedSyntaxError) {
      for (const syntaxError of error.errors) console.error(formatSeedError(syntaxError));
      console.error(`\n${error.errors.length} YAML error(s).`);
      return 1;
    }
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT' && 'path' in error) {
      console.error(`cannot read ${String(error.path)}: no such file`);
      return 1;
    }
    throw error;
  }
  const fileName = basename(files.annotationsPath);
  const result = validateAnnotations(files.annotations, files.text, fileName);
  if (!result.ok) {
    for (const error of result.errors) console.error(formatSeedError(error));
    console.error(`\n${result.errors.length} error(s) in ${fileName}.`);
    return 1;
  }
  printCounts(fileName, result.counts);
  return 0;
}

process.exitCode = await main();
