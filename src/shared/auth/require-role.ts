import { ForbiddenError, UnauthenticatedError } from '../errors/errors';
import { Principal, Role, roleAtLeast } from './principal';

/**
 * The guard of every privileged operation: returns the principal when it holds `role` or a stronger one; throws
 * UNAUTHENTICATED without a token and FORBIDDEN when the token's role is too weak. Writes need `analyst`; tokens
 * and imports need `admin`.
 *
 * @example const principal = requireRole(ctx, 'analyst');
 */
export function requireRole(ctx: { principal: Principal | null }, role: Role): Principal {
  const { principal } = ctx;
  if (!principal) throw new UnauthenticatedError(`this needs an API token with role ${role} or above: send Authorization: Bearer <token>`);
  if (!roleAtLeast(principal.role, role)) {
    throw new ForbiddenError(`this needs role ${role} or above; token "${principal.tokenName}" has role ${principal.role}`, { requiredRole: role });
  }
  return principal;
}
