import { describeRows } from '../../src/curation/references';

describe('describeRows', () => {
  it('names each kind, the field and the first keys, with "…" when more are counted than named', () => {
    expect(
      describeRows([
        { kind: 'constraint', field: 'restricts', count: 1, keys: ['japan-ukraine-2024/non-lethal-only'] },
        { kind: 'commitment', field: 'source', count: 12, keys: ['a', 'b'] },
      ]),
    ).toBe('1 constraint through restricts (japan-ukraine-2024/non-lethal-only); 12 commitments through source (a, b, …)');
  });

  it('says nothing of nothing', () => {
    expect(describeRows([])).toBe('');
  });
});
