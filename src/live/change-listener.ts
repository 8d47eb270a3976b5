import { Client, ClientConfig, Notification } from 'pg';
import type { Logger } from 'pino';

/** The NOTIFY channels of the LiveUpdates migration: new history rows, and report runs whose status changed. */
export const CORPUS_CHANNEL = 'corpus_changes';
export const REPORT_RUN_CHANNEL = 'report_run_changes';

/** The ids notified since the last batch, each list in arrival order without repeats. */
export interface ChangeBatch {
  historyIds: number[];
  runIds: number[];
}

export interface ChangeListenerOptions {
  /** How to reach the primary (NOTIFY is not delivered on replicas). */
  connection: ClientConfig;
  /** Called with each batch, one at a time, in order. */
  onBatch(batch: ChangeBatch): Promise<void>;
  /**
   * Called once listening, first and after every reconnection, before any batch received on that connection: what
   * was notified while no connection listened is lost, so the caller catches up here.
   */
  onListening(first: boolean): Promise<void>;
  logger?: Logger;
  /** Notifications arriving within this window are handled as one batch (a transaction's arrive together). */
  batchWindowMs?: number;
  /** How often the connection is checked with `SELECT 1` (a dead TCP peer sends no error). */
  heartbeatMs?: number;
}

/** Waits between reconnection attempts: 100 ms, doubling, at most 5 s. */
const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 5_000;

/**
 * One dedicated `LISTEN` connection per process: collects notified ids into batches and hands them on, one batch at
 * a time. When the connection drops (PostgreSQL restarted, network lost, a failed heartbeat) it reconnects with
 * backoff, listens again and calls `onListening`, since what was notified meanwhile is gone.
 */
export class ChangeListener {
  private client: Client | null = null;
  private stopped = false;
  private retryMs = RETRY_FIRST_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private pendingHistory = new Set<number>();
  private pendingRuns = new Set<number>();
  /** Batches and catch-ups run one after another, in order. */
  private chain: Promise<void> = Promise.resolve();
  private connectedOnce = false;

  constructor(private readonly options: ChangeListenerOptions) {}

  /** Whether the LISTEN connection is up. */
  get connected(): boolean {
    return this.client !== null;
  }

  /** Connects and listens; if PostgreSQL cannot be reached now, keeps trying in the background. */
  async start(): Promise<void> {
    await this.connect();
  }

  /** Runs `work` after every batch queued so far, and before any later one. */
  enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.chain.then(work);
    this.chain = next.catch((error) => this.options.logger?.error({ err: error }, 'live updates: handling changes failed'));
    return next;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ ...this.options.connection, keepAlive: true, application_name: 'accords-live' });
    let failed = false;
    const lost = (error?: Error) => {
      if (failed) return;
      failed = true;
      if (this.client === client) this.client = null;
      this.stopHeartbeat();
      client.removeAllListeners('notification');
      client.end().catch(() => {});
      if (this.stopped) return;
      this.options.logger?.warn({ err: error }, 'live updates: LISTEN connection lost; reconnecting');
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (message) => this.received(message));
    try {
      await client.connect();
      await client.query(`LISTEN ${CORPUS_CHANNEL}`);
      await client.query(`LISTEN ${REPORT_RUN_CHANNEL}`);
    } catch (error) {
      lost(error as Error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.retryMs = RETRY_FIRST_MS;
    this.startHeartbeat(client, lost);
    const first = !this.connectedOnce;
    if (!first) this.options.logger?.info('live updates: LISTEN connection back');
    this.connectedOnce = true;
    await this.enqueue(() => this.options.onListening(first)).catch(() => {});
  }

  private scheduleReconnect(): void {
    if (this.retryTimer || this.stopped) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, wait);
    this.retryTimer.unref();
  }

  private startHeartbeat(client: Client, lost: (error?: Error) => void): void {
    const every = this.options.heartbeatMs ?? 10_000;
    this.heartbeat = setInterval(() => {
      const timeout = setTimeout(() => lost(new Error('heartbeat timed out')), every);
      client.query('SELECT 1').then(
        () => clearTimeout(timeout),
        (error: Error) => {
          clearTimeout(timeout);
          lost(error);
        },
      );
    }, every);
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private received(message: Notification): void {
    const id = Number(message.payload);
    if (!Number.isSafeInteger(id)) return;
    if (message.channel === CORPUS_CHANNEL) this.pendingHistory.add(id);
    else if (message.channel === REPORT_RUN_CHANNEL) this.pendingRuns.add(id);
    else return;
    this.flushTimer ??= setTimeout(() => this.flush(), this.options.batchWindowMs ?? 10);
  }

  private flush(): void {
    this.flushTimer = null;
    const batch: ChangeBatch = { historyIds: [...this.pendingHistory], runIds: [...this.pendingRuns] };
    this.pendingHistory = new Set();
    this.pendingRuns = new Set();
    void this.enqueue(() => this.options.onBatch(batch));
  }

  /** Stops listening and waits for the batch in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.stopHeartbeat();
    const client = this.client;
    this.client = null;
    if (client) {
      client.removeAllListeners();
      client.on('error', () => {});
      await client.end().catch(() => {});
    }
    await this.chain;
  }
}
