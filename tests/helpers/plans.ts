import type { Driver } from 'neo4j-driver';

interface PlanNode {
  operatorType: string;
  children: PlanNode[];
}

function operators(plan: PlanNode): string[] {
  return [plan.operatorType.replace(/@.*$/, ''), ...plan.children.flatMap(operators)];
}

/** The operators of a statement's plan (EXPLAIN: nothing runs), top down. */
export async function explain(
  driver: Driver,
  database: string,
  cypher: string,
  params: Record<string, unknown>,
): Promise<string[]> {
  const result = await driver.executeQuery(`EXPLAIN ${cypher}`, params, { database });
  const plan = result.summary.plan;
  if (!plan) throw new Error('no plan');
  return operators(plan as unknown as PlanNode);
}
