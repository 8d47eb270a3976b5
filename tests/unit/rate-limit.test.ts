import type http from 'node:http';
import { clientAddress, RateLimiter, rateLimitKey } from '../../src/shared/limits/rate-limit';
import { responseMediaType } from '../../src/http/request-guards';

describe('RateLimiter: a token bucket per client', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000_000;
  });

  it('lets a burst through, then refuses with the seconds until one more request is allowed', () => {
    const limiter = new RateLimiter({ perMinute: 60, burst: 3 }, clock);
    expect([1, 2, 3].map(() => limiter.take('a'))).toEqual([
      { allowed: true, remaining: 2 },
      { allowed: true, remaining: 1 },
      { allowed: true, remaining: 0 },
    ]);
    expect(limiter.take('a')).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
    now += 999;
    expect(limiter.take('a').allowed).toBe(false);
    now += 1;
    expect(limiter.take('a')).toEqual({ allowed: true, remaining: 0 });
  });

  it('refills at the rate, up to the burst, and says how long a slow rate makes one wait', () => {
    const limiter = new RateLimiter({ perMinute: 6, burst: 2 }, clock);
    limiter.take('a');
    limiter.take('a');
    expect(limiter.take('a')).toMatchObject({ allowed: false, retryAfterSeconds: 10 });
    now += 4_000;
    expect(limiter.take('a')).toMatchObject({ allowed: false, retryAfterSeconds: 6 });
    now += 3_600_000;
    expect(limiter.take('a')).toEqual({ allowed: true, remaining: 1 });
  });

  it('keeps clients apart', () => {
    const limiter = new RateLimiter({ perMinute: 60, burst: 1 }, clock);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('forgets the buckets that have refilled, so memory holds only recent clients', () => {
    const limiter = new RateLimiter({ perMinute: 60, burst: 5 }, clock);
    for (let i = 0; i < 1_000; i++) limiter.take(`client-${i}`);
    expect(limiter.size).toBe(1_000);
    now += 61_000;
    limiter.take('late');
    expect(limiter.size).toBe(1);
  });

  it('allows everything at 0 a minute', () => {
    const limiter = new RateLimiter({ perMinute: 0, burst: 0 }, clock);
    expect(limiter.enabled).toBe(false);
    for (let i = 0; i < 100; i++) expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.size).toBe(0);
  });
});

describe('the rate-limit key', () => {
  const request = (headers: http.IncomingHttpHeaders, remoteAddress = '10.0.0.9') =>
    ({ headers, socket: { remoteAddress } }) as unknown as http.IncomingMessage;
  const token = `acc_${'a'.repeat(43)}`;

  it('is the bearer token (hashed) when one is sent, else the address', () => {
    const key = rateLimitKey(request({ authorization: `Bearer ${token}` }), false);
    expect(key).toMatch(/^token:[0-9a-f]{32}$/);
    expect(key).not.toContain(token.slice(4));
    expect(rateLimitKey(request({}), false)).toBe('address:10.0.0.9');
    expect(rateLimitKey(request({ authorization: 'Basic abc' }), false)).toBe('address:10.0.0.9');
  });

  it('takes the address X-Forwarded-For ends with only behind a trusted proxy', () => {
    const forwarded = request({ 'x-forwarded-for': '1.2.3.4, 203.0.113.7' });
    expect(clientAddress(forwarded, false)).toBe('10.0.0.9');
    expect(clientAddress(forwarded, true)).toBe('203.0.113.7');
    expect(clientAddress(request({}), true)).toBe('10.0.0.9');
  });
});

describe('responseMediaType (GraphQL over HTTP)', () => {
  it.each([
    [undefined, 'application/json; charset=utf-8'],
    ['*/*', 'application/json; charset=utf-8'],
    ['application/*', 'application/json; charset=utf-8'],
    ['application/graphql-response+json', 'application/graphql-response+json; charset=utf-8'],
    ['application/graphql-response+json;q=0.5, application/json;q=0.4', 'application/graphql-response+json; charset=utf-8'],
    ['application/graphql-response+json;q=0.4, application/json;q=0.5', 'application/json; charset=utf-8'],
    ['application/graphql-response+json, */*;q=0.1', 'application/graphql-response+json; charset=utf-8'],
    ['text/html', 'application/json; charset=utf-8'],
  ])('%s -> %s', (accept, type) => {
    expect(responseMediaType(accept)).toBe(type);
  });
});
