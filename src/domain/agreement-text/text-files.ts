import fs from 'node:fs';
import path from 'node:path';
import type { TextFile } from './write-texts';

/** An entry of a texts folder's `manifest.json` (../shared/agreement-texts has one): what is needed of it. */
interface ManifestEntry {
  slug?: string;
  file?: string;
  language?: string;
}

/**
 * The `<slug>.txt` files of a folder of agreement texts, in name order, each with its language where the folder's
 * `manifest.json` gives it. A folder that does not exist holds no texts (a fresh clone without ../shared).
 *
 * @example readTextFolder('../shared/agreement-texts')[0] // => { agreement: 'albania-ukraine', language: 'en', content: '...', file: '.../albania-ukraine.txt' }
 */
export function readTextFolder(dir: string | undefined): TextFile[] {
  if (!dir || !fs.existsSync(dir)) return [];
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest: ManifestEntry[] = fs.existsSync(manifestFile) ? (JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as ManifestEntry[]) : [];
  const languageOf = new Map(manifest.filter((m) => m.language).map((m) => [m.slug ?? path.basename(m.file ?? '', '.txt'), m.language!]));
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => {
      const agreement = name.slice(0, -'.txt'.length);
      const file = path.join(dir, name);
      return { agreement, content: fs.readFileSync(file, 'utf8'), language: languageOf.get(agreement), file };
    });
}
