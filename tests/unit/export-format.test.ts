import { csvField, csvRecord, neutraliseFormula, rowEncoder } from '../../src/export/formats';
import { csvText } from '../../src/reports/render/csv';
import { checkFilterKeys, compileExportQuery, parseExportFilter, prepareExport } from '../../src/export/export';
import { agreementCollection } from '../../src/domain/agreement/agreement.collection';
import { buildAppSchema } from '../../src/schema/build-schema';
import { domainCollection } from '../../src/domain/cooperation-domain/cooperation-domain.collection';
import { parseCsv } from '../support/csv';

describe('CSV fields (RFC 4180)', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "no"', '"say ""no"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r', '"cr\r"'],
    [' padded ', '" padded "'],
    ['Україна — «безпека»', 'Україна — «безпека»'],
  ])('%j is written %j', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it('write missing values empty, numbers and booleans as text, objects as JSON', () => {
    expect(csvRecord([null, undefined, 42, true, '4500000000.00', [{ scheme: 'x', code: 'y' }]])).toBe(
      ',,42,true,4500000000.00,"[{""scheme"":""x"",""code"":""y""}]"\r\n',
    );
  });

  it('read back as written, whatever the text', () => {
    const nasty = ['a', 'b,c', '"q"', 'line\r\nbreak', '', ' x', 'end"'];
    const encoder = rowEncoder('csv', ['x']);
    const text = encoder.start() + nasty.map((x) => encoder.row({ x })).join('') + encoder.end();
    expect(parseCsv(text)).toEqual([['x'], ...nasty.map((x) => [x])]);
  });
});

describe('CSV injection (OWASP): cells a spreadsheet would run as formulas', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ["+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
  ])('%j is written %j, as text', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it.each(['-12', '-0.5', '+3', '4500000000.00', '-1e3', 'a=b', 'plain'])('%j (a plain number, or no formula start) is left alone', (value) => {
    expect(neutraliseFormula(value)).toBe(value);
  });

  it('is applied by the one CSV writer, in exports (row encoder) and report CSVs alike', () => {
    const encoder = rowEncoder('csv', ['x']);
    expect(encoder.row({ x: '=1+1' })).toBe("'=1+1\r\n");
    expect(csvText({ columns: ['summary'], rows: [['@cmd'], [-5]] })).toBe("summary\r\n'@cmd\r\n-5\r\n");
  });
});

describe('the JSON export encoder', () => {
  it('writes one array of objects with every column, in column order', () => {
    const encoder = rowEncoder('json', ['id', 'slug', 'durationYears']);
    const text = encoder.start() + encoder.row({ slug: 'a', id: 1, durationYears: 10 }) + encoder.row({ id: 2, slug: 'b' }) + encoder.end();
    expect(JSON.parse(text)).toEqual([
      { id: 1, slug: 'a', durationYears: 10 },
      { id: 2, slug: 'b', durationYears: null },
    ]);
    expect(Object.keys(JSON.parse(text)[0])).toEqual(['id', 'slug', 'durationYears']);
  });

  it('writes an empty array for no rows', () => {
    const encoder = rowEncoder('json', ['id']);
    expect(JSON.parse(encoder.start() + encoder.end())).toEqual([]);
  });
});

describe('export filters', () => {
  const schema = buildAppSchema();
  it('accept the fields of the collection, and/or/not and search, at any depth', () => {
    expect(() =>
      checkFilterKeys(agreementCollection, { and: [{ slug: { eq: 'x' } }], or: [{ not: { kind: { eq: 'TREATY' } } }], search: 'drones' }),
    ).not.toThrow();
  });

  it.each([
    [{ nope: { eq: 1 } }, 'unknown filter field "nope" at filter'],
    [{ or: [{ slug: { eq: 'x' } }, { signed: { eq: 'x' } }] }, 'unknown filter field "signed" at filter.or[1]'],
    [{ not: { not: { bogus: true } } }, 'unknown filter field "bogus" at filter.not.not'],
    [{ and: { slug: { eq: 'x' } } }, 'filter.and takes a list'],
    [[{ slug: { eq: 'x' } }], 'filter must be a JSON object'],
  ])('refuse %j', (filter, message) => {
    expect(() => checkFilterKeys(agreementCollection, filter)).toThrow(message);
  });

  it('refuse search where the collection has no full text', () => {
    expect(() => checkFilterKeys(domainCollection, { search: 'x' })).toThrow('unknown filter field "search"');
  });

  it.each([
    ['{not json', 'filter is not valid JSON'],
    ['{"slug": {"like": "x"}}', 'invalid AgreementFilter'],
    ['{"kind": {"eq": "NOT_A_KIND"}}', 'invalid AgreementFilter'],
    ['{"durationYears": {"gt": "ten"}}', 'invalid AgreementFilter'],
    ['{"signedOn": {"gte": "2024-13-45"}}', 'invalid AgreementFilter'],
    ['{"hasCommitment": {"colour": {"eq": "red"}}}', 'invalid AgreementFilter'],
    [`${'{"not":'.repeat(20)}{}${'}'.repeat(20)}`, 'nests deeper than'],
  ])('refuse %s before anything runs', (text, message) => {
    expect(() => parseExportFilter(schema, agreementCollection, text)).toThrow(message);
  });

  it('read no filter, an empty one or null as every row', () => {
    expect(parseExportFilter(schema, agreementCollection, undefined)).toBeUndefined();
    expect(parseExportFilter(schema, agreementCollection, '  ')).toBeUndefined();
    expect(parseExportFilter(schema, agreementCollection, 'null')).toBeUndefined();
  });

  it('compile with the list-query compiler, ordered by id, every column by its GraphQL name', () => {
    const filter = parseExportFilter(schema, agreementCollection, '{"slug": {"eq": "japan-ukraine-2024"}}');
    const { query, columns } = compileExportQuery(agreementCollection, filter);
    expect(columns[0]).toBe('id');
    expect(columns).toEqual(expect.arrayContaining(['slug', 'signedOn', 'shortTitle', 'durationYears']));
    expect(query.sql).toMatch(/ORDER BY t0\.id$/);
    expect(query.sql).toContain('t0.signed_on AS "signedOn"');
    expect(query.params).toEqual(['japan-ukraine-2024']);
  });

  it('name unknown collections and formats', () => {
    expect(() => prepareExport(schema, 'treaties', 'csv')).toThrow(
      expect.objectContaining({ message: expect.stringContaining('unknown collection "treaties"'), extensions: { code: 'NOT_FOUND' } }),
    );
    expect(() => prepareExport(schema, 'toString', 'csv')).toThrow('unknown collection "toString"');
    expect(() => prepareExport(schema, 'agreements', 'xlsx')).toThrow('unknown format "xlsx"');
    expect(prepareExport(schema, 'domains', 'json').fileName).toBe('domains.json');
  });
});
