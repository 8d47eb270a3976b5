import { GraphQLError, Kind } from 'graphql';
import { DateScalar, DateTimeScalar, DecimalScalar, isStorableMoment } from '../../src/shared/scalars/scalars';

// The scalars hold input to what its PostgreSQL column can store: numeric(20,2), date and timestamptz from year 0001.

function refused(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('Decimal', () => {
  it.each(['0', '-1', '4500000000.00', '999999999999999999.99', '-999999999999999999.99', '000000000000000000001.5', '1.5'])(
    'accepts %s',
    (value) => {
      expect(DecimalScalar.parseValue(value)).toBe(value);
    },
  );

  it.each([
    ['19 digits', `1${'0'.repeat(18)}`, /out of range: at most 18 digits before the point and 2 after/],
    ['3 decimals', '0.001', /out of range/],
    ['an exponent', '1e400', /decimal number written as a string/],
    ['NaN', 'NaN', /decimal number/],
    ['Infinity', 'Infinity', /decimal number/],
    ['a comma', '1,5', /decimal number/],
    ['a float that does not print as a plain decimal', 1e21, /decimal number/],
    ['a non-finite number', Infinity, /decimal number/],
  ])('refuses %s', (_what, value, message) => {
    expect(refused(() => DecimalScalar.parseValue(value))).toMatch(message);
  });

  it('refuses a 200,000-digit literal without echoing it whole', () => {
    const message = refused(() => DecimalScalar.parseLiteral({ kind: Kind.STRING, value: '1'.repeat(200_000) }, {}));
    expect(message.length).toBeLessThan(300);
  });

  it('serializes wider sums than it accepts (output is not input)', () => {
    expect(DecimalScalar.serialize('12345678901234567890123.45')).toBe('12345678901234567890123.45');
  });
});

describe('Date', () => {
  it.each(['0001-01-01', '2024-02-29', '9999-12-31'])('accepts %s', (value) => expect(DateScalar.parseValue(value)).toBe(value));

  it.each(['0000-01-01', '2023-02-29', '2024-13-01', '10000-01-01', '2024-1-1', '2024-01-01T00:00:00Z', '', 20240101])('refuses %s', (value) => {
    expect(refused(() => DateScalar.parseValue(value))).toMatch(/calendar day written YYYY-MM-DD, from 0001-01-01 to 9999-12-31/);
  });

  it('refuses a literal that is not a string', () => {
    expect(refused(() => DateScalar.parseLiteral({ kind: Kind.INT, value: '2024' }, {}))).toMatch(/string/);
  });
});

describe('DateTime', () => {
  it.each(['0001-01-01T00:00:00Z', '2024-06-13T10:00:00+02:00', '9999-12-31T23:59:59Z'])('accepts %s', (value) => {
    expect(DateTimeScalar.parseValue(value)).toBeInstanceOf(Date);
  });

  it.each(['0000-06-01T00:00:00Z', '0001-01-01T00:00:00+14:00', '9999-12-31T23:59:59-14:00', '2024-02-30T00:00:00Z', 'now', 1e20])(
    'refuses %s',
    (value) => {
      refused(() => DateTimeScalar.parseValue(value));
    },
  );

  it('refuses out-of-range literals too', () => {
    refused(() => DateTimeScalar.parseLiteral({ kind: Kind.STRING, value: '0000-06-01T00:00:00Z' }, {}));
  });

  it('knows which moments PostgreSQL can take from a client', () => {
    expect(isStorableMoment(new Date('0001-01-01T00:00:00Z'))).toBe(true);
    expect(isStorableMoment(new Date('0000-12-31T23:59:59Z'))).toBe(false);
    expect(isStorableMoment(new Date(8.64e15))).toBe(false);
    expect(isStorableMoment(new Date(NaN))).toBe(false);
  });
});
