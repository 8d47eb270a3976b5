import fs from 'node:fs';
import path from 'node:path';
import { parse, validate } from 'graphql';
import { DEFAULT_MAX_FILTER_NODES, loadConfig } from '../../src/config/config';
import { buildAppSchema } from '../../src/schema/build-schema';
import { checkFilterComplexity, countFilterNodes, countOperationFilterNodes, searchTerms } from '../../src/shared/limits/filter-complexity';
import { LimitError } from '../../src/shared/limits/query-limits';

describe('countFilterNodes', () => {
  it('counts every field and operator given a value, and each item of and/or', () => {
    expect(countFilterNodes(undefined)).toBe(0);
    expect(countFilterNodes({})).toBe(0);
    expect(countFilterNodes({ slug: { eq: 'x' } })).toBe(2);
    expect(countFilterNodes({ signedOn: { gte: '2024-06-01', lt: '2024-07-01' }, domain: 'demining' })).toBe(4);
    expect(countFilterNodes({ or: [{ kind: { eq: 'A' } }, { kind: { eq: 'B' } }] })).toBe(5);
    expect(countFilterNodes({ not: { hasConstraint: { kind: { eq: 'CONSTITUTIONAL' } } } })).toBe(4);
  });

  it('counts a list operand once (one bound array), and skips nulls', () => {
    expect(countFilterNodes({ partyCode: { in: ['US', 'GB', 'DE', 'FR', 'IT', 'CA', 'JP'] } })).toBe(2);
    expect(countFilterNodes({ slug: null, title: { eq: null, contains: 'x' } })).toBe(2);
  });

  it('counts a search by its terms', () => {
    expect(searchTerms('F-16')).toBe(2);
    expect(searchTerms('"air defence" or demining -mines')).toBe(5);
    expect(searchTerms('')).toBe(1);
    expect(countFilterNodes({ search: 'training equipment' })).toBe(2);
  });

  it("counts the probe's filter far above the limit, and own keys such as __proto__ like any other", () => {
    const probe = { or: Array.from({ length: 300 }, (_, i) => ({ hasCommitment: { search: `x${i} y${i}` } })) };
    expect(countFilterNodes(probe)).toBe(901);
    const hostile = JSON.parse('{"__proto__": {"eq": 1}, "constructor": {"eq": 2}}');
    expect(countFilterNodes(hostile)).toBe(4);
  });

  it('walks deep filters without recursion', () => {
    let deep: Record<string, unknown> = { slug: { eq: 'x' } };
    for (let i = 0; i < 100_000; i++) deep = { not: deep };
    expect(countFilterNodes(deep)).toBe(100_002);
  });

  it('checkFilterComplexity refuses above the limit with FILTER_TOO_COMPLEX, found, limit and setting; 0 is no limit', () => {
    expect(() => checkFilterComplexity({ slug: { eq: 'x' } }, 2)).not.toThrow();
    let thrown: unknown;
    try {
      checkFilterComplexity({ slug: { eq: 'x' }, title: { eq: 'y' } }, 3);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(LimitError);
    expect((thrown as LimitError).extensions).toMatchObject({ code: 'FILTER_TOO_COMPLEX', found: 4, limit: 3, setting: 'MAX_FILTER_NODES' });
    expect(() => checkFilterComplexity({ slug: { eq: 'x' }, title: { eq: 'y' } }, 0)).not.toThrow();
  });
});

describe('countOperationFilterNodes', () => {
  const schema = buildAppSchema();

  it('sums every filter argument of an operation, literals and variables alike, nested connections included', () => {
    const document = parse(`query($f: CommitmentFilter) {
      agreements(filter: { slug: { eq: "x" } }) { nodes { commitments(filter: $f) { totalCount } } }
      commitments(filter: { lethal: { eq: true } }) { totalCount }
    }`);
    expect(countOperationFilterNodes(schema, document, undefined, { f: { search: 'one two three' } })).toBe(2 + 3 + 2);
    expect(countOperationFilterNodes(schema, document, undefined, {})).toBe(4);
  });

  it('is 0 for variables GraphQL cannot coerce (GraphQL refuses them itself)', () => {
    const document = parse(`query($f: CommitmentFilter) { commitments(filter: $f) { totalCount } }`);
    expect(countOperationFilterNodes(schema, document, undefined, { f: 'not an object' })).toBe(0);
  });
});

// Every documented operation, every report operation (with the filter the pledges report adds) and every example
// of the README passes the filter limit with room to spare.
describe('the documented operations under the filter limit', () => {
  const root = path.join(__dirname, '..', '..');
  const schema = buildAppSchema();
  const limit = loadConfig({}).limits.filterNodes;
  const files = [
    ...fs.readdirSync(path.join(root, 'docs', 'examples')).map((f) => path.join('docs', 'examples', f)),
    ...fs.readdirSync(path.join(root, 'src', 'reports', 'operations')).map((f) => path.join('src', 'reports', 'operations', f)),
  ].filter((file) => file.endsWith('.graphql'));

  it('has the documented default', () => {
    expect(limit).toBe(DEFAULT_MAX_FILTER_NODES);
  });

  // The filters of the report examples (docs/REPORTS.md), as each report passes them (pledges adds its own `and`).
  const exampleFilters: Record<string, unknown> = {
    AgreementFilter: { kind: { eq: 'BILATERAL_SECURITY_AGREEMENT' }, partyCode: { in: ['US', 'GB', 'DE', 'FR', 'IT', 'CA', 'JP'] } },
    CommitmentFilter: { and: [{ amount: { isNull: false } }, { providerCode: { in: ['US', 'GB'] }, domain: 'air-defence' }] },
    ConstraintFilter: { kind: { eq: 'CONSTITUTIONAL' } },
  };

  it.each(files)('%s', (file) => {
    const document = parse(fs.readFileSync(path.join(root, file), 'utf8'));
    for (const definition of document.definitions) {
      if (definition.kind !== 'OperationDefinition') continue;
      const filterVariable = definition.variableDefinitions?.find((v) => v.variable.name.value === 'filter');
      const typeName = filterVariable?.type.kind === 'NamedType' ? filterVariable.type.name.value : undefined;
      const variables = typeName ? { filter: exampleFilters[typeName] } : {};
      const found = countOperationFilterNodes(schema, document, definition.name?.value, variables);
      if (typeName) expect(found).toBeGreaterThan(0);
      expect(found).toBeLessThanOrEqual(limit / 10);
    }
  });

  it('every GraphQL example of the README', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]);
    let counted = 0;
    for (const block of blocks) {
      let document;
      try {
        document = parse(block);
      } catch {
        continue; // a fragment of an example (`<endCursor>` placeholders and the like)
      }
      if (validate(schema, document).length > 0) continue;
      for (const definition of document.definitions) {
        if (definition.kind !== 'OperationDefinition' || definition.operation === 'subscription') continue;
        counted++;
        expect(countOperationFilterNodes(schema, document, definition.name?.value, {})).toBeLessThanOrEqual(limit / 10);
      }
    }
    expect(counted).toBeGreaterThan(5);
  });
});
