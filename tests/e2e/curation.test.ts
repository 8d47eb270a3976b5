import { createApiToken } from '../../src/shared/auth/token-store';
import { startTestApp, TestApp } from '../support/test-app';

// Versioned mutations over HTTP with real tokens: each role's rights, validation with field paths, stale versions
// refused with nothing changed, concurrent writers losing nothing, history naming the author, soft delete and
// restore, and reads as of a moment before a change.
describe('curation mutations', () => {
  let api: TestApp;
  const tokens: Record<'reader' | 'analyst' | 'admin', string> = { reader: '', analyst: '', admin: '' };

  beforeAll(async () => {
    api = await startTestApp();
    const sql = async <T>(text: string, params: unknown[] = []) => (await api.db.dataSource.query(text, params)) as T[];
    for (const role of ['reader', 'analyst', 'admin'] as const) {
      tokens[role] = (await createApiToken(sql as never, { name: `${role}-token`, role })).token;
    }
  });
  afterAll(() => api.close());

  const newSource = (key: string) => ({
    key,
    title: 'Test source',
    url: `https://example.org/${key}`,
    kind: 'PRESS',
    reliability: 'MEDIUM',
  });

  const createSource = `mutation($input: SourceInput!) { createSource(input: $input) { id key version title } }`;

  async function countRows(table: string): Promise<number> {
    const [{ n }] = await api.db.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
    return n;
  }

  describe('rights by role', () => {
    it.each([
      ['no token', undefined, 'UNAUTHENTICATED'],
      ['a forged token', 'acc_forged', 'UNAUTHENTICATED'],
      ['a reader token', 'reader', 'FORBIDDEN'],
    ])('refuses a write with %s, writing nothing', async (_what, who, code) => {
      const before = await countRows('source');
      const token = who && who in tokens ? tokens[who as keyof typeof tokens] : who;
      const { errors } = await api.gql(createSource, { input: newSource(`refused-${code.toLowerCase()}`) }, { token });
      expect(errors?.[0]?.extensions?.code).toBe(code);
      expect(await countRows('source')).toBe(before);
    });

    it('guards every mutation: no token is UNAUTHENTICATED, a reader is FORBIDDEN, and admin-only ones refuse an analyst', async () => {
      const { data } = await api.gql(
        `{ __schema { mutationType { fields { name args { name type { kind name ofType { kind name ofType { name } } } } } } } }`,
      );
      const fields: { name: string; args: { name: string }[] }[] = data.__schema.mutationType.fields;
      const curation = fields.filter((f) => /^(create|update|delete|restore)[A-Z]/.test(f.name) && f.name !== 'createToken');
      expect(
        curation
          .map((f) => f.name.replace(/^(create|update|delete|restore)/, ''))
          .filter((v, i, all) => all.indexOf(v) === i)
          .sort(),
      ).toEqual(['Actor', 'Agreement', 'Commitment', 'Constraint', 'CooperationDomain', 'Mechanism', 'Source']);
      const call = (name: string, token?: string) => {
        const args = fields.find((f) => f.name === name)!.args.map((a) => a.name);
        const values: Record<string, string> = { id: '"1"', input: '{}', expectedVersion: '1' };
        const list = args
          .filter((a) => a in values)
          .map((a) => `${a}: ${values[a]}`)
          .join(', ');
        return api.gql(`mutation { ${name}(${list}) { id } }`, {}, { token });
      };
      for (const { name } of curation) {
        expect([name, (await call(name)).errors?.[0]?.extensions?.code]).toEqual([name, 'UNAUTHENTICATED']);
        expect([name, (await call(name, tokens.reader)).errors?.[0]?.extensions?.code]).toEqual([name, 'FORBIDDEN']);
      }
      const adminOnly = [
        `mutation { importRecords(json: "[]") { dryRun } }`,
        `mutation { createToken(name: "x", role: READER) { token } }`,
        `mutation { revokeToken(name: "x") { name } }`,
        `mutation { scheduleReport(kind: "coverage-matrix", format: "md", cron: "0 8 * * 1") { id } }`,
        `mutation { unscheduleReport(id: "1") { id } }`,
      ];
      for (const mutation of adminOnly) {
        const { errors } = await api.gql(mutation, {}, { token: tokens.analyst });
        expect([mutation, errors?.[0]?.extensions?.code]).toEqual([mutation, 'FORBIDDEN']);
      }
    });

    it.each([['analyst'], ['admin']] as const)('lets an %s create, update, delete and restore', async (role) => {
      const token = tokens[role];
      const created = await api.gql(createSource, { input: newSource(`by-${role}`) }, { token });
      expect(created.errors).toBeUndefined();
      const { id, version } = created.data.createSource;
      expect(version).toBe(1);
      const updated = await api.gql(
        `mutation($id: ID!) { updateSource(id: $id, input: { title: "Renamed" }, expectedVersion: 1) { title version } }`,
        { id },
        { token },
      );
      expect(updated.data?.updateSource).toEqual({ title: 'Renamed', version: 2 });
      const deleted = await api.gql(`mutation($id: ID!) { deleteSource(id: $id) { key } }`, { id }, { token });
      expect(deleted.errors).toBeUndefined();
      expect((await api.gql(`{ sources(filter: { key: { eq: "by-${role}" } }) { totalCount } }`)).data.sources.totalCount).toBe(0);
      const restored = await api.gql(`mutation($id: ID!) { restoreSource(id: $id) { key title } }`, { id }, { token });
      expect(restored.data?.restoreSource).toEqual({ key: `by-${role}`, title: 'Renamed' });
    });
  });

  describe('validation', () => {
    it.each([
      ['an empty title', { ...newSource('v1'), title: '' }, 'input.title'],
      ['an impossible date', { ...newSource('v2'), publishedOn: '2024-02-30' }, 'input.publishedOn'],
      ['no URL and no reason', { ...newSource('v3'), url: null }, 'input.url'],
    ])('refuses %s with BAD_USER_INPUT naming the field', async (_what, input, field) => {
      const { errors } = await api.gql(createSource, { input }, { token: tokens.analyst });
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      // Rules of the record carry the field path; a value the GraphQL scalar refuses names it in the message.
      expect(errors?.[0]?.extensions?.field ?? errors?.[0]?.message).toContain(field.replace('input.', ''));
    });

    const commitment = (overrides: object) => ({
      agreement: 'japan-ukraine-2024',
      key: 'japan-ukraine-2024/test-pledge',
      provider: 'JP',
      beneficiary: 'UA',
      summary: 'A test pledge.',
      quote: 'Japan will test',
      quoteOrigin: 'ANALYST_NOTE',
      kind: 'FINANCIAL',
      modality: 'WILL',
      stage: 'PLEDGED',
      domains: ['financial-support'],
      source: 'japan-analysis-2024-08-07',
      ...overrides,
    });
    const createCommitment = `mutation($input: CommitmentInput!) { createCommitment(input: $input) { id key amount { amount currency } domains { slug } } }`;

    it.each([
      ['a negative amount', { amount: { amount: '-5', currency: 'EUR' }, amountBound: 'EXACT', amountBasis: 'TOTAL' }, /amount/],
      ['an unknown currency', { amount: { amount: '5', currency: 'XXQ' }, amountBound: 'EXACT', amountBasis: 'TOTAL' }, /currency|Currency/],
      ['an amount without bound and basis', { amount: { amount: '5', currency: 'EUR' } }, /amountBound/],
      ['a missing domain', { domains: ['nowhere'] }, /nowhere/],
      ['a missing source', { source: 'no-such-source' }, /no-such-source/],
      ['a missing agreement', { agreement: 'atlantis-ukraine-2024', key: 'atlantis-ukraine-2024/x' }, /atlantis/],
    ])('refuses a commitment with %s', async (_what, overrides, message) => {
      const before = await countRows('commitment');
      const { errors } = await api.gql(createCommitment, { input: commitment(overrides) }, { token: tokens.analyst });
      expect(errors?.[0]?.extensions?.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
      expect(errors?.[0]?.message).toMatch(message);
      expect(await countRows('commitment')).toBe(before);
    });

    it('creates a valid commitment with its amount and domains, and refuses the same key twice', async () => {
      const input = commitment({ amount: { amount: '1000000', currency: 'JPY' }, amountBound: 'AT_LEAST', amountBasis: 'TOTAL' });
      const { data, errors } = await api.gql(createCommitment, { input }, { token: tokens.analyst });
      expect(errors).toBeUndefined();
      expect(data.createCommitment).toMatchObject({
        key: input.key,
        amount: { amount: '1000000.00', currency: 'JPY' },
        domains: [{ slug: 'financial-support' }],
      });
      const again = await api.gql(createCommitment, { input }, { token: tokens.analyst });
      expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    });

    it('refuses a cycle in the domain tree', async () => {
      const { data } = await api.gql(`{ domain(slug: "security-defence") { id version } }`);
      const { errors } = await api.gql(
        `mutation($id: ID!, $v: Int!) { updateCooperationDomain(id: $id, input: { parent: "drones" }, expectedVersion: $v) { slug } }`,
        { id: data.domain.id, v: data.domain.version },
        { token: tokens.analyst },
      );
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(errors?.[0]?.message).toMatch(/cycle/);
      expect(errors?.[0]?.extensions?.field).toBe('input.parent');
    });

    it('refuses to delete a source still in use, naming what uses it', async () => {
      // The official text of the Japan accord: the source of its coded commitments.
      const { data } = await api.gql(`{ source(key: "japan-ukraine-accord-2024-english-text") { id } }`);
      const { errors } = await api.gql(`mutation($id: ID!) { deleteSource(id: $id) { key } }`, { id: data.source.id }, { token: tokens.analyst });
      expect(errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(errors?.[0]?.message).toMatch(/commitments through source/);
    });
  });

  describe('versions', () => {
    const agreementQuery = `{ agreement(slug: "estonia-ukraine-2024") { id version shortTitle } }`;
    const rename = `mutation($id: ID!, $title: String!, $v: Int!) { updateAgreement(id: $id, input: { shortTitle: $title }, expectedVersion: $v) { shortTitle version } }`;

    it('refuses a stale version with CONFLICT and the current version, changing nothing', async () => {
      const { data } = await api.gql(agreementQuery);
      const { id, version, shortTitle } = data.agreement;
      const first = await api.gql(rename, { id, title: 'First edit', v: version }, { token: tokens.analyst });
      expect(first.data.updateAgreement).toEqual({ shortTitle: 'First edit', version: version + 1 });
      const stale = await api.gql(rename, { id, title: 'Stale edit', v: version }, { token: tokens.analyst });
      expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: version + 1 });
      expect((await api.gql(agreementQuery)).data.agreement).toMatchObject({ shortTitle: 'First edit', version: version + 1 });
      expect(shortTitle).not.toBe('First edit');
    });

    it('lets two concurrent writers of the same version lose nothing: one wins, the other is told', async () => {
      const { data } = await api.gql(agreementQuery);
      const { id, version } = data.agreement;
      const results = await Promise.all(
        ['Writer A', 'Writer B'].map((title) => api.gql(rename, { id, title, v: version }, { token: tokens.analyst })),
      );
      const won = results.filter((r) => !r.errors);
      const lost = results.filter((r) => r.errors);
      expect(won).toHaveLength(1);
      expect(lost[0].errors?.[0]?.extensions?.code).toBe('CONFLICT');
      const now = (await api.gql(agreementQuery)).data.agreement;
      expect(now).toEqual({ id, version: version + 1, shortTitle: won[0].data.updateAgreement.shortTitle });
    });

    it('lets concurrent writers of different fields, each re-reading its version, keep both changes', async () => {
      const query = `{ commitment: commitments(filter: { key: { eq: "japan-ukraine-2024/support-2024" } }) { nodes { id version summary locator } } }`;
      const edit = async (input: object) => {
        for (;;) {
          const node = (await api.gql(query)).data.commitment.nodes[0];
          const result = await api.gql(
            `mutation($id: ID!, $input: CommitmentInput!, $v: Int!) { updateCommitment(id: $id, input: $input, expectedVersion: $v) { version } }`,
            { id: node.id, input, v: node.version },
            { token: tokens.analyst },
          );
          if (!result.errors) return;
          expect(result.errors[0].extensions?.code).toBe('CONFLICT');
        }
      };
      await Promise.all([edit({ summary: 'Edited summary.' }), edit({ locator: 'Edited locator' })]);
      const node = (await api.gql(query)).data.commitment.nodes[0];
      expect(node).toMatchObject({ summary: 'Edited summary.', locator: 'Edited locator' });
    });
  });

  describe('overlapNote and corroboratedBy through updateCommitment', () => {
    const key = 'netherlands-ukraine-2024/military-aid-2024';
    const read = `query($key: String!) { commitments(filter: { key: { eq: $key } }) { nodes { id version summary overlapNote corroboratedBy { key } } } }`;
    const update = `mutation($id: ID!, $input: CommitmentInput!, $v: Int!) { updateCommitment(id: $id, input: $input, expectedVersion: $v) { version overlapNote corroboratedBy { key } } }`;
    const node = async () => (await api.gql(read, { key })).data.commitments.nodes[0];
    const edit = async (input: object) => {
      const { id, version } = await node();
      return api.gql(update, { id, input, v: version }, { token: tokens.analyst });
    };

    it('sets them, keeps them through an edit of another field, and records them in the history', async () => {
      const start = await node();
      expect(start).toMatchObject({ overlapNote: null, corroboratedBy: [] });
      const note = 'Test note: may overlap with netherlands-ukraine-2024/other-amount.';
      const corroborating = 'osw-2024-01-19-west-and-ukraine-agreements';
      const set = await edit({ overlapNote: note, corroboratedBy: [corroborating] });
      expect(set.errors).toBeUndefined();
      expect(set.data.updateCommitment).toEqual({ version: start.version + 1, overlapNote: note, corroboratedBy: [{ key: corroborating }] });
      // An edit that names neither field keeps both (the record reader carries them into the write).
      expect((await edit({ summary: 'Edited for the overlap test.' })).errors).toBeUndefined();
      expect(await node()).toMatchObject({ summary: 'Edited for the overlap test.', overlapNote: note, corroboratedBy: [{ key: corroborating }] });

      const history = (
        await api.gql(
          `query($id: ID!) { commitment(id: $id) { history { entity action changes { field before after } } } }`,
          { id: start.id },
          { token: tokens.analyst },
        )
      ).data.commitment.history;
      expect(history).toContainEqual(
        expect.objectContaining({
          entity: 'COMMITMENT',
          action: 'UPDATE',
          changes: expect.arrayContaining([{ field: 'overlapNote', before: null, after: note }]),
        }),
      );
      expect(history).toContainEqual(expect.objectContaining({ entity: 'COMMITMENT_SOURCE', action: 'CREATE' }));

      // Clearing them is a change like any other.
      const cleared = await edit({ overlapNote: null, corroboratedBy: [] });
      expect(cleared.data.updateCommitment).toMatchObject({ overlapNote: null, corroboratedBy: [] });
    });

    it("refuses an unknown corroborating source, or the quote's own, naming the field", async () => {
      const unknown = await edit({ corroboratedBy: ['no-such-source'] });
      expect(unknown.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(unknown.errors?.[0]?.extensions)).toContain('corroboratedBy');
      const own = (await api.gql(`{ commitments(filter: { key: { eq: "${key}" } }) { nodes { source { key } } } }`)).data.commitments.nodes[0].source
        .key;
      const refused = await edit({ corroboratedBy: [own] });
      expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(refused.errors?.[0]?.extensions)).toContain("corroboratedBy names other sources than the quote's own");
      expect(await node()).toMatchObject({ corroboratedBy: [] });
    });
  });

  describe('history and as-of', () => {
    it('records every change with its author, and reads the agreement and its commitments as they stood before', async () => {
      const { data } = await api.gql(
        `{ agreement(slug: "iceland-ukraine-2024") { id version shortTitle commitments(first: 100) { totalCount nodes { id key version } } } }`,
      );
      const agreement = data.agreement;
      const [{ now: before }] = await api.db.dataSource.query(`SELECT now() AS now`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const edited = await api.gql(
        `mutation($id: ID!, $v: Int!) { updateAgreement(id: $id, input: { shortTitle: "Iceland accord (edited)" }, expectedVersion: $v) { version } }`,
        { id: agreement.id, v: agreement.version },
        { token: tokens.analyst },
      );
      expect(edited.errors).toBeUndefined();
      const victim = agreement.commitments.nodes[0];
      expect(
        (await api.gql(`mutation($id: ID!) { deleteCommitment(id: $id) { key } }`, { id: victim.id }, { token: tokens.admin })).errors,
      ).toBeUndefined();

      // Actors are shown to analysts and admins (issue 14, part D).
      const history = (
        await api.gql(`{ agreement(slug: "iceland-ukraine-2024") { history { action actor changes { field before after } } } }`, undefined, {
          token: tokens.analyst,
        })
      ).data.agreement.history;
      expect(history[history.length - 1]).toEqual({
        action: 'UPDATE',
        actor: 'analyst-token',
        changes: [{ field: 'shortTitle', before: agreement.shortTitle, after: 'Iceland accord (edited)' }],
      });
      const deletions = (
        await api.gql(`{ changes(filter: { entity: { eq: COMMITMENT }, action: { eq: DELETE } }) { nodes { entityKey actor } } }`, undefined, {
          token: tokens.analyst,
        })
      ).data.changes.nodes;
      expect(deletions).toContainEqual({ entityKey: String(victim.id), actor: 'admin-token' });

      const then = (
        await api.gql(
          `query($at: DateTime) { agreement(slug: "iceland-ukraine-2024", asOf: $at) { shortTitle commitments(first: 100) { totalCount nodes { key } } } }`,
          {
            at: new Date(before).toISOString(),
          },
        )
      ).data.agreement;
      expect(then.shortTitle).toBe(agreement.shortTitle);
      expect(then.commitments.totalCount).toBe(agreement.commitments.totalCount);
      expect(then.commitments.nodes.map((c: { key: string }) => c.key)).toContain(victim.key);
      const now = (await api.gql(`{ agreement(slug: "iceland-ukraine-2024") { commitments(first: 100) { totalCount } } }`)).data.agreement;
      expect(now.commitments.totalCount).toBe(agreement.commitments.totalCount - 1);
    });

    it('deletes an agreement with its children and restores them together', async () => {
      const { data } = await api.gql(`{ agreement(slug: "greece-ukraine-2024") { id commitments { totalCount } } }`);
      const token = tokens.analyst;
      expect(
        (await api.gql(`mutation($id: ID!) { deleteAgreement(id: $id) { slug } }`, { id: data.agreement.id }, { token })).errors,
      ).toBeUndefined();
      expect((await api.gql(`{ agreement(slug: "greece-ukraine-2024") { slug } }`)).data.agreement).toBeNull();
      expect(
        (await api.gql(`{ commitments(filter: { agreement: { slug: { eq: "greece-ukraine-2024" } } }) { totalCount } }`)).data.commitments.totalCount,
      ).toBe(0);
      const restored = await api.gql(
        `mutation($id: ID!) { restoreAgreement(id: $id) { slug commitments { totalCount } } }`,
        { id: data.agreement.id },
        { token },
      );
      expect(restored.data.restoreAgreement).toEqual({
        slug: 'greece-ukraine-2024',
        commitments: { totalCount: data.agreement.commitments.totalCount },
      });
    });
  });
});
