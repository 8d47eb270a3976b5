/** The roles a token can carry, weakest first: each role may do what the ones before it may. */
export const ROLES = ['reader', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking: the name and role of the API token a request presented. */
export interface Principal {
  tokenName: string;
  role: Role;
}

/** Whether `role` may do what `needed` may. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}
