import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './index.ts';

export const SCHEMA_FILE = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../schema/schema.graphql',
);

/** The SDL as committed: sorted, so that moving code around does not churn the file. */
export function printSchemaFile(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
