import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildIntegrationReport, runQualityGate, writeReports } from '@run4/quality-gate';
import { describe, expect, it } from 'vitest';
import { fixableViolations, runFixPhase } from '../../src/phases/fix-phase.js';
import { fakePipeline } from '../helpers/fake-pipeline.js';

const COST_BUILDER = resolve(__dirname, '../fixtures/cost-builder.mjs');

describe('fix pass', () => {
  it('hands the gate report violations of each service to its builder in quick mode and records the cost', async () => {
    const p = fakePipeline({}, { builder: { command: `node ${COST_BUILDER} --cwd {dir} --depth {depth}`, env: { FAKE_BUILDER_COST: '0.75' } } });
    const root = join(p.dir, 'builders');
    const names = ['alpha-service', 'beta-service'];
    p.state.services = names.map((name) => ({ name, builder_dir: join(root, name), openapi: null, asyncapi: null, port: 8080 }));
    for (const n of names) {
      mkdirSync(join(root, n, 'src'), { recursive: true });
      writeFileSync(join(root, n, 'package.json'), '{"name":"x"}');
    }
    // A Python print() in alpha (LOG-001 in Layer 3) and a contract violation of beta (Layer 2).
    writeFileSync(join(root, 'alpha-service', 'src', 'app.py'), 'def handler(request):\n    print("got", request)\n    return 1\n');
    writeFileSync(join(root, 'beta-service', 'src', 'app.py'), 'import logging\nlog = logging.getLogger(__name__)\n');
    p.state.builder_results = names.map((n) => ({ service_id: n, success: true, test_passed: 4, test_total: 4, convergence_ratio: 1, cost: 0 }));
    const integrationReport = buildIntegrationReport({
      services_deployed: 2,
      services_healthy: 2,
      contract_tests_total: 10,
      contract_tests_passed: 9,
      violations: [{ code: 'SCHEMA-002', severity: 'error', service: 'beta-service', endpoint: 'POST /items', message: 'status 409 is not documented', expected: '', actual: '409', file_path: '' }],
    });
    const report = await runQualityGate({
      rootDir: root,
      services: names.map((n) => ({ name: n, dir: n })),
      builderResults: p.state.builder_results,
      integrationReport,
      layers: [1, 2, 3],
      config: { continue_after_blocking: true },
    });
    const written = await writeReports(report, p.dir, ['json']);
    p.state.quality_report_path = written.json as string;

    const violations = fixableViolations(JSON.parse(readFileSync(p.state.quality_report_path, 'utf8')), names);
    expect(violations.find((v) => v.code === 'SCHEMA-002')).toMatchObject({ service: 'beta-service', message: 'POST /items: status 409 is not documented' });
    // The gate names the service after its package.json ("x"); the fix pass attributes it by directory.
    expect(violations.find((v) => v.code === 'LOG-001')).toMatchObject({ service: 'alpha-service', file_path: 'alpha-service/src/app.py' });

    await runFixPhase(p.ctx);
    for (const n of names) {
      const instructions = readFileSync(join(root, n, 'FIX_INSTRUCTIONS.md'), 'utf8');
      expect(instructions).toContain('# Fix Instructions');
      const state = JSON.parse(readFileSync(join(root, n, '.agent-team', 'STATE.json'), 'utf8'));
      expect(state.completed_phases).toContain('depth_quick');
    }
    expect(readFileSync(join(root, 'alpha-service', 'FIX_INSTRUCTIONS.md'), 'utf8')).toContain('LOG-001');
    expect(readFileSync(join(root, 'beta-service', 'FIX_INSTRUCTIONS.md'), 'utf8')).toContain('SCHEMA-002');
    expect(readFileSync(join(root, 'beta-service', 'FIX_INSTRUCTIONS.md'), 'utf8')).not.toContain('LOG-001');
    expect(p.ctx.tracker.phases.fix_pass?.sub_phases).toEqual({ 'alpha-service': 0.75, 'beta-service': 0.75 });
    expect(p.state.builder_costs).toEqual({ 'alpha-service': 0.75, 'beta-service': 0.75 });
  });
});
