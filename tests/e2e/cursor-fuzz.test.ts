import fc from 'fast-check';
import { fuzzOptions } from '../support/fuzz';
import { startTestApp, TestApp } from '../support/test-app';

// Issue 17: forged cursors and search offsets are refused before any SQL is built. A cursor is base64url of
// `[collection, order, values]`; a forger who keeps the collection and order right reaches the values, which used to
// be bound as they came (`$3::date`), so a value of the wrong kind failed in PostgreSQL's cast (a 500).

const encode = (payload: unknown) => Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');

/** Values of every JSON kind and of near-misses of the sort keys' types (dates that do not exist, huge numbers). */
const forgedValue = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 1e300, -0.5, Number.MAX_SAFE_INTEGER),
  fc.string(),
  fc.constantFrom('2024-13-45', '2024-02-30', '0000-01-01', '99999-01-01', '1.5', 'NaN', '1e400', 'EQUIPMENT', 'equipment', '\u0000', ''),
  fc.boolean(),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
);

/** The lists and orders forged cursors are sent to: one of each sort-key type (int, text, date, enum, numeric). */
const LISTS = [
  { field: 'agreements', collection: 'Agreement', orders: [['SIGNED_ON_ASC'], ['DURATION_YEARS_DESC'], ['SHORT_TITLE_ASC']] },
  { field: 'commitments', collection: 'Commitment', orders: [['KIND_ASC'], ['AMOUNT_DESC'], ['PERIOD_START_ASC', 'MODALITY_DESC']] },
  { field: 'constraints', collection: 'Constraint', orders: [['KIND_DESC'], ['KEY_ASC']] },
];

const forgedCursor = fc
  .record({
    list: fc.constantFrom(...LISTS),
    pick: fc.nat(),
    values: fc.array(forgedValue, { minLength: 1, maxLength: 4 }),
    side: fc.constantFrom('after', 'before'),
  })
  .map(({ list, pick, values, side }) => {
    const order = list.orders[pick % list.orders.length];
    return { list, order, side, cursor: encode([list.collection, order.join(','), values]) };
  });

describe('forged cursors and offsets (property-based)', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  /** Either an answer or BAD_USER_INPUT: never a database error. */
  function expectClientAnswer(response: { status: number; data?: unknown; errors?: { extensions?: { code?: string } }[] }) {
    expect(response.status).toBe(200);
    for (const error of response.errors ?? []) expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  }

  it('property: a forged cursor on a top-level list is answered or refused as BAD_USER_INPUT', async () => {
    await fc.assert(
      fc.asyncProperty(forgedCursor, async ({ list, order, side, cursor }) => {
        const response = await api.gql(
          `query($order: [${list.collection}Order!], $cursor: String) { ${list.field}(${side === 'after' ? 'first' : 'last'}: 2, orderBy: $order, ${side}: $cursor) { nodes { id } } }`,
          { order, cursor },
        );
        expectClientAnswer(response);
      }),
      fuzzOptions(40),
    );
  });

  it('property: a forged cursor on a nested list is answered or refused as BAD_USER_INPUT', async () => {
    await fc.assert(
      fc.asyncProperty(forgedCursor, async ({ list, order, cursor }) => {
        if (list.field === 'agreements') return;
        const response = await api.gql(
          `query($order: [${list.collection}Order!], $cursor: String) { agreements(first: 2) { nodes { ${list.field}(first: 2, orderBy: $order, after: $cursor) { nodes { id } } } } }`,
          { order, cursor },
        );
        expectClientAnswer(response);
      }),
      fuzzOptions(30),
    );
  });

  it('property: a forged search offset is answered or refused as BAD_USER_INPUT', async () => {
    await fc.assert(
      fc.asyncProperty(forgedValue, async (offset) => {
        const response = await api.gql(`query($after: String) { search(query: "training", first: 2, after: $after) { nodes { rank } } }`, {
          after: encode(['Search', 'training', [offset]]),
        });
        expectClientAnswer(response);
      }),
      fuzzOptions(40),
    );
  });

  it('refuses the forgeries that used to reach PostgreSQL, by name', async () => {
    const cases = [
      { field: 'agreements', order: ['SIGNED_ON_ASC'], cursor: encode(['Agreement', 'SIGNED_ON_ASC', ['2024-13-45', 1]]) },
      { field: 'commitments', order: ['KIND_ASC'], cursor: encode(['Commitment', 'KIND_ASC', ['NO_SUCH_KIND', 1]]) },
      { field: 'commitments', order: ['AMOUNT_DESC'], cursor: encode(['Commitment', 'AMOUNT_DESC', ['lots', 1]]) },
      { field: 'commitments', order: ['ID_ASC'], cursor: encode(['Commitment', 'ID_ASC', [2 ** 40]]) },
    ];
    for (const { field, order, cursor } of cases) {
      const type = field === 'agreements' ? 'Agreement' : 'Commitment';
      const response = await api.gql(
        `query($order: [${type}Order!], $cursor: String) { ${field}(first: 2, orderBy: $order, after: $cursor) { nodes { id } } }`,
        {
          order,
          cursor,
        },
      );
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0]?.message).toBe('after is not a valid cursor');
    }
    for (const offset of [-1, 1.5, 1e300, '7']) {
      const response = await api.gql(`query($after: String) { search(query: "training", after: $after) { nodes { rank } } }`, {
        after: encode(['Search', 'training', [offset]]),
      });
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});
