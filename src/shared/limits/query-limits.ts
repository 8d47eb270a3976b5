import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, GraphQLFormattedError, Kind, ParseOptions, ValidationContext, ValidationRule } from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../list-query/pagination';
import { perDocumentMemo } from './per-document-memo';
import { countQueryNodes, NodeContribution } from './node-count';
import type { OperationCheck } from './operation-check';

/** The query limits, each a setting (src/config/config.ts; 0 turns one off). */
export interface QueryLimits {
  /** MAX_QUERY_NODES: nodes an operation can return (node-count.ts). */
  nodes: number;
  /** MAX_QUERY_DEPTH: nested field levels (fragments do not add a level). */
  depth: number;
  /** MAX_ALIASES: aliased fields per operation. */
  aliases: number;
  /** MAX_TOKENS: lexical tokens per document, checked while parsing. */
  tokens: number;
  /** MAX_DIRECTIVES: directives per operation. */
  directives: number;
  /** MAX_FILTER_NODES: fields, operators and search terms in all the filters of an operation (filter-complexity.ts). */
  filterNodes: number;
}

/** The codes of the limits (`extensions.code`), all answered with HTTP 400 before anything runs. */
export type LimitCode = 'QUERY_TOO_LARGE' | 'QUERY_TOO_DEEP' | 'TOO_MANY_ALIASES' | 'TOO_MANY_DIRECTIVES' | 'TOO_MANY_TOKENS' | 'FILTER_TOO_COMPLEX';

/** A request refused by a limit: what was found, the limit, its setting, and how to get under it. */
export class LimitError extends GraphQLError {
  constructor(
    message: string,
    readonly code: LimitCode,
    details: { found: number | null; limit: number; setting: string } & Record<string, unknown>,
  ) {
    super(message, { extensions: { code, ...details, http: { status: 400 } } });
    this.name = 'LimitError';
  }
}

const number = (n: number) => n.toLocaleString('en-US');

/** The QUERY_TOO_LARGE error for a count above the limit. */
export function queryTooLarge(nodes: number, limit: number, contributions: NodeContribution[]): LimitError {
  const largest = contributions.slice(0, 3);
  const found = Number.isFinite(nodes) ? `can return up to ${number(nodes)} nodes` : 'is too intricate to size';
  const where =
    largest.length > 0
      ? ` The largest parts: ${largest.map((c) => `${c.path} (${c.factors.length > 1 ? `${c.factors.map(number).join(' × ')} = ` : ''}${number(c.nodes)})`).join(', ')}.`
      : '';
  return new LimitError(
    `This query ${found}, above the limit of ${number(limit)} (MAX_QUERY_NODES). A connection counts its first or last ` +
      `(${DEFAULT_PAGE_SIZE} when absent, at most ${MAX_PAGE_SIZE}) times the nodes above it, so nested connections multiply.` +
      `${where} To reduce it, ask for smaller pages (first/last) or nest fewer connections, and page through the rest ` +
      `with after/before.`,
    'QUERY_TOO_LARGE',
    {
      found: Number.isFinite(nodes) ? nodes : null,
      limit,
      setting: 'MAX_QUERY_NODES',
      largest: largest.map(({ path, nodes: n }) => ({ path, nodes: n })),
    },
  );
}

/** Apollo's error for a request whose operation cannot be picked, raised before the executor sees it. */
function operationNotFound(operationName: string | null | undefined, operationCount: number): GraphQLError {
  const message =
    operationName != null
      ? `Unknown operation named "${operationName}".`
      : operationCount > 1
        ? 'Must provide operation name if query contains multiple operations.'
        : 'Must provide an operation.';
  return new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } });
}

/** The node count of an operation with its variables (remembered per document): QUERY_TOO_LARGE above `limit` (0: none). */
export function nodeLimitCheck(limit: number): OperationCheck {
  const memo = perDocumentMemo<ReturnType<typeof countQueryNodes>>();
  return ({ document, schema, request }) => {
    if (limit <= 0) return undefined;
    const count = memo(document, request.operationName, request.variables, () =>
      countQueryNodes(schema, document, { operationName: request.operationName, variables: request.variables }),
    );
    return count.nodes > limit ? queryTooLarge(count.nodes, limit, count.contributions) : undefined;
  };
}

/**
 * Counts the nodes of each operation once Apollo has picked it (after validation, with the request's variables) and
 * refuses it above `limit` with QUERY_TOO_LARGE (HTTP 400), before it runs. It also answers an operation name that
 * names no operation with a 400, which the graphql-jit gateway would otherwise turn into a 500.
 */
export function nodeLimitPlugin(limit: number, check: OperationCheck = nodeLimitCheck(limit)): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(context) {
          const { operation, document, request } = context;
          if (!operation) {
            const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION).length;
            throw operationNotFound(request.operationName, operations);
          }
          const refusal = check(context);
          if (refusal) throw refusal;
        },
      };
    },
  };
}

/** Reads "limit of N exceeded, found M" from a graphql-armor message. */
function armorFigures(error: GraphQLError): { limit: number; found: number } | null {
  const match = /limit of (\d+) exceeded, found (\d+)/.exec(error.message);
  return match ? { limit: Number(match[1]), found: Number(match[2]) } : null;
}

type Describe = (found: number, limit: number) => string;

function reportAs(code: LimitCode, setting: string, describe: Describe) {
  return (context: ValidationContext | null, error: GraphQLError) => {
    const figures = armorFigures(error);
    const message = figures ? describe(figures.found, figures.limit) : `${error.message.replace(/^Syntax Error: /, '')} (${setting})`;
    context?.reportError(new LimitError(message, code, { found: figures?.found ?? null, limit: figures?.limit ?? 0, setting }));
  };
}

/**
 * graphql-armor's depth, alias and directive limits as validation rules, each reporting a coded LimitError (Apollo
 * answers validation errors with HTTP 400). Its token limit is not used: it throws from a parsing hook, which Apollo
 * turns into a 500; graphql-js's own `maxTokens` parse option does the same count (parseOptions below). Its cost
 * limit is replaced by the node limit, and its suggestion masking by Apollo's `hideSchemaDetailsFromClientErrors`.
 */
export function limitValidationRules(limits: QueryLimits): ValidationRule[] {
  const armor = new ApolloArmor({
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
    maxDepth: {
      enabled: limits.depth > 0,
      n: limits.depth,
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: [
        reportAs(
          'QUERY_TOO_DEEP',
          'MAX_QUERY_DEPTH',
          (found, limit) =>
            `This query nests ${found} levels deep, above the limit of ${limit} (MAX_QUERY_DEPTH). Select fewer levels ` +
            `at once: fetch the deeper objects in a second query, from their own root field (agreement, commitment, ` +
            `domain, ...) by id or slug.`,
        ),
      ],
    },
    maxAliases: {
      enabled: limits.aliases > 0,
      n: limits.aliases,
      propagateOnRejection: false,
      onReject: [
        reportAs(
          'TOO_MANY_ALIASES',
          'MAX_ALIASES',
          (found, limit) =>
            `This query uses ${found} aliases, above the limit of ${limit} (MAX_ALIASES). Use fewer: one list with a ` +
            `filter (in: [...]) instead of many aliased copies of a field, or several requests.`,
        ),
      ],
    },
    maxDirectives: {
      enabled: limits.directives > 0,
      n: limits.directives,
      propagateOnRejection: false,
      onReject: [
        reportAs(
          'TOO_MANY_DIRECTIVES',
          'MAX_DIRECTIVES',
          (found, limit) => `This query uses ${found} directives, above the limit of ${limit} (MAX_DIRECTIVES). Use fewer @skip/@include.`,
        ),
      ],
    },
  });
  return armor.protect().validationRules;
}

/** Apollo's `parseOptions`: the token limit, counted by graphql-js's parser as it reads (0: none). */
export function parseOptions(limits: QueryLimits): ParseOptions {
  return limits.tokens > 0 ? { maxTokens: limits.tokens } : {};
}

// graphql-js 16 says "more that"; later versions may fix the typo.
const TOKEN_LIMIT = /Document contains more (?:than|that) (\d+) tokens/;

/**
 * Gives a limit error its own code in the response (Apollo codes every validation error GRAPHQL_VALIDATION_FAILED
 * and every parse error GRAPHQL_PARSE_FAILED): null when `error` is not a limit's.
 */
export function formatLimitError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError | null {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof LimitError) {
    // The error's own extensions: no stack trace (a limit is the client's matter) and no HTTP head.
    const { http: _http, ...extensions } = original.extensions;
    return {
      message: original.message,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: { ...extensions, code: original.code },
    };
  }
  if (formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED') {
    const match = TOKEN_LIMIT.exec(formatted.message);
    if (match) {
      const limit = Number(match[1]);
      return {
        message:
          `This query has more than ${number(limit)} tokens, above the limit of ${number(limit)} (MAX_TOKENS). Send a ` +
          `shorter document: pass long inputs as variables, or split it into several operations.`,
        extensions: { code: 'TOO_MANY_TOKENS', found: null, limit, setting: 'MAX_TOKENS' },
      };
    }
  }
  return null;
}

const SUGGESTION = / ?Did you mean(.+?)\?$/;

/** `message` without graphql-js's trailing "Did you mean ...?" hint (which names schema fields and types). */
export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}

/**
 * What production does not tell a client about the schema: without introspection (ENABLE_INTROSPECTION), no "Did you
 * mean ...?" in any message (Apollo strips them from validation errors; variable errors come from execution), and the
 * introspection refusal names the setting instead of Apollo's constructor option.
 */
export function formatExposure(formatted: GraphQLFormattedError, options: { suggestions: boolean }): GraphQLFormattedError {
  if (formatted.extensions?.validationErrorCode === 'INTROSPECTION_DISABLED') {
    return { ...formatted, message: 'Introspection is off on this server (ENABLE_INTROSPECTION).' };
  }
  if (!options.suggestions && SUGGESTION.test(formatted.message)) return { ...formatted, message: formatted.message.replace(SUGGESTION, '') };
  return formatted;
}
