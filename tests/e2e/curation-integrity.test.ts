import { REFERENCES } from '../../src/curation/references';
import { KINDS, RecordKind } from '../../src/curation/read-records';
import { createApiToken } from '../../src/shared/auth/token-store';
import { INPUT_TYPES, mutationName, naturalKey, validInput } from '../support/curation-inputs';
import { startTestApp, TestApp } from '../support/test-app';

const ALL_KINDS = Object.keys(KINDS) as RecordKind[];

// Issue 14, part C: creates that cannot overwrite under a race, one rule for references to deleted rows (no link
// ever dropped, restore brings everything back), and one version and one history entry per mutation.
describe('curation integrity (issue 14 part C)', () => {
  let api: TestApp;
  let token = '';

  beforeAll(async () => {
    api = await startTestApp();
    const sql = async <T>(text: string, params: unknown[] = []) => (await api.db.dataSource.query(text, params)) as T[];
    token = (await createApiToken(sql as never, { name: 'integrity-analyst', role: 'analyst' })).token;
  });
  afterAll(() => api.close());

  const sql = (text: string, params: unknown[] = []) => api.db.dataSource.query(text, params);
  /** The history entries of one row itself (not of its links). */
  const entriesOf = async (kind: RecordKind, id: string | number) =>
    (await sql(`SELECT action FROM history WHERE table_name = $1 AND row_key = $2 ORDER BY id`, [KINDS[kind].table, String(id)])).map(
      (r: { action: string }) => r.action,
    );
  const versionOf = async (kind: RecordKind, id: string | number) =>
    (await sql(`SELECT version FROM ${KINDS[kind].table} WHERE id = $1`, [Number(id)]))[0].version as number;

  const create = (kind: RecordKind, input: object) =>
    api.gql(`mutation($input: ${INPUT_TYPES[kind]}!) { ${mutationName('create', kind)}(input: $input) { id version } }`, { input }, { token });
  const update = (kind: RecordKind, id: string, input: object, version: number) =>
    api.gql(
      `mutation($id: ID!, $input: ${INPUT_TYPES[kind]}!, $v: Int!) { ${mutationName('update', kind)}(id: $id, input: $input, expectedVersion: $v) { id version } }`,
      { id, input, v: version },
      { token },
    );
  const remove = (kind: RecordKind, id: string) =>
    api.gql(`mutation($id: ID!) { ${mutationName('delete', kind)}(id: $id) { id } }`, { id }, { token });
  const restore = (kind: RecordKind, id: string) =>
    api.gql(`mutation($id: ID!) { ${mutationName('restore', kind)}(id: $id) { id version } }`, { id }, { token });
  const created = async (kind: RecordKind, input: object): Promise<{ id: string; version: number }> => {
    const result = await create(kind, input);
    expect(result.errors).toBeUndefined();
    return result.data[mutationName('create', kind)];
  };

  describe('concurrent creates with one natural key', () => {
    it.each(ALL_KINDS.map((kind) => [KINDS[kind].label, kind] as const))(
      'tells exactly one of 20 parallel create%s calls that it created the row; the rest get CONFLICT naming the key',
      async (_label, kind) => {
        const name = `race-${kind}`;
        const results = await Promise.all(Array.from({ length: 20 }, () => create(kind, validInput(kind, name))));
        const winners = results.filter((r) => !r.errors);
        expect(winners).toHaveLength(1);
        const losers = results.filter((r) => r.errors);
        expect(losers.map((r) => r.errors![0].extensions?.code)).toEqual(Array(19).fill('CONFLICT'));
        for (const loser of losers) expect(loser.errors![0].message).toContain(naturalKey(kind, name));
        const { id, version } = winners[0].data[mutationName('create', kind)];
        expect(version).toBe(1);
        expect(await entriesOf(kind, id)).toEqual(['CREATE']);
        expect(await versionOf(kind, id)).toBe(1);
      },
    );
  });

  describe('references to deleted rows: one rule, no link dropped', () => {
    it('lists every foreign key between curated rows in REFERENCES (so deletes and restores check them all)', async () => {
      const tables = new Map(Object.entries(KINDS).map(([kind, { table }]) => [table, kind]));
      const links = new Map(REFERENCES.filter((r) => r.link).map((r) => [r.link!.table, r]));
      const keys: { child: string; column: string; parent: string }[] = await sql(
        `SELECT c.conrelid::regclass::text AS child, a.attname AS column, c.confrelid::regclass::text AS parent
         FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
         WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`,
      );
      const expected = keys
        .filter((k) => tables.has(k.parent) && (tables.has(k.child) || links.has(k.child)))
        // A link's owner column says whose link it is, not what it refers to.
        .filter((k) => !(links.has(k.child) && links.get(k.child)!.link!.owner === k.column))
        .map((k) => `${k.child}.${k.column} -> ${k.parent}`)
        .sort();
      const listed = REFERENCES.map(
        (r) => `${r.link ? r.link.table : KINDS[r.from].table}.${r.link ? r.link.target : r.column} -> ${KINDS[r.to].table}`,
      ).sort();
      expect(listed).toEqual(expected);
    });

    it('refuses to delete a commitment a live constraint restricts, naming the constraint; an edit of the constraint keeps the link', async () => {
      const target = await created('commitment', validInput('commitment', 'restricted-pledge'));
      const constraint = await created('constraint', {
        ...validInput('constraint', 'restricting'),
        restricts: ['japan-ukraine-2024/restricted-pledge'],
      });
      const refused = await remove('commitment', target.id);
      expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(refused.errors?.[0]?.message).toContain('japan-ukraine-2024/restricting');
      expect(refused.errors?.[0]?.message).toContain('restricts');
      const edited = await update('constraint', constraint.id, { summary: 'Edited after a refused delete.' }, constraint.version);
      expect(edited.errors).toBeUndefined();
      const { data } = await api.gql(`{ constraints(filter: { key: { eq: "japan-ukraine-2024/restricting" } }) { nodes { restricts { key } } } }`);
      expect(data.constraints.nodes[0].restricts).toEqual([{ key: 'japan-ukraine-2024/restricted-pledge' }]);
    });

    it('never leaves a live constraint restricting a deleted commitment when the delete and the reference race (10 rounds)', async () => {
      const outcomes: string[] = [];
      for (let round = 0; round < 10; round += 1) {
        const target = await created('commitment', validInput('commitment', `raced-${round}`));
        const [deleted, restricting] = await Promise.all([
          remove('commitment', target.id),
          create('constraint', { ...validInput('constraint', `racing-${round}`), restricts: [`japan-ukraine-2024/raced-${round}`] }),
        ]);
        outcomes.push(`${deleted.errors ? 'refused' : 'deleted'}/${restricting.errors ? 'refused' : 'created'}`);
      }
      const stranded = await sql(
        `SELECT k.key FROM constraint_restriction r JOIN live.agreement_constraint k ON k.id = r.constraint_id
         JOIN commitment c ON c.id = r.commitment_id WHERE c.deleted_at IS NOT NULL AND k.key LIKE 'japan-ukraine-2024/racing-%'`,
      );
      expect(stranded).toEqual([]);
      // Each round one of the two took effect and the other was refused.
      expect(outcomes.filter((o) => o === 'deleted/created' || o === 'refused/refused')).toEqual([]);
    });

    it('refuses to delete a commitment another live commitment is includedIn, so the includer stays editable', async () => {
      const money = { amount: { amount: '100', currency: 'EUR' }, amountBound: 'EXACT', amountBasis: 'TOTAL' };
      const whole = await created('commitment', { ...validInput('commitment', 'whole'), ...money });
      const part = await created('commitment', { ...validInput('commitment', 'part'), ...money, includedIn: 'japan-ukraine-2024/whole' });
      const refused = await remove('commitment', whole.id);
      expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(refused.errors?.[0]?.message).toMatch(/includedIn \(japan-ukraine-2024\/part\)/);
      expect((await update('commitment', part.id, { summary: 'Still editable.' }, part.version)).errors).toBeUndefined();
    });

    it('restores a constraint deleted before its commitment only after the commitment, with its link back', async () => {
      const target = await created('commitment', validInput('commitment', 'restored-pledge'));
      const constraint = await created('constraint', {
        ...validInput('constraint', 'restored-limit'),
        restricts: ['japan-ukraine-2024/restored-pledge'],
      });
      expect((await remove('constraint', constraint.id)).errors).toBeUndefined();
      expect((await remove('commitment', target.id)).errors).toBeUndefined();
      const early = await restore('constraint', constraint.id);
      expect(early.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(early.errors?.[0]?.message).toContain('japan-ukraine-2024/restored-pledge');
      expect((await restore('commitment', target.id)).errors).toBeUndefined();
      expect((await restore('constraint', constraint.id)).errors).toBeUndefined();
      const { data } = await api.gql(`{ constraints(filter: { key: { eq: "japan-ukraine-2024/restored-limit" } }) { nodes { restricts { key } } } }`);
      expect(data.constraints.nodes[0].restricts).toEqual([{ key: 'japan-ukraine-2024/restored-pledge' }]);
    });

    it('refuses to delete an agreement whose commitment a commitment of another agreement is includedIn', async () => {
      const agreement = await created('agreement', validInput('agreement', 'holder-ukraine-2024'));
      const money = { amount: { amount: '5', currency: 'EUR' }, amountBound: 'EXACT', amountBasis: 'TOTAL' };
      await created('commitment', { ...validInput('commitment', 'x'), ...money, agreement: 'holder-ukraine-2024', key: 'holder-ukraine-2024/whole' });
      await created('commitment', { ...validInput('commitment', 'outside-part'), ...money, includedIn: 'holder-ukraine-2024/whole' });
      const refused = await remove('agreement', agreement.id);
      expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(refused.errors?.[0]?.message).toContain('japan-ukraine-2024/outside-part');
    });

    it('refuses an import that drops a commitment a live commitment of another agreement is includedIn, writing nothing', async () => {
      const sqlOf = async <T>(text: string, params: unknown[] = []) => (await api.db.dataSource.query(text, params)) as T[];
      const admin = (await createApiToken(sqlOf as never, { name: 'integrity-admin', role: 'admin' })).token;
      const agreement = validInput('agreement', 'dropping-ukraine-2024');
      await created('agreement', agreement);
      const money = { amount: { amount: '9', currency: 'EUR' }, amountBound: 'EXACT', amountBasis: 'TOTAL' };
      await created('commitment', {
        ...validInput('commitment', 'x'),
        ...money,
        agreement: 'dropping-ukraine-2024',
        key: 'dropping-ukraine-2024/whole',
      });
      await created('commitment', { ...validInput('commitment', 'dropping-part'), ...money, includedIn: 'dropping-ukraine-2024/whole' });
      const history = (await sql(`SELECT count(*)::int AS n FROM history`))[0].n;
      const { errors } = await api.gql(
        `mutation($json: String!) { importRecords(json: $json, file: "drop.json") { updated } }`,
        { json: JSON.stringify({ agreements: [{ ...agreement, commitments: [], constraints: [] }] }) },
        { token: admin },
      );
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(errors?.[0]?.message).toContain('japan-ukraine-2024/dropping-part');
      expect((await sql(`SELECT count(*)::int AS n FROM history`))[0].n).toBe(history);
      expect((await sql(`SELECT deleted_at FROM commitment WHERE key = 'dropping-ukraine-2024/whole'`))[0].deleted_at).toBeNull();
    });

    it('restores an agreement with its parts and their links only once what the parts refer to is back', async () => {
      const agreement = await created('agreement', validInput('agreement', 'parts-ukraine-2024'));
      const mechanism = await created('mechanism', validInput('mechanism', 'parts-forum'));
      await created('commitment', {
        ...validInput('commitment', 'x'),
        agreement: 'parts-ukraine-2024',
        key: 'parts-ukraine-2024/pledge',
        mechanisms: ['parts-forum'],
      });
      expect((await remove('mechanism', mechanism.id)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect((await remove('agreement', agreement.id)).errors).toBeUndefined();
      // Nothing live uses the mechanism now: it may go, and the deleted commitment keeps its link to it.
      expect((await remove('mechanism', mechanism.id)).errors).toBeUndefined();
      const early = await restore('agreement', agreement.id);
      expect(early.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(early.errors?.[0]?.message).toContain('parts-forum');
      expect((await restore('mechanism', mechanism.id)).errors).toBeUndefined();
      expect((await restore('agreement', agreement.id)).errors).toBeUndefined();
      const { data } = await api.gql(`{ commitments(filter: { key: { eq: "parts-ukraine-2024/pledge" } }) { nodes { mechanisms { slug } } } }`);
      expect(data.commitments.nodes[0].mechanisms).toEqual([{ slug: 'parts-forum' }]);
    });
  });

  describe('one mutation, one version, one history entry', () => {
    it('renames a slug together with another field in one version and one entry', async () => {
      const domain = await created('domain', validInput('domain', 'before-rename'));
      const renamed = await update('domain', domain.id, { slug: 'after-rename', name: 'Renamed domain' }, domain.version);
      expect(renamed.errors).toBeUndefined();
      expect(renamed.data.updateCooperationDomain.version).toBe(domain.version + 1);
      expect(await entriesOf('domain', domain.id)).toEqual(['CREATE', 'UPDATE']);
    });

    it('renames a commitment key together with its summary in one version and one entry', async () => {
      const commitment = await created('commitment', validInput('commitment', 'to-rename'));
      const renamed = await update('commitment', commitment.id, { key: 'japan-ukraine-2024/renamed', summary: 'Renamed.' }, commitment.version);
      expect(renamed.errors).toBeUndefined();
      expect(renamed.data.updateCommitment.version).toBe(commitment.version + 1);
      expect(await entriesOf('commitment', commitment.id)).toEqual(['CREATE', 'UPDATE']);
    });

    it('creates a commitment with includedIn, and an agreement with a framework, at version 1 with one entry', async () => {
      const money = { amount: { amount: '7', currency: 'EUR' }, amountBound: 'EXACT', amountBasis: 'TOTAL' };
      await created('commitment', { ...validInput('commitment', 'container'), ...money });
      const inner = await created('commitment', { ...validInput('commitment', 'inner'), ...money, includedIn: 'japan-ukraine-2024/container' });
      expect(inner.version).toBe(1);
      expect(await entriesOf('commitment', inner.id)).toEqual(['CREATE']);
      const framed = await created('agreement', { ...validInput('agreement', 'framed-ukraine-2024'), framework: 'japan-ukraine-2024' });
      expect(framed.version).toBe(1);
      expect(await entriesOf('agreement', framed.id)).toEqual(['CREATE']);
    });

    it('counts a change of links only (a constraint restricts) as one new version, so a stale editor of the links is refused', async () => {
      await created('commitment', validInput('commitment', 'link-only'));
      const constraint = await created('constraint', validInput('constraint', 'link-editor'));
      const first = await update('constraint', constraint.id, { restricts: ['japan-ukraine-2024/link-only'] }, constraint.version);
      expect(first.data?.updateConstraint.version).toBe(constraint.version + 1);
      expect(await entriesOf('constraint', constraint.id)).toEqual(['CREATE', 'UPDATE']);
      const stale = await update('constraint', constraint.id, { restricts: [] }, constraint.version);
      expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: constraint.version + 1 });
    });
  });
});
