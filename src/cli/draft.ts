/**
 * `npm run draft -- <file.txt|.docx|.pdf> [--agreement <slug>] [--title <title>] [--language <code>] [--out draft.json]`:
 * drafts the coding of an agreement's text from the hand-coded corpus (seeds/) and writes it in the import format,
 * marked as a draft (see src/domain/drafting/import-format.ts); `npm run import -- draft.json --dry-run` validates it.
 *
 * `npm run draft -- --evaluate [--dir <folder>] [--json] [--floors]`: leave-one-agreement-out evaluation over the
 * hand-coded texts of the folder (default ../shared/agreement-texts); `--floors` exits 1 below the floors.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../config/config';
import { readDocument } from '../domain/agreement-text/read-document';
import { defaultTextsFolder } from '../domain/agreement-text/segment-measure';
import { readTextFolder } from '../domain/agreement-text/text-files';
import { draftCoding } from '../domain/drafting/draft';
import { corpusDomainTerms, corpusPrecedents, evaluateDrafting, missedFloors, renderEvaluation } from '../domain/drafting/evaluate';
import { draftToImport } from '../domain/drafting/import-format';
import { PrecedentIndex } from '../domain/drafting/precedents';
import { flattenDomains, readCorpus } from '../seed/read-corpus';
import type { CliIo } from './token';

export const DRAFT_USAGE =
  'usage: npm run draft -- <file.txt|.docx|.pdf> [--agreement <slug>] [--title <title>] [--language <code>] [--out draft.json]\n' +
  '       npm run draft -- --evaluate [--dir <folder>] [--json] [--floors]';
const CONSOLE_IO: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** Runs the command; returns the exit code (0 done, 1 floors missed or failure, 2 usage). */
export async function runDraft(argv: readonly string[], io: CliIo = CONSOLE_IO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        evaluate: { type: 'boolean' },
        dir: { type: 'string' },
        json: { type: 'boolean' },
        floors: { type: 'boolean' },
        agreement: { type: 'string' },
        title: { type: 'string' },
        language: { type: 'string' },
        out: { type: 'string' },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n${DRAFT_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const corpus = readCorpus();
  if (values.evaluate) {
    if (positionals.length > 0) {
      io.err(DRAFT_USAGE);
      return 2;
    }
    const folder = values.dir ? path.resolve(values.dir) : defaultTextsFolder(PROJECT_ROOT);
    if (folder === null || !fs.existsSync(folder)) {
      io.err(`no folder ${folder ?? '../shared/agreement-texts'}`);
      return 2;
    }
    const evaluation = evaluateDrafting(corpus, readTextFolder(folder));
    if (values.json) io.out(JSON.stringify(evaluation, null, 2));
    else for (const line of renderEvaluation(evaluation)) io.out(line);
    const missed = missedFloors(evaluation);
    for (const line of missed) io.err(`below floor: ${line}`);
    return values.floors && missed.length > 0 ? 1 : 0;
  }
  const [file, ...rest] = positionals;
  if (!file || rest.length > 0) {
    io.err(DRAFT_USAGE);
    return 2;
  }
  let text: string;
  try {
    text = await readDocument(file);
  } catch (error) {
    io.err(`cannot read ${file}: ${(error as Error).message}`);
    return 1;
  }
  const agreement = values.agreement ?? path.basename(file).replace(/\.[^.]+$/, '');
  // The agreement drafted is never its own precedent, even when a coded version of it is in the corpus.
  const precedents = new PrecedentIndex(corpusPrecedents(corpus).filter((p) => p.agreement !== agreement));
  const draft = draftCoding(text, {
    title: values.title ?? null,
    language: values.language ?? 'en',
    precedents,
    domainTerms: corpusDomainTerms(corpus),
  });
  const fallbackDomain = flattenDomains(corpus.domains).find((d) => !flattenDomains(corpus.domains).some((c) => c.parent === d.slug))!.slug;
  const bundle = draftToImport(draft, { agreement, text, fileName: path.basename(file), fallbackDomain });
  const json = `${JSON.stringify(bundle, null, 2)}\n`;
  if (values.out) {
    fs.writeFileSync(values.out, json);
    const proposals = draft.provisions.reduce((n, p) => n + p.proposals.length, 0);
    io.out(
      `wrote ${values.out}: ${draft.provisions.filter((p) => p.leaf && p.operative).length} operative provisions, ${proposals} proposed commitments (marked DRAFT)`,
    );
  } else io.out(json);
  return 0;
}

if (require.main === module) {
  runDraft(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
