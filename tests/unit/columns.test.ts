import { describe, expect, it } from 'vitest';
import { fieldsOf, overColumns, toColumns } from '../../src/neo4j/columns.ts';

interface Mention {
  entityId: string;
  spanId: string;
  kind: string;
}

describe('rows sent as columns', () => {
  it('turns rows into one list per field, in row order', () => {
    const fields = fieldsOf<Mention>()(['entityId', 'spanId', 'kind']);
    const rows: Mention[] = [
      { entityId: 'e1', spanId: 's1', kind: 'name' },
      { entityId: 'e2', spanId: 's2', kind: 'pronoun' },
    ];
    expect(toColumns(rows, fields)).toEqual({
      entityId: ['e1', 'e2'],
      spanId: ['s1', 's2'],
      kind: ['name', 'pronoun'],
    });
    expect(toColumns([], fields)).toEqual({ entityId: [], spanId: [], kind: [] });
  });

  it('rewrites a statement over $rows to read each field from its column where it is used', () => {
    const cypher = overColumns(
      'mentions',
      ['entityId', 'spanId', 'kind'],
      `UNWIND $rows AS row
       MATCH (e:Entity {id: row.entityId})
       WITH e, row
       CALL (e, row) { MATCH (s:Span {id: row.spanId}) CREATE (e)-[:MENTIONED_AT {kind: row.kind}]->(s) }
       RETURN count(*) AS count`,
    );
    expect(cypher).toContain('UNWIND range(0, size($mentions.entityId) - 1) AS rowIndex');
    expect(cypher).toContain('MATCH (e:Entity {id: $mentions.entityId[rowIndex]})');
    expect(cypher).toContain('WITH e, rowIndex');
    expect(cypher).toContain(
      'CALL (e, rowIndex) { MATCH (s:Span {id: $mentions.spanId[rowIndex]})',
    );
    expect(cypher).toContain('{kind: $mentions.kind[rowIndex]}');
    expect(cypher).not.toMatch(/\brow\b/);
  });

  it('refuses a field the list does not name, and a statement without one UNWIND $rows', () => {
    expect(() => overColumns('m', ['entityId'], 'UNWIND $rows AS row RETURN row.kind')).toThrow(
      'row.kind is not among the fields',
    );
    expect(() => overColumns('m', ['entityId'], 'MATCH (n) RETURN n')).toThrow(
      'one "UNWIND $rows AS row"',
    );
    expect(() => overColumns('m', [], 'UNWIND $rows AS row RETURN 1')).toThrow(
      'at least one field',
    );
  });
});
