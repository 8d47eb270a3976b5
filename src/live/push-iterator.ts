/**
 * An async iterator fed by pushes: what a subscription resolver returns. Values wait in a queue until the consumer
 * (graphql-ws, sending them on the socket) takes them; a consumer that falls `limit` values behind is ended with an
 * error rather than letting the queue grow without bound. `return()` (the client unsubscribed, or the socket
 * closed) runs `onClose` once.
 */
export class PushIterator<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private readonly waiting: { resolve(result: IteratorResult<T>): void; reject(error: unknown): void }[] = [];
  private failure: Error | null = null;
  private done = false;

  constructor(
    private readonly onClose: () => void,
    private readonly limit = 1_000,
  ) {}

  /** Whether the consumer is still there. */
  get open(): boolean {
    return !this.done && this.failure === null;
  }

  push(value: T): void {
    if (!this.open) return;
    const waiter = this.waiting.shift();
    if (waiter) {
      waiter.resolve({ value, done: false });
      return;
    }
    if (this.queue.length >= this.limit) {
      this.fail(new Error(`more than ${this.limit} changes waited for this subscriber; subscribe again`));
      return;
    }
    this.queue.push(value);
  }

  /** Ends the iteration with an error, after the values already queued. */
  fail(error: Error): void {
    if (!this.open) return;
    this.failure = error;
    this.close();
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length > 0) return Promise.resolve({ value: this.queue.shift() as T, done: false });
    if (this.failure) {
      const error = this.failure;
      this.failure = null;
      this.done = true;
      return Promise.reject(error);
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.done = true;
    this.queue.length = 0;
    this.close();
    for (const waiter of this.waiting.splice(0)) waiter.resolve({ value: undefined, done: true });
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    this.fail(error instanceof Error ? error : new Error(String(error)));
    return this.return();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private closed = false;

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }
}
