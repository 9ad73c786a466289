import { execa } from 'execa';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../../..');

describe('Nx milestone targets mirror the DAG M1 → M2 ∥ M3 → M4 → M5 → M6', () => {
  it('nx graph --file shows m2 and m3 following m1 with no edge between them', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'run4-graph-')), 'graph.json');
    await execa('npx', ['nx', 'graph', `--file=${file}`, '--targets=m6', '--focus=run4-cli'], {
      cwd: root,
      env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    });
    const deps = JSON.parse(readFileSync(file, 'utf8')).tasks.dependencies as Record<string, string[]>;
    const on = (t: string) => (deps[`run4-cli:${t}`] ?? []).filter((d) => d.startsWith('run4-cli:m'));
    expect(on('m2')).toEqual(['run4-cli:m1']);
    expect(on('m3')).toEqual(['run4-cli:m1']);
    expect(on('m4').sort()).toEqual(['run4-cli:m2', 'run4-cli:m3']);
    expect(on('m5')).toEqual(['run4-cli:m4']);
    expect(on('m6')).toEqual(['run4-cli:m5']);
    expect(on('m1')).toEqual([]);
  }, 120_000);

  it('never caches a milestone', () => {
    const project = JSON.parse(readFileSync(path.join(root, 'apps/run4-cli/project.json'), 'utf8'));
    for (const m of ['m1', 'm2', 'm3', 'm4', 'm5', 'm6']) expect(project.targets[m].cache, m).toBe(false);
  });
});
