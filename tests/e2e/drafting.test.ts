import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runDraft } from '../../src/cli/draft';
import { draftCoding } from '../../src/domain/drafting/draft';
import { corpusDomainTerms, corpusPrecedents } from '../../src/domain/drafting/evaluate';
import { PrecedentIndex } from '../../src/domain/drafting/precedents';
import { readCorpus } from '../../src/seed/read-corpus';
import { createApiToken } from '../../src/shared/auth/token-store';
import { startTestApp, TestApp } from '../support/test-app';

// A text written for this test (Iceland has no text in the corpus): a recital, a chapeau with items, money, a
// statement, and final provisions.
const TEXT =
  [
    'Agreement on Security Cooperation between Iceland and Ukraine',
    'Iceland and Ukraine, recalling the Joint Declaration of Support for Ukraine of 12 July 2023,',
    'Part I. Military Support',
    '1. In 2025, Iceland will provide at least ISK 4 billion of military support to Ukraine.',
    '2. Iceland will seek to strengthen the training of Ukrainian deminers.',
    '3. The Participants will:',
    '(a) cooperate on cyber defence and the protection of critical infrastructure;',
    '(b) exchange information on hybrid threats.',
    '4. Iceland recognises the courage of the Ukrainian people.',
    '5. Ukraine will continue its reforms of the rule of law.',
    'Part II. Final Provisions',
    '6. This Agreement will come into effect upon signature.',
  ].join('\n\n') + '\n';

const QUERY = `query($text: String!) { draftCoding(text: $text, language: "en", title: "Iceland-Ukraine") {
  title partner
  provisions { path start end operative confidence
    proposals { record kind modality modalityWords { start end text } domains { domain score } amounts { amount currency bound basis start end }
      provider beneficiary quoteSpans { start end text } confidence precedents { commitment score } } } } }`;

describe('drafting: draftCoding over HTTP and npm run draft', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  it('drafts a written text: operative provisions, modality words, amounts, parties, precedents, exact offsets', async () => {
    const { data, errors } = await api.gql(QUERY, { text: TEXT });
    expect(errors).toBeUndefined();
    const draft = data.draftCoding;
    expect(draft.partner).toBe('IS');
    const byPath = new Map<string, any>(draft.provisions.map((p: any) => [p.path, p]));
    expect(byPath.get('Preamble › 1')?.operative ?? false).toBe(false);
    const money = byPath.get('Part I › 1');
    expect(money.operative).toBe(true);
    expect(money.proposals).toHaveLength(1);
    const [pledge] = money.proposals;
    expect(pledge).toMatchObject({ record: 'COMMITMENT', modality: 'WILL', provider: 'IS', beneficiary: 'UA' });
    expect(pledge.modalityWords.text).toBe('will');
    expect(pledge.amounts).toEqual([expect.objectContaining({ amount: '4000000000', currency: 'ISK', bound: 'AT_LEAST', basis: 'TOTAL' })]);
    expect(TEXT.slice(pledge.amounts[0].start, pledge.amounts[0].end)).toBe('ISK 4 billion');
    expect(pledge.precedents.length).toBeGreaterThan(0);
    expect(pledge.domains.length).toBeGreaterThan(0);
    expect(byPath.get('Part I › 2').proposals[0].modality).toBe('SEEK_TO');
    // List items take the chapeau's verb, and say which words decided it.
    const item = byPath.get('Part I › 3 › (a)').proposals[0];
    expect(item.modality).toBe('WILL');
    expect(TEXT.slice(item.modalityWords.start, item.modalityWords.end)).toBe('will');
    expect(item.modalityWords.start).toBeLessThan(byPath.get('Part I › 3 › (a)').start);
    expect(byPath.get('Part I › 5').proposals[0]).toMatchObject({ provider: 'UA', beneficiary: 'IS' });
    for (const provision of draft.provisions) {
      expect(TEXT.slice(provision.start, provision.end).length).toBe(provision.end - provision.start);
      for (const proposal of provision.proposals) {
        for (const span of proposal.quoteSpans) {
          expect(span.text).toBe(TEXT.slice(span.start, span.end));
          expect(span.start).toBeGreaterThanOrEqual(provision.start);
          expect(span.end).toBeLessThanOrEqual(provision.end);
        }
      }
    }
    // Deterministic: the same text gives the same draft.
    const again = await api.gql(QUERY, { text: TEXT });
    expect(again.data).toEqual(data);
  });

  it('the GraphQL path (precedents and domain leaves read from PostgreSQL) ranks as the evaluation path (seed files) does', async () => {
    const { data, errors } = await api.gql(QUERY, { text: TEXT });
    expect(errors).toBeUndefined();
    const corpus = readCorpus();
    const local = draftCoding(TEXT, {
      language: 'en',
      title: 'Iceland-Ukraine',
      precedents: new PrecedentIndex(corpusPrecedents(corpus)),
      domainTerms: corpusDomainTerms(corpus),
    });
    const ranking = (provisions: { path: string; proposals: { kind: string; domains: unknown[]; precedents: unknown[] }[] }[]) =>
      provisions.flatMap((p) => p.proposals.map((q) => ({ path: p.path, kind: q.kind, domains: q.domains, precedents: q.precedents })));
    const fromGraphql = ranking(data.draftCoding.provisions);
    expect(fromGraphql.length).toBeGreaterThan(3);
    expect(fromGraphql).toEqual(ranking(local.provisions));
  });

  it('refuses an empty text with BAD_USER_INPUT', async () => {
    const { errors } = await api.gql(QUERY, { text: '  \n' });
    expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('writes the draft in the import format, marked as a draft, and an import dry run accepts it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'draft-'));
    const file = path.join(dir, 'iceland.txt');
    fs.writeFileSync(file, TEXT);
    const out = path.join(dir, 'draft.json');
    const lines: string[] = [];
    const code = await runDraft([file, '--agreement', 'iceland-ukraine-2025', '--out', out], {
      out: (l) => lines.push(l),
      err: (l) => lines.push(l),
    });
    expect(code).toBe(0);
    const bundle = JSON.parse(fs.readFileSync(out, 'utf8'));
    const [agreement] = bundle.agreements;
    expect(agreement.slug).toBe('iceland-ukraine-2025');
    expect(agreement.summary).toMatch(/^DRAFT/);
    expect(agreement.commitments.length).toBeGreaterThanOrEqual(5);
    for (const commitment of agreement.commitments) {
      expect(commitment.summary).toMatch(/^DRAFT/);
      expect(commitment.quote).toBe(TEXT.slice(commitment.quoteSpans[0].start, commitment.quoteSpans[0].end));
    }
    const sql = async <T>(text: string, params: unknown[] = []) => (await api.db.dataSource.query(text, params)) as T[];
    const admin = (await createApiToken(sql as never, { name: 'drafter', role: 'admin' })).token;
    const { data, errors } = await api.gql(
      `mutation($json: String!) { importRecords(json: $json, file: "draft.json", dryRun: true) { dryRun created } }`,
      { json: JSON.stringify(bundle) },
      { token: admin },
    );
    expect(errors).toBeUndefined();
    expect(data.importRecords.dryRun).toBe(true);
    expect(data.importRecords.created).toContain('agreement iceland-ukraine-2025');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
