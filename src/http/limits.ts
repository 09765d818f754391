import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { createComplexityRule } from '@pothos/plugin-complexity';
import {
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  NoSchemaIntrospectionCustomRule,
  parse,
  type ValidationContext,
  type ValidationRule,
  validate,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { introspectionCost } from './introspection-cost.ts';

/** The limits every request is held to before anything runs. Defaults in DEFAULT_LIMITS. */
export interface RequestLimits {
  /** Bytes of the HTTP body (POST) or of the URL's query string (GET). */
  bodyBytes: number;
  /** Lexical tokens of the GraphQL document. */
  tokens: number;
  /** Aliased fields in the operation, fragments included. */
  aliases: number;
  /** Nesting of selections, introspection included. */
  depth: number;
  /** Directives in the operation. */
  directives: number;
  /** Estimated cost: each field weighted by the list sizes above it (see src/schema/builder.ts). */
  cost: number;
}

export const DEFAULT_LIMITS: RequestLimits = {
  bodyBytes: 256 * 1024,
  tokens: 2_000,
  aliases: 30,
  depth: 25,
  directives: 20,
  cost: 100_000,
};

/** One code per limit, so a client can tell which one it hit; extensions carry the numbers. */
export const LimitCode = {
  bodyBytes: 'BODY_SIZE_LIMIT_EXCEEDED',
  tokens: 'TOKEN_LIMIT_EXCEEDED',
  aliases: 'ALIAS_LIMIT_EXCEEDED',
  depth: 'DEPTH_LIMIT_EXCEEDED',
  directives: 'DIRECTIVE_LIMIT_EXCEEDED',
  cost: 'COST_LIMIT_EXCEEDED',
  /** Ids in one nodes(ids:) call (src/schema/node-lookup.ts). */
  ids: 'ID_LIMIT_EXCEEDED',
} as const satisfies Record<keyof RequestLimits | 'ids', string>;
export type LimitName = keyof typeof LimitCode;
const LIMIT_CODES = new Set<unknown>(Object.values(LimitCode));

/** The code of yoga's own refusal of a body over maxRequestBodySize. */
const YOGA_BODY_TOO_LARGE = 'REQUEST_ENTITY_TOO_LARGE';

function isLimitCode(code: unknown): boolean {
  return LIMIT_CODES.has(code);
}

const ADVICE: Record<LimitName, string> = {
  bodyBytes: 'Send a shorter request body.',
  tokens: 'Send a shorter query, or split it into several requests.',
  aliases: 'Use fewer aliased fields, or split the query into several requests.',
  depth: 'Nest selections less deeply; fetch deeper objects with node(id) in a second request.',
  directives: 'Use fewer directives.',
  cost: 'Ask for smaller pages (first/last), fewer nested lists, a smaller limit or depth, or split the query.',
  ids: 'Ask for fewer ids per request.',
};

/** A request over a limit: HTTP 400, the limit's code, its value and what was found. */
export function limitError(
  limit: LimitName,
  max: number,
  found: number | undefined,
  what: string,
): GraphQLError {
  const foundText = found === undefined ? '' : ` (found ${found})`;
  return new GraphQLError(`The ${what} is over the limit of ${max}${foundText}. ${ADVICE[limit]}`, {
    extensions: {
      code: LimitCode[limit],
      limit: max,
      ...(found === undefined ? {} : { found }),
      // spec: false keeps the 400 for application/json clients too, where yoga would answer 200.
      http: { status: 400, spec: false },
    },
  });
}

function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'BAD_REQUEST', http: { status: 400, spec: false } },
  });
}

/** The count that an Armor rule reports in its message ("..., found 31."). */
function foundIn(error: GraphQLError): number | undefined {
  const match = /found (\d+)/.exec(error.message);
  return match ? Number(match[1]) : undefined;
}

function armorRule(
  limit: 'aliases' | 'depth' | 'directives',
  max: number,
  what: string,
  rule: (options: {
    n: number;
    propagateOnRejection: boolean;
    onReject: ((context: ValidationContext | null, error: GraphQLError) => void)[];
  }) => ValidationRule,
): ValidationRule {
  return rule({
    n: max,
    propagateOnRejection: false,
    onReject: [
      (context, error) => context?.reportError(limitError(limit, max, foundIn(error), what)),
    ],
  });
}

export interface LimitsOptions {
  limits: RequestLimits;
  /** When false, __schema and __type are refused (a production read API may not want them). */
  introspection: boolean;
}

/**
 * Holds every request to `limits` before it runs: body size while reading (yoga's own limit,
 * given its code here), tokens while parsing (which also stops parser stack overflows),
 * aliases, depth and directives while validating (GraphQL Armor's rules), and the cost, introspection included, before execution.
 * The cost is checked per execution, not in validation, because it depends on the variables
 * and validation results are cached by document.
 */
export function useRequestLimits({ limits, introspection }: LimitsOptions): Plugin {
  const documentRules: ValidationRule[] = [
    armorRule('aliases', limits.aliases, 'number of aliases', (options) =>
      maxAliasesRule({ ...options, allowList: [] }),
    ),
    armorRule('depth', limits.depth, 'depth of the query', (options) =>
      maxDepthRule({ ...options, ignoreIntrospection: false }),
    ),
    armorRule('directives', limits.directives, 'number of directives', maxDirectivesRule),
  ];
  if (!introspection) documentRules.push(NoSchemaIntrospectionCustomRule);

  return {
    onRequestParse({ request, requestParser, setRequestParser }) {
      if (!requestParser) return;
      // The body is limited by yoga (maxRequestBodySize, see app.ts); a GET carries its query here.
      const queryStart = request.url.indexOf('?');
      const queryBytes = queryStart < 0 ? 0 : request.url.length - queryStart - 1;
      setRequestParser(async (incoming) => {
        if (queryBytes > limits.bodyBytes) {
          throw limitError('bodyBytes', limits.bodyBytes, queryBytes, 'request size in bytes');
        }
        try {
          return await requestParser(incoming);
        } catch (error) {
          if (error instanceof GraphQLError) throw error;
          // A malformed `variables` or `extensions` parameter of a GET request.
          const reason = error instanceof Error ? error.message : String(error);
          throw badRequest(
            `The request's parameters could not be read: ${reason}. "variables" and "extensions" must be JSON objects.`,
          );
        }
      });
    },

    onParse({ setParseFn }) {
      setParseFn((source, options) => {
        try {
          return parse(source, { ...options, maxTokens: limits.tokens });
        } catch (error) {
          if (
            error instanceof GraphQLError &&
            /contains more th\w* \d+ tokens/.test(error.message)
          ) {
            throw limitError('tokens', limits.tokens, undefined, 'number of tokens in the query');
          }
          if (error instanceof RangeError) {
            throw limitError('depth', limits.depth, undefined, 'nesting of the query');
          }
          throw error;
        }
      });
    },

    // yoga's body limit answers 413 without the limit, and yoga marks parse errors as spec
    // errors (200 for application/json): every limit answers 400 with its code and value.
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors) return;
      const errors = result.errors.map((error) =>
        error.extensions?.code === YOGA_BODY_TOO_LARGE
          ? limitError('bodyBytes', limits.bodyBytes, undefined, 'request body in bytes')
          : error,
      );
      for (const error of errors) {
        const http = isLimitCode(error.extensions?.code) ? error.extensions?.http : undefined;
        if (typeof http === 'object' && http !== null) Object.assign(http, { spec: false });
      }
      setResult({ ...result, errors });
    },

    onValidate({ addValidationRule }) {
      for (const rule of documentRules) addValidationRule(rule);
    },

    onExecute({ args, setResultAndStopExecution }) {
      const error = costError(args.schema, args.document, {
        variables: args.variableValues ?? {},
        operationName: args.operationName ?? undefined,
        context: args.contextValue,
        max: limits.cost,
      });
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}

interface CostInput {
  variables: Record<string, unknown>;
  operationName: string | undefined;
  context: unknown;
  max: number;
}

/** The cost of the operation to run (Pothos's estimate plus introspection), or null when within. */
export function costOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  input: Omit<CostInput, 'max'>,
): number | null {
  let schemaCost: number | null = null;
  const rule = createComplexityRule({
    variableValues: input.variables,
    operationName: input.operationName,
    context: input.context as object,
    validate: () => {},
    onResult: (state) => {
      schemaCost = state.complexity;
    },
  });
  const errors = validate(schema, document, [rule]);
  if (errors.length > 0 || schemaCost === null) return null;
  return schemaCost + introspectionCost(schema, document, input.operationName);
}

/** Costs already worked out per parsed document (yoga reuses it for the same text). */
const costs = new WeakMap<DocumentNode, Map<string, number | null>>();
/** Variables vary per request; a document keeps this many of its costs at most. */
const COSTS_PER_DOCUMENT = 64;

/**
 * The cost depends on the document, the operation and the variables (page sizes), not on the
 * request otherwise: working it out walks the whole document, so it is done once for each.
 */
function cachedCostOf(schema: GraphQLSchema, document: DocumentNode, input: CostInput) {
  let known = costs.get(document);
  if (!known) {
    known = new Map();
    costs.set(document, known);
  }
  const key = JSON.stringify([input.operationName ?? null, input.variables]);
  if (known.has(key)) return known.get(key) ?? null;
  const cost = costOf(schema, document, input);
  if (known.size >= COSTS_PER_DOCUMENT) known.clear();
  known.set(key, cost);
  return cost;
}

function costError(
  schema: GraphQLSchema,
  document: DocumentNode,
  input: CostInput,
): GraphQLError | null {
  const cost = cachedCostOf(schema, document, input);
  if (cost === null || cost <= input.max) return null;
  return limitError('cost', input.max, cost, 'estimated cost of the query');
}
