/**
 * The segmenter measured on a folder of texts (`npm run texts -- segment`): per text the provisions, leaves,
 * operative leaves, violations of the invariants and the time taken, and a total.
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkSegmentation, segmentText, SegmentedProvision } from '../provision/segment';

export interface TextMeasure {
  slug: string;
  characters: number;
  provisions: number;
  leaves: number;
  operativeLeaves: number;
  violations: string[];
  /** Reading, segmenting and checking the text, in milliseconds. */
  milliseconds: number;
}

/**
 * The official texts' folder: `shared/agreement-texts` beside the project (`../shared/agreement-texts`), or beside
 * one of its parent folders (a git worktree under /work/wt/<name> finds /work/shared); null when there is none.
 */
export function defaultTextsFolder(projectRoot: string): string | null {
  for (let folder = path.dirname(projectRoot); ; folder = path.dirname(folder)) {
    const candidate = path.join(folder, 'shared', 'agreement-texts');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(folder) === folder) return null;
  }
}

/** The `<slug>.txt` files of a folder, by name. */
export function listTexts(folder: string): string[] {
  return fs
    .readdirSync(folder)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => path.join(folder, name));
}

/** Reads, segments and checks one text file. */
export function measureText(file: string, language?: string): TextMeasure & { provisionList: SegmentedProvision[] } {
  const began = process.hrtime.bigint();
  const text = fs.readFileSync(file, 'utf8');
  const provisions = segmentText(text, { language });
  const violations = checkSegmentation(text, provisions);
  const milliseconds = Number(process.hrtime.bigint() - began) / 1e6;
  const leaves = provisions.filter((provision) => provision.leaf);
  return {
    slug: path.basename(file, '.txt'),
    characters: text.length,
    provisions: provisions.length,
    leaves: leaves.length,
    operativeLeaves: leaves.filter((provision) => provision.operative).length,
    violations,
    milliseconds,
    provisionList: provisions,
  };
}

/** The measure as the lines the command prints: a table, the violations, and a total. */
export function renderMeasures(measures: readonly TextMeasure[], totalMilliseconds: number): string[] {
  const width = Math.max(4, ...measures.map((measure) => measure.slug.length));
  const row = (cells: (string | number)[]) =>
    [String(cells[0]).padEnd(width), ...cells.slice(1).map((cell, index) => String(cell).padStart(index === 0 ? 8 : 11))].join('  ');
  const lines = [row(['text', 'chars', 'provisions', 'leaves', 'operative', 'violations', 'ms'])];
  for (const measure of measures) {
    lines.push(
      row([
        measure.slug,
        measure.characters,
        measure.provisions,
        measure.leaves,
        measure.operativeLeaves,
        measure.violations.length,
        measure.milliseconds.toFixed(1),
      ]),
    );
  }
  const sum = (pick: (measure: TextMeasure) => number) => measures.reduce((total, measure) => total + pick(measure), 0);
  lines.push(
    row([
      `total (${measures.length} texts)`,
      sum((m) => m.characters),
      sum((m) => m.provisions),
      sum((m) => m.leaves),
      sum((m) => m.operativeLeaves),
      sum((m) => m.violations.length),
      totalMilliseconds.toFixed(1),
    ]),
  );
  for (const measure of measures) for (const violation of measure.violations) lines.push(`${measure.slug}: ${violation}`);
  return lines;
}

/** One line per provision, indented by depth: path, kind, operative guess and the first words. */
export function renderOutline(text: string, provisions: readonly SegmentedProvision[]): string[] {
  const depth = new Map<number, number>();
  return provisions.map((provision) => {
    const level = provision.parentOrdinal === null ? 0 : (depth.get(provision.parentOrdinal) as number) + 1;
    depth.set(provision.ordinal, level);
    const words = text.slice(provision.start, provision.end).replace(/\s+/g, ' ').trim().slice(0, 60);
    const flag = provision.leaf ? (provision.operative ? 'op ' : (provision.nonOperativeReason ?? '').slice(0, 3).toLowerCase()) : '   ';
    return `${'  '.repeat(level)}${provision.path}  [${provision.kind}${provision.leaf ? '' : '+'}] ${flag} ${provision.leaf ? words : ''}`;
  });
}
