/**
 * `npm run import -- <file> [--dry-run]`: imports a file of the seed format (an agreement, a list of sources, actors,
 * domains or mechanisms, or a bundle of them) all or nothing, upserting by slug, code or key. Prints what was (or,
 * with --dry-run, would be) created, updated and left alone; on any problem prints every one and writes nothing.
 * Works on DATABASE_URL, or on the embedded server (the one `npm start` runs, or one started for the command).
 * The history names the author `import`.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config';
import { openCliDatabase } from '../db/connect-cli';
import { importRecords } from '../curation/import-records';
import { describeProblem, RecordProblems } from '../curation/problems';

export const IMPORT_USAGE = 'usage: npm run import -- <file.json> [--dry-run]';

/** Runs the command; returns the exit code. */
export async function runImport(argv: readonly string[], io = { out: console.log, err: console.error }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { 'dry-run': { type: 'boolean' } } });
  } catch (error) {
    io.err(`${(error as Error).message}\n${IMPORT_USAGE}`);
    return 2;
  }
  const [file, ...rest] = parsed.positionals;
  if (!file || rest.length > 0) {
    io.err(IMPORT_USAGE);
    return 2;
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    io.err(`cannot read ${file}: ${(error as Error).message}`);
    return 1;
  }
  const database = await openCliDatabase(loadConfig());
  try {
    const dryRun = parsed.values['dry-run'] ?? false;
    const report = await importRecords(database.dataSource, { tokenName: 'import', role: 'admin' }, text, path.basename(file), dryRun);
    const verb = dryRun ? 'would be' : 'were';
    for (const [what, list] of [
      ['created', report.created],
      ['updated', report.updated],
      ['left alone', report.unchanged],
    ] as const) {
      io.out(`${list.length} ${verb} ${what}${list.length > 0 ? `: ${list.join(', ')}` : ''}`);
    }
    if (dryRun) io.out('dry run: nothing was written');
    return 0;
  } catch (error) {
    if (!(error instanceof RecordProblems)) throw error;
    io.err(`nothing was imported; ${error.problems.length} problem(s):`);
    for (const problem of error.problems) io.err(`- ${describeProblem(problem)}`);
    return 1;
  } finally {
    await database.close();
  }
}

if (require.main === module) {
  runImport(process.argv.slice(2))
    .then((code) => process.exit(code))
    .catch((error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
