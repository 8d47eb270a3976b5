import fs from 'node:fs';
import path from 'node:path';
import { getOperationAST, getVariableValues, GraphQLSchema, parse } from 'graphql';
import { DEFAULT_MAX_FILTER_NODES, PROJECT_ROOT } from '../config/config';
import { BadUserInputError } from '../shared/errors/errors';
import { checkOperationInputs } from '../shared/input-guard/input-guard';
import { countOperationFilterNodes, filterTooComplex } from '../shared/limits/filter-complexity';
import { withoutSuggestions } from '../shared/limits/query-limits';

/** The report kinds: each a GraphQL operation in `src/reports/operations/<kind>.graphql` plus a renderer. */
export const REPORT_KINDS = ['agreement-brief', 'coverage-matrix', 'pledges-by-provider', 'constraints-digest', 'changes-since'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** The formats every kind renders to. */
export const REPORT_FORMATS = ['md', 'csv', 'json', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** What a report may be asked for; each kind reads the ones it knows. */
export interface ReportParams {
  /** agreement-brief: the agreement's slug. */
  agreement?: string;
  /** agreement-brief: the peers to compare with (default: the most similar agreements). */
  peers?: string[];
  /** coverage-matrix, pledges-by-provider, constraints-digest: a filter of the kind's collection (JSON). */
  filter?: Record<string, unknown>;
  /** coverage-matrix: roll domains up to this depth (default 2). */
  depth?: number;
  /** changes-since: the moment since when (the scheduler passes the previous run's). */
  since?: string;
}

/** A source a report cites. */
export interface CitedSource {
  key: string;
  title: string;
  publisher?: string | null;
  url?: string | null;
}

/** A report's data, ready to render: what was asked, as of when, the answer, and the sources it rests on. */
export interface ReportData {
  kind: ReportKind;
  title: string;
  params: ReportParams;
  /** When the data was read (RFC 3339). */
  asOf: string;
  data: any;
  sources: CitedSource[];
}

/**
 * Runs a GraphQL operation and returns its `data`, or throws with the errors' messages: in-process against the
 * schema (the CLI, the worker) or over HTTP against a remote API (`--api`).
 */
export type GraphQLCaller = (document: string, variables: Record<string, unknown>, operationName?: string) => Promise<any>;

/** The text of a report kind's operation. */
export function operationOf(kind: ReportKind): string {
  return fs.readFileSync(path.join(PROJECT_ROOT, 'src', 'reports', 'operations', `${kind}.graphql`), 'utf8');
}

/** Checks a kind and a format named as in the CLI (`coverage-matrix`, `csv`). */
export function checkKindAndFormat(kind: string, format: string): { kind: ReportKind; format: ReportFormat } {
  if (!(REPORT_KINDS as readonly string[]).includes(kind)) {
    throw new BadUserInputError(`unknown report kind "${kind}"; kinds are ${REPORT_KINDS.join(', ')}`, { field: 'kind' });
  }
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new BadUserInputError(`unknown report format "${format}"; formats are ${REPORT_FORMATS.join(', ')}`, { field: 'format' });
  }
  return { kind: kind as ReportKind, format: format as ReportFormat };
}

/** The operation each kind runs with the parameters it is given, as that operation's variables. */
function variablesOf(kind: ReportKind, params: ReportParams): { operationName: string; variables: Record<string, unknown> } {
  switch (kind) {
    case 'agreement-brief':
      return { operationName: 'AgreementBrief', variables: { slug: params.agreement, peers: params.peers ?? [] } };
    case 'coverage-matrix':
      return { operationName: 'CoverageMatrix', variables: { filter: params.filter ?? null, depth: params.depth ?? null } };
    case 'pledges-by-provider':
      return { operationName: 'PledgesByProvider', variables: { filter: params.filter ?? null } };
    case 'constraints-digest':
      return { operationName: 'ConstraintsDigest', variables: { filter: params.filter ?? null } };
    case 'changes-since':
      return { operationName: 'ChangesSince', variables: { since: params.since ?? null } };
  }
}

/**
 * Checks the parameters as the kind's operation will take them, before a run is queued: GraphQL's coercion of its
 * variables (types, enum values, unknown filter fields), the input guard (values PostgreSQL cannot take) and the
 * filter limit (MAX_FILTER_NODES). Any problem is BAD_USER_INPUT naming it, without schema hints ("Did you mean").
 */
function checkAsOperation(schema: GraphQLSchema, kind: ReportKind, params: ReportParams, maxFilterNodes: number): void {
  const document = parse(operationOf(kind));
  const { operationName, variables: given } = variablesOf(kind, params);
  // The run reads as of the moment it starts (collectReport); any moment checks the same.
  const variables = { asOf: new Date().toISOString(), ...given };
  const operation = getOperationAST(document, operationName)!;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 5 });
  if (coerced.errors) {
    const message = coerced.errors.map((error) => withoutSuggestions(error.message)).join('; ');
    throw new BadUserInputError(`invalid params for ${kind}: ${message}`, { field: 'params' });
  }
  const problem = checkOperationInputs(schema, document, operationName, variables);
  if (problem) throw new BadUserInputError(`invalid params for ${kind}: ${problem.message}`, { field: 'params' });
  const found = countOperationFilterNodes(schema, document, operationName, variables);
  if (maxFilterNodes > 0 && found > maxFilterNodes) {
    throw new BadUserInputError(`invalid params for ${kind}: ${filterTooComplex(found, maxFilterNodes).message}`, {
      field: 'params.filter',
      found,
      limit: maxFilterNodes,
      setting: 'MAX_FILTER_NODES',
    });
  }
}

/**
 * Checks the parameters a kind needs, as its operation would on `schema` (see checkAsOperation), before anything is
 * queued. The schema is handed in (a resolver's `info.schema`, the app's built schema): the report modules are part of
 * the schema, so importing its assembly would make a cycle.
 */
export function checkParams(schema: GraphQLSchema, kind: ReportKind, params: ReportParams, maxFilterNodes = DEFAULT_MAX_FILTER_NODES): ReportParams {
  if (kind === 'agreement-brief' && !params.agreement)
    throw new BadUserInputError('agreement-brief needs an agreement slug', { field: 'params.agreement' });
  if (params.since !== undefined && Number.isNaN(Date.parse(params.since))) {
    throw new BadUserInputError(`since must be a date-time; got "${params.since}"`, { field: 'params.since' });
  }
  if (params.filter !== undefined && (typeof params.filter !== 'object' || params.filter === null || Array.isArray(params.filter))) {
    throw new BadUserInputError('filter must be a JSON object in the filter language', { field: 'params.filter' });
  }
  checkAsOperation(schema, kind, params, maxFilterNodes);
  return params;
}

function uniqueSources(sources: (CitedSource | null | undefined)[]): CitedSource[] {
  const byKey = new Map<string, CitedSource>();
  for (const source of sources) if (source && !byKey.has(source.key)) byKey.set(source.key, source);
  return [...byKey.values()].sort((a, b) => a.title.localeCompare(b.title));
}

async function allPages(call: GraphQLCaller, document: string, variables: Record<string, unknown>, field: string): Promise<any[]> {
  const nodes: any[] = [];
  let after: string | null = null;
  do {
    const data = await call(document, { ...variables, after });
    nodes.push(...data[field].nodes);
    after = data[field].pageInfo.hasNextPage ? data[field].pageInfo.endCursor : null;
  } while (after);
  return nodes;
}

/**
 * Reads a report's data through the GraphQL API (the same schema, whichever side of the network); `schema` is the
 * API's, to check the parameters before the first call.
 */
export async function collectReport(schema: GraphQLSchema, kind: ReportKind, params: ReportParams, call: GraphQLCaller): Promise<ReportData> {
  checkParams(schema, kind, params);
  // The moment the report states is the moment it reads: every call, every page, reads the data as of it, so a
  // report is one snapshot however long it takes and whatever is edited meanwhile.
  const asOf = new Date().toISOString();
  const document = operationOf(kind);
  switch (kind) {
    case 'agreement-brief': {
      let peers = params.peers;
      if (!peers || peers.length === 0) {
        const similar = await call(document, { asOf, slug: params.agreement }, 'AgreementPeers');
        peers = similar.similarAgreements.slice(0, 3).map((s: { agreement: { slug: string } }) => s.agreement.slug);
      }
      const slugs = [params.agreement!, ...peers!.filter((p) => p !== params.agreement)].slice(0, 10);
      const data = await call(document, { asOf, slug: params.agreement, peers: slugs }, 'AgreementBrief');
      if (!data.agreement) throw new BadUserInputError(`no agreement has the slug "${params.agreement}"`, { field: 'params.agreement' });
      const agreement = data.agreement;
      return {
        kind,
        title: `Brief: ${agreement.title ?? agreement.shortTitle}`,
        params: { ...params, peers: slugs.slice(1) },
        asOf,
        data,
        sources: uniqueSources([
          ...agreement.sources,
          ...agreement.commitments.nodes.map((c: { source: CitedSource }) => c.source),
          ...agreement.constraints.nodes.map((c: { source: CitedSource }) => c.source),
        ]),
      };
    }
    case 'coverage-matrix': {
      const data = await call(document, { asOf, filter: params.filter ?? null, depth: params.depth ?? 2 });
      return {
        kind,
        title: 'Coverage matrix: agreements by cooperation domain',
        params,
        asOf,
        data,
        sources: uniqueSources(data.domainCoverage.agreements.flatMap((a: { sources: CitedSource[] }) => a.sources)),
      };
    }
    case 'pledges-by-provider': {
      const filter = { and: [{ amount: { isNull: false } }, ...(params.filter ? [params.filter] : [])] };
      const data = await call(document, { asOf, filter });
      return {
        kind,
        title: 'Pledges by provider, currency and year',
        params,
        asOf,
        data,
        sources: uniqueSources(data.sources.nodes.map((n: { source: CitedSource }) => n.source)),
      };
    }
    case 'constraints-digest': {
      const constraints = await allPages(call, document, { asOf, filter: params.filter ?? null }, 'constraints');
      return {
        kind,
        title: 'Constraints digest: limits on commitments, by kind and party',
        params,
        asOf,
        data: { constraints },
        sources: uniqueSources(constraints.map((c: { source: CitedSource }) => c.source)),
      };
    }
    case 'changes-since': {
      const changes = await allPages(call, document, { asOf, since: params.since ?? null }, 'changes');
      return { kind, title: `Changes to the corpus${params.since ? ` since ${params.since}` : ''}`, params, asOf, data: { changes }, sources: [] };
    }
  }
}
