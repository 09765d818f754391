import type { App } from '../app.ts';
import type { Logger } from '../logger.ts';
import { loadExampleQueries } from '../schema/examples.ts';

/**
 * The limits the warm-up's statements run under. A freshly started Neo4j took 3 to 7 s to plan a
 * neighbourhood of depth 1 to 3 the first time (1,500 documents, two cores), past the 5 s a
 * statement may take by default; a depth-3 statement cut off then was cut off again on the next
 * request, as if no plan had been kept.
 */
export const WARM_UP_LIMITS = { statementTimeoutMs: 30_000, requestBudgetMs: 60_000 } as const;

/**
 * Neo4j plans a statement the first time it sees its text, and a nested read can take a second
 * or more to plan on a small machine. Sending the example queries (and a neighbourhood at each
 * depth) once after start-up puts those plans in Neo4j's cache before the first user asks.
 */
export async function warmUpQueryPlans(
  app: App,
  logger: Logger,
  stopping: () => boolean,
): Promise<void> {
  const started = Date.now();
  const post = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await app.fetch('http://dossier/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: unknown; errors?: unknown };
  };
  let failed = 0;
  for (const example of loadExampleQueries()) {
    if (stopping()) return;
    const result = await post(example.query);
    if (result.errors) failed += 1;
  }
  const top = (await post('{ entities(first: 1, sort: MENTIONS) { edges { node { id } } } }')) as {
    data?: { entities?: { edges?: { node?: { id?: string } }[] } };
  };
  const entity = top.data?.entities?.edges?.[0]?.node?.id;
  if (entity) {
    for (const depth of [1, 2, 3]) {
      if (stopping()) return;
      const result = await post(
        'query($entity: ID!, $depth: Int!) { neighborhood(entity: $entity, depth: $depth) { truncated } }',
        { entity, depth },
      );
      if (result.errors) failed += 1;
    }
  }
  logger.info({ ms: Date.now() - started, failed }, 'query plans warmed up');
}
