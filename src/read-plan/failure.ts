import type { SqlRunner } from '../shared/context/request-context';
import { asQueryTimeout, ServiceUnavailableError } from '../shared/errors/errors';

/**
 * Whether a failed statement of the JSON path would fail the same way if the request tried again at once: the
 * database is away (no connection within DB_CONNECT_TIMEOUT_MS) or the statement ran into STATEMENT_TIMEOUT_MS. The
 * request then must not wait for it a second and a third time (the fast path, then Apollo's JSON path, then the
 * resolvers); any other failure (a plan the JSON path got wrong) leaves the resolvers to answer.
 */
export function failsAgain(error: unknown): boolean {
  return error instanceof ServiceUnavailableError || asQueryTimeout(error) !== undefined;
}

/**
 * A runner that fails every statement at once with `error`: what the rest of a request runs on after
 * {@link failsAgain}, so the resolvers report the failure (their usual error, code and status) without meeting it again.
 */
export function failingRunner(error: unknown): SqlRunner {
  return () => Promise.reject(error);
}
