import { requestUrl } from '../../src/shared/http/request-url';
import { uniqueViolation } from '../../src/shared/errors/errors';
import { metricsVerdict } from '../../src/shared/metrics/metrics';
import { actorAsSeenBy, filtersByActor } from '../../src/shared/auth/actor-visibility';
import { maySeeReportRun, reportRunOwnerCondition } from '../../src/reports/report-visibility';
import { render, sql } from '../../src/shared/sql/sql';
import { downloadHeaders } from '../../src/http/report-download-route';
import { ConnectionCounter } from '../../src/live/ws-server';
import { RateLimiter } from '../../src/shared/limits/rate-limit';
import { loadConfig } from '../../src/config/config';

// The pure parts of the HTTP hardening (issue 14, part D).

describe('requestUrl', () => {
  it.each([
    ['/graphql?x=1', '/graphql'],
    ['//[', '//['],
    ['//evil.example/graphql', '//evil.example/graphql'],
    ['http://host.example/export/a.csv', '/export/a.csv'],
  ])('reads %j as the path %j', (target, path) => {
    expect(requestUrl(target)?.pathname).toBe(path);
  });

  it('gives null for a target no URL can be made of', () => {
    expect(requestUrl('http://[')).toBeNull();
  });
});

describe('uniqueViolation', () => {
  it('names the fields, never the values or PostgreSQL detail', () => {
    const error = uniqueViolation('Key (short_title, agreement_id)=(Secret title, 7) already exists.');
    expect(error.message).toBe('already taken: another record has the same shortTitle and agreementId');
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', fields: ['shortTitle', 'agreementId'] });
    expect(error.message).not.toMatch(/Secret|Key \(|already exists/);
  });

  it('says only "a unique value" when the detail is missing or unexpected', () => {
    expect(uniqueViolation(undefined).message).toBe('already taken: another record has the same unique value');
    expect(uniqueViolation('Key (lower((name)::text))=(x) already exists.').message).toBe('already taken: another record has the same unique value');
  });
});

describe('metricsVerdict', () => {
  it.each([
    [{ environment: 'development' as const }, undefined, false, 'serve'],
    [{ environment: 'production' as const }, undefined, false, 'not-found'],
    [{ environment: 'production' as const, token: 'sixteen-chars-ok' }, 'Bearer sixteen-chars-ok', false, 'serve'],
    [{ environment: 'development' as const, token: 'sixteen-chars-ok' }, undefined, false, 'unauthorized'],
    [{ environment: 'development' as const, token: 'sixteen-chars-ok' }, 'Bearer sixteen-chars-no', false, 'unauthorized'],
    [{ environment: 'production' as const, port: 9464 }, undefined, false, 'not-found'],
    [{ environment: 'production' as const, port: 9464 }, undefined, true, 'serve'],
    [{ environment: 'production' as const, port: 9464, token: 'sixteen-chars-ok' }, undefined, true, 'unauthorized'],
  ])('%j with %j (metrics port: %j) is %s', (access, authorization, onPort, verdict) => {
    expect(metricsVerdict(access, authorization, onPort)).toBe(verdict);
  });

  it('reads METRICS_TOKEN, METRICS_PORT and METRICS_CACHE_SECONDS, and refuses a short token', () => {
    const config = loadConfig({ METRICS_TOKEN: 'a-long-enough-secret', METRICS_PORT: '9464', METRICS_CACHE_SECONDS: '30' });
    expect(config.scaleOut).toMatchObject({ metricsToken: 'a-long-enough-secret', metricsPort: 9464, metricsCacheSeconds: 30 });
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(loadConfig({}).limits.wsConnectionsPerAddress).toBe(20);
    expect(loadConfig({ NODE_ENV: 'test' }).limits.wsConnectionsPerAddress).toBe(0);
  });
});

describe('actors and report runs by role', () => {
  const reader = { tokenName: 'ana', role: 'reader' as const };
  const analyst = { tokenName: 'cleo', role: 'analyst' as const };
  const admin = { tokenName: 'dan', role: 'admin' as const };

  it('shows actors to analysts and admins only', () => {
    expect([null, reader, analyst, admin].map((p) => actorAsSeenBy(p, 'someone'))).toEqual([null, null, 'someone', 'someone']);
  });

  it('finds the actor filter at any depth', () => {
    expect(filtersByActor({ actor: { eq: 'x' } })).toBe(true);
    expect(filtersByActor({ and: [{ entity: { eq: 'SOURCE' } }, { or: [{ not: { actor: { isNull: true } } }] }] })).toBe(true);
    expect(filtersByActor({ entity: { eq: 'SOURCE' }, actor: null })).toBe(false);
    expect(filtersByActor(null)).toBe(false);
  });

  it('shows a run to its requester and admins, in code and in SQL', () => {
    expect([null, reader, analyst, admin].map((p) => maySeeReportRun(p, 'ana'))).toEqual([false, true, false, true]);
    expect(maySeeReportRun(reader, 'schedule')).toBe(false);
    expect(render(reportRunOwnerCondition(null, sql`r`))).toEqual({ text: 'FALSE', values: [], planWithValues: false });
    expect(render(reportRunOwnerCondition(admin, sql`r`))).toEqual({ text: 'TRUE', values: [], planWithValues: false });
    expect(render(reportRunOwnerCondition(reader, sql`r`))).toEqual({ text: 'r.requested_by = $1::text', values: ['ana'], planWithValues: false });
  });
});

describe('downloadHeaders', () => {
  it('never lets a download be sniffed or kept by a shared cache, and locks HTML down', () => {
    expect(downloadHeaders('text/csv; charset=utf-8')).toEqual({ 'x-content-type-options': 'nosniff', 'cache-control': 'private, no-store' });
    const html = downloadHeaders('text/html; charset=utf-8');
    expect(html['content-security-policy']).toMatch(/^default-src 'none';.*sandbox$/);
    expect(html['content-security-policy']).not.toMatch(/script-src|unsafe-eval/);
  });
});

describe('ConnectionCounter', () => {
  it('caps open connections per address and frees a slot on close', () => {
    const counter = new ConnectionCounter(2);
    expect([counter.open('a'), counter.open('a'), counter.open('a'), counter.open('b')]).toEqual([true, true, false, true]);
    counter.close('a');
    expect(counter.hasRoom('a')).toBe(true);
    counter.close('a');
    counter.close('b');
    expect(counter.addresses).toBe(0);
    expect(new ConnectionCounter(0).hasRoom('a')).toBe(true);
  });
});

describe('RateLimiter.peek', () => {
  it('tells whether a request would pass without taking it', () => {
    let now = 0;
    const limiter = new RateLimiter({ perMinute: 60, burst: 2 }, () => now);
    expect(limiter.peek('a')).toEqual({ allowed: true, remaining: 2 });
    limiter.take('a');
    limiter.take('a');
    expect(limiter.peek('a')).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.peek('a')).toMatchObject({ allowed: false });
    now += 1_000;
    expect(limiter.peek('a')).toEqual({ allowed: true, remaining: 1 });
  });
});
