import { setMetricsEnabled } from '../../src/shared/metrics/metrics';
import { createApiToken } from '../../src/shared/auth/token-store';
import { createSqlRunner } from '../../src/db/sql-runner';
import { startTestApp, TestApp } from '../support/test-app';
import { loadConfig } from '../../src/config/config';

/** The samples of a Prometheus text exposition: `name{labels}` -> value. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

describe('GET /metrics (Prometheus text, prom-client)', () => {
  let api: TestApp;
  let base: string;

  beforeAll(async () => {
    // Database figures read on every scrape here (METRICS_CACHE_SECONDS=0): these tests watch them change.
    const config = loadConfig({ NODE_ENV: 'test' });
    api = await startTestApp({ scaleOut: { ...config.scaleOut, metricsCacheSeconds: 0 } }, { reports: true });
    base = api.app.url.replace(/\/graphql$/, '');
  });
  afterAll(() => api?.close());

  const scrape = async () => {
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    return { text, values: samples(text) };
  };

  it('counts requests by route and status, times them, and counts GraphQL operations and errors by code', async () => {
    const before = (await scrape()).values;
    const at = (values: Map<string, number>, key: string) => values.get(key) ?? 0;
    await api.gql('{ agreements(first: 2) { nodes { slug } } }');
    await api.gql('{ agreements(first: 2) { nodes { slug } } }');
    await api.gql('{ agreement(slug: "no-such-agreement") { slug } }');
    await api.gql('{ agreements(first: -1) { nodes { slug } } }');
    await api.gql('{ agreements { noSuchField } }');
    await fetch(`${base}/healthz`);
    await fetch(`${base}/export/agreements.csv`);
    await fetch(`${base}/nowhere/${Math.random()}`);

    const { text, values } = await scrape();
    const grew = (key: string) => at(values, key) - at(before, key);
    expect(grew('http_requests_total{route="/graphql",method="POST",status="200"}')).toBeGreaterThanOrEqual(3);
    expect(grew('http_requests_total{route="/healthz",method="GET",status="200"}')).toBe(1);
    expect(grew('http_requests_total{route="/export/:file",method="GET",status="200"}')).toBe(1);
    expect(grew('http_requests_total{route="other",method="GET",status="404"}')).toBe(1);
    expect(grew('http_request_duration_seconds_count{route="/graphql",method="POST"}')).toBe(5);
    expect(grew('http_request_duration_seconds_bucket{le="+Inf",route="/graphql",method="POST"}')).toBe(5);
    expect(grew('graphql_operations_total{type="query"}')).toBeGreaterThanOrEqual(4);
    expect(grew('graphql_errors_total{code="BAD_USER_INPUT"}')).toBe(1);
    expect(grew('graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"}')).toBe(1);
    // The raw path of the 404 is not a label.
    expect(text).not.toContain('nowhere');
  });

  it('shows the pool, the database, report runs by status and the queue, and the process', async () => {
    const sql = createSqlRunner(api.db.dataSource);
    const { token } = await createApiToken(sql, { name: 'metrics-analyst', role: 'analyst' });
    const run = await api.gql('mutation { runReport(kind: "constraints-digest", format: "md") { id } }', undefined, { token });
    const id = run.data.runReport.id;
    for (let i = 0; i < 100; i++) {
      const [{ status }] = await api.db.dataSource.query(`SELECT status FROM report_run WHERE id = $1`, [id]);
      if (status === 'SUCCEEDED') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { values } = await scrape();
    expect(values.get('db_up')).toBe(1);
    expect(values.get('db_pool_connections{pool="primary",state="total"}')).toBeGreaterThanOrEqual(1);
    expect(values.get('db_pool_connections{pool="primary",state="idle"}')).toBeGreaterThanOrEqual(0);
    expect(values.get('db_pool_connections{pool="primary",state="waiting"}')).toBe(0);
    expect(values.get('report_runs{status="SUCCEEDED"}')).toBeGreaterThanOrEqual(1);
    expect(values.get('report_runs{status="FAILED"}')).toBe(0);
    expect(values.has('report_queue_jobs{state="created"}')).toBe(true);
    expect(values.get('process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
    expect(values.has('nodejs_eventloop_lag_seconds')).toBe(true);
  });

  it('is 404 when METRICS_ENABLED is off', async () => {
    setMetricsEnabled(false);
    try {
      expect((await fetch(`${base}/metrics`)).status).toBe(404);
    } finally {
      setMetricsEnabled(true);
    }
  });
});
