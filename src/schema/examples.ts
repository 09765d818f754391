import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const EXAMPLES_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../schema/examples',
);

export interface ExampleQuery {
  name: string;
  query: string;
}

/** The example queries GraphiQL opens with; the tests run every one of them. */
export function loadExampleQueries(dir = EXAMPLES_DIR): ExampleQuery[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => ({
      name: file.replace(/\.graphql$/, ''),
      query: readFileSync(join(dir, file), 'utf8'),
    }));
}
