import { OperationDefinitionNode, parse, FragmentDefinitionNode, Kind, GraphQLResolveInfo } from 'graphql';
import { buildAppSchema } from '../../src/schema/build-schema';
import { LIVE, operationReadView } from '../../src/shared/read-view/read-view';

// Issue 17: a nested list that cannot find its rows in its parent's statement reads in a batch of its own, at the
// moment of the top-level field it is under (its `asOf`), found from the operation whatever the parent was.

/** The info a resolver at `path` (response keys from the top) gets in `document` with `variables`. */
function infoAt(document: string, path: (string | number)[], variables: Record<string, unknown> = {}) {
  const parsed = parse(document);
  const operation = parsed.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    parsed.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const infoPath = path.reduce<GraphQLResolveInfo['path'] | undefined>((prev, key) => ({ prev, key, typename: undefined }), undefined)!;
  return { schema: buildAppSchema(), operation, fragments, variableValues: variables, path: infoPath };
}

describe('operationReadView', () => {
  const at = '2024-07-01T00:00:00.000Z';

  it("reads the moment of the top-level field a nested field is under, by that field's alias, from a variable", () => {
    const document = `query($at: DateTime) {
      now: compareAgreements(slugs: ["a", "b"]) { agreements { slug } }
      then: compareAgreements(slugs: ["a", "b"], asOf: $at) { agreements { slug } }
    }`;
    expect(operationReadView(infoAt(document, ['then', 'agreements', 0, 'commitments'], { at: new Date(at) }))).toEqual({
      kind: 'asOf',
      at: new Date(at),
    });
    expect(operationReadView(infoAt(document, ['now', 'agreements', 0, 'commitments'], { at: new Date(at) }))).toEqual(LIVE);
  });

  it('finds the top-level field inside fragments and takes a literal moment', () => {
    const document = `query { ...Top } fragment Top on Query { ... on Query { agreement(slug: "a", asOf: "${at}") { slug } } }`;
    expect(operationReadView(infoAt(document, ['agreement', 'commitments']))).toEqual({ kind: 'asOf', at: new Date(at) });
  });

  it('is LIVE for a field without asOf, a mutation, or when the operation is not known', () => {
    expect(operationReadView(infoAt(`{ search(query: "x") { nodes { __typename } } }`, ['search', 'nodes', 0]))).toEqual(LIVE);
    expect(operationReadView(infoAt(`mutation { runReport(kind: "x", format: "md") { id } }`, ['runReport']))).toEqual(LIVE);
    const { operation: _unknown, ...withoutOperation } = infoAt(`{ agreement(slug: "a", asOf: "${at}") { slug } }`, ['agreement']);
    expect(operationReadView(withoutOperation)).toEqual(LIVE);
  });
});
