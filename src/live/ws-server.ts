import type http from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, ExecutionArgs, getOperationAST, GraphQLError, GraphQLSchema, parse, specifiedRules, validate, ValidationRule } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { WebSocketServer, type WebSocket } from 'ws';
import { authenticateRequest } from '../shared/auth/authenticate';
import { Principal } from '../shared/auth/principal';
import { createRequestContext, ReportRequester } from '../shared/context/request-context';
import { createSqlRunner } from '../db/sql-runner';
import { AppError, ServiceUnavailableError, UnauthenticatedError } from '../shared/errors/errors';
import { primaryRunnerOf } from '../db/replicas';
import { DocumentManifest } from '../documents/manifest';
import { notAllowedError } from '../documents/trusted-documents';
import { LiveHub } from './live-hub';
import { checkOperationInputs, InputLimits } from '../shared/input-guard/input-guard';
import { countOperationFilterNodes, filterTooComplex } from '../shared/limits/filter-complexity';
import { LiveContext } from './live.resolver';
import { addressKey, clientAddress, RateLimiter } from '../shared/limits/rate-limit';

/**
 * Open WebSocket connections per client address, and the cap on them (WS_MAX_CONNECTIONS_PER_ADDRESS; 0: none), so
 * one client cannot hold every socket (and the subscriptions behind them) of a process.
 */
export class ConnectionCounter {
  private readonly counts = new Map<string, number>();

  constructor(readonly max: number) {}

  /** Whether `address` may open one more. */
  hasRoom(address: string): boolean {
    return this.max === 0 || (this.counts.get(address) ?? 0) < this.max;
  }

  /** Counts a connection opened; false (and not counted) when the address is at the cap. */
  open(address: string): boolean {
    if (!this.hasRoom(address)) return false;
    this.counts.set(address, (this.counts.get(address) ?? 0) + 1);
    return true;
  }

  /** Counts a connection closed. */
  close(address: string): void {
    const left = (this.counts.get(address) ?? 1) - 1;
    if (left > 0) this.counts.set(address, left);
    else this.counts.delete(address);
  }

  /** Addresses with a connection open (for tests). */
  get addresses(): number {
    return this.counts.size;
  }
}

/** The largest message a client may send, as the HTTP body limit. */
const MAX_MESSAGE_BYTES = 1_000_000;
/** How long a closing socket may take to answer before it is cut. */
const CLOSE_GRACE_MS = 1_000;

export interface LiveUpdatesOptions {
  /** The API's schema, which subscriptions execute on (the app hands it over: live/ is part of it). */
  schema: GraphQLSchema;
  dataSource: DataSource;
  logger: Logger;
  /** REQUIRE_TOKEN_FOR_READS: a connection without a valid token is refused. */
  requireTokenForReads: boolean;
  /** Rules every subscription document must pass besides GraphQL's own (the HTTP endpoint's limits). */
  validationRules?: readonly ValidationRule[];
  /** In trusted-documents mode, the only documents accepted. */
  trustedDocuments?: DocumentManifest;
  /** The input guard's limits: subscription arguments are checked as HTTP operations' are. */
  inputLimits?: InputLimits;
  /** MAX_FILTER_NODES: the filter limit HTTP operations get (0: none). */
  maxFilterNodes?: number;
  reports?: ReportRequester;
  /** The HTTP front's rate limiter (one per process): each connection is charged to its address, once. */
  rateLimiter?: RateLimiter;
  /** TRUST_PROXY: the client address is the last X-Forwarded-For entry. */
  trustProxy?: boolean;
  /** WS_MAX_CONNECTIONS_PER_ADDRESS: open connections one address may hold (0: no cap). */
  maxConnectionsPerAddress?: number;
}

/** What `attachLiveUpdates` returns: the hub (for tests and metrics) and how to stop. */
export interface LiveUpdates {
  hub: LiveHub;
  close(): Promise<void>;
}

/** The live updates attached to each HTTP server, for tests that wait for a subscription to be registered. */
const attached = new WeakMap<http.Server, LiveUpdates>();

/** The live updates of an HTTP server started by `startApp`, if any. */
export function liveUpdatesOf(server: http.Server): LiveUpdates | undefined {
  return attached.get(server);
}

/** The connection string (or parameters) of the primary pool: LISTEN/NOTIFY works on the primary only. */
function primaryConnection(dataSource: DataSource): Record<string, unknown> {
  const pool = (dataSource.driver as unknown as { master: Pool & { options: Record<string, unknown> } }).master;
  const { max: _max, maxUses: _maxUses, idleTimeoutMillis: _idle, statement_timeout: _timeout, ...connection } = pool.options;
  return connection;
}

type Extra = { socket: WebSocket; request: http.IncomingMessage; principal?: Principal | null };

/** The bearer token of a connection: `connection_init` payload `{ authorization: "Bearer ..." }` or `{ token }`, else the upgrade request's header. */
function authorizationOf(params: Record<string, unknown> | undefined, request: http.IncomingMessage): string | undefined {
  const fromParams = params?.authorization ?? params?.Authorization;
  if (typeof fromParams === 'string') return fromParams;
  if (typeof params?.token === 'string') return `Bearer ${params.token}`;
  return request.headers.authorization;
}

/** An error as a client sees it: codes kept, anything unexpected masked (and logged). */
function formatError(error: GraphQLError, logger: Logger): GraphQLError {
  const original = error.originalError;
  if (original instanceof AppError || (!original && typeof error.extensions?.code === 'string')) return error;
  if (!original) return error;
  logger.error({ err: original }, 'unexpected error in a subscription');
  return new GraphQLError('internal error', { path: error.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

/**
 * GraphQL subscriptions over WebSocket (the graphql-transport-ws protocol of `graphql-ws`) on the API's own HTTP
 * server, path /graphql: `corpusChanged(filter)` and `reportRunUpdated(id)`, fed by the process's LiveHub.
 *
 * - Authentication as over HTTP: the bearer token in the `connection_init` payload (`{ authorization: "Bearer <t>" }`
 *   or `{ token: "<t>" }`) or the upgrade request's `Authorization` header. A bad token, or none with
 *   REQUIRE_TOKEN_FOR_READS, closes the socket with 4401 and the reason.
 * - Only subscriptions go here (queries and mutations are POSTed, with the HTTP limits); documents pass GraphQL's
 *   validation and the endpoint's extra rules, and in trusted-documents mode must be manifest documents (by text,
 *   or by hash in `extensions.persistedQuery.sha256Hash`).
 */
export async function attachLiveUpdates(server: http.Server, options: LiveUpdatesOptions): Promise<LiveUpdates> {
  const { dataSource, logger, requireTokenForReads, trustedDocuments, reports } = options;
  const sql = createSqlRunner(dataSource);
  // The hub reads what was just notified: on the primary, since a replica may not have it yet.
  const hub = new LiveHub(primaryRunnerOf(sql), primaryConnection(dataSource), logger);
  await hub.start();
  const { schema } = options;
  const rules = [...specifiedRules, ...(options.validationRules ?? [])];
  const { rateLimiter, trustProxy = false, maxConnectionsPerAddress = 0 } = options;
  const connections = new ConnectionCounter(maxConnectionsPerAddress);
  // Before the upgrade: the address's connection cap and its rate (one request charged per connection, before its
  // token is looked up at connection_init); refused with HTTP 429 and Retry-After, as the HTTP routes refuse.
  const wss = new WebSocketServer({
    server,
    path: '/graphql',
    maxPayload: MAX_MESSAGE_BYTES,
    verifyClient: (info, accept) => {
      const address = clientAddress(info.req, trustProxy);
      if (!connections.hasRoom(address)) {
        return accept(false, 429, `Too many connections: at most ${maxConnectionsPerAddress} open at once per client address.`, {
          'retry-after': '10',
        });
      }
      const decision = rateLimiter?.take(addressKey(info.req, trustProxy));
      if (decision && !decision.allowed) {
        return accept(false, 429, `Too many requests: retry in ${decision.retryAfterSeconds} s.`, {
          'retry-after': String(decision.retryAfterSeconds),
        });
      }
      accept(true);
    },
  });
  wss.on('connection', (socket, request) => {
    const address = clientAddress(request, trustProxy);
    // Upgrades verified at once may overshoot the cap: the overshoot is closed here (4429, as graphql-ws says "too many").
    if (!connections.open(address)) return socket.close(4429, 'Too many connections from this address');
    socket.once('close', () => connections.close(address));
  });

  const disposable = useServer<Record<string, unknown>, Extra>(
    {
      schema,
      // The token is checked once, when the connection opens.
      async onConnect(ctx) {
        // The connection was charged to its address when it opened (verifyClient), before this look-up, and
        // graphql-ws takes one connection_init per socket: a made-up token costs one charged connection each.
        try {
          ctx.extra.principal = await authenticateRequest(
            sql,
            { authorization: authorizationOf(ctx.connectionParams, ctx.extra.request) },
            requireTokenForReads,
          );
          return true;
        } catch (error) {
          if (error instanceof ServiceUnavailableError) {
            // The database is away: 1013 (try again later), as HTTP answers 503.
            ctx.extra.socket.close(1013, `SERVICE_UNAVAILABLE: ${error.message}`.slice(0, 123));
            return false;
          }
          if (!(error instanceof UnauthenticatedError)) throw error;
          // 4401 with the reason (graphql-ws would say only 4403 Forbidden); the socket is closing, so its own close is a no-op.
          ctx.extra.socket.close(CloseCode.Unauthorized, `UNAUTHENTICATED: ${error.message}`.slice(0, 123));
          return false;
        }
      },
      onSubscribe(_ctx, _id, payload): ExecutionArgs | readonly GraphQLError[] {
        let text = payload.query;
        const hash = (payload.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash;
        if (!text && typeof hash === 'string') {
          const found = trustedDocuments?.get(hash);
          if (!found) return [new GraphQLError('PersistedQueryNotFound', { extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } })];
          text = found;
        }
        if (trustedDocuments && !trustedDocuments.includesText(text)) return [notAllowedError()];
        let document: DocumentNode;
        try {
          document = parse(text);
        } catch (error) {
          return [new GraphQLError((error as Error).message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
        }
        const invalid = validate(schema, document, rules);
        if (invalid.length > 0) {
          return invalid.map((error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
        }
        const operation = getOperationAST(document, payload.operationName);
        if (operation?.operation !== 'subscription') {
          return [
            new GraphQLError('only subscriptions go over WebSocket; send queries and mutations to POST /graphql', {
              extensions: { code: 'BAD_REQUEST' },
            }),
          ];
        }
        // The same input guard as HTTP operations: a subscription filter never carries what PostgreSQL cannot take.
        const refused = checkOperationInputs(schema, document, payload.operationName, payload.variables ?? undefined, options.inputLimits);
        if (refused) return [refused];
        // And the same filter limit (a subscription's filter is compiled to SQL like any other).
        const limit = options.maxFilterNodes ?? 0;
        if (limit > 0) {
          const found = countOperationFilterNodes(schema, document, payload.operationName, payload.variables ?? undefined);
          if (found > limit) {
            const error = filterTooComplex(found, limit);
            const { http: _http, ...extensions } = error.extensions;
            return [new GraphQLError(error.message, { extensions })];
          }
        }
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
      },
      context(ctx): LiveContext {
        return { ...createRequestContext(sql, { principal: ctx.extra.principal ?? null, dataSource, reports }), live: hub };
      },
      onNext(_ctx, _id, _payload, _args, result) {
        if (!result.errors?.length) return undefined;
        return { ...result, errors: result.errors.map((error) => formatError(error as GraphQLError, logger).toJSON()) };
      },
      onError(_ctx, _id, _payload, errors) {
        return errors.map((error) => formatError(error, logger).toJSON());
      },
    },
    wss,
  );

  const live: LiveUpdates = {
    hub,
    async close() {
      attached.delete(server);
      // Going away: clients reconnect elsewhere. A socket that does not answer the close is cut.
      const sockets = [...wss.clients];
      const cut = setTimeout(() => sockets.forEach((socket) => socket.terminate()), CLOSE_GRACE_MS);
      await disposable.dispose();
      clearTimeout(cut);
      await hub.stop();
    },
  };
  attached.set(server, live);
  return live;
}

/**
 * Refuses subscription operations sent over HTTP with a 400 that says where they go (Apollo Server would try to
 * execute them as queries).
 */
export function subscriptionsOverHttpPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation === 'subscription') {
            throw new GraphQLError('subscriptions go over WebSocket (graphql-transport-ws) at /graphql, not HTTP', {
              extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
