/**
 * `npm run token -- create --role <reader|analyst|admin> --name <name> [--expires <ISO date>]`: creates an API token
 * and prints it alone on the last line (shown once: only its hash is kept).
 * `npm run token -- list`: every token with its role, dates and state.
 * `npm run token -- revoke <name>`: revokes a token for good.
 *
 * Works on DATABASE_URL, or on the embedded server: the one `npm start` is running, or one started for the command
 * (src/db/connect-cli.ts).
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { AppConfig, loadConfig } from '../config/config';
import { openCliDatabase } from '../db/connect-cli';
import { ROLES, Role } from '../shared/auth/principal';
import { ApiTokenInfo, createApiToken, listApiTokens, revokeApiToken } from '../shared/auth/token-store';
import { createSqlRunner } from '../db/sql-runner';

export const TOKEN_USAGE = [
  'usage: npm run token -- create --role <reader|analyst|admin> --name <name> [--expires <ISO date>]',
  '       npm run token -- list',
  '       npm run token -- revoke <name>',
].join('\n');

class UsageError extends Error {}

/** Where the command writes: lines for people on `out`, problems on `err`. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const CONSOLE_IO: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line) };

type Command = { kind: 'create'; name: string; role: Role; expiresAt: Date | null } | { kind: 'list' } | { kind: 'revoke'; name: string };

/** Reads the command line (after `token`). */
export function parseTokenCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { role: { type: 'string' }, name: { type: 'string' }, expires: { type: 'string' } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (command === 'create') {
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
    if (!values.name) throw new UsageError('create needs --name');
    if (!values.role || !ROLES.includes(values.role as Role)) throw new UsageError(`create needs --role ${ROLES.join('|')}`);
    let expiresAt: Date | null = null;
    if (values.expires !== undefined) {
      expiresAt = new Date(values.expires);
      if (!/^\d{4}-\d{2}-\d{2}/.test(values.expires) || Number.isNaN(expiresAt.getTime())) {
        throw new UsageError(`--expires must be an ISO date or date-time such as 2027-01-31 or 2027-01-31T12:00:00Z; got "${values.expires}"`);
      }
    }
    return { kind: 'create', name: values.name, role: values.role as Role, expiresAt };
  }
  if (values.name || values.role || values.expires) throw new UsageError('--name, --role and --expires go with create');
  if (command === 'list' && rest.length === 0) return { kind: 'list' };
  if (command === 'revoke' && rest.length === 1) return { kind: 'revoke', name: rest[0] };
  throw new UsageError(command ? `cannot read "${positionals.join(' ')}"` : 'no command');
}

const moment = (value: Date | null) => (value ? value.toISOString().replace(/\.\d{3}Z$/, 'Z') : '-');

function state(token: ApiTokenInfo): string {
  if (token.revokedAt) return 'revoked';
  return token.active ? 'active' : 'expired';
}

/** The tokens as an aligned table. */
export function formatTokenTable(tokens: readonly ApiTokenInfo[]): string[] {
  const rows = [
    ['NAME', 'ROLE', 'STATE', 'CREATED', 'EXPIRES', 'LAST USED'],
    ...tokens.map((t) => [t.name, t.role, state(t), moment(t.createdAt), moment(t.expiresAt), moment(t.lastUsedAt)]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd(),
  );
}

/**
 * Runs the token command and returns the exit code: 0 done, 1 refused (a duplicate or unknown name, a bad
 * expiry), 2 a usage error. `config` defaults to the process's environment.
 */
export async function tokenCli(argv: readonly string[], options: { config?: AppConfig; io?: CliIo } = {}): Promise<number> {
  const io = options.io ?? CONSOLE_IO;
  let command: Command;
  try {
    command = parseTokenCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`${error.message}\n${TOKEN_USAGE}`);
    return 2;
  }
  const database = await openCliDatabase(options.config ?? loadConfig(), { log: (message) => io.err(message) });
  try {
    const sql = createSqlRunner(database.dataSource);
    if (command.kind === 'create') {
      const { token, apiToken } = await createApiToken(sql, command);
      io.out(`created token "${apiToken.name}" with role ${apiToken.role}, expiring ${apiToken.expiresAt ? moment(apiToken.expiresAt) : 'never'}`);
      io.out('It is shown only now; send it as "Authorization: Bearer <token>":');
      io.out(token);
    } else if (command.kind === 'list') {
      const tokens = await listApiTokens(sql);
      if (tokens.length === 0) io.out('no tokens yet; create one with: npm run token -- create --role admin --name <name>');
      else formatTokenTable(tokens).forEach((line) => io.out(line));
    } else {
      const revoked = await revokeApiToken(sql, command.name);
      io.out(`revoked token "${revoked.name}" (${moment(revoked.revokedAt)})`);
    }
    return 0;
  } catch (error) {
    // Refusals (BAD_USER_INPUT, NOT_FOUND) are the user's to fix: their message alone.
    if ((error as { extensions?: { code?: string } }).extensions?.code) {
      io.err((error as Error).message);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}

if (require.main === module) {
  tokenCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
