/**
 * npm run draft -- <article.txt> [--out file.yaml] [--id doc:...] [--no-graph]: proposes the
 * annotations of a plain-text article (entities with their mentions, quotes with speaker and cue,
 * reported speech, denials, hedges, figures) in the seed's format, for a curator to review and
 * import. Entities the graph already holds (NEO4J_URI, or the embedded Neo4j) are recognised by
 * their names and aliases; --no-graph drafts from the text alone. Prints what the validator
 * still finds wrong: those are the curator's to fix.
 */
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { parseConfig } from '../src/config.ts';
import { DEFAULT_EXTRACTOR, draftArticle, type KnownEntity } from '../src/drafting/index.ts';
import { entityLexicon } from '../src/graph/lexicon-store.ts';
import { createLogger } from '../src/logger.ts';
import { connectToNeo4j } from '../src/neo4j/connect.ts';
import { readUtf8File } from '../src/seed/files.ts';
import { formatSeedError, validateAnnotations } from '../src/seed/validate.ts';

async function known(useGraph: boolean): Promise<KnownEntity[]> {
  if (!useGraph) return [];
  const config = parseConfig(process.env, process.stdout.isTTY);
  const logger = createLogger({ ...config, logFormat: 'pretty', logLevel: 'warn' });
  const connection = await connectToNeo4j(config, logger);
  try {
    return await entityLexicon(connection.db);
  } finally {
    await connection.close();
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      id: { type: 'string' },
      'no-graph': { type: 'boolean', default: false },
    },
  });
  const [path] = positionals;
  if (!path || positionals.length > 1) {
    console.error(
      'Usage: npm run draft -- <article.txt> [--out file.yaml] [--id doc:...] [--no-graph]',
    );
    return 2;
  }
  const text = await readUtf8File(path);
  const lexicon = await known(!values['no-graph']);
  const annotations = draftArticle({
    text,
    sourceFile: basename(path),
    ...(values.id ? { documentId: values.id } : {}),
    known: lexicon,
  });
  const validation = validateAnnotations(annotations, text, basename(values.out ?? path));
  const header = [
    `# Drafted by ${DEFAULT_EXTRACTOR.name} ${DEFAULT_EXTRACTOR.version} from ${basename(path)}: every item is a draft for a curator to review.`,
    ...(validation.ok
      ? ['# The validator finds nothing wrong.']
      : [
          '# The validator still finds (fix these before importing):',
          ...validation.errors.map((e) => `#   ${formatSeedError(e)}`),
        ]),
  ].join('\n');
  const yaml = `${header}\n${stringify(annotations, { lineWidth: 0 })}`;
  if (values.out) await writeFile(values.out, yaml);
  else process.stdout.write(yaml);
  const report = values.out ? console.log : console.error;
  report(
    `Drafted ${annotations.entities.length} entities (${annotations.entities.reduce((n, e) => n + e.mentions.length, 0)} mentions, ${lexicon.length > 0 ? `${annotations.entities.filter((e) => lexicon.some((k) => k.id === e.id)).length} known to the graph` : 'graph not consulted'}), ${annotations.claims.length} claims, ${annotations.comments.length} comments${values.out ? ` into ${values.out}` : ''}.`,
  );
  if (!validation.ok) {
    report(`The validator finds ${validation.errors.length} problem(s) for the curator to fix:`);
    for (const error of validation.errors) report(`  ${formatSeedError(error)}`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
