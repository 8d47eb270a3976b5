/**
 * `npm run export -- <collection> [--filter '<json>'] [--format csv|json] [--out <file>]`: the rows of a collection
 * that a filter matches (the GraphQL filter language, as JSON), by id, as CSV with a header row or as a JSON array;
 * on standard output, or into a file (written whole or not at all). Collections: agreements, commitments,
 * constraints, actors, sources, mechanisms, domains.
 *
 * Works on DATABASE_URL, or on the embedded server (src/db/connect-cli.ts), like `npm run token`.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { AppConfig, loadConfig } from '../config/config';
import { openCliDatabase } from '../db/connect-cli';
import { LimitError } from '../shared/limits/query-limits';
import { EXPORT_COLLECTIONS, exportText, poolOf, prepareExport } from '../export/export';
import { buildAppSchema } from '../schema/build-schema';
import { AppError } from '../shared/errors/errors';
import { CliIo } from './token';

export const EXPORT_USAGE = `usage: npm run export -- <${Object.keys(EXPORT_COLLECTIONS).join('|')}> [--filter '<json>'] [--as-of <RFC 3339>] [--format csv|json] [--out <file>]`;

function write(output: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    output.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * Runs the export command and returns the exit code: 0 done, 1 refused (bad filter), 2 a usage error. Writes to
 * `output` (standard output by default) unless `--out` names a file.
 */
export async function exportCli(argv: readonly string[], options: { config?: AppConfig; io?: CliIo; output?: Writable } = {}): Promise<number> {
  const io = options.io ?? { out: (line: string) => console.log(line), err: (line: string) => console.error(line) };
  let values: { filter?: string; format?: string; out?: string; 'as-of'?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { filter: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, 'as-of': { type: 'string' } },
    }));
    if (positionals.length !== 1) throw new Error(positionals.length === 0 ? 'which collection?' : `unexpected argument "${positionals[1]}"`);
  } catch (error) {
    io.err(`${(error as Error).message}\n${EXPORT_USAGE}`);
    return 2;
  }
  const format = values.format ?? (values.out && path.extname(values.out).toLowerCase() === '.json' ? 'json' : 'csv');
  const config = options.config ?? loadConfig();
  let prepared;
  try {
    prepared = prepareExport(buildAppSchema(), positionals[0], format, values.filter, config.limits.filterNodes, values['as-of']);
  } catch (error) {
    if (!(error instanceof AppError) && !(error instanceof LimitError)) throw error;
    io.err(error.message);
    return 1;
  }
  const database = await openCliDatabase(config, { log: (message) => io.err(message) });
  // A file is written beside its final name and renamed when complete, so a failed export leaves no partial file.
  const partial = values.out ? `${values.out}.partial` : undefined;
  const output = partial ? fs.createWriteStream(partial) : (options.output ?? process.stdout);
  try {
    for await (const piece of exportText(poolOf(database.dataSource), prepared)) await write(output, piece);
    if (partial && values.out) {
      await new Promise<void>((resolve, reject) => (output as fs.WriteStream).end((error?: Error | null) => (error ? reject(error) : resolve())));
      fs.renameSync(partial, values.out);
      io.err(`wrote ${values.out}`);
    }
    return 0;
  } catch (error) {
    if (partial) {
      (output as fs.WriteStream).destroy();
      fs.rmSync(partial, { force: true });
    }
    if (String((error as { code?: unknown }).code ?? '').startsWith('22')) {
      io.err((error as Error).message);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}

if (require.main === module) {
  exportCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
