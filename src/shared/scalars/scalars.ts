import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { CurrencyResolver, DateTimeResolver, LocalDateResolver } from 'graphql-scalars';

const DECIMAL = /^-?\d+(\.\d+)?$/;

function parseDecimal(value: unknown): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string' || !DECIMAL.test(text)) {
    throw new GraphQLError(`Decimal must be a decimal number written as a string, such as "4500000000.00"; got ${JSON.stringify(value)}`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return text;
}

/** Exact decimal numbers travel as strings, never as floats (money must not round). */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'An exact decimal number as a string, e.g. "4500000000.00". Never a float.',
  serialize: (value) => parseDecimal(value),
  parseValue: (value) => parseDecimal(value),
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return parseDecimal(ast.value);
    throw new GraphQLError('Decimal must be a string such as "4500000000.00"', { extensions: { code: 'BAD_USER_INPUT' } });
  },
});

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const localDate = LocalDateResolver.toConfig();

/**
 * Calendar dates as ISO `YYYY-MM-DD` strings (graphql-scalars' LocalDate), published under the name `Date`. Input
 * is fully validated; output that PostgreSQL already wrote as `YYYY-MM-DD` is passed through unparsed.
 */
export const DateScalar = new GraphQLScalarType({
  ...localDate,
  name: 'Date',
  description: 'A calendar date, ISO 8601 `YYYY-MM-DD`.',
  serialize: (value) => (typeof value === 'string' && ISO_DATE.test(value) ? value : localDate.serialize(value)),
});

/** Moments as RFC 3339 date-times (`2026-11-27T16:00:00Z`), graphql-scalars' DateTime: `asOf`, history times. */
export const DateTimeScalar = DateTimeResolver;

/** ISO 4217 currency codes (graphql-scalars). */
export const CurrencyScalar = CurrencyResolver;
