import fs from 'node:fs';
import path from 'node:path';
import { buildAppSchema, printAppSchema } from '../../src/schema/build-schema';

// The committed schema.graphql is the client contract: a change to the code that changes the schema must come
// with the regenerated file (`npm run schema:emit`), so the change is visible in review.
describe('schema.graphql', () => {
  it('matches the schema the code builds', () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', '..', 'schema.graphql'), 'utf8');
    expect(printAppSchema()).toBe(committed);
  });

  it('keeps the names and argument types of the client contract', () => {
    const query = buildAppSchema().getQueryType()!.getFields();
    const signature = (name: string) => {
      const field = query[name];
      expect(field).toBeDefined();
      return { type: String(field.type), args: Object.fromEntries(field.args.map((arg) => [arg.name, String(arg.type)])) };
    };
    const page = { first: 'Int', after: 'String', last: 'Int', before: 'String' };
    expect(signature('agreement')).toEqual({ type: 'Agreement', args: { slug: 'String', id: 'ID', asOf: 'DateTime' } });
    expect(signature('agreements')).toEqual({
      type: 'AgreementConnection!',
      args: { filter: 'AgreementFilter', orderBy: '[AgreementOrder!]', ...page, asOf: 'DateTime' },
    });
    for (const [name, type] of [
      ['commitments', 'Commitment'],
      ['constraints', 'Constraint'],
      ['actors', 'Actor'],
      ['sources', 'Source'],
      ['mechanisms', 'Mechanism'],
    ]) {
      expect(signature(name)).toEqual({
        type: `${type}Connection!`,
        args: { filter: `${type}Filter`, orderBy: `[${type}Order!]`, ...page, asOf: 'DateTime' },
      });
    }
    expect(signature('domains').type).toBe('[CooperationDomain!]!');
    expect(signature('search')).toEqual({ type: 'SearchConnection!', args: { query: 'String!', first: 'Int', after: 'String' } });
    expect(signature('compareAgreements')).toEqual({ type: 'AgreementComparison!', args: { slugs: '[String!]!', depth: 'Int', asOf: 'DateTime' } });
    expect(signature('domainCoverage')).toEqual({ type: 'DomainCoverage!', args: { filter: 'AgreementFilter', depth: 'Int', asOf: 'DateTime' } });
    expect(signature('commitmentStats')).toEqual({
      type: '[CommitmentGroup!]!',
      args: { groupBy: '[CommitmentDimension!]!', filter: 'CommitmentFilter', depth: 'Int', asOf: 'DateTime' },
    });
    expect(signature('similarAgreements')).toEqual({ type: '[SimilarAgreement!]!', args: { slug: 'String!', first: 'Int', asOf: 'DateTime' } });
    expect(signature('timeline')).toEqual({ type: '[TimelineEvent!]!', args: { filter: 'AgreementFilter', asOf: 'DateTime' } });
    const sdl = printAppSchema();
    for (const value of ['SIGNED_ON_ASC', 'TITLE_DESC']) expect(sdl).toContain(value);
  });
});
