/**
 * npm run import -- <file or folder> ...: imports annotated documents into the graph (the Neo4j
 * of NEO4J_URI, or the embedded one), each validated and its entities matched to the graph's, one
 * transaction per document. A document is <name>.txt beside <name>.annotations.yaml; name either
 * file, or a folder to import every such pair in it. Prints each outcome and a summary; exits 1
 * when any document was rejected (the rest are imported). A document curators have changed since
 * its last import is not replaced (their changes would be lost) unless --force is given.
 */
import { readdir, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename, dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig } from '../src/config.ts';
import type { ChangeOutcome } from '../src/curation/change-transaction.ts';
import { importAnnotations } from '../src/curation/changes.ts';
import { adviceFor } from '../src/curation/entity-matching.ts';
import { createLogger } from '../src/logger.ts';
import { connectToNeo4j } from '../src/neo4j/connect.ts';
import { readSeed, SeedSyntaxError } from '../src/seed/files.ts';
import { formatSeedError } from '../src/seed/validate.ts';

const ANNOTATIONS = '.annotations.yaml';

/** The documents a path names: a pair's either file, or every pair in a folder. */
async function documentsAt(path: string): Promise<{ dir: string; name: string }[]> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new Error(`${path}: no such file or folder`);
  if (info.isDirectory()) {
    const names = (await readdir(path))
      .filter((file) => file.endsWith(ANNOTATIONS))
      .map((file) => file.slice(0, -ANNOTATIONS.length))
      .sort();
    return names.map((name) => ({ dir: path, name }));
  }
  const file = basename(path);
  const name = file.endsWith(ANNOTATIONS)
    ? file.slice(0, -ANNOTATIONS.length)
    : file.replace(/\.txt$/, '');
  return [{ dir: dirname(path), name }];
}

function describe(outcome: ChangeOutcome): string[] {
  if (outcome.kind === 'invalid') return outcome.problems.map(formatSeedError);
  if (outcome.kind === 'conflict' || outcome.kind === 'notEditable' || outcome.kind === 'refused') {
    return [outcome.reason];
  }
  if (outcome.kind === 'notFound') return [`no ${outcome.what} ${outcome.key}`];
  if (outcome.kind === 'unresolved') {
    return outcome.entities.map(
      (entity) =>
        `${entity.kind === 'ambiguous' ? entity.annotatedId : entity.id}: ${adviceFor(entity)}`,
    );
  }
  return outcome.entities.flatMap((entity) =>
    entity.kind === 'matchedByName'
      ? [`${entity.annotatedId} -> ${entity.id} (matched by the name "${entity.on}")`]
      : [],
  );
}

async function main(): Promise<number> {
  const { values, positionals: paths } = parseArgs({
    allowPositionals: true,
    options: { force: { type: 'boolean', default: false } },
  });
  if (paths.length === 0) {
    console.error('Usage: npm run import -- <file or folder> ... [--force]');
    return 2;
  }
  const documents = (await Promise.all(paths.map(documentsAt))).flat();
  if (documents.length === 0) {
    console.error(`No <name>${ANNOTATIONS} with its <name>.txt in ${paths.join(', ')}.`);
    return 2;
  }
  const config = parseConfig(process.env, process.stdout.isTTY);
  const logger = createLogger({ ...config, logFormat: 'pretty', logLevel: 'warn' });
  const connection = await connectToNeo4j(config, logger);
  // The history names who ran the import: the operating-system user, marked as the command line.
  const actor = { by: `cli:${userInfo().username}`, clientMutationId: null };
  const totals = { imported: 0, replaced: 0, rejected: 0, created: 0, matched: 0 };
  try {
    for (const [index, { dir, name }] of documents.entries()) {
      const label = `[${index + 1}/${documents.length}] ${name}`;
      let outcome: ChangeOutcome;
      try {
        const files = await readSeed(dir, name);
        outcome = await importAnnotations(connection.db, actor, {
          text: files.text,
          annotations: files.annotations,
          fileName: basename(files.annotationsPath),
          expectedVersion: null,
          keepCuratorChanges: !values.force,
        });
      } catch (error) {
        if (!(error instanceof SeedSyntaxError)) throw error;
        outcome = { kind: 'invalid', problems: error.errors };
      }
      if (outcome.kind === 'applied') {
        const created = outcome.entities.filter((e) => e.kind === 'created').length;
        const matched = outcome.entities.length - created;
        const replaced = outcome.change.versionBefore !== null;
        totals.imported += 1;
        totals.replaced += replaced ? 1 : 0;
        totals.created += created;
        totals.matched += matched;
        console.log(
          `${label}: ${replaced ? 'replaced' : 'imported'} ${outcome.change.documentId} (version ${outcome.change.versionAfter}); entities ${created} created, ${matched} matched`,
        );
      } else {
        totals.rejected += 1;
        console.log(
          `${label}: rejected, nothing written (${outcome.kind === 'invalid' ? 'the annotations do not validate' : outcome.kind === 'unresolved' ? 'entities cannot be matched without guessing' : outcome.kind === 'refused' && outcome.code === 'CURATED_SINCE_IMPORT' ? 'curators have changed it since its last import' : outcome.kind}):`,
        );
      }
      for (const line of describe(outcome)) console.log(`    ${line}`);
    }
  } finally {
    await connection.close();
  }
  console.log(
    `\n${totals.imported} imported (${totals.replaced} of them replacing an earlier version), ${totals.rejected} rejected; entities ${totals.created} created, ${totals.matched} matched.`,
  );
  return totals.rejected > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
