import type { HTTPGraphQLResponse } from '@apollo/server';
import { DocumentNode, FragmentDefinitionNode, getVariableValues, GraphQLSchema, Kind, OperationDefinitionNode } from 'graphql';
import type { SqlRunner } from '../shared/context/request-context';
import type { OperationCheck } from '../shared/limits/operation-check';
import { perDocumentMemo } from '../shared/limits/per-document-memo';
import { countFastPathAnswer, countOperation } from '../shared/metrics/metrics';
import { failsAgain } from './failure';
import { compileReadPlan } from './json';
import { planRead } from './plan';
import { JsonText, stringifyResult } from './response-text';
import type { RenderedSql } from '../shared/sql/sql';

// The read fast path (issue 17, speed). A covered query costs one statement in PostgreSQL, but through Apollo Server
// it also pays, on every request, the request pipeline: parse and validation caches looked up by hash, every plugin's
// hooks, a context, response formatting. Apollo has already proved, the first time it answered a document through
// the JSON path, everything about it that does not depend on the variables: it parses and validates (limits of
// depth, aliases, directives, tokens included), it names an operation that is a query, it is a trusted document
// when they are enforced, and the read plan covers it. So a request with the same text, the same operation name,
// through the same door (POST, JSON, the same Accept header, anonymous or not) is answered here: the checks that
// depend on the variables (node count, filter size, input guard: the very functions Apollo's plugins run, with their
// memo), variables coerced and the plan's arguments checked (planRead), one statement, and the same response text and
// head Apollo sent. Whatever it cannot prove, it does not answer: the request goes to Apollo, which answers it as
// before (errors included) and so teaches the fast path nothing new.

/** An operation Apollo resolved, with what the read plan reads of it: none of it depends on the variables. */
export interface ResolvedQuery {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
}

/** The fragments of a document by name, as the read plan takes them. */
export function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  return fragments;
}

/**
 * The statement that answers a query, or null when the read plan does not cover it with these variables (variables
 * that do not coerce, an argument refused, a field not covered). Planning and compiling depend only on the document,
 * the operation and the variables (the read moment is one of them), so the result is remembered per document and
 * variables, like the node count: a request repeated with the same variables is neither planned nor compiled again.
 */
export function readStatements(): (
  query: ResolvedQuery,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
) => RenderedSql | null {
  const memo = perDocumentMemo<RenderedSql | null>();
  return (query, operationName, variables) =>
    memo(query.document, operationName, variables, () => {
      const coerced = getVariableValues(query.schema, query.operation.variableDefinitions ?? [], variables ?? {});
      if (coerced.errors) return null;
      const planned = planRead({ schema: query.schema, operation: query.operation, fragments: query.fragments, variables: coerced.coerced });
      return 'notCovered' in planned ? null : compileReadPlan(planned.plan);
    });
}

/** A GraphQL request over HTTP, as the front has read it (the body parsed when it was JSON). */
export interface HttpQuery {
  method: string;
  /** The request's Accept header: Apollo picks the response's content type from it. */
  accept: string | undefined;
  /** No token: the answer's Cache-Control depends on it. */
  anonymous: boolean;
  body: unknown;
}

/** A statement failure the request would meet again at once (see failsAgain): Apollo answers with it. */
export interface FastFailure {
  failed: unknown;
}

/** What the fast path sends: Apollo's status and headers for this kind of request, and the response text. */
export interface FastAnswer {
  status: number;
  headers: readonly (readonly [string, string])[];
  body: string;
}

/** The status and headers Apollo sent for a document through one door. */
interface Head {
  status: number;
  headers: [string, string][];
}

interface Learned {
  query: ResolvedQuery;
  heads: Map<string, Head>;
}

/** Documents remembered (then forgotten all at once, like the statement names of src/db/sql-runner.ts). */
const MAX_DOCUMENTS = 1_000;
/** Doors remembered per document (Accept headers times anonymous or not). */
const MAX_HEADS = 16;

/**
 * The text, operation name and variables of a POST body of the plain shape (`query` a string; `operationName` a
 * string or absent; `variables` an object or absent; no `extensions`), as Apollo Server reads them; else undefined.
 *
 * @example plainQuery({ query: '{ a }', variables: null }) // => { query: '{ a }', operationName: undefined, variables: undefined }
 */
export function plainQuery(
  body: unknown,
): { query: string; operationName: string | undefined; variables: Record<string, unknown> | undefined } | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { query, operationName, variables, extensions } = body as Record<string, unknown>;
  if (typeof query !== 'string' || extensions !== undefined) return undefined;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return undefined;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  return { query, operationName: operationName ?? undefined, variables: (variables ?? undefined) as Record<string, unknown> | undefined };
}

const documentKey = (query: string, operationName: string | undefined) => `${operationName ?? ''}\u0000${query}`;
const headKey = (request: HttpQuery) => `${request.method}\u0000${request.anonymous}\u0000${request.accept ?? ''}`;

/**
 * The read fast path: learns from Apollo's answers through the JSON path ({@link ReadFastPath.noteAnswered} by the
 * plugin, {@link ReadFastPath.learn} by the HTTP front), then answers the same documents without Apollo
 * ({@link ReadFastPath.answer}). Off (never learns, never answers) when the JSON path is off (READ_JSON_PATH=off).
 */
export class ReadFastPath {
  /** Requests answered here (a test hook; /metrics counts them as graphql_fast_path_answers_total). */
  hits = 0;
  private readonly learned = new Map<string, Learned>();
  private readonly answered = new WeakMap<object, ResolvedQuery>();
  /** The statements of covered queries, shared with the JSON path's plugin (one plan and one compile per variables). */
  readonly statement = readStatements();

  constructor(private readonly options: { enabled: boolean; checks: readonly OperationCheck[] }) {}

  get enabled(): boolean {
    return this.options.enabled;
  }

  /**
   * The JSON path answered this HTTP request (the object the front gave Apollo, which hands it to plugins as
   * `request.http`; Apollo copies the context value, so that cannot name the request) for this query.
   */
  noteAnswered(httpRequest: object, query: ResolvedQuery): void {
    if (this.options.enabled) this.answered.set(httpRequest, query);
  }

  /**
   * After Apollo answered `request`: if the JSON path answered it (nothing else did: no errors, no resolvers) and the
   * request is of the plain shape, remembers its document and the head Apollo sent through this door.
   */
  learn(request: HttpQuery, httpRequest: object, response: HTTPGraphQLResponse): void {
    const query = this.answered.get(httpRequest);
    if (!query || request.method !== 'POST' || response.body.kind !== 'complete') return;
    const plain = plainQuery(request.body);
    if (!plain) return;
    const key = documentKey(plain.query, plain.operationName);
    let entry = this.learned.get(key);
    if (!entry || entry.query.document !== query.document) {
      if (this.learned.size >= MAX_DOCUMENTS) this.learned.clear();
      this.learned.set(key, (entry = { query, heads: new Map() }));
    }
    if (entry.heads.size >= MAX_HEADS) entry.heads.clear();
    entry.heads.set(headKey(request), { status: response.status ?? 200, headers: [...response.headers] });
  }

  /**
   * Answers a request whose document and door Apollo has answered before through the JSON path, if this one passes
   * the same checks and the plan covers it with its variables; else undefined, and the request goes to Apollo.
   */
  async answer(request: HttpQuery, sql: SqlRunner): Promise<FastAnswer | FastFailure | undefined> {
    if (!this.options.enabled || request.method !== 'POST') return undefined;
    const plain = plainQuery(request.body);
    const entry = plain && this.learned.get(documentKey(plain.query, plain.operationName));
    const head = entry?.heads.get(headKey(request));
    if (!plain || !entry || !head) return undefined;
    const { query } = entry;
    const resolved = {
      schema: query.schema,
      document: query.document,
      operationName: query.operation.name?.value ?? null,
      request: { operationName: plain.operationName, variables: plain.variables },
    };
    if (this.options.checks.some((check) => check(resolved) !== undefined)) return undefined;
    const statement = this.statement(query, plain.operationName, plain.variables);
    if (!statement) return undefined;
    let rows: { data: string }[];
    try {
      rows = await sql<{ data: string }>(statement.text, statement.values, statement.planWithValues);
    } catch (error) {
      // Apollo answers it: the resolvers report the error. A failure that would only repeat (the database away, the
      // statement timeout) is handed over, so that Apollo's path answers with it instead of waiting for it again.
      return failsAgain(error) ? { failed: error } : undefined;
    }
    // No row: a guard of the statement failed (an unknown slug to compare, see analysisGuard); the resolvers report it.
    if (rows.length === 0) return undefined;
    countOperation('query');
    countFastPathAnswer();
    this.hits += 1;
    const data = new JsonText(rows[0].data) as unknown as Record<string, unknown>;
    return { status: head.status, headers: head.headers, body: stringifyResult({ data }) };
  }
}
