import { GraphQLError } from 'graphql';
import { loadConfig } from '../../src/config/config';
import { isDatabaseUnavailable, serviceUnavailable } from '../../src/db/availability';
import { isReadOnlyStatement } from '../../src/db/replicas';
import { ServiceUnavailableError } from '../../src/shared/errors/errors';
import { routeOf } from '../../src/shared/metrics/metrics';

describe('read routing: which statements a replica may run', () => {
  it.each([
    'SELECT id FROM agreement WHERE slug = $1',
    '  select 1',
    'WITH RECURSIVE sub(id) AS (SELECT id FROM cooperation_domain) SELECT * FROM sub',
    'SELECT a.updated_at, a.deleted_at FROM agreement a',
  ])('reads: %s', (text) => expect(isReadOnlyStatement(text)).toBe(true));

  it.each([
    'UPDATE api_token SET last_used_at = now() WHERE id = $1',
    'INSERT INTO report_schedule (kind) VALUES ($1) RETURNING id',
    'DELETE FROM report_run WHERE id = $1',
    'WITH moved AS (DELETE FROM report_run RETURNING id) SELECT count(*) FROM moved',
    'WITH x AS (UPDATE report_schedule SET ended_at = now() RETURNING id) SELECT * FROM x',
    'SELECT id FROM agreement WHERE id = $1 FOR UPDATE',
    'SELECT id FROM agreement FOR NO KEY UPDATE',
    'SELECT id FROM agreement FOR SHARE',
    "SELECT nextval('agreement_id_seq')",
    "SELECT pg_notify('corpus', $1)",
    "SELECT set_config('app.actor', $1, true)",
    'SELECT pg_advisory_lock(1)',
    'BEGIN',
    'LOCK TABLE agreement',
  ])('goes to the primary: %s', (text) => expect(isReadOnlyStatement(text)).toBe(false));
});

describe('what counts as the database being unavailable', () => {
  it.each([
    ['refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['refused on every address', Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })], ''), {})],
    ['shutting down', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['starting up', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['too many connections', Object.assign(new Error('sorry, too many clients already'), { code: '53300' })],
    ['connection exception class', Object.assign(new Error('connection failure'), { code: '08006' })],
    ['pool wait timed out', new Error('timeout exceeded when trying to connect')],
    ['connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['no answer in time', new Error('Query read timeout')],
    ["TypeORM's wrapper", Object.assign(new Error('query failed'), { driverError: Object.assign(new Error('x'), { code: '57P01' }) })],
  ])('%s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    const coded = serviceUnavailable(error);
    expect(coded).toBeInstanceOf(ServiceUnavailableError);
    expect(coded.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', http: { status: 503 } });
    // The cause stays for the log, never in the message a client sees.
    expect(coded.message).not.toContain((error as Error).message || '#');
    expect((coded as { cause?: unknown }).cause).toBe(error);
  });

  it.each([
    ['a syntax error', Object.assign(new Error('syntax error at or near "x"'), { code: '42601' })],
    ['a unique violation', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['a statement timeout', Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' })],
    ['a GraphQL error', new GraphQLError('bad')],
    ['nothing', undefined],
  ])('not %s', (_name, error) => expect(isDatabaseUnavailable(error)).toBe(false));
});

describe('settings', () => {
  it('reads replicas, timeouts and the metrics switch', () => {
    expect(loadConfig({}).scaleOut).toEqual({
      replicaUrls: [],
      connectTimeoutMs: 3000,
      longRunningConnections: 0,
      shutdownTimeoutMs: 25000,
      metricsEnabled: true,
      metricsToken: undefined,
      metricsPort: undefined,
      metricsCacheSeconds: 10,
    });
    const config = loadConfig({
      DATABASE_REPLICA_URLS: ' postgres://a/x , postgres://b/x ,',
      DB_CONNECT_TIMEOUT_MS: '500',
      DB_LONG_RUNNING_CONNECTIONS: '3',
      SHUTDOWN_TIMEOUT_MS: '1000',
      METRICS_ENABLED: 'false',
    });
    expect(config.scaleOut).toEqual({
      replicaUrls: ['postgres://a/x', 'postgres://b/x'],
      connectTimeoutMs: 500,
      longRunningConnections: 3,
      shutdownTimeoutMs: 1000,
      metricsEnabled: false,
      metricsToken: undefined,
      metricsPort: undefined,
      metricsCacheSeconds: 10,
    });
    expect(() => loadConfig({ DB_CONNECT_TIMEOUT_MS: 'soon' })).toThrow(/DB_CONNECT_TIMEOUT_MS/);
  });
});

describe('metric labels', () => {
  it('name routes, never raw paths', () => {
    expect(routeOf('/graphql')).toBe('/graphql');
    expect(routeOf('/export/agreements.csv')).toBe('/export/:file');
    expect(routeOf('/reports/runs/12/download')).toBe('/reports/runs/:id/download');
    expect(routeOf('/readyz')).toBe('/readyz');
    expect(routeOf('/wp-admin/x?y')).toBe('other');
  });
});
