import { graphql, GraphQLError, GraphQLSchema } from 'graphql';
import { DataSource } from 'typeorm';
import { Principal } from '../shared/auth/principal';
import { createRequestContext } from '../shared/context/request-context';
import { createSqlRunner } from '../db/sql-runner';
import { AppError, BadUserInputError, ForbiddenError, UnauthenticatedError } from '../shared/errors/errors';
import { withoutSuggestions } from '../shared/limits/query-limits';
import { GraphQLCaller } from './report-data';

/** The errors of a report's query: bad input stays BAD_USER_INPUT; anything else is the API's failure. */
function failure(errors: readonly { message: string; extensions?: Record<string, unknown>; path?: unknown }[]): Error {
  const first = errors[0];
  // Stored on the run, which any reader can list: no schema hints, whatever the server's introspection setting.
  const message = errors.map((e) => withoutSuggestions(e.message)).join('; ');
  if (first.extensions?.code === 'BAD_USER_INPUT' || first.extensions?.code === 'GRAPHQL_VALIDATION_FAILED') return new BadUserInputError(message);
  // graphql-js's own refusals of the request (a variable it cannot coerce, a validation rule) carry no code and no
  // path: the parameters are wrong, and will be on every retry.
  if (first instanceof GraphQLError && !first.originalError && first.path === undefined && first.extensions?.code === undefined) {
    return new BadUserInputError(message);
  }
  if (first.extensions?.code === 'UNAUTHENTICATED') return new UnauthenticatedError(message);
  if (first.extensions?.code === 'FORBIDDEN') return new ForbiddenError(message);
  if (first instanceof AppError) return first;
  return new Error(`the report's query failed: ${message}`);
}

/**
 * Runs report operations in this process, through the API's own schema (handed in by whoever assembled it), on the
 * pool of `dataSource`.
 */
export function localCaller(schema: GraphQLSchema, dataSource: DataSource, principal: Principal | null = null): GraphQLCaller {
  const sql = createSqlRunner(dataSource);
  return async (document, variables, operationName) => {
    const result = await graphql({
      schema,
      source: document,
      variableValues: variables,
      operationName,
      contextValue: createRequestContext(sql, { principal, dataSource }),
    });
    if (result.errors?.length) throw failure(result.errors.map((e: GraphQLError) => (e.originalError instanceof AppError ? e.originalError : e)));
    return result.data;
  };
}

/** Runs report operations against a remote API's GraphQL endpoint, as a job on another machine would. */
export function remoteCaller(url: string, token?: string): GraphQLCaller {
  return async (document, variables, operationName) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: document, variables, operationName }),
    });
    let body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      throw new Error(`${url} answered HTTP ${response.status} without a GraphQL body`);
    }
    if (body.errors?.length) throw failure(body.errors);
    if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
    return body.data;
  };
}
