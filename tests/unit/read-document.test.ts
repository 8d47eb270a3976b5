import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { normaliseText, readDocument } from '../../src/domain/agreement-text/read-document';
import { segmentText } from '../../src/domain/provision/segment';
import { BadUserInputError } from '../../src/shared/errors/errors';
import { buildDocx, buildPdf } from '../support/document-fixtures';

let folder: string;
beforeAll(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'read-document-'));
});
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const file = path.join(folder, name);
  fs.writeFileSync(file, content);
  return file;
}

describe('normaliseText', () => {
  it('gives NFC, LF line ends, no trailing spaces and exactly one blank line between paragraphs', () => {
    const raw = '\uFEFF\r\n\r\nTitle \u00a0\r\n\r\n\r\n\r\nPart I. Scope\t\rCafe\u0301 line two  \r\n   \r\n1. One\f2. Two\n\n\n';
    expect(normaliseText(raw)).toBe('Title\n\nPart I. Scope\nCafé line two\n\n1. One\n2. Two\n');
    expect(normaliseText(raw).normalize('NFC')).toBe(normaliseText(raw));
  });

  it('makes each line a paragraph of its own for text extracted from a PDF', () => {
    expect(normaliseText('Line one\nLine two\n\nLine three', { linePerParagraph: true })).toBe('Line one\n\nLine two\n\nLine three\n');
  });

  it('gives the empty string for a text with no words', () => {
    expect(normaliseText(' \r\n\t\n')).toBe('');
  });

  it('refuses a character outside the Basic Multilingual Plane, saying which and where', () => {
    expect(() => normaliseText('Title\n\n1. Flags 🇺🇦 here', { source: 'x.txt' })).toThrow(BadUserInputError);
    expect(() => normaliseText('Title\n\n1. Flags 🇺🇦 here', { source: 'x.txt' })).toThrow(/x\.txt .*U\+1F1FA.* line 3, column 10/);
  });
});

describe('readDocument', () => {
  it('reads a .txt file and normalises it', async () => {
    const file = write('agreement.txt', 'Agreement between A and B  \r\n\r\nPart I. Scope\r\n\r\n1. A will help B.\r\n');
    await expect(readDocument(file)).resolves.toBe('Agreement between A and B\n\nPart I. Scope\n\n1. A will help B.\n');
  });

  it('returns a .txt file exactly as it is with normalise: false (the shared texts, whose offsets are of the file)', async () => {
    const content = 'Title \u00a0\n\n\u00a0\n\n1. A will help B. \n';
    await expect(readDocument(write('as-is.txt', content), { normalise: false })).resolves.toBe(content);
    await expect(readDocument(write('as-is-emoji.txt', `${content}😀`), { normalise: false })).rejects.toThrow(/Basic Multilingual Plane/);
  });

  it('reads a .docx file (Word paragraphs become paragraphs separated by a blank line)', async () => {
    const file = write('agreement.docx', buildDocx(['Accordo tra A e B', 'Parte I. Ambito  ', 'Articolo 1. Cooperazione', '1. A sosterrà B & C.']));
    const text = await readDocument(file);
    expect(text).toBe('Accordo tra A e B\n\nParte I. Ambito\n\nArticolo 1. Cooperazione\n\n1. A sosterrà B & C.\n');
    expect(segmentText(text).map((provision) => provision.path)).toContain('Parte I › Articolo 1 › 1');
  });

  it('reads a .pdf file (each printed line becomes a paragraph)', async () => {
    const file = write('agreement.pdf', buildPdf(['Agreement between A and B', 'Part I. Scope', '1. A will help B (in full).']));
    const text = await readDocument(file);
    expect(text).toBe('Agreement between A and B\n\nPart I. Scope\n\n1. A will help B (in full).\n');
  });

  it('refuses other extensions, missing files and damaged documents with BadUserInputError', async () => {
    await expect(readDocument(write('agreement.rtf', '{\\rtf1}'))).rejects.toThrow(/cannot read "\.rtf" files/);
    await expect(readDocument(path.join(folder, 'missing.txt'))).rejects.toThrow(BadUserInputError);
    await expect(readDocument(write('broken.docx', 'not a zip'))).rejects.toThrow(/broken\.docx could not be read as \.docx/);
    await expect(readDocument(write('broken.pdf', 'not a pdf'))).rejects.toThrow(/broken\.pdf could not be read as \.pdf/);
  });

  it('refuses a .txt file with a character outside the Basic Multilingual Plane', async () => {
    await expect(readDocument(write('emoji.txt', 'Title\n\nPart I 😀\n'))).rejects.toThrow(/outside the Basic Multilingual Plane \(U\+1F600\)/);
  });
});
