import neo4j, { type Integer } from 'neo4j-driver';
import { DossierError, ErrorCode } from '../errors.ts';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** A validated page request: which way, how many, and after which key. */
export interface PageRequest {
  forward: boolean;
  size: number;
  cursor: CursorValue[] | null;
}

export type CursorValue = string | number | boolean | null;

export function encodeCursor(key: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** Longer than any cursor this API gives out: refused before it is decoded. */
const MAX_CURSOR_LENGTH = 1_024;
const MAX_KEY_COLUMNS = 4;

function invalidCursor(argument: string, why: string): DossierError {
  return new DossierError(
    ErrorCode.InvalidCursor,
    `The cursor in "${argument}" is not one this API gave out (${why}). Use a cursor from pageInfo or an edge of the same list.`,
    { argument },
  );
}

/** A cursor's sort key: a short list of strings and finite numbers, nothing else. */
export function decodeCursor(cursor: string, argument: string): CursorValue[] {
  if (cursor.length > MAX_CURSOR_LENGTH) throw invalidCursor(argument, 'too long');
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor(argument, 'not readable');
  }
  if (!Array.isArray(key) || key.length === 0 || key.length > MAX_KEY_COLUMNS) {
    throw invalidCursor(argument, 'wrong shape');
  }
  const scalar = (value: unknown) =>
    typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
  if (!key.every(scalar)) throw invalidCursor(argument, 'wrong shape');
  return key as CursorValue[];
}

/** The column types of a list's sort key, e.g. ['string', 'number', 'string']. */
export type KeyShape = readonly ('string' | 'number')[];

/**
 * The page's cursor, checked against the sort key of the list it is used on: a cursor from
 * another list, or one made by hand, is INVALID_CURSOR before it reaches Cypher.
 */
export function cursorFor(page: PageRequest, shape: KeyShape): CursorValue[] | null {
  const { cursor } = page;
  if (cursor === null) return null;
  const fits =
    cursor.length === shape.length && cursor.every((value, index) => typeof value === shape[index]);
  if (!fits) throw invalidCursor(page.forward ? 'after' : 'before', 'it belongs to another list');
  return cursor;
}

function checkSize(value: number, argument: string, max: number): number {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new DossierError(
      ErrorCode.PageSizeOutOfRange,
      `"${argument}" must be between 0 and ${max}; got ${value}. Page through longer lists with the cursors.`,
      { argument, value, max },
    );
  }
  return value;
}

export function pageRequest(args: PageArgs, max = MAX_PAGE_SIZE): PageRequest {
  const { first, after, last, before } = args;
  if (first != null && last != null) {
    throw new DossierError(
      ErrorCode.BadUserInput,
      'Give "first" (with "after") to page forwards or "last" (with "before") to page backwards, not both.',
    );
  }
  if (last != null || (before != null && first == null)) {
    if (after != null) {
      throw new DossierError(
        ErrorCode.BadUserInput,
        '"after" pages forwards; use it with "first".',
      );
    }
    return {
      forward: false,
      size: checkSize(last ?? DEFAULT_PAGE_SIZE, 'last', max),
      cursor: before != null ? decodeCursor(before, 'before') : null,
    };
  }
  if (before != null) {
    throw new DossierError(ErrorCode.BadUserInput, '"before" pages backwards; use it with "last".');
  }
  return {
    forward: true,
    size: checkSize(first ?? DEFAULT_PAGE_SIZE, 'first', max),
    cursor: after != null ? decodeCursor(after, 'after') : null,
  };
}

/** One sort column: a Cypher expression written in code (never input) and its direction. */
export interface SortColumn {
  expression: string;
  descending?: boolean;
  /** A number, never null: negated, it sorts the other way, so mixed directions compare as one list. */
  numeric?: boolean;
}

/**
 * The WHERE condition and ORDER BY of a keyset page over `columns` (the last must be unique).
 * The cursor values are the parameter `$cursorParam`; only code-owned expressions are spliced.
 * With `cursorGiven` known, the condition is written only when there is a cursor (a smaller
 * statement, planned faster); without it, it is written for either case.
 */
export function keyset(
  columns: readonly SortColumn[],
  forward: boolean,
  cursorParam = 'cursor',
  cursorGiven?: boolean,
): { where: string; orderBy: string } {
  const comparison = (column: SortColumn) => {
    const ascending = !column.descending === forward;
    return ascending ? '>' : '<';
  };
  // Columns that all sort one way compare as one list: a single condition, which the planner
  // cannot split into a union of index seeks that loses the index's order (it does split an OR).
  // A numeric column that sorts the other way joins the list negated.
  const last = columns.at(-1);
  const against = (column: SortColumn) =>
    last !== undefined && comparison(column) !== comparison(last);
  const oneWay = columns.every((column) => !against(column) || column.numeric);
  const conditions = columns.map((column, index) => {
    const equalities = columns
      .slice(0, index)
      .map((previous, j) => `${previous.expression} = $${cursorParam}[${j}]`);
    return [
      ...equalities,
      `${column.expression} ${comparison(column)} $${cursorParam}[${index}]`,
    ].join(' AND ');
  });
  // The first column's bound is implied by the disjunction; written out, it is a range the
  // planner can seek in an index that also gives the order, instead of reading from the start.
  const [first] = columns;
  const bound = first ? `${first.expression} ${comparison(first)}= $${cursorParam}[0] AND ` : '';
  const side = (column: SortColumn, value: string) => (against(column) ? `-${value}` : value);
  const row = `[${columns.map((column) => side(column, column.expression)).join(', ')}]`;
  const cursor = `[${columns.map((column, index) => side(column, `$${cursorParam}[${index}]`)).join(', ')}]`;
  const after =
    oneWay && last
      ? `(${bound}${row} ${comparison(last)} ${cursor})`
      : `(${bound}(${conditions.map((c) => `(${c})`).join(' OR ')}))`;
  const where =
    cursorGiven === undefined
      ? `($${cursorParam} IS NULL OR ${after})`
      : cursorGiven
        ? after
        : 'true';
  const orderBy = columns
    .map((column) => `${column.expression} ${!column.descending === forward ? 'ASC' : 'DESC'}`)
    .join(', ');
  return { where, orderBy };
}

export interface Edge<Node> {
  readonly cursor: string;
  readonly node: Node;
}

/** An edge whose cursor is encoded only when read: most selections never read it. */
class KeyedEdge<Row, Node> implements Edge<Node> {
  #cursor: string | undefined;
  constructor(
    readonly node: Node,
    private readonly row: Row,
    private readonly keyOf: (row: Row) => readonly CursorValue[],
  ) {}

  get cursor(): string {
    this.#cursor ??= encodeCursor(this.keyOf(this.row));
    return this.#cursor;
  }
}

export interface PageInfo {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly startCursor: string | null;
  readonly endCursor: string | null;
}

export interface Connection<Node> {
  edges: Edge<Node>[];
  pageInfo: PageInfo;
  /** Null when nobody asked for it: counting a whole list is the costly part of a page. */
  totalCount: number | null;
}

/**
 * Builds a Relay connection from rows fetched with `size + 1` in the request's direction:
 * the extra row only says whether there is more.
 */
export function toConnection<Row, Node = Row>(
  rows: Row[],
  request: PageRequest,
  totalCount: number | null,
  keyOf: (row: Row) => CursorValue[],
  toNode: (row: Row) => Node = (row) => row as unknown as Node,
): Connection<Node> {
  const more = rows.length > request.size;
  const page = rows.slice(0, request.size);
  if (!request.forward) page.reverse();
  const edges = page.map((row) => new KeyedEdge(toNode(row), row, keyOf));
  const first = edges[0];
  const last = edges.at(-1);
  return {
    edges,
    pageInfo: {
      hasNextPage: request.forward ? more : request.cursor !== null,
      hasPreviousPage: request.forward ? request.cursor !== null : more,
      get startCursor() {
        return first?.cursor ?? null;
      },
      get endCursor() {
        return last?.cursor ?? null;
      },
    },
    totalCount,
  };
}

/** LIMIT for a page: one extra row says whether there is more. Cypher wants an integer, not 4.0. */
export function pageLimit(page: PageRequest): Integer {
  return neo4j.int(page.size + 1);
}
