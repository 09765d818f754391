import type { Driver, ManagedTransaction } from 'neo4j-driver';
import type { z } from 'zod';
import { plainValue } from './values.ts';

/** A named Cypher statement and the shape of each row it returns, checked when read. */
export interface Query<Row> {
  name: string;
  cypher: string;
  row: z.ZodType<Row>;
}

export function defineQuery<Row>(name: string, cypher: string, row: z.ZodType<Row>): Query<Row> {
  return { name, cypher, row };
}

export class RowShapeError extends Error {
  override readonly name = 'RowShapeError';
}

export type QueryParams = Record<string, unknown>;

export interface SentStatement {
  name: string;
  cypher: string;
  params: QueryParams;
}

/** Counts the statements sent to Neo4j, e.g. per GraphQL request, and keeps them for inspection. */
export class StatementCounter {
  readonly sent: SentStatement[] = [];
  get count(): number {
    return this.sent.length;
  }
  record(query: Query<unknown>, params: QueryParams): void {
    this.sent.push({ name: query.name, cypher: query.cypher, params });
  }
}

function checkRows<Row>(query: Query<Row>, records: { toObject(): object }[]): Row[] {
  return records.map((record, index) => {
    const parsed = query.row.safeParse(plainValue(record.toObject()));
    if (!parsed.success) {
      throw new RowShapeError(
        `Query ${query.name} returned an unexpected row ${index}: ${parsed.error.message}`,
      );
    }
    return parsed.data;
  });
}

/** The store layer's only way to Neo4j: named statements, parameters only, rows checked. */
export class GraphDatabase {
  constructor(
    readonly driver: Driver,
    readonly database: string,
    private readonly counter?: StatementCounter,
  ) {}

  /** The same database, counting statements into `counter`. */
  counting(counter: StatementCounter): GraphDatabase {
    return new GraphDatabase(this.driver, this.database, counter);
  }

  async read<Row>(query: Query<Row>, params: QueryParams = {}): Promise<Row[]> {
    this.counter?.record(query, params);
    const result = await this.driver.executeQuery(query.cypher, params, {
      database: this.database,
      routing: 'READ',
    });
    return checkRows(query, result.records);
  }

  async write<Row>(query: Query<Row>, params: QueryParams = {}): Promise<Row[]> {
    this.counter?.record(query, params);
    const result = await this.driver.executeQuery(query.cypher, params, {
      database: this.database,
      routing: 'WRITE',
    });
    return checkRows(query, result.records);
  }

  /** Runs `work` in one write transaction: all of it lands or none of it does. */
  async writeTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: 'WRITE' });
    try {
      return await session.executeWrite((tx) => work(new Transaction(tx, this.counter)));
    } finally {
      await session.close();
    }
  }
}

export class Transaction {
  constructor(
    private readonly tx: ManagedTransaction,
    private readonly counter?: StatementCounter,
  ) {}

  async run<Row>(query: Query<Row>, params: QueryParams = {}): Promise<Row[]> {
    this.counter?.record(query, params);
    const result = await this.tx.run(query.cypher, params);
    return checkRows(query, result.records);
  }
}
