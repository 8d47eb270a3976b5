import 'reflect-metadata';
import { searchCountSql, searchPageSql } from '../../src/read-plan/search-sql';
import { render } from '../../src/shared/sql/sql';

describe('search statements', () => {
  it('bind the query text once, then the offset and the page size, and are planned with their values', () => {
    const page = render(searchPageSql('air "defence"', 20, 11));
    expect(page.values).toEqual(['air "defence"', 20, 11]);
    expect(page.text).toMatch(/^WITH q AS \(SELECT websearch_to_tsquery\('english', \$1\) AS query\), page AS \(/);
    expect(page.text).toContain('OFFSET $2 LIMIT $3');
    expect(page.text.match(/\$\d+/g)).toEqual(['$1', '$2', '$3']);
    expect(page.planWithValues).toBe(true);
    const count = render(searchCountSql('air'));
    expect(count.values).toEqual(['air']);
    expect(count.planWithValues).toBe(true);
  });

  it('reads the live rows of every searchable table (provisions are never soft-deleted), leaf provisions only', () => {
    const { text } = render(searchCountSql('air'));
    for (const table of ['live.agreement', 'live.commitment', 'live.agreement_constraint', 'provision']) expect(text).toContain(`FROM ${table} t, q`);
    expect(text).toContain("SELECT 'PROVISION'::text AS kind");
    expect(text).toContain('t.search_vector @@ q.query AND t.leaf');
  });
});
