/**
 * The data subcommands of `npm run texts` (src/cli/texts.ts dispatches to them):
 * - `import <file> --agreement <slug> [--language en] [--source <key>] [--reference]`: reads a .txt, .docx or .pdf
 *   as published, and attaches it like the `attachAgreementText` mutation (the history names the author
 *   `texts-import`), on DATABASE_URL or the embedded server;
 * - `check [--dir <folder>]`: checks the seed corpus's quote spans against the texts of a folder (by default
 *   shared/agreement-texts beside the project or a parent folder, as for `segment`), with no database, and prints per agreement the spans verified, mismatched and
 *   unverified and the operative provisions coded and uncoded; exits 1 on any mismatch, and with `--require-coded`
 *   also on any operative provision left uncoded (CI runs it so: every provision of the 26 texts is coded).
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, PROJECT_ROOT } from '../config/config';
import { openCliDatabase } from '../db/connect-cli';
import { runInTransaction } from '../curation/mutate';
import { AppError } from '../shared/errors/errors';
import { readDocument } from '../domain/agreement-text/read-document';
import { attachTextToAgreement } from '../domain/agreement-text/check-spans';
import { AgreementCheck, checkCorpusTexts, renderCorpusCheck } from '../domain/agreement-text/corpus-check';
import { readTextFolder } from '../domain/agreement-text/text-files';
import { defaultTextsFolder } from '../domain/agreement-text/segment-measure';
import { readCorpus } from '../seed/read-corpus';
import type { CliIo } from './token';

export const IMPORT_TEXT_USAGE =
  'usage: npm run texts -- import <file.txt|.docx|.pdf> --agreement <slug> [--language en] [--source <key>] [--reference]';
export const CHECK_USAGE = 'usage: npm run texts -- check [--dir <folder>] [--require-coded]';

/** `texts import`: returns the exit code (0 attached or already there, 1 refused, 2 usage). */
export async function runImportTextCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { agreement: { type: 'string' }, language: { type: 'string' }, source: { type: 'string' }, reference: { type: 'boolean' } },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n${IMPORT_TEXT_USAGE}`);
    return 2;
  }
  const [file, ...rest] = parsed.positionals;
  const { agreement, language = 'en', source, reference } = parsed.values;
  if (!file || rest.length > 0 || !agreement) {
    io.err(IMPORT_TEXT_USAGE);
    return 2;
  }
  let content: string;
  try {
    // A .txt is taken as it is (its sha256 and any offsets recorded against it are of the file); Word and PDF are normalised.
    content = await readDocument(file, { normalise: path.extname(file).toLowerCase() !== '.txt' });
  } catch (error) {
    io.err((error as Error).message);
    return 1;
  }
  const database = await openCliDatabase(loadConfig());
  try {
    const result = await runInTransaction(database.dataSource, { tokenName: 'texts-import', role: 'admin' }, (tx) =>
      attachTextToAgreement(tx.db, { agreement, language, content, source, reference: reference ?? null }),
    );
    io.out(
      result.attached
        ? `attached ${path.basename(file)} to ${agreement} (${language}, ${content.length} characters, sha256 ${result.sha256}): ${result.provisions} provisions`
        : `${agreement} already has this text (sha256 ${result.sha256}): nothing changed`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    io.err(`nothing was attached: ${error.message}`);
    for (const problem of (error.extensions.problems as { field: string; message: string }[] | undefined) ?? [])
      io.err(`- ${problem.field}: ${problem.message}`);
    return 1;
  } finally {
    await database.close();
  }
}

/** `texts check`: returns the exit code (0 no mismatch, 1 mismatches or, with --require-coded, uncoded provisions; 2 usage or no folder). */
export function runCheckCommand(argv: readonly string[], io: CliIo): number {
  let values: { dir?: string; 'require-coded'?: boolean };
  try {
    ({ values } = parseArgs({ args: [...argv], options: { dir: { type: 'string' }, 'require-coded': { type: 'boolean' } } }));
  } catch (error) {
    io.err(`${(error as Error).message}\n${CHECK_USAGE}`);
    return 2;
  }
  // The same default as `texts segment`: shared/agreement-texts beside the project or one of its parent folders.
  const folder = values.dir ? path.resolve(values.dir) : defaultTextsFolder(PROJECT_ROOT);
  if (folder === null || !fs.existsSync(folder)) {
    io.err(`no folder ${folder ?? '../shared/agreement-texts'} (the official texts: see README, "Agreement texts and provisions")`);
    return 2;
  }
  const checks = checkCorpusTexts(readCorpus(), readTextFolder(folder));
  for (const line of renderCorpusCheck(checks)) io.out(line);
  return checkExitCode(checks, values['require-coded'] ?? false);
}

/** The exit code of `texts check` for its results: 1 on any mismatched span, or on an uncoded operative provision when required. */
export function checkExitCode(checks: readonly AgreementCheck[], requireCoded: boolean): 0 | 1 {
  if (checks.some((c) => c.spansMismatched > 0)) return 1;
  return requireCoded && checks.some((c) => c.operativeUncoded > 0) ? 1 : 0;
}
