import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One file's static imports (type-only ones included: a cycle over `import type` still knots the design). */
export interface ImportEdge {
  from: string;
  to: string;
}

const root = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'migrations' ? [] : sourceFiles(full);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [full] : [];
  });
}

/**
 * The import graph of src/ (tests excluded), paths relative to the repository root. Imports are read with the
 * TypeScript compiler's own pre-processor, so `import type`, re-exports and dynamic `import()` all count, and
 * resolved against the file system; package imports are left out.
 */
export function importGraph(dir = 'src'): { files: string[]; edges: ImportEdge[] } {
  const files = sourceFiles(path.join(root, dir));
  const edges: ImportEdge[] = [];
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const ref of info.importedFiles) {
      if (!ref.fileName.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), ref.fileName);
      edges.push({ from: path.relative(root, file), to: path.relative(root, target) });
    }
  }
  return { files: files.map((f) => path.relative(root, f)), edges };
}

/** Strongly connected components with more than one file (or a file importing itself): each is an import cycle. */
export function importCycles(graph: { files: string[]; edges: ImportEdge[] }): string[][] {
  const next = new Map<string, string[]>(graph.files.map((f) => [f, []]));
  for (const e of graph.edges) next.get(e.from)?.push(e.to);
  // Tarjan's algorithm, iterative enough for a few hundred files.
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!next.has(w)) continue;
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (next.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const f of graph.files) if (!indexOf.has(f)) visit(f);
  return cycles;
}
