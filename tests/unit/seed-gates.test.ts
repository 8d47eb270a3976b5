import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, PROJECT_ROOT } from '../../src/config/config';
import { defaultTextsFolder } from '../../src/domain/agreement-text/segment-measure';
import { segmentText } from '../../src/domain/provision/segment';
import { compareCodings, firstCoderCodings, ProvisionCoding, sampleProvisions, unresolved } from '../../src/seed/intercoder';
import { codebookList, GATES, leafDomains, qualityGates, reliabilityRuleViolations } from '../../src/seed/quality';
import { readCorpus, SEEDS_DIR } from '../../src/seed/read-corpus';
import { IntercoderFiles, readIntercoder } from '../../src/seed/read-intercoder';
import { SeedCorpus } from '../../src/seed/seed-schema';

// The quality gates of issue 16 and the inter-coder check (seeds/README.md, "Inter-coder checks" and "Quality gates"),
// on the committed corpus.

const PENDING_HEADING = '## Quality gates not yet met';

describe('quality gates of issue 16 on the corpus', () => {
  let corpus: SeedCorpus;
  let intercoder: IntercoderFiles;
  beforeAll(() => {
    corpus = readCorpus();
    intercoder = readIntercoder();
  });
  const before = () => compareCodings(intercoder.first?.provisions ?? [], intercoder.second.provisions);

  it(`holds the inter-coder kappa for modality, before resolution, at ${GATES.minModalityKappa} or more`, () => {
    expect(intercoder.first).not.toBeNull();
    const { modality } = before();
    expect(modality.n).toBeGreaterThanOrEqual(100);
    expect(modality.kappa).not.toBeNull();
    expect(modality.kappa!).toBeGreaterThanOrEqual(GATES.minModalityKappa);
  });

  it('meets every gate, except for the agreements the codebook lists as pending with a reason', () => {
    const pending = codebookList(fs.readFileSync(path.join(SEEDS_DIR, 'README.md'), 'utf8'), PENDING_HEADING);
    const gates = qualityGates(corpus, before().modality.kappa);
    const unexcused = gates
      .filter((g) => !g.met)
      .flatMap((g) =>
        g.agreements.length === 0
          ? [`${g.gate}: ${g.figure}`]
          : g.agreements.filter((slug) => !pending.has(slug)).map((slug) => `${g.gate}: ${slug}`),
      );
    expect(unexcused).toEqual([]);
    // The list only shrinks: an agreement that no longer holds a gate back must leave it.
    const holdingBack = new Set(gates.filter((g) => !g.met).flatMap((g) => g.agreements));
    expect([...pending.keys()].filter((slug) => !holdingBack.has(slug))).toEqual([]);
  });

  it('meets the AGREEMENT_TEXT, NOT_STATED and kappa gates outright', () => {
    const gates = qualityGates(corpus, before().modality.kappa);
    expect(gates.filter((g) => /AGREEMENT_TEXT|NOT_STATED|kappa/.test(g.gate) && !g.met).map((g) => `${g.gate}: ${g.figure}`)).toEqual([]);
  });

  it('gives every source the reliability its kind and host call for (seeds/README.md, "reliability")', () => {
    expect(reliabilityRuleViolations(corpus.sources)).toEqual([]);
  });
});

describe('inter-coder check files', () => {
  let corpus: SeedCorpus;
  let intercoder: IntercoderFiles;
  beforeAll(() => {
    corpus = readCorpus();
    intercoder = readIntercoder();
  });
  const coded = () => corpus.agreements.filter((a) => (a.texts ?? []).length > 0);
  const key = (c: { slug: string; path: string }) => `${c.slug}|${c.path}`;

  it('samples every agreement coded from its text, from the text version the seed names', () => {
    const { sample } = intercoder;
    for (const agreement of coded()) {
      expect([agreement.slug, sample.provisions.some((p) => p.slug === agreement.slug)]).toEqual([agreement.slug, true]);
      const shas = (agreement.texts ?? []).map((t) => t.sha256);
      expect([agreement.slug, shas.includes(sample.textSha256[agreement.slug])]).toEqual([agreement.slug, true]);
    }
  });

  it('reproduces the sample from the texts where they are available (else checks it against their sha256 only)', () => {
    const folder = loadConfig().agreementTextsDir ?? defaultTextsFolder(PROJECT_ROOT);
    const slugs = Object.keys(intercoder.sample.textSha256);
    expect(new Set(intercoder.sample.provisions.map((p) => p.slug))).toEqual(new Set(slugs));
    if (!folder) return;
    const recomputed = slugs.flatMap((slug) => {
      const file = path.join(folder, `${slug}.txt`);
      const text = fs.readFileSync(file, 'utf8');
      expect([slug, createHash('sha256').update(fs.readFileSync(file)).digest('hex')]).toEqual([slug, intercoder.sample.textSha256[slug]]);
      return sampleProvisions(slug, segmentText(text));
    });
    expect(recomputed).toEqual(intercoder.sample.provisions);
  });

  it('has the second coder code every sampled provision of the coded agreements, with leaf domains and a reason when not operative', () => {
    const second = new Map(intercoder.second.provisions.map((c) => [key(c), c]));
    const codedSlugs = new Set(coded().map((a) => a.slug));
    const missing = intercoder.sample.provisions.filter((p) => codedSlugs.has(p.slug) && !second.has(key(p))).map(key);
    expect(missing).toEqual([]);
    const leaves = leafDomains(corpus.domains);
    const bad = intercoder.second.provisions.flatMap((c: ProvisionCoding) => [
      ...(c.domains ?? []).filter((d) => !leaves.has(d)).map((d) => `${key(c)}: ${d} is not a leaf`),
      ...(!c.operative && !c.reason ? [`${key(c)}: not operative without a reason`] : []),
    ]);
    expect(bad).toEqual([]);
  });

  it('resolves every disagreement, and the seed follows each resolution', () => {
    const disagreements = compareCodings(intercoder.first?.provisions ?? [], intercoder.second.provisions).disagreements;
    expect(unresolved(disagreements, intercoder.resolutions).map((d) => `${key(d)} ${d.field}`)).toEqual([]);
    // Each resolution records the two codings as they were.
    for (const r of intercoder.resolutions) {
      const d = disagreements.find((x) => key(x) === key(r) && x.field === r.field);
      expect([key(r), r.field, d?.first, d?.second]).toEqual([key(r), r.field, r.first, r.second]);
    }
    // Where the text supports the second coder, the seed now codes it so; elsewhere the first coding stands.
    const now = new Map(firstCoderCodings(corpus.agreements, intercoder.sample.provisions).map((c) => [key(c), c]));
    const after = compareCodings([...now.values()], intercoder.second.provisions).disagreements;
    const stillDiffer = (r: { slug: string; path: string; field: string }) => after.some((x) => key(x) === key(r) && x.field === r.field);
    expect(intercoder.resolutions.filter((r) => r.supports === 'second' && stillDiffer(r)).map((r) => `${key(r)} ${r.field}`)).toEqual([]);
    expect(intercoder.resolutions.filter((r) => r.supports !== 'second' && !stillDiffer(r)).map((r) => `${key(r)} ${r.field}`)).toEqual([]);
    expect(intercoder.resolutions.filter((r) => r.supports === 'second' && !r.seedChange).map(key)).toEqual([]);
  });
});
