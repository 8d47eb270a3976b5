import { Principal, roleAtLeast } from './principal';
import { requireRole } from './require-role';

// Who may see who made a change (issue 14, part D). The actor of a history entry is the name of the token the change
// was made with: analysts and admins see it; anonymous clients and readers see null, and may not filter by it (a
// filter is an oracle: `actor: { startsWith: "a" }` would spell the names out). This holds for `history`,
// `changes` and `corpusChanged` alike.

/** The role from which actors are shown. */
export const ACTORS_VISIBLE_FROM = 'analyst' as const;

/**
 * The actor of a change as `principal` may see it: the token name for analysts and admins, null for anyone else.
 *
 * @example actorAsSeenBy({ tokenName: 'x', role: 'reader' }, 'alice') // => null
 */
export function actorAsSeenBy(principal: Principal | null, actor: string | null): string | null {
  return principal && roleAtLeast(principal.role, ACTORS_VISIBLE_FROM) ? actor : null;
}

/** Whether a ChangeFilter uses `actor` anywhere (at its top level or inside and/or/not). */
export function filtersByActor(filter: unknown): boolean {
  if (Array.isArray(filter)) return filter.some(filtersByActor);
  if (typeof filter !== 'object' || filter === null) return false;
  return Object.entries(filter).some(
    ([key, value]) => (key === 'actor' && value != null) || ((key === 'and' || key === 'or' || key === 'not') && filtersByActor(value)),
  );
}

/**
 * Refuses a ChangeFilter that uses `actor` unless the caller may see actors: UNAUTHENTICATED without a token,
 * FORBIDDEN for a reader (as {@link requireRole}).
 */
export function checkActorFilter(ctx: { principal: Principal | null }, filter: unknown): void {
  if (filtersByActor(filter)) requireRole(ctx, ACTORS_VISIBLE_FROM);
}
