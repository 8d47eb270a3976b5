import { GraphQLError, GraphQLScalarType, Kind, ValueNode } from 'graphql';
import { CurrencyResolver, DateTimeResolver, LocalDateResolver } from 'graphql-scalars';

/**
 * What PostgreSQL's `numeric(20,2)` holds (every money amount): at most 18 digits before the point and 2 after. An
 * input Decimal outside it is refused by the scalar, so it never reaches the database as a value it cannot store.
 */
export const DECIMAL_INTEGER_DIGITS = 18;
export const DECIMAL_FRACTION_DIGITS = 2;

const DECIMAL = /^-?\d+(\.\d+)?$/;
const INPUT_DECIMAL = /^-?0*(\d*)(?:\.(\d+))?$/;

/** A value as a message shows it: JSON, cut after 64 characters (a hostile value may be a megabyte). */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 64 ? `${text.slice(0, 64)}...` : text;
}

function badInput(message: string, node?: ValueNode): GraphQLError {
  return new GraphQLError(message, { nodes: node, extensions: { code: 'BAD_USER_INPUT' } });
}

function decimalText(value: unknown, node?: ValueNode): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string' || !DECIMAL.test(text)) {
    throw badInput(`Decimal must be a decimal number written as a string, such as "4500000000.00"; got ${shown(value)}`, node);
  }
  return text;
}

/** An input Decimal: the number format, then numeric(20,2)'s range and scale. */
function parseInputDecimal(value: unknown, node?: ValueNode): string {
  const text = decimalText(value, node);
  const [, integer, fraction = ''] = INPUT_DECIMAL.exec(text)!;
  if (integer.length > DECIMAL_INTEGER_DIGITS || fraction.length > DECIMAL_FRACTION_DIGITS) {
    throw badInput(
      `Decimal ${shown(text)} is out of range: at most ${DECIMAL_INTEGER_DIGITS} digits before the point and ` +
        `${DECIMAL_FRACTION_DIGITS} after (amounts are numeric(20,2))`,
      node,
    );
  }
  return text;
}

/** Exact decimal numbers travel as strings, never as floats (money must not round). */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'An exact decimal number as a string, e.g. "4500000000.00". Never a float.',
  // Output may be wider than an input (sums of amounts): only its format is checked.
  serialize: (value) => decimalText(value),
  parseValue: (value) => parseInputDecimal(value),
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return parseInputDecimal(ast.value, ast);
    throw badInput('Decimal must be a string such as "4500000000.00"', ast);
  },
});

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const localDate = LocalDateResolver.toConfig();

/**
 * An input date: graphql-scalars' LocalDate (the `YYYY-MM-DD` form, a real calendar day), and a year from 0001:
 * PostgreSQL has no year 0000 (the form already stops at 9999).
 */
function parseInputDate(value: unknown, node?: ValueNode): string {
  const refuse = () => badInput(`Date must be a calendar day written YYYY-MM-DD, from 0001-01-01 to 9999-12-31; got ${shown(value)}`, node);
  if (typeof value !== 'string' || !ISO_DATE.test(value) || value.startsWith('0000')) throw refuse();
  try {
    return localDate.parseValue!(value) as string;
  } catch {
    throw refuse();
  }
}

/**
 * Calendar dates as ISO `YYYY-MM-DD` strings (graphql-scalars' LocalDate), published under the name `Date`. Input
 * is fully validated; output that PostgreSQL already wrote as `YYYY-MM-DD` is passed through unparsed.
 */
export const DateScalar = new GraphQLScalarType({
  ...localDate,
  name: 'Date',
  description: 'A calendar date, ISO 8601 `YYYY-MM-DD`.',
  serialize: (value) => (typeof value === 'string' && ISO_DATE.test(value) ? value : localDate.serialize(value)),
  parseValue: (value) => parseInputDate(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw badInput('Date must be a string such as "2024-06-13"', ast);
    return parseInputDate(ast.value, ast);
  },
});

/** The moments PostgreSQL can take from a client: years 0001 to 9999 (in UTC), as RFC 3339 writes them. */
export function isStorableMoment(value: Date): boolean {
  const year = value.getUTCFullYear();
  return !Number.isNaN(value.getTime()) && year >= 1 && year <= 9999;
}

const dateTime = DateTimeResolver.toConfig();

function parseMoment(parse: () => unknown, value: unknown, node?: ValueNode): Date {
  let parsed: unknown;
  try {
    parsed = parse();
  } catch {
    throw badInput(`DateTime must be an RFC 3339 date-time such as "2024-06-13T10:00:00Z"; got ${shown(value)}`, node);
  }
  if (!(parsed instanceof Date) || !isStorableMoment(parsed)) {
    throw badInput(`DateTime must fall from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z; got ${shown(value)}`, node);
  }
  return parsed;
}

/**
 * Moments as RFC 3339 date-times (`2026-11-27T16:00:00Z`), graphql-scalars' DateTime: `asOf`, history times. Input
 * is also held to years 0001 to 9999 in UTC (`0001-01-01T00:00:00+14:00` is in year 0000).
 */
export const DateTimeScalar = new GraphQLScalarType({
  ...dateTime,
  parseValue: (value) => parseMoment(() => dateTime.parseValue!(value), value),
  parseLiteral: (ast, variables) => parseMoment(() => dateTime.parseLiteral!(ast, variables), 'value' in ast ? ast.value : ast.kind, ast),
});

/** ISO 4217 currency codes (graphql-scalars). */
export const CurrencyScalar = CurrencyResolver;
