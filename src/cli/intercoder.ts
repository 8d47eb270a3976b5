/**
 * `npm run intercoder -- sample`: writes seeds/intercoder/sample.json, the inter-coder sample of every agreement text
 * in AGREEMENT_TEXTS_DIR (paths and offsets only). `npm run intercoder -- show <slug>`: prints the sampled
 * provisions' words of one text, for the second coder, who reads them with the codebook and never the seed coding.
 * `npm run intercoder -- freeze-first`: writes seeds/intercoder/first-coder.json, the first coder's coding of the
 * sample as the seed holds it, before the disagreements are resolved.
 */
import { createHash } from 'crypto';
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'fs';
import path from 'path';
import { loadConfig } from '../config/config';
import { segmentText } from '../domain/provision/segment';
import { firstCoderCodings, sampleProvisions, SampledProvision, SAMPLE_SEED, SAMPLE_SHARE, UNSAMPLED_KINDS } from '../seed/intercoder';
import { readCorpus, SEEDS_DIR } from '../seed/read-corpus';
import { readIntercoder } from '../seed/read-intercoder';

function main(): void {
  const [command, slug] = process.argv.slice(2);
  const textsDir = (): string => {
    const dir = loadConfig().agreementTextsDir;
    if (!dir) throw new Error('AGREEMENT_TEXTS_DIR is not set');
    return dir;
  };
  const sampleOf = (s: string): SampledProvision[] => sampleProvisions(s, segmentText(readFileSync(path.join(textsDir(), `${s}.txt`), 'utf8')));
  if (command === 'sample') {
    const dir = textsDir();
    const slugs = readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => f.slice(0, -4))
      .sort();
    const provisions = slugs.flatMap(sampleOf);
    const out = path.join(SEEDS_DIR, 'intercoder');
    mkdirSync(out, { recursive: true });
    const textSha256 = Object.fromEntries(
      slugs.map((s) => [
        s,
        createHash('sha256')
          .update(readFileSync(path.join(dir, `${s}.txt`)))
          .digest('hex'),
      ]),
    );
    const body = { seed: SAMPLE_SEED, share: SAMPLE_SHARE, unsampledKinds: UNSAMPLED_KINDS, textSha256, provisions };
    writeFileSync(path.join(out, 'sample.json'), `${JSON.stringify(body, null, 2)}\n`);
    console.log(`sampled ${provisions.length} provisions of ${slugs.length} texts`);
  } else if (command === 'freeze-first') {
    // The first coder's coding as the seed holds it now, kept so that kappa stays the figure before resolution.
    const files = readIntercoder();
    const provisions = firstCoderCodings(readCorpus().agreements, files.sample.provisions);
    const body = { coder: 'first coder (the seed coding, read by firstCoderCodings)', frozenOn: new Date().toISOString().slice(0, 10), provisions };
    writeFileSync(path.join(SEEDS_DIR, 'intercoder', 'first-coder.json'), `${JSON.stringify(body, null, 2)}\n`);
    console.log(`froze the first coder's coding of ${provisions.length} provisions`);
  } else if (command === 'show' && slug) {
    const text = readFileSync(path.join(textsDir(), `${slug}.txt`), 'utf8');
    const all = segmentText(text);
    for (const p of sampleOf(slug)) {
      // An item's modality comes from its list's lead-in (codebook), so the coder sees the lead-in too.
      const leadIn = all.find((q) => q.path === `${p.path.split(' › ').slice(0, -1).join(' › ')} › lead-in`);
      const chapeau = p.kind === 'ITEM' && leadIn ? `  [lead-in: …${text.slice(leadIn.start, leadIn.end).trim().slice(-160)}]\n` : '';
      console.log(`### ${p.path} [${p.kind}]\n${chapeau}${text.slice(p.start, p.end).trim()}\n`);
    }
  } else {
    throw new Error('usage: intercoder sample | intercoder freeze-first | intercoder show <slug>');
  }
}

main();
