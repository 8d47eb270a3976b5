/**
 * Session settings every connection to PostgreSQL starts with, whoever opens it (the API's pools, the worker's
 * pg-boss pool, the LISTEN connection, the migration lock, the command-line tools).
 *
 * JIT is off: PostgreSQL's JIT compiler can spend tens of seconds on a statement with a few hundred OR branches (a
 * small filter of `or: [{ hasCommitment: { search: ... } }, ...]`), and the statement timeout is not checked while it
 * compiles, so one small request could hold a backend for 20 s. Our statements are short OLTP reads that JIT does not
 * speed up; without it the same statement takes under 100 ms.
 */
export const SESSION_SETTINGS: Readonly<Record<string, string>> = { jit: 'off' };

/**
 * The startup `options` of a connection: the URL's own `options` (if any), then our session settings (later
 * settings win, so ours hold).
 *
 * @example sessionOptions('postgres://h/db?options=-c%20search_path%3Dx') // => '-c search_path=x -c jit=off'
 */
export function sessionOptions(url: string): string {
  const own = optionsOf(url);
  const ours = Object.entries(SESSION_SETTINGS)
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(' ');
  return own ? `${own} ${ours}` : ours;
}

function optionsOf(url: string): string | undefined {
  try {
    return new URL(url).searchParams.get('options') ?? undefined;
  } catch {
    return undefined;
  }
}

/** `url` without its `options` parameter (node-postgres would let it replace the merged `options`). */
function withoutOptions(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.searchParams.has('options')) return url;
    parsed.searchParams.delete('options');
    return parsed.toString();
  } catch {
    return url;
  }
}

/** What node-postgres (`pg.Client`, `pg.Pool`, pg-boss, TypeORM's `extra`) needs to open a connection to `url`. */
export interface ConnectionConfig {
  connectionString: string;
  options: string;
  application_name?: string;
}

/**
 * The one place a connection to PostgreSQL is configured: `url`, the session settings ({@link SESSION_SETTINGS}) and
 * the name the connection shows in `pg_stat_activity.application_name`.
 *
 * @example new pg.Client(connectionConfig(url, 'accords-graphql:migrations'))
 */
export function connectionConfig(url: string, applicationName?: string): ConnectionConfig {
  return {
    connectionString: withoutOptions(url),
    options: sessionOptions(url),
    ...(applicationName ? { application_name: applicationName } : {}),
  };
}
