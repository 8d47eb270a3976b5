import { Executor, replaceLinks } from '../../curation/link-writes';
import type { RecordProblem } from '../../curation/problems';
import type { AgreementSeed } from '../../seed/seed-schema';
import { applyProvisionNotes, attachText, textProblem, textSha256 } from './attach-text';

/** The words of an agreement's text read from a file (`<slug>.txt`), with its language where a manifest says. */
export interface TextFile {
  agreement: string;
  content: string;
  language?: string;
  /** Where it was read from, for messages. */
  file?: string;
}

/** Agreement id -> language -> the sha256 the seed declares for it: which text a record's spans are in. */
export type DeclaredTexts = Map<number, Map<string, string>>;

/** What a write did with texts, for logs and the seed summary. */
export interface TextWriteSummary {
  declared: number;
  attached: number;
  provisions: number;
}

/**
 * Writes the agreements' declared texts (by sha256, without words), attaches the words of the text files given
 * (a declared text's, or a new version's), and writes and applies the agreements' provision notes. In the
 * caller's transaction; problems go to `problems` (the caller throws them all at once).
 */
export async function writeTexts(
  db: Executor,
  problems: RecordProblem[],
  agreements: AgreementSeed[],
  agreementIds: Map<string, number>,
  files: TextFile[],
): Promise<{ declared: DeclaredTexts; summary: TextWriteSummary }> {
  const declared: DeclaredTexts = new Map();
  const summary: TextWriteSummary = { declared: 0, attached: 0, provisions: 0 };
  const withTexts = agreements.filter((a) => (a.texts ?? []).length > 0 && agreementIds.has(a.slug));
  const sourceKeys = [...new Set(withTexts.flatMap((a) => (a.texts ?? []).map((t) => t.source)))];
  const sources = new Map<string, number>(
    sourceKeys.length === 0
      ? []
      : (await db.query(`SELECT key, id FROM live.source WHERE key = ANY($1::text[])`, [sourceKeys])).map((r: { key: string; id: number }) => [
          r.key,
          r.id,
        ]),
  );
  const rows: object[] = [];
  for (const a of withTexts) {
    const agreementId = agreementIds.get(a.slug)!;
    const byLanguage = new Map<string, string>();
    declared.set(agreementId, byLanguage);
    (a.texts ?? []).forEach((t, i) => {
      byLanguage.set(t.language, t.sha256);
      if (!sources.has(t.source)) {
        problems.push({ record: `agreement ${a.slug}`, path: ['texts', i, 'source'], value: t.source, message: `no source has key "${t.source}"` });
        return;
      }
      rows.push({
        agreement_id: agreementId,
        language: t.language,
        sha256: t.sha256,
        chars: t.chars,
        source_id: sources.get(t.source),
        reference: t.reference ?? null,
      });
    });
  }
  if (rows.length > 0) {
    // One reference per agreement: the one a record names loses nothing, the others give theirs up first.
    await db.query(
      `UPDATE agreement_text t SET reference = false FROM jsonb_to_recordset($1::jsonb) AS x(agreement_id int, sha256 text, reference boolean)
       WHERE x.reference AND t.agreement_id = x.agreement_id AND t.reference AND t.sha256 <> x.sha256`,
      [JSON.stringify(rows)],
    );
    await db.query(
      `INSERT INTO agreement_text (agreement_id, language, sha256, chars, source_id, reference)
       SELECT x.agreement_id, x.language, x.sha256, x.chars, x.source_id, coalesce(x.reference, false)
       FROM jsonb_to_recordset($1::jsonb) AS x(agreement_id int, language text, sha256 text, chars int, source_id int, reference boolean)
       ON CONFLICT (agreement_id, sha256) DO UPDATE SET source_id = EXCLUDED.source_id,
         reference = CASE WHEN (EXCLUDED.reference) THEN true ELSE agreement_text.reference END
       WHERE agreement_text.source_id IS DISTINCT FROM EXCLUDED.source_id OR (EXCLUDED.reference AND NOT agreement_text.reference)`,
      [JSON.stringify(rows)],
    );
    summary.declared = rows.length;
  }

  // The words, from files: into the declared text they hash to, or as a new version.
  const slugs = [...new Set(files.map((f) => f.agreement))];
  const known = new Map<string, number>(
    slugs.length === 0
      ? []
      : (await db.query(`SELECT slug, id FROM live.agreement WHERE slug = ANY($1::text[])`, [slugs])).map((r: { slug: string; id: number }) => [
          r.slug,
          r.id,
        ]),
  );
  for (const file of files) {
    const agreementId = known.get(file.agreement);
    if (agreementId === undefined) continue; // a text of an agreement the corpus does not have (yet)
    const problem = textProblem(file.content);
    if (problem) {
      problems.push({ record: `text ${file.file ?? file.agreement}`, path: [], message: problem });
      continue;
    }
    const sha256 = textSha256(file.content);
    const [row]: { language: string; source_id: number | null }[] = await db.query(
      `SELECT language, source_id FROM agreement_text WHERE agreement_id = $1 AND sha256 = $2`,
      [agreementId, sha256],
    );
    const declaresTexts = declared.has(agreementId);
    const result = await attachText(db, {
      agreementId,
      language: row?.language ?? file.language ?? 'en',
      content: file.content,
      sourceId: row?.source_id ?? null,
      // A file that is none of the texts an agreement declares is a version of its own: it does not take the reference.
      reference: row || !declaresTexts ? undefined : false,
    });
    if (result.attached) {
      summary.attached += 1;
      summary.provisions += result.provisions;
    }
  }

  // Coders' notes: an agreement record that lists them lists them all.
  const noted = agreements.filter((a) => a.provisionNotes !== undefined && agreementIds.has(a.slug));
  const owners = noted.map((a) => agreementIds.get(a.slug)!);
  await replaceLinks(
    db,
    'provision_note',
    'agreement_id',
    owners,
    [
      ['agreement_id', 'integer'],
      ['path', 'text'],
      ['operative', 'boolean'],
      ['reason', 'non_operative_reason'],
      ['note', 'text'],
    ],
    noted.flatMap((a) =>
      (a.provisionNotes ?? []).map((n) => ({
        agreement_id: agreementIds.get(a.slug),
        path: n.path,
        operative: n.operative,
        reason: n.reason ?? null,
        note: n.note ?? null,
      })),
    ),
    2,
  );
  await applyProvisionNotes(db, owners);
  return { declared, summary };
}

/** A record quoted from a text, as the span writer needs it. */
export interface QuotedRecord {
  id: number;
  /** `commitment <key>`, for problems. */
  record: string;
  agreementId: number;
  quote: string;
  quoteLanguage?: string | null;
  quoteSpans?: { start: number; end: number }[] | null;
}

/** The separator of a quote's parts where it skips words (space, U+2026, space). */
export const QUOTE_GAP = ' … ';

/**
 * Why a quote does not match the words at its spans, per span, or an empty list. `words` are the text's characters
 * at each span. One span: the quote is exactly its words; several: their words joined by " … ".
 *
 * @example spanMismatches('will continue', [{ start: 6, end: 19 }], ['will continue']) // => []
 */
export function spanMismatches(
  quote: string,
  spans: { start: number; end: number }[],
  words: string[],
): { index: number; expected: string; found: string }[] {
  const parts = spans.length === 1 ? [quote] : quote.split(QUOTE_GAP);
  // Not one part per span: the quote as a whole against the spans' words as a whole.
  if (parts.length !== spans.length) return [{ index: 0, expected: quote, found: words.join(QUOTE_GAP) }];
  const out: { index: number; expected: string; found: string }[] = [];
  spans.forEach((_, i) => {
    if (words[i] !== parts[i]) out.push({ index: i, expected: parts[i], found: words[i] });
  });
  if (out.length === 0 && words.join(QUOTE_GAP) !== quote) out.push({ index: 0, expected: quote, found: words.join(QUOTE_GAP) });
  return out;
}

/**
 * Writes the quote spans of commitments or constraints (all of theirs: a record without spans has none left), each
 * in the text of its agreement in `quoteLanguage` that the seed declares (else the text its spans are in now, else
 * that language's reference or newest version), and checks every span whose text is loaded: the quote must be the exact words at its offsets. A
 * mismatch is a problem naming the record, the span and both strings; spans in texts not loaded are kept unverified.
 */
export async function writeQuoteSpans(
  db: Executor,
  problems: RecordProblem[],
  owner: 'commitment' | 'constraint',
  records: QuotedRecord[],
  declared: DeclaredTexts,
): Promise<void> {
  if (records.length === 0) return;
  const quoted = records.filter((r) => (r.quoteSpans ?? []).length > 0);
  const agreementIds = [...new Set(quoted.map((r) => r.agreementId))];
  const texts: { id: number; agreement_id: number; language: string; sha256: string; chars: number }[] =
    agreementIds.length === 0
      ? []
      : await db.query(
          `SELECT id, agreement_id, language, sha256, chars FROM agreement_text WHERE agreement_id = ANY($1::int[]) ORDER BY reference DESC, id DESC`,
          [agreementIds],
        );
  // Without a declaration in this write (a mutation, an import of a single record), spans stay in the text they are
  // in now: a newer version of that language never takes them over silently.
  const current = new Map<number, number>(
    quoted.length === 0
      ? []
      : (
          await db.query(`SELECT ${owner}_id AS owner, text_id FROM ${owner}_quote_span WHERE ordinal = 0 AND ${owner}_id = ANY($1::int[])`, [
            quoted.map((r) => r.id),
          ])
        ).map((row: { owner: number; text_id: number }) => [row.owner, row.text_id]),
  );
  const textOf = (r: QuotedRecord) => {
    const sha = declared.get(r.agreementId)?.get(r.quoteLanguage ?? '');
    const inLanguage = (t: (typeof texts)[number]) => t.agreement_id === r.agreementId && t.language === r.quoteLanguage;
    if (sha) return texts.find((t) => inLanguage(t) && t.sha256 === sha);
    return texts.find((t) => inLanguage(t) && t.id === current.get(r.id)) ?? texts.find(inLanguage);
  };
  const spanRows: { owner_id: number; ordinal: number; text_id: number; start_offset: number; end_offset: number }[] = [];
  const checks: { record: QuotedRecord; textId: number; sha256: string }[] = [];
  for (const r of quoted) {
    const text = textOf(r);
    if (!text) {
      problems.push({
        record: r.record,
        path: ['quoteSpans'],
        value: r.quoteLanguage,
        message: `agreement has no text in language "${r.quoteLanguage}" for the spans`,
      });
      continue;
    }
    const beyond = r.quoteSpans!.findIndex((s) => s.end > text.chars);
    if (beyond >= 0) {
      const span = r.quoteSpans![beyond];
      problems.push({
        record: r.record,
        path: ['quoteSpans', beyond],
        value: span,
        message: `span [${span.start}, ${span.end}) ends past the text's ${text.chars} characters`,
      });
      continue;
    }
    r.quoteSpans!.forEach((s, ordinal) => spanRows.push({ owner_id: r.id, ordinal, text_id: text.id, start_offset: s.start, end_offset: s.end }));
    checks.push({ record: r, textId: text.id, sha256: text.sha256 });
  }
  if (spanRows.length > 0) {
    const found: { owner_id: number; ordinal: number; words: string | null }[] = await db.query(
      `SELECT x.owner_id, x.ordinal, substr(t.content, x.start_offset + 1, x.end_offset - x.start_offset) AS words
       FROM jsonb_to_recordset($1::jsonb) AS x(owner_id int, ordinal int, text_id int, start_offset int, end_offset int)
       JOIN agreement_text t ON t.id = x.text_id WHERE t.content IS NOT NULL ORDER BY x.owner_id, x.ordinal`,
      [JSON.stringify(spanRows)],
    );
    const wordsOf = new Map<number, string[]>();
    for (const row of found) {
      const list = wordsOf.get(row.owner_id) ?? [];
      list[row.ordinal] = row.words ?? '';
      wordsOf.set(row.owner_id, list);
    }
    for (const { record, sha256 } of checks) {
      const words = wordsOf.get(record.id);
      if (!words) continue; // the text is not loaded: unverified
      for (const m of spanMismatches(record.quote, record.quoteSpans!, words)) {
        const span = record.quoteSpans![m.index];
        problems.push({
          record: record.record,
          path: ['quoteSpans', m.index],
          value: span,
          message: `the quote does not match the text ${sha256.slice(0, 12)}… at [${span.start}, ${span.end}): quote ${JSON.stringify(m.expected)}, text ${JSON.stringify(m.found)}`,
        });
      }
    }
  }
  const column = `${owner}_id`;
  await replaceLinks(
    db,
    `${owner}_quote_span`,
    column,
    records.map((r) => r.id),
    [
      [column, 'integer'],
      ['ordinal', 'integer'],
      ['text_id', 'integer'],
      ['start_offset', 'integer'],
      ['end_offset', 'integer'],
    ],
    spanRows.map((s) => ({ [column]: s.owner_id, ordinal: s.ordinal, text_id: s.text_id, start_offset: s.start_offset, end_offset: s.end_offset })),
    2,
  );
}
