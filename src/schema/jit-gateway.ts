import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  DocumentNode,
  execute,
  ExecutionResult,
  getNamedType,
  getOperationAST,
  GraphQLError,
  GraphQLInputObjectType,
  GraphQLSchema,
  isInputObjectType,
  Kind,
  printSchema,
  TypeNode,
} from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';

/** How many compiled operations are kept (least recently used goes first). */
export const COMPILED_QUERY_CACHE_SIZE = 1_000;

type Run = (context: unknown, variables: Record<string, unknown>) => Promise<ExecutionResult> | ExecutionResult;

/**
 * graphql-jit's own errors (a null in a non-null field, a failed serialisation) come without `extensions`, which
 * Apollo's error formatting reads on every error: they are re-created as graphql-js errors, location kept.
 */
function withErrorExtensions(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.some((error) => !error.extensions)) return result;
  const errors = result.errors.map((error) => {
    if (error.extensions) return error;
    const copy = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? error, extensions: {} });
    return Object.assign(copy, { locations: error.locations });
  });
  return { ...result, errors };
}

/**
 * A result with errors and no `data` failed before execution began: its variables could not be coerced (an invalid
 * date, an unknown currency, a wrong type). Apollo codes those BAD_USER_INPUT when it coerces variables itself; with a
 * gateway executor it does not, so the code is added here (else they would be masked as internal errors).
 */
export function withVariableErrorCodes(result: ExecutionResult): ExecutionResult {
  if (!result.errors || 'data' in result) return result;
  const errors = result.errors.map((error) => {
    if (typeof error.extensions?.code === 'string') return error;
    const copy = new GraphQLError(error.message, { path: error.path, extensions: { ...error.extensions, code: 'BAD_USER_INPUT' } });
    return Object.assign(copy, { locations: error.locations });
  });
  return { errors };
}

/** Input types that contain themselves, directly or through other input types (`AgreementFilter.hasCommitment.agreement`). */
export function recursiveInputTypes(schema: GraphQLSchema): Set<string> {
  const recursive = new Set<string>();
  const reaches = (from: GraphQLInputObjectType, target: string, seen: Set<string>): boolean => {
    for (const field of Object.values(from.getFields())) {
      const type = getNamedType(field.type);
      if (!isInputObjectType(type)) continue;
      if (type.name === target) return true;
      if (!seen.has(type.name)) {
        seen.add(type.name);
        if (reaches(type, target, seen)) return true;
      }
    }
    return false;
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isInputObjectType(type) && reaches(type, type.name, new Set())) recursive.add(type.name);
  }
  return recursive;
}

/** Whether the operation declares a variable whose type is (a list of) one of `types`. */
function usesVariablesOf(document: DocumentNode, operationName: string | undefined, types: Set<string>): boolean {
  const operation = getOperationAST(document, operationName);
  return (operation?.variableDefinitions ?? []).some((definition) => {
    let type: TypeNode = definition.type;
    while (type.kind !== Kind.NAMED_TYPE) type = type.type;
    return types.has(type.name.value);
  });
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
  const recursive = recursiveInputTypes(schema);

  const compile = (document: DocumentNode, operationName: string | undefined): Run => {
    // graphql-jit recurses on such variables for seconds, blocking the process, before it gives up: never try.
    const compiled = usesVariablesOf(document, operationName, recursive)
      ? undefined
      : compileQuery(schema, document as Parameters<typeof compileQuery<Record<string, unknown>>>[1], operationName);
    if (compiled && isCompiledQuery(compiled)) {
      return async (context, variables) =>
        withVariableErrorCodes(withErrorExtensions(await (compiled.query(undefined, context, variables) as Promise<ExecutionResult>)));
    }
    return async (context, variables) =>
      withVariableErrorCodes(await execute({ schema, document, operationName, contextValue: context, variableValues: variables }));
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
