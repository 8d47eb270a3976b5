import { createHash } from 'node:crypto';
import type { Executor } from '../../curation/write-corpus';
import { segmentText, SegmentedProvision } from '../provision/segment';
import { textShingles } from '../text-reuse/shingles';

/** Hex sha256 of a text's UTF-8 bytes: how a text is named in the seed, by spans and in `AgreementText.sha256`. */
export function textSha256(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

/**
 * Why a text cannot be attached as it is, or null. Offsets are JavaScript string indices and PostgreSQL character
 * positions at once only while no character lies outside the Basic Multilingual Plane.
 */
export function textProblem(content: string): string | null {
  if (content.length === 0) return 'the text is empty';
  if (content.includes('\u0000')) return 'the text contains a NUL character';
  const astral = content.search(/[\uD800-\uDFFF]/);
  if (astral >= 0) return `the text has a character outside the Basic Multilingual Plane at offset ${astral}: offsets would not be characters`;
  return null;
}

/** What to attach: the words of one language version of an agreement's text. */
export interface TextAttachment {
  agreementId: number;
  language: string;
  content: string;
  sourceId: number | null;
  /**
   * Whether it becomes the reference text. Absent: it does when the agreement has no reference text yet or when the
   * reference is an older version in the same language (a new version replaces the old as the reference).
   */
  reference?: boolean | null;
}

/** What an attach did: `created` a new text row, `attached` its words (false: the same words were there already). */
export interface AttachResult {
  id: number;
  sha256: string;
  created: boolean;
  attached: boolean;
  provisions: number;
}

/**
 * Attaches the words of a text to its agreement in the caller's transaction: a new text row (a new version) or the
 * words of a text the seed declared by its sha256; then its provisions, in one batch. The same words attached twice
 * are a no-op (the same row comes back with `attached: false`), so loading is idempotent. The caller checks
 * {@link textProblem} first.
 */
export async function attachText(db: Executor, text: TextAttachment): Promise<AttachResult> {
  const sha256 = textSha256(text.content);
  const [existing]: { id: number; loaded: boolean }[] = await db.query(
    `SELECT id, content IS NOT NULL AS loaded FROM agreement_text WHERE agreement_id = $1 AND sha256 = $2 FOR UPDATE`,
    [text.agreementId, sha256],
  );
  if (existing?.loaded) return { id: existing.id, sha256, created: false, attached: false, provisions: 0 };
  let id: number;
  if (existing) {
    await db.query(`UPDATE agreement_text SET content = $2, attached_at = now() WHERE id = $1`, [existing.id, text.content]);
    id = existing.id;
  } else {
    const [current]: { id: number; language: string }[] = await db.query(
      `SELECT id, language FROM agreement_text WHERE agreement_id = $1 AND reference FOR UPDATE`,
      [text.agreementId],
    );
    const reference = text.reference ?? (!current || current.language === text.language);
    if (reference && current) await db.query(`UPDATE agreement_text SET reference = false WHERE id = $1`, [current.id]);
    [{ id }] = await db.query(
      `INSERT INTO agreement_text (agreement_id, language, sha256, chars, content, source_id, reference, attached_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now()) RETURNING id`,
      [text.agreementId, text.language, sha256, text.content.length, text.content, text.sourceId, reference],
    );
  }
  const provisions = await insertProvisions(db, id, text.agreementId, segmentText(text.content, { language: text.language }), text.content);
  return { id, sha256, created: !existing, attached: true, provisions };
}

/**
 * Writes a text's provisions in one statement: the segmenter's rows as JSON, each provision's full-text vector
 * cut from the stored words, its parent found by ordinal among the rows of the same statement, and the coders'
 * notes on the agreement's paths applied; then the leaves' shingles (text reuse, see textShingles, cut from
 * `content`, the text's words), in one more.
 */
export async function insertProvisions(
  db: Executor,
  textId: number,
  agreementId: number,
  provisions: readonly SegmentedProvision[],
  content: string,
): Promise<number> {
  if (provisions.length === 0) return 0;
  const rows = provisions.map((p) => ({
    ordinal: p.ordinal,
    parent_ordinal: p.parentOrdinal,
    kind: p.kind,
    path: p.path,
    number: p.number,
    heading: p.heading,
    start_offset: p.start,
    end_offset: p.end,
    leaf: p.leaf,
    operative: p.operative,
    reason: p.operative ? null : (p.nonOperativeReason ?? 'STATEMENT'),
  }));
  const shingles = provisions.map((p) => (p.leaf ? textShingles(content.slice(p.start, p.end)) : []));
  // Identity values are taken in ordinal order, so a parent (earlier in pre-order) has its id before its children
  // are written: the ids are reserved first, and every row carries its parent's.
  await db.query(
    `WITH r AS (
       SELECT x.*, nextval(pg_get_serial_sequence('provision', 'id')) AS id
       FROM (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(ordinal int, parent_ordinal int, kind text, path text, number text, heading text,
             start_offset int, end_offset int, leaf boolean, operative boolean, reason non_operative_reason) ORDER BY ordinal) x)
     INSERT INTO provision (id, text_id, agreement_id, ordinal, parent_id, kind, path, number, heading, start_offset, end_offset, leaf,
       operative, non_operative_reason, note, segmented_operative, segmented_reason, search_vector)
     OVERRIDING SYSTEM VALUE
     SELECT r.id, $2, $3, r.ordinal, parent.id, r.kind, r.path, r.number, r.heading, r.start_offset, r.end_offset, r.leaf,
       coalesce(n.operative, r.operative), CASE WHEN n.path IS NOT NULL THEN n.reason ELSE r.reason END, n.note, r.operative, r.reason,
       to_tsvector('english', substr(t.content, r.start_offset + 1, r.end_offset - r.start_offset))
     FROM r JOIN agreement_text t ON t.id = $2
     LEFT JOIN r parent ON parent.ordinal = r.parent_ordinal
     LEFT JOIN provision_note n ON n.agreement_id = $3 AND n.path = r.path
     ORDER BY r.ordinal`,
    [JSON.stringify(rows), textId, agreementId],
  );
  await insertShingles(
    db,
    textId,
    provisions.map((p, i) => ({ ordinal: p.ordinal, shingles: shingles[i] })),
  );
  return rows.length;
}

/**
 * Brings the provisions of the given agreements in line with their notes: a note decides `operative`, the reason
 * and the note; without one, the segmenter's guess stands. Only rows that change are written.
 */
export async function applyProvisionNotes(db: Executor, agreementIds: readonly number[]): Promise<void> {
  if (agreementIds.length === 0) return;
  await db.query(
    `UPDATE provision p SET operative = w.operative, non_operative_reason = w.reason, note = w.note
     FROM (SELECT p2.id, coalesce(n.operative, p2.segmented_operative) AS operative,
                  CASE WHEN n.path IS NOT NULL THEN n.reason ELSE p2.segmented_reason END AS reason, n.note
           FROM provision p2 LEFT JOIN provision_note n ON n.agreement_id = p2.agreement_id AND n.path = p2.path
           WHERE p2.agreement_id = ANY($1::int[])) w
     WHERE p.id = w.id AND (p.operative, p.non_operative_reason, p.note) IS DISTINCT FROM (w.operative, w.reason, w.note)`,
    [agreementIds],
  );
}

/**
 * Writes the shingles of a text's provisions (by ordinal) in one statement: a `provision_shingle` row per distinct
 * shingle, and each provision's `shingle_count`. Containers get none: their words are their leaves'.
 */
export async function insertShingles(
  db: Executor,
  textId: number,
  provisions: readonly { ordinal: number; shingles: readonly number[] }[],
): Promise<void> {
  const rows = provisions.filter((p) => p.shingles.length > 0);
  if (rows.length === 0) return;
  await db.query(
    `WITH x AS (SELECT p.id, x.shingles FROM jsonb_to_recordset($1::jsonb) AS x(ordinal int, shingles int[])
                JOIN provision p ON p.text_id = $2 AND p.ordinal = x.ordinal),
          counted AS (UPDATE provision p SET shingle_count = cardinality(x.shingles) FROM x WHERE p.id = x.id)
     INSERT INTO provision_shingle (shingle, provision_id) SELECT DISTINCT s, x.id FROM x, unnest(x.shingles) s`,
    [JSON.stringify(rows), textId],
  );
}
