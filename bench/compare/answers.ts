/**
 * Asking the three systems the same question and holding their answers to each other: the
 * service's data is the reference, the floor's must equal it as it comes, the peer's once
 * normalised; both sides go through the query's canonical order first, if it has one.
 */
import { isDeepStrictEqual } from 'node:util';
import { isPeerQuery, MIX, type MixContext, type MixQuery } from './mix.ts';

export const SYSTEMS = ['service', 'floor', 'peer'] as const;
export type SystemName = (typeof SYSTEMS)[number];

/** Where each system listens: its origin (http://127.0.0.1:port). */
export type Origins = Record<SystemName, URL>;

export interface HttpRequest {
  path: string;
  body: string;
}

/** The request that asks `system` the query, or null when the peer skips it. */
export function requestFor(
  system: SystemName,
  entry: MixQuery,
  context: MixContext,
): HttpRequest | null {
  switch (system) {
    case 'service':
      return {
        path: '/graphql',
        body: JSON.stringify({
          query: entry.service.query,
          variables: entry.service.variables(context),
        }),
      };
    case 'floor':
      return { path: `/query/${entry.name}`, body: JSON.stringify(entry.floor.variables(context)) };
    case 'peer':
      return isPeerQuery(entry.peer)
        ? {
            path: '/graphql',
            body: JSON.stringify({
              query: entry.peer.query,
              variables: entry.peer.variables(context),
            }),
          }
        : null;
  }
}

export const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

export interface RawAnswer {
  status: number;
  text: string;
}

export async function post(origin: URL, request: HttpRequest): Promise<RawAnswer> {
  const response = await fetch(new URL(request.path, origin), {
    method: 'POST',
    headers: JSON_HEADERS,
    body: request.body,
  });
  return { status: response.status, text: await response.text() };
}

interface Envelope {
  data: unknown;
  statements: number | null;
}

/** The data of a good answer and its statement count; throws, saying why, for a bad one. */
export function readAnswer(system: SystemName, name: string, answer: RawAnswer): Envelope {
  const shown = answer.text.slice(0, 400);
  if (answer.status !== 200) throw new Error(`${system} ${name}: HTTP ${answer.status}: ${shown}`);
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    throw new Error(`${system} ${name}: not JSON: ${shown}`);
  }
  if (body === null || typeof body !== 'object' || !('data' in body) || body.data === null) {
    throw new Error(`${system} ${name}: no data: ${shown}`);
  }
  if ('errors' in body) throw new Error(`${system} ${name}: errors: ${shown}`);
  const extensions = 'extensions' in body ? body.extensions : null;
  const statements =
    extensions !== null &&
    typeof extensions === 'object' &&
    'neo4jStatements' in extensions &&
    typeof extensions.neo4jStatements === 'number'
      ? extensions.neo4jStatements
      : null;
  return { data: body.data, statements };
}

const shorten = (value: unknown) => {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

/** Where two JSON values first differ, as a path and the two values; null when they are equal. */
export function firstDifference(expected: unknown, actual: unknown, path = 'data'): string | null {
  if (isDeepStrictEqual(expected, actual)) return null;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    for (let index = 0; index < Math.min(expected.length, actual.length); index += 1) {
      const found = firstDifference(expected[index], actual[index], `${path}[${index}]`);
      if (found) return found;
    }
    return `${path}: ${expected.length} items expected, ${actual.length} found\n  expected ${shorten(expected)}\n  found    ${shorten(actual)}`;
  }
  if (
    expected !== null &&
    actual !== null &&
    typeof expected === 'object' &&
    typeof actual === 'object' &&
    !Array.isArray(expected) &&
    !Array.isArray(actual)
  ) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const key of keys) {
      if (!(key in actual))
        return `${path}.${key}: missing (expected ${shorten(Reflect.get(expected, key))})`;
      if (!(key in expected))
        return `${path}.${key}: unexpected (found ${shorten(Reflect.get(actual, key))})`;
      const found = firstDifference(
        Reflect.get(expected, key),
        Reflect.get(actual, key),
        `${path}.${key}`,
      );
      if (found) return found;
    }
  }
  return `${path}:\n  expected ${shorten(expected)}\n  found    ${shorten(actual)}`;
}

export interface SystemAnswer {
  /** The exact bytes answered, for the size column and the cheap check under load. */
  bytes: number;
  statements: number | null;
}

export interface QueryCheck {
  name: MixQuery['name'];
  answers: Partial<Record<SystemName, SystemAnswer>>;
  /** Why a system's answer is not the service's; empty when all agree. */
  differences: string[];
  peerSkipped: string | null;
}

/**
 * Asks each system each query of the mix once and compares the answers with the service's. The
 * three are asked at once: on a cold Neo4j, planning each first statement is most of the time.
 */
export async function checkMix(
  origins: Origins,
  context: MixContext,
  mix: readonly MixQuery[] = MIX,
): Promise<QueryCheck[]> {
  const checks: QueryCheck[] = [];
  for (const entry of mix) {
    const canonical = entry.canonical ?? ((data: unknown) => data);
    const check: QueryCheck = {
      name: entry.name,
      answers: {},
      differences: [],
      peerSkipped: isPeerQuery(entry.peer) ? null : entry.peer.skip,
    };
    const asked = SYSTEMS.flatMap((system) => {
      const request = requestFor(system, entry, context);
      return request ? [{ system, request }] : [];
    });
    const raws = await Promise.all(
      asked.map(({ system, request }) => post(origins[system], request)),
    );
    const answers = asked.map(({ system }, index) => {
      const raw = raws[index] as RawAnswer;
      const { data, statements } = readAnswer(system, entry.name, raw);
      check.answers[system] = { bytes: Buffer.byteLength(raw.text), statements };
      return { system, data };
    });
    const reference = canonical(answers.find((answer) => answer.system === 'service')?.data);
    for (const { system, data } of answers) {
      if (system === 'service') continue;
      let shaped: unknown;
      try {
        shaped =
          system === 'peer' && isPeerQuery(entry.peer) ? entry.peer.normalise(data, context) : data;
        shaped = canonical(shaped);
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        check.differences.push(
          `${system} ${entry.name}: the answer does not have the expected shape: ${why}`,
        );
        continue;
      }
      const difference = firstDifference(reference, shaped);
      if (difference) check.differences.push(`${system} ${entry.name}: ${difference}`);
    }
    checks.push(check);
  }
  return checks;
}

/**
 * Asks each system each query until it answers well, a few tries at most: a fresh Neo4j plans
 * and caches on the first requests and can run past the service's statement timeout then.
 * Throws with the last reason when one never answers.
 */
export async function settle(
  origins: Origins,
  context: MixContext,
  mix: readonly MixQuery[] = MIX,
  tries = 5,
): Promise<void> {
  for (const entry of mix) {
    for (const system of SYSTEMS) {
      const request = requestFor(system, entry, context);
      if (!request) continue;
      for (let attempt = 1; ; attempt += 1) {
        try {
          readAnswer(system, entry.name, await post(origins[system], request));
          break;
        } catch (error) {
          if (attempt >= tries) throw error;
          const why = error instanceof Error ? error.message : String(error);
          console.log(`  (${system} ${entry.name} not yet: ${why.slice(0, 160)}; trying again)`);
        }
      }
    }
  }
}

/** What the script learns from the service first: the end of page 1 of the direct quotes. */
export async function mixContext(service: URL, tries = 5): Promise<MixContext> {
  const entry = MIX.find((query) => query.name === 'directQuotes');
  if (!entry) throw new Error('the mix has no directQuotes query');
  const request = requestFor('service', entry, { directQuotesEndCursor: '' });
  if (!request) throw new Error('no service request for directQuotes');
  let data: unknown;
  for (let attempt = 1; data === undefined; attempt += 1) {
    try {
      data = readAnswer('service', entry.name, await post(service, request)).data;
    } catch (error) {
      if (attempt >= tries) throw error;
    }
  }
  const cursor =
    data !== null &&
    typeof data === 'object' &&
    'claims' in data &&
    data.claims !== null &&
    typeof data.claims === 'object' &&
    'pageInfo' in data.claims &&
    data.claims.pageInfo !== null &&
    typeof data.claims.pageInfo === 'object' &&
    'endCursor' in data.claims.pageInfo
      ? data.claims.pageInfo.endCursor
      : null;
  if (typeof cursor !== 'string') throw new Error('the service gave no endCursor for page 1');
  return { directQuotesEndCursor: cursor };
}
