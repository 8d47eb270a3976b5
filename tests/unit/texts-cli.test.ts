import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultTextsFolder, renderMeasures } from '../../src/domain/agreement-text/segment-measure';
import { textsCli } from '../../src/cli/texts';

/** A text written for this test, in the agreements' style. */
const TEXT =
  [
    'Agreement between Arcadia and Ukraine',
    'Part I. Support',
    '1. Arcadia will train the Participants’ forces:',
    '(a) pilots;',
    '(b) engineers.',
    'Signed in Kyiv.',
  ].join('\n\n') + '\n';

function capture() {
  const lines = { out: [] as string[], err: [] as string[] };
  return { lines, io: { out: (line: string) => lines.out.push(line), err: (line: string) => lines.err.push(line) } };
}

let folder: string;
beforeAll(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'texts-cli-'));
  fs.writeFileSync(path.join(folder, 'arcadia-ukraine.txt'), TEXT);
  fs.writeFileSync(path.join(folder, 'notes.md'), 'not a text');
});
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

describe('npm run texts -- segment', () => {
  it('measures every .txt of a folder: provisions, leaves, operative leaves, violations, time, and a total; exit 0', () => {
    const { lines, io } = capture();
    expect(textsCli(['segment', '--dir', folder], io)).toBe(0);
    expect(lines.out[0]).toMatch(/^text\s+chars\s+provisions\s+leaves\s+operative\s+violations\s+ms$/);
    expect(lines.out[1]).toMatch(new RegExp(`^arcadia-ukraine\\s+${TEXT.length}\\s+9\\s+6\\s+3\\s+0\\s+\\d+\\.\\d$`));
    expect(lines.out[2]).toMatch(/^total \(1 texts\)\s+\d+\s+9\s+6\s+3\s+0\s+\d+\.\d$/);
    expect(lines.out).toHaveLength(3);
  });

  it('prints one text as an outline with --show', () => {
    const { lines, io } = capture();
    expect(textsCli(['segment', '--dir', folder, '--show', 'arcadia-ukraine'], io)).toBe(0);
    expect(lines.out.map((line) => line.split('  [')[0].trim())).toEqual([
      'Title',
      'Part I',
      'Part I › heading',
      'Part I › 1',
      'Part I › 1 › lead-in',
      'Part I › 1 › (a)',
      'Part I › 1 › (b)',
      'Signatures',
      'Signatures › ¶1',
    ]);
  });

  it('lists the violations under the table', () => {
    const lines = renderMeasures(
      [{ slug: 'x', characters: 3, provisions: 1, leaves: 1, operativeLeaves: 0, violations: ['#0 "Text": path used twice'], milliseconds: 1 }],
      1,
    );
    expect(lines[lines.length - 1]).toBe('x: #0 "Text": path used twice');
  });

  it('answers a usage error with exit code 2', () => {
    const { lines, io } = capture();
    expect(textsCli([], io)).toBe(2);
    expect(textsCli(['nonsense'], io)).toBe(2);
    expect(textsCli(['segment', '--dir', path.join(folder, 'missing')], io)).toBe(2);
    expect(textsCli(['segment', '--dir', folder, '--show', 'missing'], io)).toBe(2);
    expect(textsCli(['segment', '--bogus'], io)).toBe(2);
    expect(lines.err.join('\n')).toMatch(/usage: npm run texts -- segment/);
  });

  it('finds shared/agreement-texts beside the project or one of its parent folders', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'texts-root-'));
    const project = path.join(root, 'wt', 'project');
    fs.mkdirSync(project, { recursive: true });
    // Nothing inside the temporary tree yet (a machine may have a shared/agreement-texts higher up, outside it).
    expect(defaultTextsFolder(project)?.startsWith(root) ?? false).toBe(false);
    fs.mkdirSync(path.join(root, 'shared', 'agreement-texts'), { recursive: true });
    expect(defaultTextsFolder(project)).toBe(path.join(root, 'shared', 'agreement-texts'));
    fs.rmSync(root, { recursive: true, force: true });
  });
});
