import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApiToken } from '../../src/shared/auth/token-store';
import { loadCorpus } from '../../src/seed/load-corpus';
import { RecordProblems } from '../../src/curation/problems';
import { agreementSeed, sourceSeed, SeedCorpus } from '../../src/seed/seed-schema';
import { textSha256 } from '../../src/domain/agreement-text/attach-text';
import { runImportTextCommand } from '../../src/cli/texts-data';
import { startTestApp, TestApp } from '../support/test-app';

// Texts and provisions as data (issue 15, part B), against real PostgreSQL over the real endpoint: a test accord
// written for these tests (tests/fixtures/texts), loaded through the seed loader with its spans and notes, and
// through the attachAgreementText mutation.

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'texts');
const TEXT = fs.readFileSync(path.join(FIXTURES, 'testland-ukraine-2024.txt'), 'utf8');
const FIXTURE = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'testland-ukraine-2024.json'), 'utf8'));
const SLUG = 'testland-ukraine-2024';

/** The fixture seed as a corpus of one agreement and its source (`edit` changes a copy). */
function fixtureCorpus(edit: (agreement: any) => void = () => undefined): SeedCorpus {
  const agreement = JSON.parse(JSON.stringify(FIXTURE.agreement));
  edit(agreement);
  return {
    sources: FIXTURE.sources.map((s: unknown) => sourceSeed.parse(s)),
    actors: [],
    domains: [],
    mechanisms: [],
    agreements: [agreementSeed.parse(agreement)],
  };
}

const textFile = (content = TEXT) => [{ agreement: SLUG, content, language: 'en' }];

describe('agreement texts and provisions', () => {
  let api: TestApp;
  let analyst: string;
  let reader: string;

  beforeAll(async () => {
    api = await startTestApp();
    const sql = async <T>(text: string, params: unknown[] = []) => (await api.db.dataSource.query(text, params)) as T[];
    analyst = (await createApiToken(sql as never, { name: 'texts-analyst', role: 'analyst' })).token;
    reader = (await createApiToken(sql as never, { name: 'texts-reader', role: 'reader' })).token;
  });
  afterAll(() => api.close());

  describe('loaded with the seed corpus, spans and notes', () => {
    beforeAll(async () => {
      const summary = await loadCorpus(api.db.dataSource, fixtureCorpus(), textFile());
      expect(summary.texts).toMatchObject({ declared: 1, attached: 1 });
    });

    it('exposes the reference text with its sha256, length, publisher and provisions', async () => {
      const { data, errors } = await api.gql(`{ agreement(slug: "${SLUG}") {
        text { language sha256 chars loaded reference source { key } provisions(first: 100) { totalCount nodes { path kind start end body leaf } } }
        texts { sha256 } } }`);
      expect(errors).toBeUndefined();
      const text = data.agreement.text;
      expect(text).toMatchObject({
        language: 'en',
        sha256: textSha256(TEXT),
        chars: TEXT.length,
        loaded: true,
        reference: true,
        source: { key: 'testland-official-text' },
      });
      expect(data.agreement.texts).toEqual([{ sha256: textSha256(TEXT) }]);
      const paths = text.provisions.nodes.map((p: { path: string }) => p.path);
      expect(paths).toEqual(expect.arrayContaining(['Preamble', 'Part I', 'Part II', 'Part II › 1', 'Part II › 2', 'Part III › 1']));
      expect(text.provisions.totalCount).toBe(paths.length);
      // Every body is the text's own characters at [start, end).
      for (const p of text.provisions.nodes) expect(p.body).toBe(TEXT.slice(p.start, p.end));
    });

    it('nests provisions in a tree whose children lie inside their parent', async () => {
      const { data } = await api.gql(`{ provisions(filter: { agreement: { slug: { eq: "${SLUG}" } }, path: { eq: "Part II" } }) {
        nodes { path start end parent { path } children { path start end parent { path } } } } }`);
      const [part] = data.provisions.nodes;
      expect(part.parent).toBeNull();
      expect(part.children.map((c: { path: string }) => c.path)).toEqual(['Part II › heading', 'Part II › 1', 'Part II › 2', 'Part II › 3']);
      for (const child of part.children) {
        expect(child.parent).toEqual({ path: 'Part II' });
        expect(child.start).toBeGreaterThanOrEqual(part.start);
        expect(child.end).toBeLessThanOrEqual(part.end);
      }
    });

    it('applies provision notes over the segmenter guess: operative, reason and note', async () => {
      const { data } =
        await api.gql(`{ provisions(filter: { agreement: { slug: { eq: "${SLUG}" } }, path: { in: ["Part I › 1", "Part I › 2", "Part II › 3", "Part II › 1"] } }, orderBy: [PATH_ASC]) {
        nodes { path operative nonOperativeReason note } } }`);
      expect(data.provisions.nodes).toEqual([
        { path: 'Part I › 1', operative: true, nonOperativeReason: null, note: null },
        { path: 'Part I › 2', operative: false, nonOperativeReason: 'DEFINITION', note: null },
        { path: 'Part II › 1', operative: true, nonOperativeReason: null, note: null },
        { path: 'Part II › 3', operative: false, nonOperativeReason: 'PAST_AID', note: 'records aid given in 2023' },
      ]);
    });

    it('anchors quotes in the words: spans, their text and provision, and the context with the quote marked', async () => {
      const { data, errors } = await api.gql(`{ agreement(slug: "${SLUG}") {
        commitments(orderBy: [KEY_ASC]) { nodes { key quote quoteLanguage quoteSpans { start end text { sha256 language } provision { path } } provision { path } context(chars: 40) } }
        constraints { nodes { key quoteSpans { start end } provision { path } context } } } }`);
      expect(errors).toBeUndefined();
      const [air, demining] = data.agreement.commitments.nodes;
      expect(air.quoteSpans).toHaveLength(1);
      expect(TEXT.slice(air.quoteSpans[0].start, air.quoteSpans[0].end)).toBe(air.quote);
      expect(air.quoteSpans[0].text).toEqual({ sha256: textSha256(TEXT), language: 'en' });
      expect(air.quoteSpans[0].provision).toEqual({ path: 'Part II › 1' });
      expect(air.provision).toEqual({ path: 'Part II › 1' });
      expect(air.context).toContain(`<mark>${air.quote}</mark>`);
      expect(air.context.startsWith('…')).toBe(true);
      // A quote that skips words: two spans, each marked, the words between them shown.
      expect(demining.quoteSpans.map((s: { start: number; end: number }) => TEXT.slice(s.start, s.end)).join(' … ')).toBe(demining.quote);
      expect(demining.context).toContain(
        '<mark>Testland will train Ukrainian deminers</mark> at its engineering school and <mark>will fund the equipment they use</mark>',
      );
      expect(demining.provision).toEqual({ path: 'Part II › 2' });
      expect(data.agreement.constraints.nodes[0].provision).toEqual({ path: 'Part III › 1' });
      expect(data.agreement.constraints.nodes[0].context).toContain('<mark>remains in effect for ten years</mark>');
    });

    it('filters provisions: uncoded, hasCommitment, operative and full-text search', async () => {
      const within = `agreement: { slug: { eq: "${SLUG}" } }`;
      const paths = async (filter: string) =>
        (await api.gql(`{ provisions(first: 100, filter: { ${within}, ${filter} }) { nodes { path } } }`)).data.provisions.nodes.map(
          (p: { path: string }) => p.path,
        );
      // Part I › 1 is operative by a note and nothing is coded in it; Part II › 3 was made non-operative by a note.
      expect(await paths('uncoded: true')).toEqual(['Part I › 1']);
      expect(await paths('hasCommitment: { kind: { eq: TRAINING } }')).toEqual(['Part II', 'Part II › 2']);
      expect(await paths('hasConstraint: {}, leaf: { eq: true }')).toEqual(['Part III › 1']);
      expect(await paths('operative: { eq: true }, leaf: { eq: true }')).toEqual(['Part I › 1', 'Part II › 1', 'Part II › 2']);
      expect(await paths('search: "deminers engineering", leaf: { eq: true }')).toEqual(['Part II › 2']);
      const { data } = await api.gql(
        `{ provisions(filter: { ${within}, path: { eq: "Part II › 2" } }) { nodes { commitments { nodes { key } } constraints { totalCount } } } }`,
      );
      expect(data.provisions.nodes[0]).toEqual({ commitments: { nodes: [{ key: `${SLUG}/demining-training` }] }, constraints: { totalCount: 0 } });
    });

    it('loads again without a change: the same text, provisions and spans, and no new history', async () => {
      const [{ n: before }] = await api.db.dataSource.query(`SELECT count(*)::int AS n FROM history`);
      const [{ n: provisions }] = await api.db.dataSource.query(`SELECT count(*)::int AS n FROM provision`);
      const summary = await loadCorpus(api.db.dataSource, fixtureCorpus(), textFile());
      expect(summary.texts).toMatchObject({ declared: 1, attached: 0, provisions: 0 });
      expect((await api.db.dataSource.query(`SELECT count(*)::int AS n FROM history`))[0].n).toBe(before);
      expect((await api.db.dataSource.query(`SELECT count(*)::int AS n FROM provision`))[0].n).toBe(provisions);
    });

    it('refuses a span whose words are not the quote, naming the record, the span and both strings', async () => {
      const shifted = fixtureCorpus((a) => {
        a.commitments[0].quoteSpans[0].start += 1;
        a.commitments[0].quoteSpans[0].end += 1;
      });
      const error = await loadCorpus(api.db.dataSource, shifted, textFile()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RecordProblems);
      const [problem] = (error as RecordProblems).problems;
      expect(problem.record).toBe(`commitment ${SLUG}/air-defence`);
      expect(problem.path).toEqual(['quoteSpans', 0]);
      const span = shifted.agreements[0].commitments[0].quoteSpans![0];
      expect(problem.value).toEqual(span);
      expect(problem.message).toContain(JSON.stringify(FIXTURE.agreement.commitments[0].quote));
      expect(problem.message).toContain(JSON.stringify(TEXT.slice(span.start, span.end)));
      // Nothing of the failed load was written: the spans are still the good ones.
      const { data } = await api.gql(`{ commitments(filter: { key: { eq: "${SLUG}/air-defence" } }) { nodes { quoteSpans { start } } } }`);
      expect(data.commitments.nodes[0].quoteSpans[0].start).toBe(FIXTURE.agreement.commitments[0].quoteSpans[0].start);
    });

    it('keeps a text immutable in PostgreSQL itself', async () => {
      await expect(
        api.db.dataSource.query(`UPDATE agreement_text SET content = content || ' ' WHERE sha256 = $1`, [textSha256(TEXT)]),
      ).rejects.toThrow(/immutable/);
      await expect(
        api.db.dataSource.query(
          `INSERT INTO agreement_text (agreement_id, language, sha256, chars, content) SELECT agreement_id, 'de', repeat('0', 64), 3, 'abc' FROM agreement_text LIMIT 1`,
        ),
      ).rejects.toThrow(/agreement_text_content_matches/);
    });
  });

  describe('the attachAgreementText mutation', () => {
    const attach = `mutation($agreement: String!, $language: String!, $text: String!, $source: String, $reference: Boolean) {
      attachAgreementText(agreement: $agreement, language: $language, text: $text, source: $source, reference: $reference) {
        id language sha256 chars reference loaded provisions(first: 5) { totalCount } } }`;
    const second = 'Accord between Japan and Ukraine (test words)\n\nPart I. Support\n\n1. Japan will keep its support for Ukraine.\n';

    it('needs an analyst token', async () => {
      const none = await api.gql(attach, { agreement: 'japan-ukraine-2024', language: 'xx', text: second });
      expect(none.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const weak = await api.gql(attach, { agreement: 'japan-ukraine-2024', language: 'xx', text: second }, { token: reader });
      expect(weak.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it('attaches a text with its provisions, is a no-op for the same words, and records the attach in history', async () => {
      const first = await api.gql(attach, { agreement: SLUG, language: 'fr', text: second, source: 'testland-official-text' }, { token: analyst });
      expect(first.errors).toBeUndefined();
      const text = first.data.attachAgreementText;
      // Another language than the reference's: a language version, not the reference.
      expect(text).toMatchObject({ language: 'fr', sha256: textSha256(second), chars: second.length, reference: false, loaded: true });
      expect(text.provisions.totalCount).toBeGreaterThan(0);
      const again = await api.gql(attach, { agreement: SLUG, language: 'fr', text: second }, { token: analyst });
      expect(again.data.attachAgreementText.id).toBe(text.id);
      const { data } = await api.gql(
        `{ changes(filter: { entity: { eq: AGREEMENT_TEXT }, entityKey: { eq: "${text.id}" } }) { nodes { action actor changes { field after } } } }`,
        {},
        // Actors are shown to analysts and admins only (issue 14, part D).
        { token: analyst },
      );
      expect(data.changes.nodes).toHaveLength(1);
      expect(data.changes.nodes[0]).toMatchObject({ action: 'CREATE', actor: 'texts-analyst' });
      const fields = data.changes.nodes[0].changes.map((c: { field: string }) => c.field);
      expect(fields).toEqual(expect.arrayContaining(['sha256', 'loaded']));
      expect(fields).not.toContain('content');
    });

    it('makes a new version of the reference language the new reference', async () => {
      const revised = TEXT.replace('ten years', 'twelve years');
      const { data, errors } = await api.gql(attach, { agreement: SLUG, language: 'en', text: revised }, { token: analyst });
      expect(errors).toBeUndefined();
      expect(data.attachAgreementText).toMatchObject({ sha256: textSha256(revised), reference: true });
      const texts = (await api.gql(`{ agreement(slug: "${SLUG}") { text { sha256 } texts { sha256 reference } } }`)).data.agreement;
      expect(texts.text.sha256).toBe(textSha256(revised));
      expect(texts.texts).toHaveLength(3);
      // The spans stay in the version they were recorded against.
      const spans = (
        await api.gql(`{ commitments(filter: { key: { eq: "${SLUG}/air-defence" } }) { nodes { id version quoteSpans { text { sha256 } } } } }`)
      ).data;
      const [commitment] = spans.commitments.nodes;
      expect(commitment.quoteSpans[0].text.sha256).toBe(textSha256(TEXT));
      // An edit of the record through a mutation keeps its spans, in the same version of the text.
      const edited = await api.gql(
        `mutation($id: ID!, $v: Int!) { updateCommitment(id: $id, input: { summary: "Air defence, edited." }, expectedVersion: $v) { summary quoteLanguage quoteSpans { start text { sha256 } } } }`,
        { id: commitment.id, v: commitment.version },
        { token: analyst },
      );
      expect(edited.errors).toBeUndefined();
      expect(edited.data.updateCommitment).toEqual({
        summary: 'Air defence, edited.',
        quoteLanguage: 'en',
        quoteSpans: [{ start: FIXTURE.agreement.commitments[0].quoteSpans[0].start, text: { sha256: textSha256(TEXT) } }],
      });
    });

    it('refuses a bad language, an unknown agreement or source, and an empty text', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ agreement: SLUG, language: 'English', text: second }, 'BAD_USER_INPUT'],
        [{ agreement: 'nowhere-ukraine-2024', language: 'en', text: second }, 'NOT_FOUND'],
        [{ agreement: SLUG, language: 'en', text: second, source: 'no-such-source' }, 'BAD_USER_INPUT'],
        [{ agreement: SLUG, language: 'en', text: '' }, 'BAD_USER_INPUT'],
      ];
      for (const [variables, code] of cases) {
        const { errors } = await api.gql(attach, variables, { token: analyst });
        expect([variables, errors?.[0]?.extensions?.code]).toEqual([variables, code]);
      }
    });
  });

  describe('a seed whose text is not loaded', () => {
    const slug = 'testland-ukraine-2024';
    it('keeps its spans unverified until the words are attached, then checks them', async () => {
      // A fresh database of its own: the declared text without its words.
      const other = await startTestApp();
      try {
        await loadCorpus(other.db.dataSource, fixtureCorpus());
        const before = await other.gql(
          `{ agreement(slug: "${slug}") { text { loaded chars provisions { totalCount } } commitments { nodes { quoteSpans { start text { sha256 } provision { path } } context } } } }`,
        );
        expect(before.data.agreement.text).toEqual({ loaded: false, chars: TEXT.length, provisions: { totalCount: 0 } });
        const [node] = before.data.agreement.commitments.nodes;
        expect(node.quoteSpans[0].text.sha256).toBe(textSha256(TEXT));
        expect(node.quoteSpans[0].provision).toBeNull();
        expect(node.context).toBeNull();
        const sql = async <T>(text: string, params: unknown[] = []) => (await other.db.dataSource.query(text, params)) as T[];
        const token = (await createApiToken(sql as never, { name: 'fill', role: 'analyst' })).token;
        // Words that hash to another sha256 are another version; the declared text's own words fill it.
        const { data, errors } = await other.gql(
          `mutation($text: String!) { attachAgreementText(agreement: "${slug}", language: "en", text: $text) { sha256 loaded reference } }`,
          { text: TEXT },
          { token },
        );
        expect(errors).toBeUndefined();
        expect(data.attachAgreementText).toEqual({ sha256: textSha256(TEXT), loaded: true, reference: true });
        const after = await other.gql(`{ agreement(slug: "${slug}") { commitments(first: 1) { nodes { provision { path } context } } } }`);
        expect(after.data.agreement.commitments.nodes[0].provision).toEqual({ path: 'Part II › 1' });
      } finally {
        await other.close();
      }
    });
  });

  describe('npm run texts -- import', () => {
    /** Runs the command in this process against this file's database, collecting its output. */
    async function importText(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
      const out: string[] = [];
      const err: string[] = [];
      const saved = process.env.DATABASE_URL;
      process.env.DATABASE_URL = api.db.url;
      try {
        const code = await runImportTextCommand(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
        return { code, out, err };
      } finally {
        if (saved === undefined) delete process.env.DATABASE_URL;
        else process.env.DATABASE_URL = saved;
      }
    }

    it('attaches a .txt as it is (its sha256 unchanged), then finds it there', async () => {
      const words = 'Accord between Japan and Ukraine (imported test words)  \n\nPart I. Support\n\n1. Japan will keep its support. \n';
      const file = path.join(os.tmpdir(), `texts-import-${process.pid}.txt`);
      fs.writeFileSync(file, words);
      try {
        const first = await importText([file, '--agreement', SLUG, '--language', 'de', '--source', 'testland-official-text']);
        expect(first).toMatchObject({ code: 0, err: [] });
        expect(first.out[0]).toContain(`sha256 ${textSha256(words)}`);
        const again = await importText([file, '--agreement', SLUG, '--language', 'de']);
        expect(again.out[0]).toContain('already has this text');
        const [row] = await api.db.dataSource.query(`SELECT language, chars, content = $1 AS same FROM agreement_text WHERE sha256 = $2`, [
          words,
          textSha256(words),
        ]);
        expect(row).toEqual({ language: 'de', chars: words.length, same: true });
        const unknown = await importText([file, '--agreement', 'nowhere-ukraine-2024']);
        expect(unknown.code).toBe(1);
        expect(unknown.err[0]).toContain('no agreement has slug "nowhere-ukraine-2024"');
        expect((await importText([file])).code).toBe(2);
      } finally {
        fs.rmSync(file, { force: true });
      }
    });
  });

  it('reads texts, provisions, spans and context in a fixed number of statements, whatever the rows', async () => {
    const query = `query($first: Int!) { agreements(first: $first, filter: { slug: { eq: "${SLUG}" } }) { nodes {
      text { sha256 provisions(first: $first) { nodes { path body parent { path } children { path } } } }
      texts { language }
      commitments(first: $first) { nodes { quoteSpans { start text { sha256 } provision { path } } provision { path } context } } } } }`;
    const few = await api.countStatements(query, { first: 1 });
    const many = await api.countStatements(query, { first: 20 });
    expect(few.response.errors).toBeUndefined();
    expect(many.response.errors).toBeUndefined();
    expect(many.statements.length).toBe(few.statements.length);
    // The agreement statement embeds everything but the quote context, which is one batch for all commitments.
    expect(many.response.data.agreements.nodes[0].commitments.nodes[0].context).toContain('<mark>');
    expect(many.statements.length).toBe(2);
  });
});
