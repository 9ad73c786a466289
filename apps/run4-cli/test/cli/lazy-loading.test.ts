import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// What the built CLI loads before its first line of code runs: the static
// imports of dist/main.js and, transitively, of the chunks it imports. Each
// command's implementation is a dynamic import() of its own chunk, so
// `run4 --help` must load commander and nothing else, and `run4 gate` none of
// what only the milestones, the MCP probe or Layer 2 use.
const dist = path.resolve(__dirname, '../../dist');
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

function staticImports(text: string): string[] {
  return [...text.matchAll(/^import\s+(?:[^'";]*?\s+from\s+)?["']([^"']+)["'];?$/gm)].map((m) => m[1]!);
}

/** The npm packages a built file loads statically, following its relative imports through dist/. */
function staticPackages(file: string, seen = new Set<string>()): Set<string> {
  const packages = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const spec of staticImports(readFileSync(f, 'utf8'))) {
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(f), spec));
      else if (!builtins.has(spec)) packages.add(spec);
    }
  };
  visit(file);
  return packages;
}

/** The chunk main.js imports dynamically for `command` (esbuild names it after the source file). */
function commandChunk(source: string): string {
  const main = readFileSync(path.join(dist, 'main.js'), 'utf8');
  const chunk = [...main.matchAll(/import\(["'](\.\/[^"']+)["']\)/g)].map((m) => m[1]!).find((c) => path.basename(c).startsWith(`${source}-`));
  if (!chunk) throw new Error(`dist/main.js imports no chunk for src/commands/${source}.ts`);
  return path.join(dist, chunk);
}

describe('lazy loading of the built CLI', () => {
  it('is built', () => {
    expect(existsSync(path.join(dist, 'main.js')), 'build the CLI first: cd apps/run4-cli && npx tsup').toBe(true);
  });

  it('loads only commander before a command runs (run4 --help, a usage error)', () => {
    expect([...staticPackages(path.join(dist, 'main.js'))]).toEqual(['commander']);
  });

  it('run4 gate loads neither the milestones, the MCP SDK, the state lock, ajv nor the Pact or OpenAPI parsers', () => {
    const gate = [...staticPackages(path.join(dist, 'main.js')), ...staticPackages(commandChunk('gate'))];
    const heavy = gate.filter((p) => /^(@modelcontextprotocol\/|@asyncapi\/|@readme\/|@pact-foundation\/|ajv|execa|proper-lockfile|get-port|p-limit)/.test(p));
    expect(heavy).toEqual([]);
    // what the gate does need is still there: a planted defect in the check itself would show here
    expect(gate).toContain('zod');
  });

  it('every command has a chunk of its own that main.js imports on demand', () => {
    for (const source of ['init', 'status', 'clean', 'run-milestones', 'probe', 'gate', 'interpose', 'report-error']) {
      expect(existsSync(commandChunk(source)), source).toBe(true);
    }
  });
});
