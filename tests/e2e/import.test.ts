import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runImport } from '../../src/cli/import';
import { SEEDS_DIR } from '../../src/seed/read-corpus';
import { createApiToken } from '../../src/shared/auth/token-store';
import { startTestApp, TestApp } from '../support/test-app';

// Imports of seed-format files, all or nothing: through the admin mutation and the CLI, on this file's database.
describe('import', () => {
  let api: TestApp;
  let admin: string;
  let analyst: string;
  const estonia = JSON.parse(fs.readFileSync(path.join(SEEDS_DIR, 'agreements', 'estonia-ukraine-2024.json'), 'utf8'));
  const mutation = `mutation($json: String!, $dryRun: Boolean) { importRecords(json: $json, file: "test.json", dryRun: $dryRun) { dryRun created updated unchanged } }`;

  beforeAll(async () => {
    api = await startTestApp();
    const sql = async <T>(text: string, params: unknown[] = []) => (await api.db.dataSource.query(text, params)) as T[];
    admin = (await createApiToken(sql as never, { name: 'importer', role: 'admin' })).token;
    analyst = (await createApiToken(sql as never, { name: 'curator', role: 'analyst' })).token;
  });
  afterAll(() => api.close());

  const historyCount = async () => (await api.db.dataSource.query(`SELECT count(*)::int AS n FROM history`))[0].n as number;

  it('leaves everything alone when a file says what the database holds', async () => {
    const before = await historyCount();
    const { data, errors } = await api.gql(mutation, { json: JSON.stringify(estonia) }, { token: admin });
    expect(errors).toBeUndefined();
    expect(data.importRecords).toEqual({ dryRun: false, created: [], updated: [], unchanged: ['agreement estonia-ukraine-2024'] });
    expect(await historyCount()).toBe(before);
  });

  it('reports a dry run without writing, then writes the same changes, and a re-import changes nothing', async () => {
    const changed = {
      ...estonia,
      shortTitle: 'Estonia-Ukraine agreement (imported)',
      commitments: [
        ...estonia.commitments,
        { ...estonia.commitments[0], key: 'estonia-ukraine-2024/imported-pledge', summary: 'An imported pledge.' },
      ],
    };
    const bundle = JSON.stringify({ actors: [{ code: 'XK', name: 'Kosovo', kind: 'STATE' }], agreements: [changed] });
    const before = await historyCount();
    const dry = await api.gql(mutation, { json: bundle, dryRun: true }, { token: admin });
    expect(dry.data.importRecords).toEqual({ dryRun: true, created: ['actor XK'], updated: ['agreement estonia-ukraine-2024'], unchanged: [] });
    expect(await historyCount()).toBe(before);

    const real = await api.gql(mutation, { json: bundle }, { token: admin });
    expect(real.data.importRecords).toMatchObject({ dryRun: false, created: ['actor XK'], updated: ['agreement estonia-ukraine-2024'] });
    const { data } = await api.gql(
      `{ agreement(slug: "estonia-ukraine-2024") { shortTitle commitments(filter: { key: { eq: "estonia-ukraine-2024/imported-pledge" } }) { nodes { key } } history { actor } } actor(code: "XK") { name } }`,
      undefined,
      { token: analyst },
    );
    expect(data.agreement.shortTitle).toBe('Estonia-Ukraine agreement (imported)');
    expect(data.agreement.commitments.nodes.map((c: { key: string }) => c.key)).toContain('estonia-ukraine-2024/imported-pledge');
    expect(data.agreement.history.map((h: { actor: string }) => h.actor)).toContain('importer');
    expect(data.actor.name).toBe('Kosovo');

    const afterFirst = await historyCount();
    const again = await api.gql(mutation, { json: bundle }, { token: admin });
    expect(again.data.importRecords).toEqual({ dryRun: false, created: [], updated: [], unchanged: ['actor XK', 'agreement estonia-ukraine-2024'] });
    expect(await historyCount()).toBe(afterFirst);
  });

  it('writes nothing from a file with a bad record, and names every problem with its record, field and value', async () => {
    const before = await historyCount();
    const bad = {
      ...estonia,
      signedOn: '2024-02-30',
      commitments: [{ ...estonia.commitments[0], domains: ['nowhere'] }],
    };
    const { errors } = await api.gql(mutation, { json: JSON.stringify([bad, { ...estonia, slug: 'Not A Slug' }]) }, { token: admin });
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const problems = errors?.[0]?.extensions?.problems as { record: string; field: string; value: unknown }[];
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ record: 'test.json agreement #1 (estonia-ukraine-2024)', field: 'signedOn', value: '2024-02-30' }),
        expect.objectContaining({ record: 'test.json agreement #2 (Not A Slug)', field: 'slug', value: 'Not A Slug' }),
      ]),
    );
    expect(await historyCount()).toBe(before);

    const dangling = { ...estonia, commitments: [{ ...estonia.commitments[0], domains: ['nowhere'], source: 'no-such-source' }] };
    const second = await api.gql(mutation, { json: JSON.stringify(dangling) }, { token: admin });
    const referenceProblems = second.errors?.[0]?.extensions?.problems as { field: string; value: unknown }[];
    expect(referenceProblems.map((p) => [p.field, p.value])).toEqual(
      expect.arrayContaining([
        ['source', 'no-such-source'],
        ['domains.0', 'nowhere'],
      ]),
    );
    expect(await historyCount()).toBe(before);
  });

  it.each([
    ['truncated JSON', '{ "slug": "estonia-ukraine-2024", "parties": [', /not valid JSON/],
    ['something else than JSON', '<html>not json</html>', /not valid JSON/],
    ['JSON of another shape', '{ "hello": "world" }', /not a file of the seed format/],
  ])('fails cleanly on %s', async (_what, json, message) => {
    const { errors } = await api.gql(mutation, { json }, { token: admin });
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.message).toMatch(message);
  });

  it('needs an admin token', async () => {
    const { errors } = await api.gql(mutation, { json: JSON.stringify(estonia) }, { token: analyst });
    expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  describe('npm run import', () => {
    let dir: string;
    const lines: string[] = [];
    const io = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) };

    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-'));
      process.env.DATABASE_URL = api.db.url;
    });
    afterAll(() => {
      fs.rmSync(dir, { recursive: true, force: true });
      delete process.env.DATABASE_URL;
    });
    beforeEach(() => lines.splice(0));

    it('imports a sources file, then finds nothing to do in it, and refuses a broken one with every problem', async () => {
      const file = path.join(dir, 'sources.json');
      fs.writeFileSync(
        file,
        JSON.stringify([{ key: 'cli-source', title: 'From the CLI', url: 'https://example.org/cli', kind: 'PRESS', reliability: 'LOW' }]),
      );
      expect(await runImport([file, '--dry-run'], io)).toBe(0);
      expect(lines).toEqual(['1 would be created: source cli-source', '0 would be updated', '0 would be left alone', 'dry run: nothing was written']);
      lines.splice(0);
      expect(await runImport([file], io)).toBe(0);
      expect(lines[0]).toBe('1 were created: source cli-source');
      lines.splice(0);
      expect(await runImport([file], io)).toBe(0);
      expect(lines[2]).toBe('1 were left alone: source cli-source');

      const broken = path.join(dir, 'broken.json');
      fs.writeFileSync(broken, JSON.stringify([{ key: 'x', title: '', kind: 'PRESS', reliability: 'LOW' }]));
      lines.splice(0);
      expect(await runImport([broken], io)).toBe(1);
      expect(lines[0]).toMatch(/nothing was imported; \d problem/);
      expect(lines.join('\n')).toMatch(/broken\.json source #1 \(x\) at title/);
      const nul = path.join(dir, 'nul.json');
      fs.writeFileSync(
        nul,
        JSON.stringify([{ key: 'nul-source', title: 'A\u0000B', url: 'https://example.org/x', kind: 'PRESS', reliability: 'LOW' }]),
      );
      lines.splice(0);
      expect(await runImport([nul], io)).toBe(1);
      expect(lines.join('\n')).toMatch(/nul\.json.*NUL/i);
      expect(await runImport(['/no/such/file.json'], io)).toBe(1);
      expect(await runImport([], io)).toBe(2);
    });
  });
});
