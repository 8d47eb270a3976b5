import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { cycles } from '../support/import-graph';

// Issue 17: the layout of src/ is a layering. At run time no module cycle exists, and `shared/` (the list-query
// machinery, errors, limits, the request context) imports nothing above it. Type-only imports (`import type`,
// `import { type X }` only, `export type`) vanish at run time and are counted apart: they may point anywhere.

const SRC = path.join(__dirname, '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

function resolve(from: string, specifier: string): string | undefined {
  const target = path.resolve(path.dirname(from), specifier);
  return [`${target}.ts`, path.join(target, 'index.ts')].find((candidate) => fs.existsSync(candidate));
}

/** The project modules a file imports (and re-exports from), at run time and for types only, read by the TypeScript parser. */
export function importsOf(file: string): { runtime: string[]; typeOnly: string[] } {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const runtime: string[] = [];
  const typeOnly: string[] = [];
  for (const statement of source.statements) {
    let specifier: ts.Expression | undefined;
    let onlyTypes = false;
    if (ts.isImportDeclaration(statement)) {
      specifier = statement.moduleSpecifier;
      const clause = statement.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      onlyTypes = !!clause && (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((element) => element.isTypeOnly)));
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
      specifier = statement.moduleSpecifier;
      onlyTypes = statement.isTypeOnly;
    }
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) continue;
    const target = resolve(file, specifier.text);
    if (target) (onlyTypes ? typeOnly : runtime).push(target);
  }
  return { runtime, typeOnly };
}

/**
 * The layers of src/ by their top-level folder (or file), lowest first: a module may import its own layer and those
 * below it at run time. The read path's SQL and plan (`read-plan/`) are machinery the domain's resolvers use.
 */
const LAYERS: string[][] = [
  ['shared'],
  ['config'],
  ['db', 'read-plan'],
  ['domain'],
  ['http', 'live', 'reports', 'export', 'curation', 'documents', 'seed'],
  ['app.ts', 'server.ts', 'worker.ts', 'cli', 'schema'],
];

/**
 * Upward imports still there (docs/READ-PATH.md, "What is left"), named by importing module and the folder it reaches
 * up to, so that no new one joins them and the test fails once one is gone (remove it then). Agreement texts are
 * written and checked with curation's helpers; the drafting evaluation reads the seed corpus; the read plan's
 * coverage names the collections it covers.
 */
const KNOWN_UPWARD: string[] = [
  'domain/agreement-text/attach-text.resolver.ts -> curation',
  'domain/agreement-text/check-spans.ts -> curation',
  'domain/agreement-text/write-texts.ts -> curation',
  'domain/drafting/evaluate.ts -> seed',
  'read-plan/analysis.ts -> domain',
  'read-plan/coverage.ts -> domain',
];

/** The layer of a module by its path under src/ (`domain/actor/actor.collection.ts` → the domain's). */
function layerOf(relativePath: string): number {
  const top = relativePath.split('/')[0];
  const layer = LAYERS.findIndex((names) => names.includes(top));
  if (layer < 0) throw new Error(`${relativePath}: ${top} is in no layer of LAYERS`);
  return layer;
}

describe('layout of src/', () => {
  const files = sourceFiles(SRC);
  const imports = new Map(files.map((file) => [file, importsOf(file)]));
  const runtime = new Map(files.map((file) => [file, imports.get(file)!.runtime]));
  const relative = (file: string) => path.relative(SRC, file).split(path.sep).join('/');

  it('reads the imports (the checks would prove nothing otherwise)', () => {
    const all = [...imports.values()];
    expect(all.reduce((sum, i) => sum + i.runtime.length, 0)).toBeGreaterThan(300);
    expect(all.some((i) => i.typeOnly.length > 0)).toBe(true);
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', ['a']],
          ['c', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b']]);
  });

  // The schema is handed to what runs operations on it (report runner, exports); filter types name the types they nest
  // (namedType); collection specs name the collections their relations reach (collectionRef, registered by name).
  it('has no cycle among modules at run time', () => {
    expect(cycles(runtime).map((component) => component.map(relative))).toEqual([]);
  });

  it('has no upward import at run time but the known ones: every folder of src/ is in a layer', () => {
    const upward = files.flatMap((file) =>
      runtime
        .get(file)!
        .filter((target) => layerOf(relative(target)) > layerOf(relative(file)))
        .map((target) => `${relative(file)} -> ${relative(target).split('/')[0]}`),
    );
    expect([...new Set(upward)].sort()).toEqual(KNOWN_UPWARD);
  });

  it('keeps shared/ below everything: it imports nothing outside shared/ at run time (the SQL runner and pool metrics are in db/)', () => {
    const upward = files
      .filter((file) => relative(file).startsWith('shared/'))
      .flatMap((file) =>
        runtime
          .get(file)!
          .filter((target) => !relative(target).startsWith('shared/'))
          .map((target) => `${relative(file)} -> ${relative(target)}`),
      );
    expect(upward).toEqual([]);
  });
});
