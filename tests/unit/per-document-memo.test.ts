import { parse } from 'graphql';
import { perDocumentMemo } from '../../src/shared/limits/per-document-memo';

describe('perDocumentMemo', () => {
  it('computes once per document, operation and variables, and again for anything different', () => {
    const memo = perDocumentMemo<number>();
    const document = parse('query A($n: Int) { x(n: $n) }');
    let runs = 0;
    const run = (variables: unknown, doc = document) => memo(doc, 'A', variables, () => ++runs);
    expect(run({ n: 1 })).toBe(1);
    expect(run({ n: 1 })).toBe(1);
    expect(run({ n: 2 })).toBe(2);
    expect(run({ n: 1 }, parse('query A($n: Int) { x(n: $n) }'))).toBe(3);
    expect(runs).toBe(3);
  });

  it('does not remember results `keep` refuses, nor requests with very large variables', () => {
    const memo = perDocumentMemo<boolean>((clean) => clean);
    const document = parse('{ x }');
    let runs = 0;
    const refuse = () => (runs++, false);
    memo(document, undefined, {}, refuse);
    memo(document, undefined, {}, refuse);
    expect(runs).toBe(2);
    const big = { text: 'x'.repeat(10_000) };
    memo(document, undefined, big, () => (runs++, true));
    memo(document, undefined, big, () => (runs++, true));
    expect(runs).toBe(4);
  });
});
