import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IntegrationReportSchema, QualityGateReportSchema } from '@run4/quality-gate';
import { describe, expect, it } from 'vitest';
import { loadState } from '../../src/state/state-store.js';
import { TRANSITIONS, type PipelineStateName } from '../../src/state-machine/states.js';
import { BIN, REPO, requireBuilt, runBin } from '../helpers/bin.js';

describe('super-orchestrator run against the reference Build 1 and Build 2 (B3-01)', () => {
  // About 100 s on two cores; the limit leaves room for a machine busy with other builds.
  it('runs the whole pipeline: decomposition over MCP, contracts, builders, process deployment, gate, fix pass', { timeout: 300_000 }, () => {
    requireBuilt(BIN, 'cd apps/orchestrator && npx tsup');
    requireBuilt(join(REPO, 'apps/foundation/dist/architect/mcp.js'), 'cd apps/foundation && npx tsup');
    requireBuilt(join(REPO, 'apps/builder/dist/cli.js'), 'cd apps/builder && npx tsup');
    const dir = mkdtempSync(join(tmpdir(), 'so-e2e-'));
    writeFileSync(
      join(dir, 'config.yaml'),
      [
        `mcp_config: ${join(REPO, 'apps/foundation/.mcp.json')}`,
        `mcp_env: { RUN4_DATA_DIR: ${join(dir, 'build1-data')} }`,
        'depth: standard',
        `builder: { command: "node ${join(REPO, 'apps/builder/dist/cli.js')} --cwd {dir} --depth {depth}", depth: standard }`,
        'integration: { backend: process, max_examples: 2 }',
        'quality_gate: { max_fix_retries: 1 }',
        '',
      ].join('\n'),
    );
    const r = runBin(['run', '--prd', join(REPO, 'fixtures/tasktracker/sample_prd.md')], dir);
    const stateDir = join(dir, '.super-orchestrator');
    const state = loadState(stateDir);
    expect(state, r.stderr).not.toBeNull();
    if (!state) return;

    // Terminal state, and the exit code says which.
    expect(['complete', 'failed']).toContain(state.current_state);
    expect(r.status, r.stderr.slice(-3000)).toBe(state.current_state === 'complete' ? 0 : 1);
    if (state.current_state === 'failed') expect(state.failure_reason).toMatch(/quality gate verdict failed after 1 fix pass/);

    // Every phase ran, through legal transitions only.
    let at: PipelineStateName = 'init';
    for (const t of state.transition_history) {
      expect(t.from).toBe(at);
      expect(TRANSITIONS.some((row) => row.trigger === t.trigger && (row.source === t.from || row.source === '*') && row.dest === t.to)).toBe(true);
      at = t.to;
    }
    expect(state.transition_history.map((t) => t.trigger).slice(0, 7)).toEqual([
      'start_architect', 'architect_done', 'approve_architecture', 'contracts_ready', 'builders_done', 'start_integration', 'integration_done',
    ]);

    // The services come from the architect's decomposition, one builder each.
    const decomposition = JSON.parse(readFileSync(join(stateDir, 'decomposition.json'), 'utf8')) as { service_map: { services: { name: string }[] } };
    const names = decomposition.service_map.services.map((s) => s.name);
    expect(names.length).toBeGreaterThanOrEqual(3);
    expect(state.services.map((s) => s.name)).toEqual(names);
    expect(Object.keys(state.builder_statuses).sort()).toEqual([...names].sort());
    expect(state.successful_builders).toBe(names.length);
    for (const n of names) expect(existsSync(join(stateDir, 'builders', n, '.agent-team', 'STATE.json'))).toBe(true);

    // Contracts registered with the Contract Engine.
    const registry = JSON.parse(readFileSync(join(stateDir, 'CONTRACTS.json'), 'utf8')) as { contracts: { valid: boolean; service_name: string }[] };
    expect(registry.contracts.length).toBeGreaterThanOrEqual(names.length);
    expect(registry.contracts.every((c) => c.valid)).toBe(true);

    // Deployed and healthy (B3-02), reports in the seed shapes.
    const integration = IntegrationReportSchema.parse(JSON.parse(readFileSync(state.integration_report_path, 'utf8')));
    expect(integration.services_deployed).toBe(names.length);
    expect(integration.services_healthy).toBe(names.length);
    expect(integration.contract_tests_total).toBeGreaterThan(0);
    const gate = QualityGateReportSchema.parse(JSON.parse(readFileSync(state.quality_report_path, 'utf8')));
    expect(Object.keys(gate.layers)).toEqual(['layer1_service', 'layer2_contract', 'layer3_system', 'layer4_adversarial']);
    expect(gate.layers.layer1_service.verdict).toBe('passed');
    expect(state.last_quality_results.overall_verdict).toBe(gate.overall_verdict);
    expect(existsSync(join(stateDir, 'QUALITY_GATE_REPORT.md'))).toBe(true);
    expect(existsSync(join(stateDir, 'docker-compose.generated.yml'))).toBe(true);
    expect(r.stderr).toMatch(/\[builder\] \S+ +DONE/);
  });
});
