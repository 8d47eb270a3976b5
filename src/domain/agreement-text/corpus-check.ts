import type { SeedCorpus } from '../../seed/seed-schema';
import { segmentText } from '../provision/segment';
import { textSha256 } from './attach-text';
import { spanMismatches, TextFile } from './write-texts';

/** What `texts check` counts for one agreement. */
export interface AgreementCheck {
  agreement: string;
  spansVerified: number;
  spansMismatched: number;
  spansUnverified: number;
  operativeCoded: number;
  operativeUncoded: number;
  /** One line per mismatched span: the record, the span and both strings. */
  mismatches: string[];
}

interface Quoted {
  record: string;
  quote: string;
  quoteLanguage?: string | null;
  quoteSpans?: { start: number; end: number }[] | null;
}

/**
 * Checks the seed corpus against a folder's texts without a database, as loading would: every quote span against
 * the words of the text with the declared sha256 (verified, mismatched; unverified where that text is not in the
 * folder), and the operative leaf provisions of each text there (notes applied) coded or not. Agreements with
 * neither spans nor a text in the folder are left out.
 */
export function checkCorpusTexts(corpus: SeedCorpus, files: TextFile[]): AgreementCheck[] {
  const filesBySlug = new Map(files.map((f) => [f.agreement, { ...f, sha256: textSha256(f.content) }]));
  const checks: AgreementCheck[] = [];
  for (const agreement of corpus.agreements) {
    const file = filesBySlug.get(agreement.slug);
    const declared = agreement.texts ?? [];
    const fileLanguage = declared.find((t) => t.sha256 === file?.sha256)?.language ?? file?.language ?? 'en';
    // The words a language's spans are checked against: the declared text's, when the folder has that one.
    const wordsIn = (language: string | null | undefined): { content: string | null } | undefined => {
      const text = declared.find((t) => t.language === language);
      if (text) return { content: file && file.sha256 === text.sha256 ? file.content : null };
      if (file && fileLanguage === language) return { content: file.content };
      return undefined;
    };
    const quoted: Quoted[] = [
      ...agreement.commitments.map((c) => ({ ...c, record: `commitment ${c.key}` })),
      ...agreement.constraints.map((c) => ({ ...c, record: `constraint ${c.key}` })),
    ].filter((r) => (r.quoteSpans ?? []).length > 0);
    if (quoted.length === 0 && !file) continue;
    const check: AgreementCheck = {
      agreement: agreement.slug,
      spansVerified: 0,
      spansMismatched: 0,
      spansUnverified: 0,
      operativeCoded: 0,
      operativeUncoded: 0,
      mismatches: [],
    };
    for (const r of quoted) {
      const spans = r.quoteSpans!;
      const content = wordsIn(r.quoteLanguage)?.content ?? null;
      if (content === null) {
        check.spansUnverified += spans.length;
        continue;
      }
      const found = spans.map((s) => content.slice(s.start, s.end));
      const mismatched = spanMismatches(r.quote, spans, found);
      check.spansMismatched += mismatched.length;
      check.spansVerified += spans.length - mismatched.length;
      for (const m of mismatched) {
        const span = spans[m.index];
        check.mismatches.push(
          `${r.record} span ${m.index} [${span.start}, ${span.end}): quote ${JSON.stringify(m.expected)}, text ${JSON.stringify(m.found)}`,
        );
      }
    }
    if (file) {
      const notes = new Map((agreement.provisionNotes ?? []).map((n) => [n.path, n.operative]));
      const firstStarts = quoted.filter((r) => (r.quoteLanguage ?? 'en') === fileLanguage).map((r) => r.quoteSpans![0].start);
      for (const p of segmentText(file.content, { language: fileLanguage })) {
        if (!p.leaf || !(notes.get(p.path) ?? p.operative)) continue;
        if (firstStarts.some((start) => start >= p.start && start < p.end)) check.operativeCoded += 1;
        else check.operativeUncoded += 1;
      }
    }
    checks.push(check);
  }
  return checks;
}

/** The report lines of `texts check`: a row per agreement, then the totals. */
export function renderCorpusCheck(checks: AgreementCheck[]): string[] {
  const header = ['agreement', 'spans ok', 'mismatched', 'unverified', 'coded', 'uncoded'];
  const rows = checks.map((c) =>
    [c.agreement, c.spansVerified, c.spansMismatched, c.spansUnverified, c.operativeCoded, c.operativeUncoded].map(String),
  );
  const sum = (pick: (c: AgreementCheck) => number) => checks.reduce((n, c) => n + pick(c), 0);
  const width = Math.max(header[0].length, ...rows.map((r) => r[0].length));
  const line = (cells: string[]) => [cells[0].padEnd(width), ...cells.slice(1).map((cell, i) => cell.padStart(header[i + 1].length))].join('  ');
  return [
    line(header),
    ...rows.map(line),
    ...checks.flatMap((c) => c.mismatches.map((m) => `MISMATCH ${c.agreement}: ${m}`)),
    `total: spans ${sum((c) => c.spansVerified)} verified, ${sum((c) => c.spansMismatched)} mismatched, ${sum((c) => c.spansUnverified)} unverified;` +
      ` operative provisions ${sum((c) => c.operativeCoded)} coded, ${sum((c) => c.operativeUncoded)} uncoded (${checks.length} agreements)`,
  ];
}
