import fc from 'fast-check';
import { KINDS, RecordKind } from '../../src/curation/read-records';
import { createApiToken } from '../../src/shared/auth/token-store';
import { INPUT_TYPES, mutationName, naturalKey, validInput } from '../support/curation-inputs';
import { fuzzOptions } from '../support/fuzz';
import { GraphQLResponse, startTestApp, TestApp } from '../support/test-app';

const ALL_KINDS = Object.keys(KINDS) as RecordKind[];
/** The kinds in an order where each row's references can already exist. */
const ORDER: RecordKind[] = ['source', 'actor', 'domain', 'mechanism', 'agreement', 'commitment', 'constraint'];
/** Every table a mutation can change: the curated rows, their links, and the history. */
const ENTITY_TABLES = ALL_KINDS.map((kind) => KINDS[kind].table);
const LINK_TABLES = ['agreement_party', 'agreement_source', 'commitment_domain', 'commitment_mechanism', 'constraint_restriction'];
/** A few names per kind, so generated sequences collide: the same key created twice, renames onto a taken key. */
const NAMES = ['a', 'b'] as const;
type Name = (typeof NAMES)[number];

type Edit = { change: 'content'; value: string } | { change: 'rename'; to: Name | string } | { change: 'refer'; to: Name[] };
type Step =
  | { action: 'create'; kind: RecordKind; name: Name; refer: Name[]; badKey?: string }
  | { action: 'update'; kind: RecordKind; name: Name; edit: Edit; stale: boolean }
  | { action: 'delete' | 'restore' | 'deleteThenRestore'; kind: RecordKind; name: Name };

const name = fc.constantFrom(...NAMES);
const kind = fc.constantFrom(...ALL_KINDS);
/** Valid and invalid values: text the schema accepts, blank text, and strings that are no slug or key. */
const anyText = fc.oneof(
  { arbitrary: fc.constantFrom('Edited by a property.', 'Edited again.'), weight: 3 },
  { arbitrary: fc.constant('   '), weight: 1 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ action: fc.constant('create' as const), kind, name, refer: fc.array(name, { maxLength: 2 }) }),
  fc.record({ action: fc.constant('create' as const), kind, name, refer: fc.constant([] as Name[]), badKey: fc.string({ maxLength: 8 }) }),
  fc.record({
    action: fc.constant('update' as const),
    kind,
    name,
    stale: fc.constantFrom(false, false, false, true),
    edit: fc.oneof(
      fc.record({ change: fc.constant('content' as const), value: anyText }),
      fc.record({
        change: fc.constant('rename' as const),
        to: fc.oneof({ arbitrary: name, weight: 3 }, { arbitrary: fc.string({ maxLength: 8 }), weight: 1 }),
      }),
      fc.record({ change: fc.constant('refer' as const), to: fc.array(name, { maxLength: 2 }) }),
    ),
  }),
  fc.record({ action: fc.constantFrom('delete' as const, 'restore' as const, 'deleteThenRestore' as const), kind, name }),
);

/** The field of each kind an edit of content changes. */
const CONTENT: Record<RecordKind, string> = {
  agreement: 'shortTitle',
  commitment: 'summary',
  constraint: 'summary',
  actor: 'name',
  source: 'title',
  mechanism: 'name',
  domain: 'name',
};

/** The references a kind's input can make to rows of the same run (domains and mechanisms form trees). */
function references(kind: RecordKind, names: string[]): Record<string, unknown> {
  const first = names[0];
  switch (kind) {
    case 'agreement':
      return first ? { framework: naturalKey('agreement', first) } : { framework: null };
    case 'commitment':
      return {
        mechanisms: names.map((n) => naturalKey('mechanism', n)),
        domains: ['financial-support', ...names.map((n) => naturalKey('domain', n))],
      };
    case 'constraint':
      return { restricts: names.map((n) => naturalKey('commitment', n)) };
    case 'domain':
    case 'mechanism':
      return { parent: first ? naturalKey(kind, first) : null };
    case 'actor':
    case 'source':
      return {};
  }
}

// Generated sequences of creates, updates, deletes and restores, valid and invalid, over HTTP against the real
// database, checking after every step the promises of issue 14 part C (docs/RELIABILITY.md).
describe('curation mutations (property)', () => {
  let api: TestApp;
  let token = '';
  let run = 0;
  /** What each step came to (`update commitment`, `refused create CONFLICT`). */
  const tally: string[] = [];

  beforeAll(async () => {
    api = await startTestApp();
    const sql = async <T>(text: string, params: unknown[] = []) => (await api.db.dataSource.query(text, params)) as T[];
    token = (await createApiToken(sql as never, { name: 'property-analyst', role: 'analyst' })).token;
  });
  afterAll(() => api.close());

  const query = (text: string, params: unknown[] = []) => api.db.dataSource.query(text, params);

  /** Every curated row and link (without `ignored` columns), and the number of history entries, as one string. */
  async function snapshot(ignored: string[] = [], withHistory = true): Promise<string> {
    const digests = [...ENTITY_TABLES, ...LINK_TABLES].map(
      (table) =>
        `SELECT '${table}:' || md5(coalesce(string_agg(r, ',' ORDER BY r), '')) AS part FROM (SELECT (to_jsonb(t) - $1::text[])::text AS r FROM "${table}" t) x`,
    );
    if (withHistory) digests.push(`SELECT 'history:' || count(*) FROM history`);
    const rows: { part: string }[] = await query(digests.join(' UNION ALL '), [ignored]);
    return rows
      .map((r) => r.part)
      .sort()
      .join(' ');
  }

  async function rowOf(kind: RecordKind, natural: string): Promise<{ id: number; version: number; entries: number } | undefined> {
    const { table, natural: column } = KINDS[kind];
    const [row] = await query(
      `SELECT t.id, t.version, (SELECT count(*)::int FROM history h WHERE h.table_name = $2 AND h.row_key = t.id::text) AS entries
       FROM "${table}" t WHERE t."${column}" = $1`,
      [natural, table],
    );
    return row;
  }

  function expectNoServerError(response: GraphQLResponse, what: unknown): void {
    expect([what, response.status < 500]).toEqual([what, true]);
    expect([what, response.errors?.map((e) => e.extensions?.code).filter((code) => code === 'INTERNAL_SERVER_ERROR' || !code)]).toEqual([
      what,
      response.errors ? [] : undefined,
    ]);
  }

  function call(action: 'create' | 'update' | 'delete' | 'restore', kind: RecordKind, variables: Record<string, unknown>) {
    const field = mutationName(action, kind);
    const text =
      action === 'create'
        ? `mutation($input: ${INPUT_TYPES[kind]}!) { ${field}(input: $input) { id } }`
        : action === 'update'
          ? `mutation($id: ID!, $input: ${INPUT_TYPES[kind]}!, $v: Int!) { ${field}(id: $id, input: $input, expectedVersion: $v) { id } }`
          : `mutation($id: ID!) { ${field}(id: $id) { id } }`;
    return api.gql(text, variables, { token });
  }

  /** Runs one step and checks: no server error; a success is one version and one entry; a refusal changes nothing. */
  async function perform(prefix: string, s: Step): Promise<void> {
    const full = (n: string) => `${prefix}-${n}`;
    const natural = naturalKey(s.kind, full(s.name));
    const before = await rowOf(s.kind, natural);
    const id = String(before?.id ?? 999999);
    const unchanged = await snapshot();
    let response: GraphQLResponse;
    if (s.action === 'create') {
      const input = { ...validInput(s.kind, full(s.name)), ...references(s.kind, s.refer.map(full)) };
      if (s.badKey !== undefined) input[KINDS[s.kind].natural] = s.badKey;
      response = await call('create', s.kind, { input });
    } else if (s.action === 'update') {
      const edit = s.edit;
      const input =
        edit.change === 'content'
          ? { [CONTENT[s.kind]]: edit.value }
          : edit.change === 'rename'
            ? { [KINDS[s.kind].natural]: (NAMES as readonly string[]).includes(edit.to) ? naturalKey(s.kind, full(edit.to)) : edit.to }
            : references(s.kind, edit.to.map(full));
      response = await call('update', s.kind, { id, input, v: (before?.version ?? 1) + (s.stale ? -1 : 0) });
    } else if (s.action === 'deleteThenRestore') {
      const content = await snapshot(['version', 'deleted_at'], false);
      response = await call('delete', s.kind, { id });
      if (!response.errors) {
        const restored = await call('restore', s.kind, { id });
        expectNoServerError(restored, s);
        expect([s, restored.errors]).toEqual([s, undefined]);
        expect(await snapshot(['version', 'deleted_at'], false)).toBe(content);
        tally.push(`deleteThenRestore ${s.kind}`);
        return;
      }
    } else {
      response = await call(s.action, s.kind, { id });
    }
    expectNoServerError(response, s);
    if (response.errors) {
      tally.push(`refused ${s.action} ${response.errors[0].extensions?.code}`);
      expect([s, response.errors[0].message, await snapshot()]).toEqual([s, response.errors[0].message, unchanged]);
      return;
    }
    tally.push(`${s.action} ${s.kind}`);
    const returnedId = Number(response.data[mutationName(s.action === 'deleteThenRestore' ? 'delete' : s.action, s.kind)].id);
    const [after] = await query(
      `SELECT t.version, (SELECT count(*)::int FROM history h WHERE h.table_name = $2 AND h.row_key = t.id::text) AS entries FROM "${KINDS[s.kind].table}" t WHERE t.id = $1`,
      [returnedId, KINDS[s.kind].table],
    );
    const expected = before && s.action !== 'create' ? { version: before.version + 1, entries: before.entries + 1 } : { version: 1, entries: 1 };
    expect([s, after]).toEqual([s, expected]);
  }

  it('property: every mutation is one version and one history entry, a refusal changes nothing, never a server error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 16 }), async (steps) => {
        const prefix = `p${++run}`;
        // Rows of every kind to act on (themselves checked like any step), then the generated steps.
        const start = NAMES.flatMap((n) => ORDER.map((k): Step => ({ action: 'create', kind: k, name: n, refer: [] })));
        for (const s of [...start, ...steps]) await perform(prefix, s);
      }),
      fuzzOptions(8),
    );
    // The generated steps reached every outcome: a property that only ever saw refusals would prove little.
    const outcomes = new Set(tally.map((t) => t.split(' ').slice(0, 2).join(' ')));
    for (const outcome of ['create', 'update', 'delete', 'deleteThenRestore', 'refused create', 'refused update', 'refused restore']) {
      expect([...outcomes].some((o) => o.startsWith(outcome))).toBe(true);
    }
    // Every refusal checksums the whole corpus (thousands of clause-coded rows): a budget of minutes, not of speed.
  }, 240_000);
});
