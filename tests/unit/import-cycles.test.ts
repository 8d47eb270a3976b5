import fs from 'node:fs';
import path from 'node:path';
import { cycles } from '../support/import-graph';

// The GraphQL types of a concept may use its collection spec (for its orders), and collections refer to each other
// lazily (relations are thunks); recursive filter inputs name each other (namedType). What must not happen is a cycle
// that runs through both a type module and a collection module: the two layers would then depend on their load order.
// Type-only imports (`import type`) vanish at run time and do not count.

const SRC = path.join(__dirname, '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The project modules a file imports at run time. */
function runtimeImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const imports = [...text.matchAll(/^import\s+(?!type\s)(?:[^'";]*?\s+from\s+)?['"](\.[^'"]+)['"]/gm)].map((m) => m[1]);
  return imports
    .map((specifier) => path.resolve(path.dirname(file), specifier))
    .map((target) => (fs.existsSync(`${target}.ts`) ? `${target}.ts` : path.join(target, 'index.ts')))
    .filter((target) => fs.existsSync(target));
}

describe('import cycles', () => {
  const graph = new Map(sourceFiles(SRC).map((file) => [file, runtimeImports(file)]));

  it('reads the project (the check would prove nothing otherwise)', () => {
    expect([...graph.keys()].filter((f) => f.endsWith('.collection.ts')).length).toBeGreaterThanOrEqual(7);
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

  it('has none running through both a domain type module and a collection module', () => {
    const crossing = cycles(graph)
      .map((component) => component.map((file) => path.relative(SRC, file)))
      .filter((component) => component.some((f) => f.endsWith('.type.ts')) && component.some((f) => f.endsWith('.collection.ts')));
    expect(crossing).toEqual([]);
  });
});
