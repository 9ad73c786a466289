import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSmallSourceTree, SMALL_SOURCE_BYTES } from '../../src/commands/wasm-tier.js';

function tree(files: Record<string, number>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'run4-wasm-tier-'));
  for (const [file, bytes] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), 'x'.repeat(bytes));
  }
  return dir;
}

describe('isSmallSourceTree', () => {
  it('counts the source the gate parses, up to the limit', () => {
    expect(isSmallSourceTree(tree({ 'src/a.js': 1000, 'app/b.py': 1000, 'README.md': 10 }))).toBe(true);
    const half = Math.ceil(SMALL_SOURCE_BYTES / 2);
    expect(isSmallSourceTree(tree({ 'svc-a/src/a.ts': half, 'svc-b/main.go': half }))).toBe(false);
    expect(isSmallSourceTree(tree({ 'src/a.js': 10 }), 5)).toBe(false);
  });

  it('leaves out what the gate does not parse: skipped directories, declaration files, other files', () => {
    const big = SMALL_SOURCE_BYTES * 2;
    expect(isSmallSourceTree(tree({ 'node_modules/lib/index.js': big, 'dist/main.js': big, 'types/index.d.ts': big, 'data.csv': big, 'src/a.js': 100 }))).toBe(true);
  });

  it('calls a directory it cannot read small (the gate itself reports it)', () => {
    expect(isSmallSourceTree(path.join(tmpdir(), 'run4-no-such-dir', 'x'))).toBe(true);
  });
});
