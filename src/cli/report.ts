/**
 * `npm run report -- <kind> [--agreement <slug>] [--peers <slug,slug>] [--filter '<json>'] [--since <date-time>]
 *   [--depth <n>] --format <md|csv|json|html> [--out <file>] [--api <url> [--token <token>]]`
 *
 * Renders a report to standard output or to a file (written whole or not at all). It reads the local database by
 * default (DATABASE_URL, or the embedded server: the one `npm start` runs, or one started for the command); with
 * `--api` it asks a remote server's GraphQL endpoint instead, as a job on another machine would.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config';
import { openCliDatabase } from '../db/connect-cli';
import { AppError } from '../shared/errors/errors';
import { localCaller, remoteCaller } from '../reports/graphql-callers';
import { checkKindAndFormat, collectReport, REPORT_FORMATS, REPORT_KINDS, ReportParams } from '../reports/report-data';
import { renderReport } from '../reports/render';
import { buildAppSchema } from '../schema/build-schema';

export const REPORT_USAGE = [
  `usage: npm run report -- <kind> --format <${REPORT_FORMATS.join('|')}> [--out <file>]`,
  `         [--agreement <slug>] [--peers <slug,slug>] [--filter '<json>'] [--since <date-time>] [--depth <n>]`,
  `         [--api <url> [--token <token>]]`,
  `kinds: ${REPORT_KINDS.join(', ')}`,
].join('\n');

/** Runs the command; returns the exit code (0 done, 1 refused or failed, 2 usage). */
/** Where the command writes: the report on `out`, messages on `err`. */
export interface ReportIo {
  out(text: string): void;
  err(text: string): void;
}

const CONSOLE_IO: ReportIo = { out: (text) => void process.stdout.write(text), err: (text) => console.error(text) };

export async function runReportCommand(argv: readonly string[], io: ReportIo = CONSOLE_IO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        out: { type: 'string' },
        agreement: { type: 'string' },
        peers: { type: 'string' },
        filter: { type: 'string' },
        since: { type: 'string' },
        depth: { type: 'string' },
        api: { type: 'string' },
        token: { type: 'string' },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n${REPORT_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || !values.format) {
    io.err(REPORT_USAGE);
    return 2;
  }
  const params: ReportParams = {};
  try {
    const { kind, format } = checkKindAndFormat(positionals[0], values.format);
    if (values.agreement) params.agreement = values.agreement;
    if (values.peers)
      params.peers = values.peers
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
    if (values.since) params.since = values.since;
    if (values.depth) params.depth = Number(values.depth);
    if (values.filter) {
      try {
        params.filter = JSON.parse(values.filter);
      } catch {
        io.err(`--filter is not valid JSON: ${values.filter}`);
        return 1;
      }
    }
    const database = values.api ? undefined : await openCliDatabase(loadConfig());
    try {
      const schema = buildAppSchema();
      const call = values.api ? remoteCaller(values.api, values.token) : localCaller(schema, database!.dataSource);
      const rendered = renderReport(await collectReport(schema, kind, params, call), format);
      if (values.out) {
        fs.writeFileSync(`${values.out}.partial`, rendered.body);
        fs.renameSync(`${values.out}.partial`, values.out);
        io.err(`wrote ${values.out} (${rendered.contentType})`);
      } else {
        io.out(rendered.body);
      }
      return 0;
    } finally {
      await database?.close();
    }
  } catch (error) {
    if (error instanceof AppError) {
      io.err(error.message);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) {
  runReportCommand(process.argv.slice(2))
    .then((code) => process.exit(code))
    .catch((error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
