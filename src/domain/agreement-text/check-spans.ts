import type { Executor } from '../../curation/write-corpus';
import type { RecordProblem } from '../../curation/problems';
import { spanMismatches } from './write-texts';

interface SpanRow {
  owner: 'commitment' | 'constraint';
  key: string;
  quote: string;
  ordinal: number;
  start: number;
  end: number;
  sha256: string;
  words: string | null;
}

/**
 * The quote spans in one stored text that do not match its words, as problems naming the record, the span and both
 * strings: what attaching the words of a text the seed declared checks before it commits.
 */
export async function spanProblemsInText(db: Executor, textId: number): Promise<RecordProblem[]> {
  const rows: SpanRow[] = await db.query(
    ['commitment', 'constraint']
      .map(
        (owner) =>
          `SELECT '${owner}' AS owner, r.key, r.quote, s.ordinal, s.start_offset AS start, s.end_offset AS "end", x.sha256,` +
          ` substr(x.content, s.start_offset + 1, s.end_offset - s.start_offset) AS words` +
          ` FROM ${owner}_quote_span s JOIN live.${owner === 'commitment' ? 'commitment' : 'agreement_constraint'} r ON r.id = s.${owner}_id` +
          ` JOIN agreement_text x ON x.id = s.text_id WHERE s.text_id = $1`,
      )
      .join(' UNION ALL ') + ' ORDER BY owner, key, ordinal',
    [textId],
  );
  const byRecord = new Map<string, SpanRow[]>();
  for (const row of rows) {
    const name = `${row.owner} ${row.key}`;
    byRecord.set(name, [...(byRecord.get(name) ?? []), row]);
  }
  const problems: RecordProblem[] = [];
  for (const [record, spans] of byRecord) {
    const ranges = spans.map((s) => ({ start: s.start, end: s.end }));
    for (const m of spanMismatches(
      spans[0].quote,
      ranges,
      spans.map((s) => s.words ?? ''),
    )) {
      const span = ranges[m.index];
      problems.push({
        record,
        path: ['quoteSpans', m.index],
        value: span,
        message: `the quote does not match the text ${spans[0].sha256.slice(0, 12)}… at [${span.start}, ${span.end}): quote ${JSON.stringify(m.expected)}, text ${JSON.stringify(m.found)}`,
      });
    }
  }
  return problems;
}
