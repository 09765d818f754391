import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { printSchemaFile, SCHEMA_FILE } from '../src/schema/print.ts';

writeFileSync(SCHEMA_FILE, printSchemaFile());
console.log(`Wrote ${resolve(SCHEMA_FILE)}`);
