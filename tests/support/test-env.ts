/** Environment variables through which the global setup tells test files where the database is. */
export const TEST_ENV = {
  adminUrl: 'ACCORDS_TEST_ADMIN_URL',
  template: 'ACCORDS_TEST_TEMPLATE',
} as const;

/** Replaces the database name of a PostgreSQL URL. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
