import 'reflect-metadata';
import { checkDepth, refuseRepeats } from '../../src/domain/analysis/analysis.args';
import { moneySumsSql, rolledDomain } from '../../src/domain/analysis/analysis.sql';
import { sharedAndDistinctive } from '../../src/domain/analysis/analysis.stitch';
import { render, sql } from '../../src/shared/sql/sql';
import { BadUserInputError } from '../../src/shared/errors/errors';

describe('analysis helpers', () => {
  it('finds the domains all agreements share and those only one covers', () => {
    const rows = [
      { domain: 'a', covered: [true, true, true] },
      { domain: 'b', covered: [true, false, false] },
      { domain: 'c', covered: [false, true, true] },
      { domain: 'd', covered: [false, false, true] },
    ];
    expect(sharedAndDistinctive(rows, 3)).toEqual({ shared: ['a'], distinctive: [['b'], [], ['d']] });
    expect(sharedAndDistinctive([], 2)).toEqual({ shared: [], distinctive: [[], []] });
  });

  it('rolls a domain up to its ancestor at a depth, or keeps it', () => {
    expect(render(rolledDomain('tr', null)).text).toBe('tr.id');
    expect(render(rolledDomain('tr', sql.value(2, 'int')))).toEqual({
      text: 'tr.path[least($1::int, tr.depth)]',
      values: [2],
      planWithValues: false,
    });
  });

  it('sums money per group, currency and basis, leaving out what another row of the same group contains', () => {
    const { text } = render(moneySumsSql('m', ['k_provider', 'k_year']));
    expect(text).toContain('GROUP BY x.k_provider, x.k_year, x.currency, x.amount_basis');
    expect(text).toContain(
      'y.commitment_id = x.included_in_id AND y.k_provider IS NOT DISTINCT FROM x.k_provider AND y.k_year IS NOT DISTINCT FROM x.k_year',
    );
  });

  it('checks depths and repeated list values', () => {
    expect(checkDepth(undefined)).toBeNull();
    expect(checkDepth(2)).toBe(2);
    expect(() => checkDepth(0)).toThrow(BadUserInputError);
    expect(() => checkDepth(11)).toThrow(/between 1/);
    expect(() => refuseRepeats(['a', 'b'], 'slugs')).not.toThrow();
    expect(() => refuseRepeats(['a', 'b', 'a'], 'slugs')).toThrow('slugs lists "a" more than once');
  });
});
