import 'reflect-metadata';
import {
  commitmentStatsSql,
  compareAgreementsSql,
  domainCoverageSql,
  ObjectsSql,
  similarAgreementsSql,
  timelineSql,
} from '../../src/domain/analysis/analysis.sql';
import { CommitmentDimension } from '../../src/domain/analysis/analysis.type';
import { similarProvisionsSql, textReuseSql } from '../../src/domain/text-reuse/text-reuse.sql';
import { agreementCollection } from '../../src/domain/agreement/agreement.collection';
import { rowsByIdJson } from '../../src/shared/list-query/embed';
import { EMPTY_SELECTION } from '../../src/shared/list-query/selection';
import { RenderedSql } from '../../src/shared/sql/sql';
import { ReadView } from '../../src/shared/read-view/read-view';

const AT = new Date('2024-07-01T00:00:00.000Z');
const AS_OF: ReadView = { kind: 'asOf', at: AT };
const agreements: ObjectsSql = (from) => ({
  agreements: (ids) => rowsByIdJson(agreementCollection, ids, EMPTY_SELECTION, from),
});

/** The placeholders of a statement: each number from 1 to the count of values, none without its value. */
function placeholders(statement: RenderedSql): number[] {
  return [...new Set([...statement.text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
}

const builders: Record<string, (view: ReadView) => RenderedSql> = {
  compareAgreements: (view) => compareAgreementsSql(['a', 'b'], 2, agreements, view),
  domainCoverage: (view) => domainCoverageSql({ partyCode: { eq: 'JP' } }, 1, agreements, view),
  commitmentStats: (view) =>
    commitmentStatsSql({ amount: { gte: '1' } }, [CommitmentDimension.DOMAIN, CommitmentDimension.AGREEMENT], 1, agreements, view),
  similarAgreements: (view) => similarAgreementsSql('a', 5, agreements, view),
  timeline: (view) => timelineSql({ slug: { in: ['a'] } }, agreements, view),
};

describe('analysis and text-reuse statements (fragments, rendered once)', () => {
  it.each(Object.keys(builders))('%s: every placeholder has its value, and asOf binds the moment once for every table', (name) => {
    const live = builders[name]({ kind: 'live' });
    expect(placeholders(live)).toEqual(live.values.map((_, i) => i + 1));
    expect(live.text).not.toContain('as_of(');
    const asOf = builders[name](AS_OF);
    expect(placeholders(asOf)).toEqual(asOf.values.map((_, i) => i + 1));
    expect(asOf.values.filter((value) => value === AT.toISOString())).toHaveLength(1);
    expect(asOf.text).not.toMatch(/live\./);
    expect(asOf.text).toMatch(/as_of\(NULL::agreement, \$\d+::timestamptz\)/);
  });

  it('binds each argument once where it is used', () => {
    const compare = compareAgreementsSql(['a', 'b'], 2, agreements);
    expect(compare.values).toEqual([['a', 'b'], 2]);
    expect(compare.text).toContain('unnest($1::text[])');
    expect(compare.text).toContain('tr.path[least($2::int, tr.depth)]');
    expect(compareAgreementsSql(['a', 'b'], null, agreements).values).toEqual([['a', 'b']]);
    // Grouped without DOMAIN, a depth has nothing to roll up: it is not bound.
    expect(commitmentStatsSql(undefined, [CommitmentDimension.KIND], 2, agreements).values).toEqual([]);
    expect(commitmentStatsSql(undefined, [CommitmentDimension.DOMAIN], 2, agreements).values).toEqual([2]);
    const reuse = textReuseSql('a', 0.4, agreements);
    expect(reuse.values).toEqual(['a', 0.4]);
    expect(reuse.text.match(/\$2::float8/g)).toHaveLength(2);
    expect(similarProvisionsSql([1, 2], 3, 0.5, agreements).values).toEqual([[1, 2], 0.5, 3]);
  });

  it("plans with the values when the filter's values decide the plan, not otherwise", () => {
    expect(timelineSql(undefined, agreements).planWithValues).toBe(false);
    expect(timelineSql({ title: { contains: 'x' } }, agreements).planWithValues).toBe(true);
  });
});
