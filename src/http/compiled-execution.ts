import { useGraphQlJit } from '@envelop/graphql-jit';
import { type ExecutionArgs, getOperationAST, getVariableValues } from 'graphql';
import type { Logger } from '../logger.ts';

/**
 * Whether the compiled executor answers this operation exactly as graphql-js would: a query
 * whose variables coerce. Anything else (a subscription, a variable of the wrong type) goes to
 * the reference executor, whose errors carry the HTTP status the GraphQL-over-HTTP spec asks for.
 */
export function compilable(args: ExecutionArgs): boolean {
  const operation = getOperationAST(args.document, args.operationName);
  if (operation?.operation !== 'query') return false;
  const definitions = operation.variableDefinitions ?? [];
  if (definitions.length === 0) return true;
  const coerced = getVariableValues(args.schema, definitions, args.variableValues ?? {}, {
    maxErrors: 1,
  });
  return coerced.errors === undefined;
}

/**
 * Runs queries through graphql-jit: each document is compiled once into JavaScript that walks
 * the selection without graphql-js's per-field bookkeeping, which, for a page of a hundred
 * entities with their mentions and claims, is most of the service's CPU.
 */
export function useCompiledExecution(logger: Logger): ReturnType<typeof useGraphQlJit> {
  return useGraphQlJit(
    {},
    {
      enableIf: compilable,
      onError: (result) =>
        logger.error(
          { errors: result.errors?.map((error) => error.message) },
          'a query could not be compiled; graphql-js runs it instead',
        ),
    },
  );
}
