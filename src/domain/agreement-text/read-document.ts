/**
 * Reads an agreement's text from the file a government publishes (.txt, .docx or .pdf) into the form the shared
 * texts use: Unicode NFC, LF line ends, no trailing spaces, one blank line between paragraphs, and only characters
 * of the Basic Multilingual Plane (so a JavaScript string index and a PostgreSQL character position agree).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import mammoth from 'mammoth';
import { BadUserInputError } from '../../shared/errors/errors';

/** The file types readDocument understands, by extension. */
export const DOCUMENT_EXTENSIONS = ['.txt', '.docx', '.pdf'] as const;

/**
 * Normalises extracted text: strips a byte-order mark, turns CR LF, CR, form feeds and other line separators into
 * LF, composes to NFC, trims the spaces at the end of each line, drops blank lines at the start and end, and keeps
 * exactly one blank line between paragraphs; the result ends with one LF (or is empty). With `linePerParagraph`
 * (text extracted from a PDF, which has lines but no paragraphs) every line becomes a paragraph of its own, as in
 * the shared texts converted from PDF. Refuses characters outside the Basic Multilingual Plane.
 *
 * @example normaliseText('Title  \r\n\r\n\r\n1. One\r\n') // 'Title\n\n1. One\n'
 */
export function normaliseText(raw: string, options: { linePerParagraph?: boolean; source?: string } = {}): string {
  const text = raw
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?|[\f\v\u2028\u2029\u0085]/g, '\n')
    .normalize('NFC');
  refuseAstralCharacters(text, options.source ?? 'the document');
  const lines = text.split('\n').map((line) => line.replace(/[ \t\u00a0\u2007\u202f\u200b]+$/u, ''));
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') {
      if (current.length > 0) paragraphs.push(current.join('\n'));
      current = [];
    } else if (options.linePerParagraph) paragraphs.push(line);
    else current.push(line);
  }
  if (current.length > 0) paragraphs.push(current.join('\n'));
  return paragraphs.length === 0 ? '' : `${paragraphs.join('\n\n')}\n`;
}

/** Throws a clear error naming the first character outside the Basic Multilingual Plane and where it is. */
export function refuseAstralCharacters(text: string, source: string): void {
  const match = /[\uD800-\uDFFF]/.exec(text);
  if (!match) return;
  const codePoint = text.codePointAt(match.index) as number;
  const before = text.slice(0, match.index);
  const line = before.split('\n').length;
  const column = match.index - before.lastIndexOf('\n');
  const described = codePoint > 0xffff ? `U+${codePoint.toString(16).toUpperCase()}` : `a lone surrogate U+${codePoint.toString(16).toUpperCase()}`;
  throw new BadUserInputError(
    `${source} has a character outside the Basic Multilingual Plane (${described}) at line ${line}, column ${column}: ` +
      'texts are stored so that a character offset is the same in JavaScript and PostgreSQL; replace the character in the file and import it again',
    { line, column, codePoint },
  );
}

async function readDocx(file: string): Promise<string> {
  // Raw text: one paragraph per Word paragraph, separated by a blank line; numbering Word generates is not kept.
  const result = await mammoth.extractRawText({ path: file });
  return result.value;
}

/**
 * pdf-parse (pdf.js) loads its parser with a dynamic import(), which runs in node but not inside test runners
 * that wrap modules (jest without experimental flags). The PDF is therefore read in a worker thread, plain Node
 * wherever this runs, which also keeps a large PDF's parsing off the caller's event loop.
 */
const PDF_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PDFParse } = require(workerData.pdfParse);
(async () => {
  const parser = new PDFParse({ data: workerData.data });
  try {
    const result = await parser.getText({ pageJoiner: '', cellSeparator: ' ' });
    parentPort.postMessage({ pages: result.pages.map((page) => page.text) });
  } catch (error) {
    parentPort.postMessage({ error: String((error && error.message) || error) });
  } finally {
    await parser.destroy();
  }
})();
`;

async function readPdf(file: string): Promise<string> {
  const data = new Uint8Array(await fs.readFile(file));
  const worker = new Worker(PDF_WORKER_SOURCE, { eval: true, workerData: { pdfParse: require.resolve('pdf-parse'), data } });
  try {
    const reply = await new Promise<{ pages?: string[]; error?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the PDF reader stopped (exit code ${code})`)));
    });
    if (reply.error !== undefined) throw new Error(reply.error);
    return (reply.pages ?? []).join('\n');
  } finally {
    await worker.terminate();
  }
}

/**
 * Reads a .txt (UTF-8), .docx (mammoth) or .pdf (pdf-parse) file and returns its normalised text (see
 * {@link normaliseText}). Throws BadUserInputError for another extension, an unreadable document, or a character
 * outside the Basic Multilingual Plane.
 *
 * `normalise: false` returns the text exactly as read (only the BMP check applies). That is the way to load the
 * shared texts (`../shared/agreement-texts`): their `textSha256` and every offset recorded against them are of the
 * file as it is, and 18 of the 26 keep trailing or no-break spaces and space-only lines that normalising removes.
 *
 * @example const text = await readDocument('agreement.docx');
 * @example const shared = await readDocument('../shared/agreement-texts/japan-ukraine-2024.txt', { normalise: false });
 */
export async function readDocument(file: string, options: { normalise?: boolean } = {}): Promise<string> {
  const extension = path.extname(file).toLowerCase();
  const source = path.basename(file);
  let raw: string;
  try {
    if (extension === '.txt') raw = await fs.readFile(file, 'utf8');
    else if (extension === '.docx') raw = await readDocx(file);
    else if (extension === '.pdf') raw = await readPdf(file);
    else throw new BadUserInputError(`${source}: cannot read "${extension || 'no extension'}" files; use ${DOCUMENT_EXTENSIONS.join(', ')}`);
  } catch (error) {
    if (error instanceof BadUserInputError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new BadUserInputError(`no file ${file}`);
    throw new BadUserInputError(`${source} could not be read as ${extension}: ${(error as Error).message}`);
  }
  if (options.normalise === false) {
    refuseAstralCharacters(raw, source);
    return raw;
  }
  return normaliseText(raw, { linePerParagraph: extension === '.pdf', source });
}
