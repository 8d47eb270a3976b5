import type { Logger } from 'pino';
import type { ClientConfig } from 'pg';
import { SqlRunner } from '../shared/context/request-context';
import { parseId } from '../shared/connection/ids';
import { NotFoundError } from '../shared/errors/errors';
import { compilerFragments } from '../read-plan/compiler-fragments';
import { queryRows, sql } from '../shared/sql/sql';
import { historyCollection } from '../shared/history/history.collection';
import type { HistoryEntryNode } from '../shared/history/history.type';
import { reportRunCollection, type ReportRunNode } from '../reports/report.resolver';
import { ChangeBatch, ChangeListener } from './change-listener';
import { PushIterator } from './push-iterator';
import type { Principal } from '../shared/auth/principal';
import { maySeeReportRun } from '../reports/report-visibility';

/** History rows read per statement when a batch (or a catch-up) is large: a seed load notifies thousands. */
const IDS_PER_STATEMENT = 1_000;
/** After a lost connection, at most this many missed history rows are replayed. */
const CATCH_UP_LIMIT = 10_000;

interface CorpusSubscriber {
  /** The ChangeFilter as given (null: every change), and its key (subscribers with equal filters share a column). */
  filter: unknown;
  key: string;
  out: PushIterator<HistoryEntryNode>;
}

/** The history columns under the names `historyCollection.mapRow` reads. */
const HISTORY_COLUMNS = sql.raw('h.id, h.table_name AS entity, h.row_key AS "entityKey", h.action, h.actor, h.changed_at AS at, h.before, h.after');

/** The report run columns the subscription can select (not the output), under their GraphQL names. */
const RUN_COLUMNS = sql.join(
  Object.entries(reportRunCollection.columns).map(([property, column]) => sql`r.${sql.identifier(column)} AS ${sql.identifier(property)}`),
);

/**
 * The live updates of one API process: its subscribers, fed by one LISTEN connection (change-listener.ts).
 *
 * - `corpusChanged(filter)`: for each batch of notified history ids, ONE statement reads the rows and evaluates
 *   every distinct filter of the current subscribers on them (a boolean column per filter, compiled by the
 *   list-query compiler like `changes(filter:)`); each subscriber gets the rows its column marks.
 * - `reportRunUpdated(id)`: the current state first, then one statement per batch for the runs that changed and
 *   have subscribers.
 *
 * Reads of one batch and of a new subscriber's first state run in the listener's order, so a subscriber never
 * sees a state older than one it already got. After a lost LISTEN connection the missed history rows (by id) are
 * replayed and every subscribed run is read again.
 */
export class LiveHub {
  private readonly corpus = new Set<CorpusSubscriber>();
  private readonly runs = new Map<number, Set<PushIterator<ReportRunNode>>>();
  private readonly listener: ChangeListener;
  /** The highest history id handled: where a catch-up starts. Null until known. */
  private lastHistoryId: number | null = null;
  /** A delivery failed (or the connection was lost): rows after lastHistoryId may not have been sent. */
  private behind = false;

  constructor(
    private readonly sql: SqlRunner,
    connection: ClientConfig,
    private readonly logger?: Logger,
  ) {
    this.listener = new ChangeListener({
      connection,
      logger,
      onBatch: (batch) => this.deliver(batch),
      onListening: () => this.catchUp(),
    });
  }

  /** Starts listening (a database that is away now is retried in the background). */
  start(): Promise<void> {
    return this.listener.start();
  }

  /** Whether the LISTEN connection is up. */
  get listening(): boolean {
    return this.listener.connected;
  }

  /** Active subscriptions, of both kinds. */
  get subscriberCount(): number {
    let count = this.corpus.size;
    for (const set of this.runs.values()) count += set.size;
    return count;
  }

  /**
   * The changes to come that match `filter` (a ChangeFilter; null for all). The filter is checked now, so a bad
   * one fails the subscription with BAD_USER_INPUT.
   */
  subscribeCorpus(filter: unknown): AsyncIterableIterator<HistoryEntryNode> {
    const normalized = filter ?? null;
    compilerFragments().filter(historyCollection, normalized, 'h');
    const subscriber: CorpusSubscriber = {
      filter: normalized,
      key: JSON.stringify(normalized),
      out: new PushIterator<HistoryEntryNode>(() => this.corpus.delete(subscriber)),
    };
    this.corpus.add(subscriber);
    return subscriber.out;
  }

  /** The run's current state, then each change of its status. NOT_FOUND for an unknown run, or one `principal` may not see. */
  async subscribeRun(idArgument: string | number, principal: Principal | null): Promise<AsyncIterableIterator<ReportRunNode>> {
    const id = parseId(idArgument);
    let set = this.runs.get(id);
    const out: PushIterator<ReportRunNode> = new PushIterator<ReportRunNode>(() => {
      set!.delete(out);
      if (set!.size === 0 && this.runs.get(id) === set) this.runs.delete(id);
    });
    if (!set) this.runs.set(id, (set = new Set()));
    set.add(out);
    try {
      // In the listener's order: a batch already queued is read before, one queued later after.
      await this.listener.enqueue(async () => {
        const [run] = await this.readRuns([id]);
        if (!run || !maySeeReportRun(principal, run.requestedBy)) throw new NotFoundError(`no report run ${id}`);
        out.push(run);
      });
    } catch (error) {
      await out.return();
      throw error;
    }
    return out;
  }

  private async deliver({ historyIds, runIds }: ChangeBatch): Promise<void> {
    if (historyIds.length > 0) await this.deliverHistory(historyIds);
    if (runIds.length > 0) await this.deliverRuns(runIds.filter((id) => this.runs.has(id)));
  }

  /**
   * Sends the history rows `notified` names to the subscribers whose filters match them. The last handled id moves
   * only past rows actually sent: when a read fails (the database went away with the batch in hand), the hub is
   * `behind`, and the next delivery (a catch-up after reconnecting, or the next batch) first reads every row written
   * since, so a change is never skipped, nor sent twice.
   */
  private async deliverHistory(notified: number[]): Promise<void> {
    try {
      const ids =
        this.behind && this.lastHistoryId !== null ? [...new Set([...(await this.missedSince(this.lastHistoryId)), ...notified])] : notified;
      if (ids.length === 0) {
        this.behind = false;
        return;
      }
      const sorted = [...ids].sort((a, b) => a - b);
      if (this.corpus.size > 0) {
        for (let start = 0; start < sorted.length; start += IDS_PER_STATEMENT) {
          const chunk = sorted.slice(start, start + IDS_PER_STATEMENT);
          await this.matchAndSend(chunk);
          this.handledUpTo(chunk[chunk.length - 1]);
        }
      }
      this.handledUpTo(sorted[sorted.length - 1]);
      this.behind = false;
    } catch (error) {
      this.behind = true;
      throw error;
    }
  }

  /** Moves the last handled history id forward (never back; not before it is known). */
  private handledUpTo(id: number): void {
    if (this.lastHistoryId !== null && id > this.lastHistoryId) this.lastHistoryId = id;
  }

  /** The ids of the history rows written after `id` (at most {@link CATCH_UP_LIMIT}). */
  private async missedSince(id: number): Promise<number[]> {
    const rows = await queryRows<{ id: number }>(
      this.sql,
      sql`SELECT id FROM history WHERE id > ${sql.value(id)} ORDER BY id LIMIT ${sql.value(CATCH_UP_LIMIT)}`,
    );
    return rows.map((row) => Number(row.id));
  }

  /** One statement: the history rows with these ids, and for each distinct filter whether each row matches it. */
  private async matchAndSend(ids: number[]): Promise<void> {
    const subscribers = [...this.corpus];
    if (subscribers.length === 0) return;
    const filters = new Map<string, { column: string; filter: unknown }>();
    for (const { key, filter } of subscribers) {
      if (!filters.has(key)) filters.set(key, { column: `m${filters.size}`, filter });
    }
    const from = compilerFragments();
    const matches = [...filters.values()].map(
      ({ column, filter }) => sql`COALESCE((${from.filter(historyCollection, filter, 'h')}), FALSE) AS ${sql.identifier(column)}`,
    );
    // Each filter's values decide its plan, and the filters change with the subscribers: planned with the values.
    const rows = await queryRows<Record<string, unknown>>(
      this.sql,
      sql.planWithValues(
        sql`SELECT ${HISTORY_COLUMNS}, ${sql.join(matches)} FROM ${from.table('history')} h WHERE h.id = ANY(${sql.value(ids, 'bigint[]')}) ORDER BY h.id`,
      ),
    );
    for (const row of rows) {
      const entry = historyCollection.mapRow!(row);
      for (const subscriber of subscribers) {
        if (row[filters.get(subscriber.key)!.column] === true) subscriber.out.push(entry);
      }
    }
  }

  private async deliverRuns(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    for (const run of await this.readRuns(ids)) {
      for (const out of this.runs.get(Number(run.id)) ?? []) out.push(run);
    }
  }

  private async readRuns(ids: number[]): Promise<ReportRunNode[]> {
    const rows = await queryRows<Record<string, unknown>>(
      this.sql,
      sql`SELECT ${RUN_COLUMNS} FROM report_run r WHERE r.id = ANY(${sql.value(ids, 'int[]')}) ORDER BY r.id`,
    );
    return rows.map((row) => reportRunCollection.mapRow!(row));
  }

  /**
   * On (re)connecting: the first time, where the history stands; afterwards, the history rows written while no
   * connection listened, and the state of every subscribed run.
   */
  private async catchUp(): Promise<void> {
    try {
      if (this.lastHistoryId === null || this.corpus.size === 0) {
        const [{ max }] = await this.sql<{ max: number | null }>('SELECT max(id) AS max FROM history');
        this.lastHistoryId = Number(max ?? 0);
      } else {
        // Notifications sent while no connection listened are gone: read what was written since.
        this.behind = true;
        await this.deliverHistory([]);
      }
      await this.deliverRuns([...this.runs.keys()]);
    } catch (error) {
      this.logger?.warn({ err: error }, 'live updates: catching up after reconnecting failed');
    }
  }

  /** Ends every subscription and stops listening. */
  async stop(): Promise<void> {
    await this.listener.stop();
    for (const subscriber of [...this.corpus]) await subscriber.out.return();
    for (const set of [...this.runs.values()]) for (const out of [...set]) await out.return();
  }
}
