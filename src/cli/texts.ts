/**
 * `npm run texts -- segment [--dir <folder>] [--show <slug>]`: segments every `<slug>.txt` of the folder (by
 * default ../shared/agreement-texts, the official texts, looked for beside the project or one of
 * its parent folders), checks the invariants, and prints per text the provisions,
 * leaves, operative leaves, violations and time, then a total; exits 1 on any violation. `--show <slug>` prints
 * that text's provisions as an outline instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../config/config';
import { defaultTextsFolder, listTexts, measureText, renderMeasures, renderOutline } from '../domain/agreement-text/segment-measure';
import type { CliIo } from './token';
import { CHECK_USAGE, IMPORT_TEXT_USAGE, runCheckCommand, runImportTextCommand } from './texts-data';

export const TEXTS_USAGE = `usage: npm run texts -- segment [--dir <folder>] [--show <slug>]\n${IMPORT_TEXT_USAGE}\n${CHECK_USAGE}`;
const CONSOLE_IO: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** `texts segment`: returns the exit code (0 no violation, 1 violations, 2 usage). */
export function runSegmentCommand(argv: readonly string[], io: CliIo = CONSOLE_IO): number {
  let values: { dir?: string; show?: string };
  try {
    ({ values } = parseArgs({ args: [...argv], options: { dir: { type: 'string' }, show: { type: 'string' } } }));
  } catch (error) {
    io.err(`${(error as Error).message}\n${TEXTS_USAGE}`);
    return 2;
  }
  const folder = values.dir ? path.resolve(values.dir) : defaultTextsFolder(PROJECT_ROOT);
  if (folder === null || !fs.existsSync(folder)) {
    io.err(`no folder ${folder ?? '../shared/agreement-texts'}`);
    return 2;
  }
  if (values.show) {
    const file = path.join(folder, `${values.show}.txt`);
    if (!fs.existsSync(file)) {
      io.err(`no text ${file}`);
      return 2;
    }
    const measure = measureText(file);
    for (const line of renderOutline(fs.readFileSync(file, 'utf8'), measure.provisionList)) io.out(line);
    for (const violation of measure.violations) io.err(violation);
    return measure.violations.length > 0 ? 1 : 0;
  }
  const began = process.hrtime.bigint();
  const measures = listTexts(folder).map((file) => measureText(file));
  const total = Number(process.hrtime.bigint() - began) / 1e6;
  for (const line of renderMeasures(measures, total)) io.out(line);
  return measures.some((measure) => measure.violations.length > 0) ? 1 : 0;
}

/** Dispatches `npm run texts -- <subcommand> ...`. */
export function textsCli(argv: readonly string[], io: CliIo = CONSOLE_IO): number | Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'segment') return runSegmentCommand(rest, io);
  if (command === 'import') return runImportTextCommand(rest, io);
  if (command === 'check') return runCheckCommand(rest, io);
  io.err(command ? `unknown subcommand "${command}"\n${TEXTS_USAGE}` : TEXTS_USAGE);
  return 2;
}

if (require.main === module) {
  Promise.resolve(textsCli(process.argv.slice(2)))
    .then((code) => process.exit(code))
    .catch((error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
