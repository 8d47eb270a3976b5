import type http from 'node:http';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { liveUpdatesOf } from '../../src/live/ws-server';

/** What a subscription received: results (`data` or `errors`), the error that ended it, whether it completed. */
export interface Subscription<T = any> {
  results: { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }[];
  /** The error or close event that ended it. */
  failure?: unknown;
  completed: boolean;
  /** Resolves once `condition` holds on what was received (checked on every message); rejects after `ms`. */
  until(condition: (subscription: Subscription<T>) => boolean, ms?: number): Promise<void>;
  unsubscribe(): void;
}

/** A graphql-ws client (the graphql-transport-ws protocol, as browsers and Apollo Client speak it) for an API URL. */
export function liveClient(httpUrl: string, connectionParams?: Record<string, unknown>): Client & { closes: { code: number; reason: string }[] } {
  const closes: { code: number; reason: string }[] = [];
  const client = createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    on: { closed: (event) => closes.push({ code: (event as { code: number }).code, reason: String((event as { reason: unknown }).reason) }) },
  });
  return Object.assign(client, { closes });
}

/** Subscribes and collects what arrives. */
export function subscribe<T = any>(client: Client, query: string, variables?: Record<string, unknown>): Subscription<T> {
  const waiters = new Set<() => void>();
  const changed = () => waiters.forEach((check) => check());
  const subscription: Subscription<T> = {
    results: [],
    completed: false,
    until(condition, ms = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (condition(subscription)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`not within ${ms} ms; received ${JSON.stringify(subscription.results)} ${String(subscription.failure ?? '')}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    unsubscribe: () => undefined,
  };
  subscription.unsubscribe = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        subscription.results.push(result as Subscription<T>['results'][number]);
        changed();
      },
      error: (error) => {
        subscription.failure = error;
        changed();
      },
      complete: () => {
        subscription.completed = true;
        changed();
      },
    },
  );
  return subscription;
}

/** Waits until the API behind `server` has at least `count` active subscriptions (they are registered asynchronously). */
export async function subscribersRegistered(server: http.Server, count: number, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const live = liveUpdatesOf(server);
    if (live && live.hub.subscriberCount >= count) return;
    if (Date.now() > deadline) throw new Error(`fewer than ${count} subscriptions registered within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
