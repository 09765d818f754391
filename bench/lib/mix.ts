import type autocannon from 'autocannon';
import { loadExampleQueries } from '../../src/schema/examples.ts';

/** One request body of the mix: a GraphiQL example query, posted as JSON. */
export interface MixEntry {
  name: string;
  body: string;
}

/** The example queries of schema/examples/, the same ones GraphiQL opens with. */
export function exampleMix(): MixEntry[] {
  return loadExampleQueries().map((example) => ({
    name: example.name,
    body: JSON.stringify({ query: example.query }),
  }));
}

/** Why a response is not a good answer to an example query, or null when it is one. */
export function badAnswer(status: number, body: string): string | null {
  if (status !== 200) return `HTTP ${status}: ${body.slice(0, 200)}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `not JSON: ${body.slice(0, 200)}`;
  }
  if (parsed === null || typeof parsed !== 'object')
    return `not a JSON object: ${body.slice(0, 200)}`;
  if ('errors' in parsed) return `errors: ${JSON.stringify(parsed.errors).slice(0, 300)}`;
  if (!('data' in parsed) || parsed.data === null) return 'no data';
  return null;
}

/** Counts answers and bad answers per example, keeping a few bad ones to show. */
export class AnswerTally {
  answered = 0;
  bad = 0;
  readonly badByName = new Map<string, number>();
  readonly samples: string[] = [];

  record(name: string, status: number, body: string): void {
    this.answered += 1;
    const reason = badAnswer(status, body);
    if (reason === null) return;
    this.bad += 1;
    this.badByName.set(name, (this.badByName.get(name) ?? 0) + 1);
    if (this.samples.length < 5) this.samples.push(`${name}: ${reason}`);
  }
}

/** autocannon requests for the mix; each connection goes through them in turn (round robin). */
export function cannonRequests(
  mix: MixEntry[],
  path: string,
  tally: AnswerTally,
): autocannon.Request[] {
  return mix.map((entry) => ({
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: entry.body,
    onResponse: (status: number, body: string) => tally.record(entry.name, status, body),
  }));
}

/**
 * Sends each example until it answers well, three tries at most, and throws when one never does:
 * the mix must work before it is timed. A fresh Neo4j plans and caches on the first requests.
 */
export async function warmUp(url: URL, mix: MixEntry[], tries = 3): Promise<void> {
  for (const entry of mix) {
    for (let attempt = 1; ; attempt += 1) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: entry.body,
      });
      const reason = badAnswer(response.status, await response.text());
      if (!reason) break;
      if (attempt === tries) {
        throw new Error(`${entry.name} did not answer well in ${tries} tries: ${reason}`);
      }
      console.log(`warm-up: ${entry.name} failed once (${reason.slice(0, 160)}); trying again`);
    }
  }
}
