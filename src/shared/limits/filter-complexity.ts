import type { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, getNamedType, GraphQLInputType, GraphQLSchema, isInputObjectType } from 'graphql';
import { visitOperationArguments } from '../input-guard/input-guard';
import { perDocumentMemo } from './per-document-memo';
import { LimitError } from './query-limits';
import type { OperationCheck } from './operation-check';

// Why a filter limit: the filter language nests and/or/not and relation filters (EXISTS sub-queries) to any depth, so
// a small document (or a small variables object) can ask PostgreSQL to plan a statement with hundreds of sub-queries
// and full-text matches. The node and token limits do not see it (it returns few nodes; as a variable it has few
// tokens). Counting the filter itself, wherever it comes from, bounds the statement before any SQL is written.

/** The search text's terms: words, quoted phrases' words and `or` each count (websearch_to_tsquery makes one operand of each). */
export function searchTerms(text: string): number {
  return Math.max(1, text.split(/[\s"()|&!:<>*-]+/).filter((word) => word !== '').length);
}

/**
 * The size of a filter value as the compiler will see it: every field or operator given a value counts 1 (an
 * `and`/`or` list counts 1 for itself, then its filters), `search` counts its terms, and nested filters (relation
 * fields, `not`, the items of `and`/`or`) count their own. List values of operators (`in: [...]`) count 1: they are
 * one bound array. Walks without recursion; anything that is not an object counts nothing.
 *
 * @example countFilterNodes({ or: [{ hasCommitment: { search: 'F-16 jets' } }, { slug: { eq: 'x' } }] }) // => 7
 */
export function countFilterNodes(filter: unknown): number {
  let count = 0;
  const stack: unknown[] = [filter];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current !== 'object' || current === null) continue;
    if (Array.isArray(current)) {
      for (const item of current) if (typeof item === 'object' && item !== null) stack.push(item);
      continue;
    }
    for (const [key, value] of Object.entries(current)) {
      if (value === null || value === undefined) continue;
      count += key === 'search' && typeof value === 'string' ? searchTerms(value) : 1;
      if (typeof value === 'object' && !(value instanceof Date)) stack.push(value);
    }
  }
  return count;
}

/** Whether arguments of `type` are filters of the filter language (`AgreementFilter`, `[CommitmentFilter!]`, ...). */
export function isFilterType(type: GraphQLInputType): boolean {
  const named = getNamedType(type);
  return isInputObjectType(named) && named.name.endsWith('Filter');
}

/** The filter nodes of all filter arguments of an operation, literals and variables alike (0 when it cannot be coerced). */
export function countOperationFilterNodes(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
): number {
  let total = 0;
  visitOperationArguments(schema, document, operationName, variables, ({ argument, value }) => {
    if (isFilterType(argument.type)) total += countFilterNodes(value);
    return undefined;
  });
  return total;
}

/** The FILTER_TOO_COMPLEX error (HTTP 400) for `found` filter nodes above `limit`. */
export function filterTooComplex(found: number, limit: number): LimitError {
  return new LimitError(
    `The filters of this request have ${found.toLocaleString('en-US')} parts (fields, operators, and/or/not items, ` +
      `search terms), above the limit of ${limit.toLocaleString('en-US')} (MAX_FILTER_NODES). Use fewer alternatives: ` +
      `one field with in: [...] instead of many or: [...] items, one search with several words instead of many searches.`,
    'FILTER_TOO_COMPLEX',
    { found, limit, setting: 'MAX_FILTER_NODES' },
  );
}

/** Throws FILTER_TOO_COMPLEX when `filter` has more than `limit` nodes (0: no limit). */
export function checkFilterComplexity(filter: unknown, limit: number): void {
  if (limit <= 0) return;
  const found = countFilterNodes(filter);
  if (found > limit) throw filterTooComplex(found, limit);
}

/** The filter nodes of an operation with its variables (remembered per document): FILTER_TOO_COMPLEX over `limit`. */
export function filterLimitCheck(limit: number): OperationCheck {
  const memo = perDocumentMemo<number>();
  return ({ schema, document, operationName, request }) => {
    if (limit <= 0) return undefined;
    const found = memo(document, operationName, request.variables, () =>
      countOperationFilterNodes(schema, document, operationName, request.variables),
    );
    return found > limit ? filterTooComplex(found, limit) : undefined;
  };
}

/**
 * Counts the filter nodes of every operation Apollo resolves (after validation, with its variables; trusted and
 * persisted documents alike) and refuses it over `limit` with FILTER_TOO_COMPLEX, before any SQL.
 */
export function filterLimitPlugin(limit: number, check: OperationCheck = filterLimitCheck(limit)): ApolloServerPlugin<any> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(context) {
          const refusal = check(context);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
