import neo4j from 'neo4j-driver';

/**
 * Neo4j integers arrive as driver Integer objects; every count and offset we read fits in a JS
 * number, so they are converted here, at the boundary, and nowhere else.
 */
export function plainValue(value: unknown): unknown {
  if (neo4j.isInt(value)) return value.toNumber();
  if (Array.isArray(value)) return value.map(plainValue);
  if (value !== null && typeof value === 'object' && value.constructor === Object) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, inner]) => [
        key,
        plainValue(inner),
      ]),
    );
  }
  return value;
}
