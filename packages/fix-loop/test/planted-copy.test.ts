import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { check, type CheckRecord } from '@run4/checks';
import { QualityGateConfigSchema, skippedLayer, type PlantManifest, type QualityGateReport } from '@run4/quality-gate';
import { afterAll, describe, expect, it } from 'vitest';
import { fixPlantedCopy, type CopyGateOutcome, type PlantedCopy } from '../src/index.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = (prefix: string) => {
  const d = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};

/** The copy's gate report: HEALTH-001 for the copy while `missing` (the planted route is still missing), nothing else. */
function report(root: string, missing: boolean): QualityGateReport {
  const layers = {
    layer1_service: skippedLayer('layer1_service', 'not run'),
    layer2_contract: skippedLayer('layer2_contract', 'not run'),
    layer3_system: { ...skippedLayer('layer3_system', 'x'), verdict: 'passed' as const },
    layer4_adversarial: skippedLayer('layer4_adversarial', 'not run'),
  };
  delete (layers.layer3_system as { skipped_reason?: string }).skipped_reason;
  if (missing) layers.layer3_system.violations = [{ code: 'HEALTH-001', severity: 'warning', category: 'health', file_path: 'shelf/src/server.js', line: 0, message: 'no GET /health route' }];
  return {
    layers,
    overall_verdict: missing ? 'failed' : 'passed',
    fix_attempts: 0,
    max_fix_attempts: 3,
    total_violations: missing ? 1 : 0,
    blocking_violations: 0,
    schema_version: 1,
    generated_at: new Date().toISOString(),
    root_dir: root,
    layer_order: ['layer1_service', 'layer2_contract', 'layer3_system', 'layer4_adversarial'],
    excluded_services: [],
    services: [{ name: 'shelf', dir: 'shelf' }],
    config: QualityGateConfigSchema.parse({}),
    checks: [],
  };
}

/** A builder that restores the planted-away health route (`fix`) or leaves it (`noop`), and always writes its STATE.json. */
function builder(mode: 'fix' | 'noop'): string {
  const script = path.join(tmp('planted-builder-'), 'builder.mjs');
  writeFileSync(
    script,
    `import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const argv = process.argv.slice(2);
const cwd = argv[argv.indexOf('--cwd') + 1];
if (existsSync(join(cwd, 'FIX_INSTRUCTIONS.md')) && argv.includes('fix')) writeFileSync(join(cwd, 'fixed'), 'yes');
mkdirSync(join(cwd, '.agent-team'), { recursive: true });
writeFileSync(join(cwd, '.agent-team', 'STATE.json'), JSON.stringify({ total_cost: 0, health: 'passed', completed_phases: ['fix_pass'], agent_teams_active: false, summary: { success: true, test_passed: 1, test_total: 1, convergence_ratio: 1 } }));
`,
  );
  return `${process.execPath} ${script} --cwd {dir} --depth {depth} ${mode}`;
}

function planted(): PlantedCopy {
  const root = tmp('planted-copy-');
  const copyDir = path.join(root, 'shelf');
  mkdirSync(path.join(copyDir, 'src'), { recursive: true });
  const reportFile = path.join(root, 'quality_gate_report.json');
  writeFileSync(reportFile, JSON.stringify(report(root, true)));
  const manifest: PlantManifest = { service: 'shelf', dir: copyDir, language: 'javascript', items: [{ code: 'HEALTH-001', planted: true, layer: 'layer3', file: 'src/server.js', line: 0, files: ['src/server.js'], detail: 'GET /health renamed in src/server.js' }] };
  return { service: 'shelf', copy_dir: copyDir, manifest, result: { service_id: 'shelf', output_dir: copyDir, success: true }, report_file: reportFile, checks: [check('gate.overall-verdict', 'verdict', 'FAIL', '1 violation')], answered: true };
}

/** Re-gate: the health route is back once the builder wrote `fixed`. */
const gate = (copy: PlantedCopy) => async (): Promise<CopyGateOutcome> => {
  const missing = !existsSync(path.join(copy.copy_dir, 'fixed'));
  return { report: report(path.dirname(copy.copy_dir), missing), checks: [check('gate.overall-verdict', 'verdict', missing ? 'FAIL' : 'PASS', 'x')], answered: true, live: 'GET /health -> 200' };
};
const score = (checks: readonly CheckRecord[]) => (checks.length ? (100 * checks.filter((c) => c.status === 'PASS').length) / checks.length : null);
const options = (copy: PlantedCopy | null, mode: 'fix' | 'noop') => ({
  copy,
  noCopy: 'no planted copy was made',
  workDir: tmp('planted-work-'),
  gate: copy ? gate(copy) : async () => { throw new Error('no copy to gate'); },
  score,
  rescan: { pattern: /^gate\./ },
  builder: { command: builder(mode), timeoutMs: 60_000 },
  maxFixPasses: 1,
});
const byId = (checks: CheckRecord[]) => Object.fromEntries(checks.map((c) => [c.id, c.status]));

describe('fixPlantedCopy', () => {
  it('PASSes the planted violation the builder removed, with the pass and its score delta in the data', async () => {
    const { checks } = await fixPlantedCopy(options(planted(), 'fix'));
    expect(byId(checks), checks.map((c) => `${c.id}: ${c.evidence}`).join('\n')).toEqual({ 'planted.health-001.fixed': 'PASS', 'm5.planted.fix-pass': 'PASS' });
    const pass = (checks.at(-1)!.data as { passes: { score_before: number; score_after: number }[] }).passes[0]!;
    expect(pass.score_after).toBeGreaterThan(pass.score_before);
  }, 60_000);

  it('FAILs when the builder leaves the planted violation in place', async () => {
    const { checks } = await fixPlantedCopy(options(planted(), 'noop'));
    expect(byId(checks)).toEqual({ 'planted.health-001.fixed': 'FAIL', 'm5.planted.fix-pass': 'FAIL' });
    expect(checks[0]!.evidence).toMatch(/still reported after pass 1/);
  }, 60_000);

  it('FAILs when the copy no longer answers after the pass', async () => {
    const copy = planted();
    const silent = async (): Promise<CopyGateOutcome> => ({ ...(await gate(copy)()), answered: false, live: 'connection refused' });
    const { checks } = await fixPlantedCopy({ ...options(copy, 'fix'), gate: silent });
    expect(byId(checks)['m5.planted.fix-pass']).toBe('FAIL');
    expect(checks.at(-1)!.evidence).toContain('the copy did not answer after pass 1: connection refused');
  }, 60_000);

  it('FAILs when the copy\'s gate report is missing, SKIPs without a copy or when the gate found nothing planted', async () => {
    const gone = planted();
    rmSync(gone.report_file);
    expect(byId((await fixPlantedCopy(options(gone, 'fix'))).checks)).toEqual({ 'm5.planted.fix-pass': 'FAIL' });
    const none = await fixPlantedCopy(options(null, 'fix'));
    expect(none.checks).toMatchObject([{ id: 'm5.planted.fix-pass', status: 'SKIP', evidence: 'no planted copy was made' }]);
    const unseen = planted();
    writeFileSync(unseen.report_file, JSON.stringify(report(path.dirname(unseen.copy_dir), false)));
    expect(byId((await fixPlantedCopy(options(unseen, 'fix'))).checks)).toEqual({ 'planted.health-001.fixed': 'SKIP', 'm5.planted.fix-pass': 'SKIP' });
  }, 60_000);
});
