import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { execute, ExecutionResult, GraphQLSchema, printSchema } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';

/** How many compiled operations are kept (least recently used goes first). */
export const COMPILED_QUERY_CACHE_SIZE = 1_000;

type Run = (context: unknown, variables: Record<string, unknown>) => Promise<ExecutionResult> | ExecutionResult;

/** graphql-jit's own errors come without `extensions`, which Apollo's error formatting expects on every error. */
function withErrorExtensions(result: ExecutionResult): ExecutionResult {
  for (const error of result.errors ?? []) {
    if (!error.extensions) Object.defineProperty(error, 'extensions', { value: {}, enumerable: true });
  }
  return result;
}

/**
 * Executes operations with graphql-jit instead of graphql-js: each distinct operation is compiled once into a
 * function and reused. graphql-jit cannot compile variables of recursive input types (`$filter: AgreementFilter`
 * nests `hasCommitment: CommitmentFilter`, which nests `agreement: AgreementFilter`), so such operations, and any
 * other it refuses, run on graphql-js, with the same results. Apollo Server accepts a custom executor only through
 * its gateway interface; parsing, validation (with the graphql-armor rules) and error formatting stay Apollo's.
 */
export function jitGateway(schema: GraphQLSchema): GatewayInterface {
  const cache = new Map<string, Run>();

  const compile = (document: Parameters<typeof compileQuery>[1], operationName: string | undefined): Run => {
    const compiled = compileQuery(schema, document as Parameters<typeof compileQuery<Record<string, unknown>>>[1], operationName);
    if (isCompiledQuery(compiled)) {
      return async (context, variables) => withErrorExtensions(await (compiled.query(undefined, context, variables) as Promise<ExecutionResult>));
    }
    return (context, variables) => execute({ schema, document, operationName, contextValue: context, variableValues: variables });
  };

  const executor: GatewayExecutor = async (requestContext) => {
    const key = `${requestContext.queryHash}:${requestContext.operationName ?? ''}`;
    let run = cache.get(key);
    if (run) {
      cache.delete(key);
    } else {
      run = compile(requestContext.document, requestContext.operationName ?? undefined);
      if (cache.size >= COMPILED_QUERY_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(key, run);
    return run(requestContext.context, requestContext.request.variables ?? {});
  };

  return {
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    async stop() {},
  };
}
