import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builderOutputsRoot, systemEvidence, type QualityScanner } from '../src/index.js';

/** A scanner that reports `perDir` violations in `loc` lines for any directory. */
const scanner = (violations: number, loc: number): QualityScanner => async () => ({
  violations: Array.from({ length: violations }, (_, i) => ({ code: i % 2 ? 'SEC-001' : 'LOG-001', severity: i % 2 ? 'error' : 'warning' })),
  stats: { linesScanned: loc },
});

function layout() {
  const root = mkdtempSync(path.join(tmpdir(), 'evidence-'));
  const b1 = path.join(root, 'b1');
  const b2 = path.join(root, 'b2');
  const b3 = path.join(root, 'b3');
  for (const d of [b1, path.join(b2, 'svc', 'contracts'), path.join(b2, 'svc', '.agent-team'), path.join(b2, '.cache'), b3]) mkdirSync(d, { recursive: true });
  for (const f of [path.join(b1, 'README.md'), path.join(b1, '.mcp.json'), path.join(b1, 'compose.yml'), path.join(b2, 'svc', 'Dockerfile'), path.join(b2, 'svc', 'contracts', 'openapi.yaml'), path.join(b2, 'svc', '.agent-team', 'STATE.json'), path.join(b3, 'README.md')]) writeFileSync(f, 'x');
  return { root, b1, b2, b3, options: { build1Root: b1, build1Tier: path.join(b1, 'compose.yml'), mcpConfigPath: path.join(b1, '.mcp.json'), build2Root: b2, build3Root: b3, idPrefix: 'audit' } };
}

const byId = (checks: { id: string; status: string; evidence: string }[], id: string) => checks.find((c) => c.id === id)!;

describe('systemEvidence', () => {
  it('passes clean code with every artifact, and hands scoring the figures', async () => {
    const { options } = layout();
    const { systems, checks } = await systemEvidence({ ...options, scan: scanner(0, 1000) });
    expect(checks.map((c) => `${c.id} ${c.status}`)).toEqual([
      'audit.quality.build1 PASS', 'audit.docs.build1 PASS', 'audit.quality.build2 PASS', 'audit.docs.build2 PASS', 'audit.quality.build3 PASS', 'audit.docs.build3 PASS',
    ]);
    expect(systems.build1).toEqual({ violations: { count: 0, loc: 1000 }, artifacts: { required: ['README.md', '.mcp.json', 'compose.yml'], present: ['README.md', '.mcp.json', 'compose.yml'] } });
    // The hidden folder is no service: only svc's three files are required.
    expect(systems.build2.artifacts?.required).toEqual(['svc/Dockerfile', 'svc/contracts/openapi.yaml', 'svc/.agent-team/STATE.json']);
  });

  it('fails a dense scan, warns on a few violations, and warns on a missing artifact', async () => {
    const { options, b2 } = layout();
    const dense = await systemEvidence({ ...options, scan: scanner(10, 1000) });
    expect(byId(dense.checks, 'audit.quality.build1')).toMatchObject({ status: 'FAIL', evidence: '10 violations (5 errors) in 1000 lines (10.00/KLOC): LOG-001, SEC-001' });
    const few = await systemEvidence({ ...options, scan: scanner(1, 1000) });
    expect(byId(few.checks, 'audit.quality.build3').status).toBe('WARN');
    mkdirSync(path.join(b2, 'svc2'));
    const missing = await systemEvidence({ ...options, scan: scanner(0, 1000) });
    expect(byId(missing.checks, 'audit.docs.build2')).toMatchObject({ status: 'WARN', evidence: 'missing svc2/Dockerfile, svc2/contracts/openapi.yaml, svc2/.agent-team/STATE.json' });
  });

  it('skips a system with no code, and one the stack does not have', async () => {
    const { options, root } = layout();
    const { checks, systems } = await systemEvidence({ ...options, build2Root: path.join(root, 'nowhere'), build3Root: undefined, scan: scanner(0, 0) });
    expect(byId(checks, 'audit.quality.build2')).toMatchObject({ status: 'SKIP', evidence: `no code found under ${path.join(root, 'nowhere')}` });
    expect(byId(checks, 'audit.quality.build3')).toMatchObject({ status: 'SKIP', evidence: 'the stack profile names no build3 (build3.project_root)' });
    expect(checks.some((c) => c.id === 'audit.docs.build3')).toBe(false);
    expect(systems.build3).toEqual({});
  });
});

describe('builderOutputsRoot', () => {
  it('is the common parent of the builders\' output dirs, else the fallback', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'outputs-'));
    const file = path.join(root, 'builder_results.json');
    writeFileSync(file, JSON.stringify({ results: [{ output_dir: '/b3/builders/a' }, { output_dir: '/b3/builders/b' }] }));
    expect(builderOutputsRoot(file, '/fallback')).toBe('/b3/builders');
    writeFileSync(file, JSON.stringify({ results: [{ output_dir: '/x/a' }, { output_dir: '/y/b' }] }));
    expect(builderOutputsRoot(file, '/fallback')).toBe('/fallback');
    expect(builderOutputsRoot(path.join(root, 'none.json'), '/fallback')).toBe('/fallback');
  });
});
