import neo4j from 'neo4j-driver';

/**
 * Neo4j integers arrive as driver Integer objects; every count and offset we read fits in a JS
 * number, so they are converted here and nowhere else.
 */
export function toNumber(value: unknown): number {
  if (neo4j.isInt(value)) return value.toNumber();
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new TypeError(`Expected a number from Neo4j, got ${typeof value}`);
}

/** Recursively converts driver integers in a plain record (lists and maps included). */
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
