import type { ApolloServerPlugin } from '@apollo/server';
import {
  DocumentNode,
  FragmentDefinitionNode,
  getArgumentValues,
  getNamedType,
  getOperationAST,
  getVariableValues,
  GraphQLArgument,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  SelectionSetNode,
} from 'graphql';
import { BadUserInputError } from '../errors/errors';
import { perDocumentMemo } from '../limits/per-document-memo';
import type { OperationCheck } from '../limits/operation-check';
import { isStorableMoment } from '../scalars/scalars';

/**
 * The one gate between a request's values and PostgreSQL. Every argument of every field an operation selects (its
 * literals and its variables, after GraphQL coerced them with the scalar parsers) is walked against the schema, and
 * anything PostgreSQL cannot store or compare is refused as BAD_USER_INPUT, naming the argument path, before any
 * resolver runs:
 * - text with a NUL character (`\u0000`; PostgreSQL text and jsonb cannot hold it) or a lone UTF-16 surrogate (not
 *   Unicode: it would be stored as U+FFFD, or refused);
 * - text longer than `maxStringLength` (MAX_STRING_LENGTH), or `maxTextLength` (MAX_TEXT_LENGTH) for the prose
 *   fields of mutation inputs (`PROSE_FIELDS`);
 * - numbers that are not finite, moments outside years 0001 to 9999;
 * - JSON values (report params, the records of an import) with any of these anywhere, keys included, or nested
 *   deeper than `MAX_INPUT_DEPTH`; variables nested deeper than that too (before GraphQL recurses into them).
 * Dates, decimals and ints are held to their column ranges by their scalars (src/shared/scalars, GraphQL's Int).
 */
export interface InputLimits {
  /** Any string argument or input field: filter values, search text, slugs, keys, names. */
  maxStringLength: number;
  /** The prose fields of mutation inputs and imported records (`PROSE_FIELDS`). */
  maxTextLength: number;
}

export const DEFAULT_INPUT_LIMITS: InputLimits = { maxStringLength: 10_000, maxTextLength: 100_000 };

/** How deeply objects and lists may nest in a variable or a JSON value (a filter's `and`/`or`/`not` included). */
export const MAX_INPUT_DEPTH = 32;

/** Fields of mutation inputs (types named `...Input`) and of imported records that hold prose: `maxTextLength`. */
export const PROSE_FIELDS: ReadonlySet<string> = new Set(['summary', 'quote', 'description', 'noUrlReason', 'supports']);

/** String arguments (`Type.field.argument`) that hold prose: `maxTextLength` (a whole agreement text). */
export const PROSE_ARGUMENTS: ReadonlySet<string> = new Set(['Mutation.attachAgreementText.text']);

/** String arguments that carry a JSON text whose values are written (`Type.field.argument`): checked inside too. */
export const JSON_TEXT_ARGUMENTS: ReadonlySet<string> = new Set(['Mutation.importRecords.json']);

/** Scalars whose values are free JSON. */
const JSON_SCALARS: ReadonlySet<string> = new Set(['JSON', 'JSONObject']);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A value refused, at a path such as `filter.title.contains` or `input.parties[0].actor`. */
export interface InputProblem {
  path: string;
  message: string;
}

/** Why PostgreSQL could not take this text, or undefined when it can. */
export function stringProblem(text: string, limit: number, limitName: string): string | undefined {
  if (text.length > limit) return `text of ${text.length} characters is longer than the limit of ${limit} (${limitName})`;
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return `text contains a NUL character (\\u0000) at position ${nul}, which cannot be stored`;
  const lone = LONE_SURROGATE.exec(text);
  if (lone) {
    const code = lone[0].charCodeAt(0).toString(16).toUpperCase();
    return `text contains a lone UTF-16 surrogate (\\u${code}) at position ${lone.index}: it is not Unicode text`;
  }
  return undefined;
}

function limitFor(limits: InputLimits, prose: boolean): [number, string] {
  return prose ? [limits.maxTextLength, 'MAX_TEXT_LENGTH'] : [limits.maxStringLength, 'MAX_STRING_LENGTH'];
}

/** Checks a leaf value whatever its scalar: strings, numbers, moments; an object or list is checked as JSON. */
function leafProblem(value: unknown, path: string, limits: InputLimits, prose: boolean, depth: number): InputProblem | undefined {
  if (typeof value === 'string') {
    const message = stringProblem(value, ...limitFor(limits, prose));
    return message ? { path, message } : undefined;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path, message: `${value} is not a finite number` };
  if (value instanceof Date) {
    return isStorableMoment(value) ? undefined : { path, message: 'a moment must fall in the years 0001 to 9999 (UTC)' };
  }
  if (typeof value === 'object' && value !== null) return jsonProblem(value, path, limits, depth);
  return undefined;
}

/**
 * Walks a JSON value without recursion: every key and string (a prose key's value gets `maxTextLength`), every
 * number, and the nesting depth.
 */
export function jsonProblem(value: unknown, path: string, limits: InputLimits, depth = 0): InputProblem | undefined {
  const stack: [unknown, string, number, boolean][] = [[value, path, depth, false]];
  while (stack.length > 0) {
    const [current, at, level, prose] = stack.pop()!;
    if (typeof current !== 'object' || current === null || current instanceof Date) {
      const problem = leafProblem(current, at, limits, prose, level);
      if (problem) return problem;
      continue;
    }
    if (level >= MAX_INPUT_DEPTH) return { path: at, message: `values nest deeper than ${MAX_INPUT_DEPTH} levels` };
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], `${at}[${i}]`, level + 1, false]);
      continue;
    }
    for (const [key, inner] of Object.entries(current)) {
      const message = stringProblem(key, ...limitFor(limits, false));
      if (message) return { path: at, message: `a key: ${message}` };
      stack.push([inner, `${at}.${key}`, level + 1, PROSE_FIELDS.has(key)]);
    }
  }
  return undefined;
}

/** Checks a JSON text's characters, then (when it parses) its values: the records of an import. */
function jsonTextProblem(text: string, path: string, limits: InputLimits): InputProblem | undefined {
  // The text as a whole is bounded by the request body, not by a string limit.
  const message = stringProblem(text, Number.MAX_SAFE_INTEGER, '');
  if (message) return { path, message };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined; // the import reports bad JSON itself, with its position
  }
  return jsonProblem(parsed, path, limits);
}

/**
 * Checks a value of an input type, as GraphQL coerced it: input objects and lists by their fields and items, enums
 * as they are (GraphQL checked them), JSON scalars as JSON, other scalars by their value.
 */
export function inputValueProblem(
  value: unknown,
  type: GraphQLInputType,
  path: string,
  limits: InputLimits,
  prose = false,
  depth = 0,
): InputProblem | undefined {
  if (value === null || value === undefined) return undefined;
  if (depth > MAX_INPUT_DEPTH) return { path, message: `values nest deeper than ${MAX_INPUT_DEPTH} levels` };
  const nullable = isNonNullType(type) ? type.ofType : type;
  if (isListType(nullable)) {
    if (!Array.isArray(value)) return inputValueProblem(value, nullable.ofType, path, limits, prose, depth + 1);
    for (let i = 0; i < value.length; i++) {
      const problem = inputValueProblem(value[i], nullable.ofType, `${path}[${i}]`, limits, prose, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  if (isInputObjectType(nullable)) {
    if (typeof value !== 'object') return undefined;
    const fields = nullable.getFields();
    const mutationInput = nullable.name.endsWith('Input');
    for (const [name, inner] of Object.entries(value)) {
      const field = fields[name];
      if (!field) continue;
      const problem = inputValueProblem(inner, field.type, `${path}.${name}`, limits, mutationInput && PROSE_FIELDS.has(name), depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  if (isEnumType(nullable)) return undefined;
  if (JSON_SCALARS.has(nullable.name)) return jsonProblem(value, path, limits, depth);
  return leafProblem(value, path, limits, prose, depth);
}

/** Whether a raw value (a variable as the client sent it) nests deeper than `max`; without recursion. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, level] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (level >= max) return true;
    for (const inner of Object.values(current)) if (typeof inner === 'object' && inner !== null) stack.push([inner, level + 1]);
  }
  return false;
}

/** `agreements(filter.title.contains): text contains a NUL character ...`, with the path in `extensions.field`. */
function refusal(where: string, problem: InputProblem): BadUserInputError {
  // Refused before execution, like a variable GraphQL cannot coerce: HTTP 400 (Apollo removes `http` from the body).
  return new BadUserInputError(`${where}(${problem.path}): ${problem.message}`, { field: problem.path, http: { status: 400 } });
}

/** One argument of a field an operation selects, with its value as GraphQL coerced it (variables substituted). */
export interface OperationArgument {
  /** The response path of the field (`agreements`, `agreement.commitments`, aliases as written). */
  where: string;
  /** `Query.agreements.filter` */
  coordinate: string;
  argument: GraphQLArgument;
  value: unknown;
}

/**
 * Calls `visit` with every argument of every field an operation selects (fragments expanded once), with its coerced
 * value, and returns the first result `visit` gives that is not undefined. Values GraphQL itself cannot coerce are
 * skipped: GraphQL refuses them with its own message. Shared by the input guard and the filter limit, so both see
 * exactly what the resolvers will see, from literals and variables alike.
 */
export function visitOperationArguments<T>(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
  visit: (argument: OperationArgument) => T | undefined,
): T | undefined {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return undefined;
  // GraphQL coerces variables recursively: deeper ones are the input guard's to refuse, never walked here.
  if (Object.values(variables ?? {}).some((value) => nestsDeeperThan(value, MAX_INPUT_DEPTH))) return undefined;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 1 });
  if (coerced.errors) return undefined;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const seenFragments = new Set<string>();

  const walk = (parent: GraphQLNamedType | undefined, selectionSet: SelectionSetNode, at: string[]): T | undefined => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const field = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
        if (!field) continue; // __typename and introspection fields read no data
        const where = [...at, selection.alias?.value ?? name];
        if (selection.arguments && selection.arguments.length > 0) {
          let args: Record<string, unknown>;
          try {
            args = getArgumentValues(field, selection, coerced.coerced);
          } catch {
            continue; // GraphQL will refuse it with its own message
          }
          for (const argument of field.args) {
            const result = visit({
              where: where.join('.'),
              coordinate: `${parent!.name}.${name}.${argument.name}`,
              argument,
              value: args[argument.name],
            });
            if (result !== undefined) return result;
          }
        }
        if (selection.selectionSet) {
          const inner = walk(getNamedType(field.type), selection.selectionSet, where);
          if (inner !== undefined) return inner;
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        const inner = walk(type, selection.selectionSet, at);
        if (inner !== undefined) return inner;
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seenFragments.has(name)) continue;
        seenFragments.add(name);
        const inner = walk(schema.getType(fragment.typeCondition.name.value), fragment.selectionSet, at);
        if (inner !== undefined) return inner;
      }
    }
    return undefined;
  };
  return walk(schema.getRootType(operation.operation) ?? undefined, operation.selectionSet, []);
}

/**
 * The first value of an operation PostgreSQL could not take, as a BAD_USER_INPUT error naming the field and argument
 * path (`agreements(filter.title.contains): ...`, `extensions.field`), or undefined. Values GraphQL itself cannot
 * coerce are left to GraphQL, which refuses them with their own message.
 */
export function checkOperationInputs(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
  limits: InputLimits = DEFAULT_INPUT_LIMITS,
): BadUserInputError | undefined {
  for (const [name, value] of Object.entries(variables ?? {})) {
    if (nestsDeeperThan(value, MAX_INPUT_DEPTH)) {
      return refusal('variables', { path: `$${name}`, message: `values nest deeper than ${MAX_INPUT_DEPTH} levels` });
    }
  }
  return visitOperationArguments(schema, document, operationName, variables, ({ where, coordinate, argument, value }) => {
    const problem = JSON_TEXT_ARGUMENTS.has(coordinate)
      ? typeof value === 'string'
        ? jsonTextProblem(value, argument.name, limits)
        : undefined
      : inputValueProblem(value, argument.type, argument.name, limits, PROSE_ARGUMENTS.has(coordinate));
    return problem ? refusal(where, problem) : undefined;
  });
}

/** `checkOperationInputs` as an operation check; clean results are remembered per document and variables. */
export function inputGuardCheck(limits: InputLimits = DEFAULT_INPUT_LIMITS): OperationCheck {
  // Only a clean result is remembered: a refusal is a fresh error each time (errors are not shared between requests).
  const memo = perDocumentMemo<boolean>((clean) => clean);
  return ({ schema, document, operationName, request }) => {
    let problem: BadUserInputError | undefined;
    memo(document, operationName, request.variables, () => {
      problem = checkOperationInputs(schema, document, operationName, request.variables, limits);
      return problem === undefined;
    });
    return problem;
  };
}

/**
 * Runs `checkOperationInputs` on every operation Apollo Server resolves, after validation and before execution
 * (whichever executor runs it), and refuses the request with the first problem.
 */
export function inputGuardPlugin(
  limits: InputLimits = DEFAULT_INPUT_LIMITS,
  check: OperationCheck = inputGuardCheck(limits),
): ApolloServerPlugin<any> {
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
