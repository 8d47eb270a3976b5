/**
 * `npm run documents`: writes the trusted-documents manifest (TRUSTED_DOCUMENTS_FILE, by default
 * docs/trusted-documents.json) from the operations of docs/examples and the report kinds; `-- --check` only says
 * whether the file is up to date (exit 1 when not). See src/documents/manifest.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, PROJECT_ROOT } from '../config/config';
import { readSourceDocuments, renderManifest } from '../documents/manifest';

export function runDocumentsCommand(argv: readonly string[], io = { out: console.log, err: console.error }): number {
  const check = argv.includes('--check');
  const unknown = argv.filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    io.err(`unknown argument ${unknown[0]}; usage: npm run documents [-- --check]`);
    return 2;
  }
  const file = loadConfig().clientContract.documentsManifest;
  const documents = readSourceDocuments(PROJECT_ROOT);
  const text = renderManifest(Object.fromEntries(documents.map((document) => [document.hash, document.text])));
  const relative = path.relative(process.cwd(), file) || file;
  if (check) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current === text) {
      io.out(`${relative} is up to date (${documents.length} documents)`);
      return 0;
    }
    io.err(`${relative} is out of date: run npm run documents`);
    return 1;
  }
  fs.writeFileSync(file, text);
  for (const document of documents) io.out(`${document.hash.slice(0, 12)}  ${document.operations.join(', ')}  (${document.file})`);
  io.out(`wrote ${relative}: ${documents.length} documents`);
  return 0;
}

if (require.main === module) process.exitCode = runDocumentsCommand(process.argv.slice(2));
