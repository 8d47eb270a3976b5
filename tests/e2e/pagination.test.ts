import { startTestApp, TestApp } from '../support/test-app';

const PAGE = 4;

describe('Relay pagination', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  const LIST = `query($first: Int, $after: String, $last: Int, $before: String, $orderBy: [AgreementOrder!]) {
    agreements(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
      totalCount
      edges { cursor node { slug } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }`;

  async function page(variables: Record<string, unknown>) {
    const response = await api.gql(LIST, variables);
    expect(response.errors).toBeUndefined();
    return response.data.agreements;
  }

  describe.each([[['SIGNED_ON_DESC']], [['SIGNED_ON_ASC', 'TITLE_DESC']], [['DURATION_YEARS_ASC', 'SHORT_TITLE_ASC']], [['TITLE_ASC']]])(
    'ordered by %j',
    (orderBy) => {
      let full: string[];
      beforeAll(async () => {
        full = (await page({ first: 100, orderBy })).edges.map((e: any) => e.node.slug);
      });

      it('walks forward in pages of 4 to exactly the full ordered list', async () => {
        const walked: string[] = [];
        let after: string | null = null;
        let first = true;
        for (;;) {
          const result: any = await page({ first: PAGE, after, orderBy });
          expect(result.pageInfo.hasPreviousPage).toBe(!first);
          walked.push(...result.edges.map((e: any) => e.node.slug));
          expect(result.pageInfo.startCursor).toBe(result.edges[0]?.cursor ?? null);
          if (!result.pageInfo.hasNextPage) break;
          after = result.pageInfo.endCursor;
          first = false;
        }
        expect(walked).toEqual(full);
      });

      it('walks backward in pages of 4 to exactly the full ordered list', async () => {
        const walked: string[] = [];
        let before: string | null = null;
        let last = true;
        for (;;) {
          const result: any = await page({ last: PAGE, before, orderBy });
          expect(result.pageInfo.hasNextPage).toBe(!last);
          walked.unshift(...result.edges.map((e: any) => e.node.slug));
          if (!result.pageInfo.hasPreviousPage) break;
          before = result.pageInfo.startCursor;
          last = false;
        }
        expect(walked).toEqual(full);
      });
    },
  );

  it('orders by the requested key, breaking ties on id, NULLs last ascending', async () => {
    const { data } = await api.gql(`{ agreements(first: 100, orderBy: [DURATION_YEARS_ASC]) { nodes { id durationYears } } }`);
    const nodes = data.agreements.nodes as { id: string; durationYears: number | null }[];
    const expected = [...nodes].sort((a, b) =>
      a.durationYears === b.durationYears
        ? Number(a.id) - Number(b.id)
        : a.durationYears === null
          ? 1
          : b.durationYears === null
            ? -1
            : a.durationYears - b.durationYears,
    );
    expect(nodes).toEqual(expected);
    expect(nodes[nodes.length - 1].durationYears).toBeNull();
  });

  it('defaults to 20 rows, and runs the count only when totalCount is asked for and the page only when rows are', async () => {
    const rows = await api.countStatements(`{ agreements { nodes { slug } } }`);
    expect(rows.response.data.agreements.nodes).toHaveLength(20);
    expect(rows.statements).toHaveLength(1);
    expect(rows.statements[0]).not.toMatch(/count\(/);
    const counted = await api.countStatements(`{ agreements { totalCount } }`);
    expect(counted.statements).toHaveLength(1);
    expect(counted.statements[0]).toMatch(/count\(/);
    const both = await api.countStatements(`{ agreements { totalCount pageInfo { hasNextPage } } }`);
    // The JSON path (src/read-plan) answers the whole operation in one statement; the resolvers (READ_JSON_PATH=off) in two.
    expect(both.statements).toHaveLength(process.env.READ_JSON_PATH === 'off' ? 2 : 1);
    expect(both.response.data.agreements).toEqual({ totalCount: expect.any(Number), pageInfo: { hasNextPage: true } });
  });

  it.each([
    ['first above the cap', '{ agreements(first: 251) { totalCount } }', 'at most 250'],
    ['a negative first', '{ agreements(first: -1) { totalCount } }', 'non-negative'],
    ['a negative last', '{ agreements(last: -5) { totalCount } }', 'non-negative'],
    ['first with last', '{ agreements(first: 2, last: 2) { totalCount } }', 'either first or last'],
    ['a malformed cursor', '{ agreements(after: "%%%") { totalCount } }', 'not a valid cursor'],
    [
      'a cursor that is valid base64 but not ours',
      `{ agreements(after: "${Buffer.from('{"a":1}').toString('base64url')}") { totalCount } }`,
      'not a valid cursor',
    ],
    ['a nested page above the cap', '{ agreements(first: 1) { nodes { commitments(first: 1000) { totalCount } } } }', 'at most 250'],
  ])('refuses %s with BAD_USER_INPUT', async (_what, query, message) => {
    const response = await api.gql(query);
    expect(response.status).toBe(200);
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain(message);
  });

  it('refuses a cursor issued for another order or another list', async () => {
    const byTitle = (await page({ first: 1, orderBy: ['TITLE_ASC'] })).pageInfo.endCursor;
    const response = await api.gql(LIST, { first: 1, after: byTitle, orderBy: ['SIGNED_ON_ASC'] });
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain('another orderBy');
    const commitmentCursor = (await api.gql(`{ commitments(first: 1) { pageInfo { endCursor } } }`)).data.commitments.pageInfo.endCursor;
    const foreign = await api.gql(`query($after: String) { actors(after: $after) { totalCount } }`, { after: commitmentCursor });
    expect(foreign.errors?.[0].message).toContain('another list');
  });

  it('refuses an unknown order value as a validation error, never a 500', async () => {
    const response = await api.gql(`{ agreements(orderBy: [PASSWORD_ASC]) { totalCount } }`);
    expect(response.status).toBe(400);
    expect(response.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
