import { Fragment, sql } from '../shared/sql/sql';
import { Principal, roleAtLeast } from '../shared/auth/principal';

// Who may see a report run (issue 14, part D): the token that asked for it, and admins. Scheduled runs (asked for by
// `schedule`) are admins' only; anonymous clients see none. Every read of runs applies it: `reportRuns`,
// `reportRun(id)`, `reportRunUpdated(id)` and the download route.

/**
 * Whether `principal` may see a run asked for by `requestedBy` (a token name, `schedule`, or null).
 *
 * @example maySeeReportRun({ tokenName: 'ana', role: 'reader' }, 'ana') // => true
 * @example maySeeReportRun({ tokenName: 'ana', role: 'reader' }, 'bob') // => false
 */
export function maySeeReportRun(principal: Principal | null, requestedBy: string | null): boolean {
  if (!principal) return false;
  return roleAtLeast(principal.role, 'admin') || requestedBy === principal.tokenName;
}

/**
 * The SQL condition of {@link maySeeReportRun} on the run aliased `alias`, the token name a bound value.
 *
 * @example reportRunOwnerCondition({ tokenName: 'ana', role: 'reader' }, sql`r`) // renders 'r.requested_by = $1::text', ['ana']
 */
export function reportRunOwnerCondition(principal: Principal | null, alias: Fragment): Fragment {
  if (!principal) return sql`FALSE`;
  if (roleAtLeast(principal.role, 'admin')) return sql`TRUE`;
  return sql`${alias}.requested_by = ${sql.value(principal.tokenName, 'text')}`;
}
