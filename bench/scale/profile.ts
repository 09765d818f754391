/**
 * What each statement of a request does in Neo4j: the statements are caught as the service sends
 * them, then run again under PROFILE, and each plan is summed up as its starting points (index
 * seeks, scans, count-store reads, procedure calls) and its database hits.
 */
import type { Driver } from 'neo4j-driver';
import {
  GraphDatabase,
  type SentStatement,
  type StatementCounter,
} from '../../src/neo4j/database.ts';

/** A GraphDatabase that keeps the statements of every request it serves, for PROFILE. */
export class RecordingDatabase extends GraphDatabase {
  private readonly counters: StatementCounter[] = [];

  override counting(counter: StatementCounter): GraphDatabase {
    this.counters.push(counter);
    return super.counting(counter);
  }

  /** The statements sent since the last call. */
  take(): SentStatement[] {
    const sent = this.counters.flatMap((counter) => counter.sent);
    this.counters.length = 0;
    return sent;
  }
}

export interface StatementProfile {
  name: string;
  dbHits: number;
  rows: number;
  /** Where the plan starts reading, e.g. NodeUniqueIndexSeek x2, NodeByLabelScan x1. */
  starts: Record<string, number>;
  /** Operators that read a whole label, type or index: the ones that grow with the graph. */
  scans: string[];
}

/** The parts of a profiled plan read here (the driver's ProfiledPlan has them). */
export interface PlanNode {
  operatorType: string;
  dbHits: number | null;
  rows: number | null;
  children: PlanNode[];
}

const operatorName = (plan: PlanNode) => plan.operatorType.replace(/@.*$/, '');

function walk(plan: PlanNode, visit: (plan: PlanNode) => void): void {
  visit(plan);
  for (const child of plan.children) walk(child, visit);
}

/** True for an operator that reads everything of a kind rather than looking something up. */
export function isScan(operator: string): boolean {
  return /Scan$/.test(operator) && !/CountStore/.test(operator);
}

export function summarisePlan(name: string, plan: PlanNode): StatementProfile {
  let dbHits = 0;
  const starts: Record<string, number> = {};
  walk(plan, (node) => {
    dbHits += node.dbHits ?? 0;
    const operator = operatorName(node);
    if (node.children.length === 0 && operator !== 'Argument') {
      starts[operator] = (starts[operator] ?? 0) + 1;
    }
  });
  return {
    name,
    dbHits,
    rows: plan.rows ?? 0,
    starts,
    scans: Object.keys(starts).filter(isScan),
  };
}

/** Runs each statement again under PROFILE, read-only, and sums up its plan. */
export async function profileStatements(
  driver: Driver,
  database: string,
  statements: readonly SentStatement[],
): Promise<StatementProfile[]> {
  const profiles: StatementProfile[] = [];
  for (const statement of statements) {
    const session = driver.session({ database, defaultAccessMode: 'READ' });
    try {
      const result = await session.run(`PROFILE ${statement.cypher}`, statement.params);
      const plan = result.summary.profile;
      if (plan) profiles.push(summarisePlan(statement.name, plan));
    } finally {
      await session.close();
    }
  }
  return profiles;
}

export function describeStarts(profile: Pick<StatementProfile, 'starts'>): string {
  return Object.entries(profile.starts)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([operator, count]) => (count > 1 ? `${operator} x${count}` : operator))
    .join(', ');
}
