import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Modality } from '../domain/enums';
import { ProvisionCoding, SampledProvision } from './intercoder';
import { SEEDS_DIR, SeedValidationError } from './read-corpus';

const sampledProvision = z.strictObject({
  slug: z.string(),
  path: z.string(),
  kind: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().positive(),
  segmenterOperative: z.boolean(),
});

const sampleFile = z.strictObject({
  seed: z.string(),
  share: z.number(),
  unsampledKinds: z.array(z.string()),
  textSha256: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
  provisions: z.array(sampledProvision),
});

const coding = z.strictObject({
  slug: z.string(),
  path: z.string(),
  operative: z.boolean(),
  reason: z.string().nullable().optional(),
  modality: z.enum(Modality).nullable().optional(),
  domains: z.array(z.string()).optional(),
  note: z.string().optional(),
});

const secondCoderFile = z.strictObject({ coder: z.string(), codedOn: z.string(), method: z.string(), provisions: z.array(coding) });

const firstCoderFile = z.strictObject({ coder: z.string(), frozenOn: z.string(), provisions: z.array(coding) });

const resolution = z.strictObject({
  slug: z.string(),
  path: z.string(),
  field: z.enum(['operative', 'modality', 'domain']),
  first: z.string(),
  second: z.string(),
  resolved: z.string(),
  /** Which coder the text supports: the first, the second, both (a defensible reading either way), or neither. */
  supports: z.enum(['first', 'second', 'both', 'neither']),
  why: z.string().min(1),
  /** The seed change made, where the first coder was wrong (or why none was made). */
  seedChange: z.string().nullable(),
});

/** The files of `seeds/intercoder/` (seeds/README.md, "Inter-coder checks"), validated. */
export interface IntercoderFiles {
  sample: z.infer<typeof sampleFile> & { provisions: SampledProvision[] };
  second: z.infer<typeof secondCoderFile> & { provisions: ProvisionCoding[] };
  /** The first coder's coding frozen before resolution; null until it is frozen. */
  first: (z.infer<typeof firstCoderFile> & { provisions: ProvisionCoding[] }) | null;
  resolutions: z.infer<typeof resolution>[];
}

export type Resolution = z.infer<typeof resolution>;

function parse<T>(file: string, schema: z.ZodType<T>): T {
  const result = schema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (result.success) return result.data;
  throw new SeedValidationError(result.error.issues.map((i) => `intercoder/${path.basename(file)} at ${i.path.join('.') || '(root)'}: ${i.message}`));
}

/** Reads sample.json, second-coder.json, first-coder.json and resolutions.json (the last two may be absent); throws a {@link SeedValidationError} on a bad file. */
export function readIntercoder(dir: string = SEEDS_DIR): IntercoderFiles {
  const folder = path.join(dir, 'intercoder');
  const resolutionsFile = path.join(folder, 'resolutions.json');
  const firstFile = path.join(folder, 'first-coder.json');
  return {
    sample: parse(path.join(folder, 'sample.json'), sampleFile) as IntercoderFiles['sample'],
    second: parse(path.join(folder, 'second-coder.json'), secondCoderFile) as IntercoderFiles['second'],
    first: fs.existsSync(firstFile) ? (parse(firstFile, firstCoderFile) as IntercoderFiles['first']) : null,
    resolutions: fs.existsSync(resolutionsFile) ? parse(resolutionsFile, z.array(resolution)) : [],
  };
}
