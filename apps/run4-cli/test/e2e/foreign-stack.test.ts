import { execa } from 'execa';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../../..');
const cli = path.join(root, 'apps/run4-cli/dist/main.js');
const config = path.join(root, 'fixtures/pystack/run4.config.yaml');

type Check = { id: string; status: string; evidence: string; requirementIds: string[] };
const checksOf = (out: string, n: number): Check[] => JSON.parse(readFileSync(path.join(out, `m${n}_checks.json`), 'utf8')).checks;

/**
 * The defects planted in the Python sample stack (fixtures/pystack/README.md):
 * each must FAIL under its check id with its requirement ids, and nothing
 * else may FAIL but what follows from them (the gate's layer and overall
 * verdicts, and the pipeline stopping at the gate).
 */
const PLANTED: { milestone: number; id: string; requirementIds: string[]; evidence: RegExp }[] = [
  { milestone: 2, id: 'mcp.codebase-intelligence.schemas', requirementIds: ['R4-M2-001', 'R4-M2-002'], evidence: /find_callers.*example/ },
  { milestone: 2, id: 'mcp.architect.get_contracts_for_service.invalid', requirementIds: ['B1-15', 'R4-M2-005'], evidence: /server process died|connection closed/i },
  { milestone: 3, id: 'm3.parallel-isolation', requirementIds: ['R4-M3-004', 'B2-05'], evidence: /outside any builder dir/ },
  { milestone: 4, id: 'l2.catalog-api.response_schema_conformance', requirementIds: ['R4-M4-006'], evidence: /shelf_code/ },
  { milestone: 4, id: 'gate.layer3_system', requirementIds: ['X-10', 'R4-M4-007'], evidence: /verdict=failed/ },
];
/** FAILs that follow from the planted ones and from nothing else. */
const CONSEQUENCES = ['gate.layer2_contract', 'gate.overall-verdict', 'm4.pipeline.complete'];

async function dockerAnswers(): Promise<boolean> {
  const r = await execa('docker', ['info', '--format', '{{.ServerVersion}}'], { reject: false, timeout: 20_000 });
  return r.exitCode === 0;
}

// The docker backend runs in CI, where tools/test.sh starts an engine and builds the offline Python image.
const backends: ('process' | 'docker')[] = ['process', ...(process.env.CI || (await dockerAnswers()) ? (['docker'] as const) : [])];

describe.each(backends)('run4 run --config fixtures/pystack/run4.config.yaml --backend %s (a Python stack Run 4 did not write)', (backend) => {
  it('reports every planted defect under its id, nothing else fails, and the fix loop repairs the M4 ones', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), `run4-pystack-${backend}-`));
    const out = path.join(cwd, '.run4');
    const run = await execa('node', [cli, '--config', config, '--output-dir', out, 'run', '--backend', backend], { cwd, reject: false, timeout: 1_500_000 });
    const log = `${run.stdout}\n${run.stderr}`.slice(-4000);
    const state = JSON.parse(readFileSync(path.join(out, 'RUN4_STATE.json'), 'utf8'));
    // Never an abort: every milestone ran to its end, with honest FAILs.
    expect(state.completed_milestones, log).toEqual([1, 2, 3, 4, 5, 6]);
    expect(run.exitCode, log).toBe(1);

    const checks = [1, 2, 3, 4].flatMap((n) => checksOf(out, n).map((c) => ({ ...c, milestone: n })));
    for (const p of PLANTED) {
      const c = checks.find((x) => x.id === p.id);
      expect(c?.milestone, `${p.id} present`).toBe(p.milestone);
      expect(c?.status, `${p.id}: ${c?.evidence}`).toBe('FAIL');
      expect(c?.requirementIds).toEqual(expect.arrayContaining(p.requirementIds));
      expect(c?.evidence).toMatch(p.evidence);
    }
    // The seed's latency limits (MCP p95 < 5 s, R4-M2-007; a response time ceiling in live contract tests)
    // measure the machine as much as the stack: on two busy cores they can fail without any defect,
    // so they are the only checks this test does not pin.
    const timing = (c: Check) => (/^mcp\.[a-z-]+\.latency$/.test(c.id) && c.evidence.startsWith('p95 over the limit')) || /^l2\.[a-z0-9-]+\.max_response_time$/.test(c.id);
    const fails = checks.filter((c) => c.status === 'FAIL' && !timing(c)).map((c) => c.id).sort();
    expect(fails, log).toEqual([...PLANTED.map((p) => p.id), ...CONSEQUENCES].sort());
    // The planted logging defect is LOG-005 in member-api.
    const report = JSON.parse(readFileSync(path.join(out, 'quality_gate_report.json'), 'utf8'));
    expect(JSON.stringify(report)).toContain('LOG-005');

    // Every profile flow ran against the Python services and passed.
    const flows = checksOf(out, 4).filter((c) => c.id.startsWith('m4.flow.'));
    expect(flows.length).toBeGreaterThan(0);
    expect(flows.filter((c) => c.status !== 'PASS').map((c) => `${c.id}: ${c.evidence}`)).toEqual([]);

    // M5 repairs the M4 defects through the builder's quick mode.
    expect(state.total_fix_passes).toBeGreaterThanOrEqual(1);
    const after = JSON.parse(readFileSync(path.join(out, 'm5_fix_snapshots', `fix_pass_${state.total_fix_passes}_after.json`), 'utf8'));
    expect(after.violations['SCHEMA-001'] ?? [], 'SCHEMA-001 after the last pass').toEqual([]);
    expect(after.violations['LOG-005'] ?? [], 'LOG-005 after the last pass').toEqual([]);
  }, 1_600_000);
});
