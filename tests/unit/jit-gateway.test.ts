import { buildSchema, parse } from 'graphql';
import * as jit from 'graphql-jit';

// The real compiler, wrapped so the tests can see when it is called.
jest.mock('graphql-jit', () => {
  const actual = jest.requireActual('graphql-jit');
  return { ...actual, compileQuery: jest.fn(actual.compileQuery) };
});
import { jitGateway, recursiveInputTypes } from '../../src/schema/jit-gateway';

const schema = buildSchema(`
  input Filter { and: [Filter!], below: Int }
  type Query { count(filter: Filter): Int, required: Int!, greeting(name: String!): String }
`);
const root = {
  count: ({ filter }: { filter?: { below?: number; and?: unknown[] } }) => (filter?.below ?? 0) + (filter?.and?.length ?? 0),
  required: () => null,
  greeting: ({ name }: { name: string }) => `hello ${name}`,
};
for (const [name, resolve] of Object.entries(root)) {
  schema.getQueryType()!.getFields()[name].resolve = (_source, args) => (resolve as (args: any) => unknown)(args);
}

async function run(query: string, variables: Record<string, unknown> = {}) {
  const { executor } = await jitGateway(schema).load({ apollo: {} });
  const document = parse(query);
  return executor!({ document, queryHash: query, operationName: null, context: {}, request: { variables } } as never);
}

describe('jitGateway', () => {
  it('runs compiled operations with their variables', async () => {
    (jit.compileQuery as jest.Mock).mockClear();
    expect(await run('query($n: String!) { greeting(name: $n) }', { n: 'Kyiv' })).toEqual({ data: { greeting: 'hello Kyiv' } });
    expect(jit.compileQuery).toHaveBeenCalledTimes(1);
  });

  it('runs operations with variables of recursive input types on graphql-js, without trying graphql-jit', async () => {
    const compile = jit.compileQuery as jest.Mock;
    compile.mockClear();
    const result = await run('query($f: Filter) { count(filter: $f) }', { f: { below: 3, and: [{ below: 1 }] } });
    expect(result).toEqual({ data: { count: 4 } });
    // graphql-jit, asked, would recurse for seconds before it gave up
    expect(compile).not.toHaveBeenCalled();
  });

  it('gives graphql-jit errors the extensions Apollo expects, keeping their location and path', async () => {
    const result = await run('{ required }');
    expect(result.data).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].extensions).toEqual({});
    expect(result.errors![0].path).toEqual(['required']);
    expect(result.errors![0].locations).toEqual([{ line: 1, column: 3 }]);
  });
});

describe('recursiveInputTypes', () => {
  it('finds the input types that contain themselves', () => {
    const recursive = recursiveInputTypes(
      buildSchema(`
      input A { b: B }  input B { a: [A!] }  input Plain { x: Int }  input Self { not: Self }
      type Query { q(a: A, p: Plain, s: Self): Int }
    `),
    );
    expect([...recursive].sort()).toEqual(['A', 'B', 'Self']);
  });
});
