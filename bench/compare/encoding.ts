/**
 * How the service writes ids, cursors, enum values and name keys in its answers, written out
 * again here so that the floor and the peer can give byte-for-byte the same values. Nothing is
 * imported from src/: the comparison holds the service to its public answers, not its code.
 */

/** A Relay global id: standard base64 of "Typename:key", padding kept. */
export function globalId(typename: string, key: string): string {
  return Buffer.from(`${typename}:${key}`).toString('base64');
}

export type CursorKey = readonly (string | number)[];

/** A keyset cursor: base64url (no padding) of the JSON array of the row's sort key. */
export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The sort key of a cursor the service gave out; throws when it is not one. */
export function decodeCursor(cursor: string): (string | number)[] {
  const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (
    !Array.isArray(key) ||
    !key.every((value) => typeof value === 'string' || typeof value === 'number')
  ) {
    throw new Error(`not a keyset cursor: ${cursor}`);
  }
  return key;
}

/** The reading-order key of a claim: [documentId, position, id]. */
export function claimCursorKey(cursor: string): {
  documentId: string;
  position: number;
  id: string;
} {
  const [documentId, position, id] = decodeCursor(cursor);
  if (typeof documentId !== 'string' || typeof position !== 'number' || typeof id !== 'string') {
    throw new Error(`not a claim cursor: ${cursor}`);
  }
  return { documentId, position, id };
}

/** GraphQL enum names from the graph's vocabulary: direct_quote, GovernmentBody -> GOVERNMENT_BODY. */
export function enumName(value: string): string {
  return value
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

/** A name as the graph compares names: the service's own rule. */
export { nameKey } from '../../src/graph/model.ts';

const LUCENE_SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;
const LUCENE_OPERATORS = new Set(['AND', 'OR', 'NOT', 'TO']);

/**
 * Words as a Lucene query matching any of them, as the service builds it: special characters
 * escaped, operator words lower-cased. The full-text scores depend on this exact string.
 */
export function luceneQuery(text: string): string {
  return text
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => (LUCENE_OPERATORS.has(word) ? word.toLowerCase() : word))
    .map((word) => word.replace(LUCENE_SPECIAL, (special) => `\\${special}`))
    .join(' ');
}

/** A graph node of a subgraph: an entity (its label is its kind) or a claim. */
export interface LogicalNode {
  id: string;
  claim: boolean;
  type: string;
  label: string;
  weight: number;
}

/** A logical edge of a subgraph, as the service names it. */
export interface LogicalEdge {
  key: string;
  type: string;
  label: string | null;
  sourceId: string;
  targetId: string;
}

/** The global id of a subgraph node: Claim:key, or the entity's kind label. */
export function nodeGlobalId(node: { id: string; claim: boolean; type: string }): string {
  return globalId(node.claim ? 'Claim' : node.type, node.id);
}

/** Entities before claims, the most mentioned first, then by key: the service's cut order. */
export function byImportance(a: LogicalNode, b: LogicalNode): number {
  if (a.claim !== b.claim) return a.claim ? 1 : -1;
  if (a.weight !== b.weight) return b.weight - a.weight;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
