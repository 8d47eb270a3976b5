import { createHash } from 'node:crypto';
import type http from 'node:http';
import { bearerToken } from '../auth/tokens';

/** RATE_LIMIT_PER_MINUTE and RATE_LIMIT_BURST (0 per minute: no limit). */
export interface RateLimitSettings {
  perMinute: number;
  burst: number;
}

export type RateDecision = { allowed: true; remaining: number } | { allowed: false; remaining: 0; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets are swept of the full ones (clients idle long enough to have refilled) this often. */
const SWEEP_EVERY_MS = 60_000;

/**
 * A token bucket per client, in this process's memory: each bucket holds up to `burst` requests and refills at
 * `perMinute` a minute. It is per process: N API instances allow N times the rate, and a restart forgets the buckets.
 * Memory holds only the clients seen since their bucket was last full (swept every minute).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly capacity: number;
  private lastSweep: number;

  constructor(
    readonly settings: RateLimitSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = settings.perMinute / 60_000;
    this.capacity = Math.max(1, settings.burst);
    this.lastSweep = now();
  }

  get enabled(): boolean {
    return this.settings.perMinute > 0;
  }

  /** Takes one request from `key`'s bucket: allowed (and how many remain), or how long to wait. */
  take(key: string): RateDecision {
    if (!this.enabled) return { allowed: true, remaining: Number.POSITIVE_INFINITY };
    const now = this.now();
    if (now - this.lastSweep >= SWEEP_EVERY_MS) this.sweep(now);
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens) };
    }
    return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)) };
  }

  /**
   * Whether `key`'s bucket holds a request, without taking it: the check made before work that only a failure will
   * charge (a token's database look-up, charged to the address when the token turns out bad).
   */
  peek(key: string): RateDecision {
    if (!this.enabled) return { allowed: true, remaining: Number.POSITIVE_INFINITY };
    const now = this.now();
    const bucket = this.buckets.get(key);
    const tokens = bucket ? Math.min(this.capacity, bucket.tokens + (now - bucket.at) * this.perMs) : this.capacity;
    if (tokens >= 1) return { allowed: true, remaining: Math.floor(tokens) };
    return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000)) };
  }

  /** How many clients have a bucket (for tests of the sweep). */
  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.capacity) this.buckets.delete(key);
    }
  }
}

/**
 * The address a request comes from: the socket's peer, or with `trustProxy` (TRUST_PROXY, for an instance behind one
 * reverse proxy) the last address of `X-Forwarded-For`, the one that proxy added.
 */
export function clientAddress(request: http.IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const header = request.headers['x-forwarded-for'];
    const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((part) => part.trim());
    const last = forwarded.filter((part) => part.length > 0).pop();
    if (last) return last;
  }
  return request.socket.remoteAddress ?? 'unknown';
}

/** The rate-limit key of a request: its bearer token (hashed: tokens are not kept in memory) or its address. */
export function rateLimitKey(request: http.IncomingMessage, trustProxy: boolean): string {
  const token = bearerToken(request.headers.authorization);
  if (token) return `token:${createHash('sha256').update(token).digest('hex').slice(0, 32)}`;
  return addressKey(request, trustProxy);
}

export function addressKey(request: http.IncomingMessage, trustProxy: boolean): string {
  return `address:${clientAddress(request, trustProxy)}`;
}
