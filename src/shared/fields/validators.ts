import { z } from 'zod';

// The validators of the seed format that field declarations use by default (seeds/README.md is the codebook).

/** A calendar date written YYYY-MM-DD, from 0001-01-01 (PostgreSQL has no year 0000). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((value) => !value.startsWith('0000'), 'a date from 0001-01-01')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, 'a real calendar date');

/** Text with something in it besides spaces (trimmed). */
export const text = z.string().trim().min(1);

/** An exact decimal written as a string (`"4500000000.00"`). */
export const decimalString = z.string().regex(/^-?\d{1,18}(\.\d+)?$/, 'a decimal string such as "12.50"');

/** An ISO 639-1 (or 639-2) language code. */
export const language = z.string().regex(/^[a-z]{2,3}$/, 'an ISO 639-1 language code such as "en"');

/** A kebab-case slug (`japan-ukraine-2024`). */
export const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a kebab-case slug');

/** A commitment's or constraint's key: `<agreement slug>/<name>`. */
export const recordKey = z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'a key "<agreement slug>/<name>"');
