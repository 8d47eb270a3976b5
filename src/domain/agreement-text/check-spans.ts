import type { Executor } from '../../curation/write-corpus';
import { RecordProblem, toUserInputError } from '../../curation/problems';
import { BadUserInputError, NotFoundError } from '../../shared/errors/errors';
import { Fragment, render, sql } from '../../shared/sql/sql';
import { attachText, AttachResult, textProblem } from './attach-text';
import { spanMismatches } from './write-texts';

const LANGUAGE = /^[a-z]{2,3}$/;

/** What `attachAgreementText` and `texts import` attach: words for an agreement named by slug. */
export interface AttachRequest {
  agreement: string;
  language: string;
  content: string;
  /** Key of the official publisher's source. */
  source?: string | null;
  reference?: boolean | null;
}

/**
 * The one attach path of the mutation and the CLI, in the caller's transaction: checks the request (BAD_USER_INPUT,
 * NOT_FOUND), attaches the words ({@link attachText}) and, when they filled a text, checks every quote span in it
 * (BAD_USER_INPUT listing each mismatch; the caller's transaction then writes nothing).
 */
export async function attachTextToAgreement(db: Executor, request: AttachRequest): Promise<AttachResult> {
  if (!LANGUAGE.test(request.language))
    throw new BadUserInputError(`language must be an ISO 639-1 code such as "en", got "${request.language}"`, { field: 'language' });
  const problem = textProblem(request.content);
  if (problem) throw new BadUserInputError(problem, { field: 'text' });
  const [row] = await rowsOf<{ id: number }>(db, sql`SELECT id FROM live.agreement WHERE slug = ${sql.value(request.agreement)}`);
  if (!row) throw new NotFoundError(`no agreement has slug "${request.agreement}"`);
  let sourceId: number | null = null;
  if (request.source != null) {
    const [found] = await rowsOf<{ id: number }>(db, sql`SELECT id FROM live.source WHERE key = ${sql.value(request.source)}`);
    if (!found) throw new BadUserInputError(`no source has key "${request.source}"`, { field: 'source' });
    sourceId = found.id;
  }
  const result = await attachText(db, {
    agreementId: row.id,
    language: request.language,
    content: request.content,
    sourceId,
    reference: request.reference,
  });
  if (result.attached) {
    const problems = await spanProblemsInText(db, result.id);
    if (problems.length > 0) throw toUserInputError(problems, 'text');
  }
  return result;
}

/** Runs a statement in the caller's transaction (the executor binds values but has no plan choice). */
async function rowsOf<T>(db: Executor, statement: Fragment): Promise<T[]> {
  const { text, values } = render(statement);
  return db.query(text, values);
}

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
  const text = sql.value(textId);
  const owners = (['commitment', 'constraint'] as const).map((owner) => {
    const spans = sql.identifier(`${owner}_quote_span`);
    const records = sql.identifier('live', owner === 'commitment' ? 'commitment' : 'agreement_constraint');
    return sql`SELECT ${sql.literal(owner)} AS owner, r.key, r.quote, s.ordinal, s.start_offset AS start, s.end_offset AS "end", x.sha256,\
 substr(x.content, s.start_offset + 1, s.end_offset - s.start_offset) AS words\
 FROM ${spans} s JOIN ${records} r ON r.id = s.${sql.identifier(`${owner}_id`)}\
 JOIN agreement_text x ON x.id = s.text_id WHERE s.text_id = ${text}`;
  });
  const rows = await rowsOf<SpanRow>(db, sql`${sql.join(owners, ' UNION ALL ')} ORDER BY owner, key, ordinal`);
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
