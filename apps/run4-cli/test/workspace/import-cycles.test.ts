import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

/** Relative runtime imports of a file (type-only imports erase at compile time and cannot form a load cycle). */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'(\.[^']+)'/gm)) {
    if (m[2]) continue;
    const target = path.resolve(path.dirname(file), m[3]!.replace(/\.js$/, '.ts'));
    const resolved = [target, `${target}.ts`, path.join(target, 'index.ts')].find((p) => existsSync(p) && statSync(p).isFile());
    if (resolved) found.push(resolved);
  }
  return found;
}

/** Every import cycle among the files, each as a list of files. */
export function findCycles(files: readonly string[]): string[][] {
  const graph = new Map(files.map((f) => [f, imports(f)]));
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const next of graph.get(f) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return cycles;
}

const projects = [
  'apps/run4-cli/src',
  ...readdirSync(path.join(root, 'packages')).map((p) => `packages/${p}/src`),
].filter((d) => existsSync(path.join(root, d)));

describe('no import circles (DESIGN.md section 2)', () => {
  it.each(projects)('%s has no runtime import cycle', (dir) => {
    const cycles = findCycles(sources(path.join(root, dir)));
    expect(cycles.map((c) => c.map((f) => path.relative(root, f)).join(' → '))).toEqual([]);
  });

  it('finds a planted cycle', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(path.join(tmpdir(), 'run4-cycle-'));
    writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b.js';\nexport const a = b;\n");
    writeFileSync(path.join(dir, 'b.ts'), "import { c } from './c.js';\nexport const b = c;\n");
    writeFileSync(path.join(dir, 'c.ts'), "import type { a } from './a.js';\nimport { a as x } from './a.js';\nexport const c = 1; export type T = typeof a | typeof x;\n");
    expect(findCycles(sources(dir)).map((c) => c.map((f) => path.basename(f)))).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });
});
