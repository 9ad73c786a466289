import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuildersPhase } from '../../src/phases/builders-phase.js';
import { PipelineDriver } from '../../src/pipeline/driver.js';
import type { PipelinePhases } from '../../src/pipeline/context.js';
import { loadState } from '../../src/state/state-store.js';
import { atomicWriteJson } from '../../src/state/state-store.js';
import { fakePipeline, fakePhases } from '../helpers/fake-pipeline.js';

const COST_BUILDER = resolve(__dirname, '../fixtures/cost-builder.mjs');

/** A pipeline whose architect phase plans `n` services with stub OpenAPI files and whose builders phase is the real one. */
function pipelineWithRealBuilders(n: number, config: Parameters<typeof fakePipeline>[1]) {
  const p = fakePipeline({}, config);
  const stub = join(p.dir, 'stub.json');
  writeFileSync(stub, JSON.stringify({ service_name: 'x', type: 'openapi', version: '1.0.0', spec: { openapi: '3.1.0', info: { title: 'x', version: '1' }, paths: {} } }));
  const ref = { ctx: p.ctx };
  const fakes = fakePhases(p.state, {}, p.calls, p.controller, ref);
  const phases: PipelinePhases = {
    ...fakes,
    async architect(ctx) {
      await fakes.architect(ctx);
      mkdirSync(p.dir, { recursive: true });
      p.state.services = Array.from({ length: n }, (_, i) => ({ name: `svc-${i + 1}`, builder_dir: join(p.dir, 'builders', `svc-${i + 1}`), openapi: stub, asyncapi: null, port: 8080 }));
      atomicWriteJson(p.state.contract_registry_path, {});
    },
    builders: (ctx) => runBuildersPhase(ctx, { depth: 'standard' }),
  };
  return { ...p, driver: new PipelineDriver(p.ctx, phases) };
}

describe('builders phase with real builder subprocesses', () => {
  it("adds each builder's STATE.json total_cost to the phase and stops the remaining builders when the budget is spent", async () => {
    const p = pipelineWithRealBuilders(4, {
      budget_limit: 10,
      builder: { command: `node ${COST_BUILDER} --cwd {dir} --depth {depth}`, max_concurrent: 1, env: { FAKE_BUILDER_COST: '4' } },
    });
    const result = await p.driver.drive({ approve: true });
    expect(result.outcome).toBe('failed');
    const saved = loadState(p.dir);
    expect(saved?.failure_reason).toBe('budget exceeded: $12.00 spent of the $10.00 budget_limit (after builders_running)');
    expect(saved?.phase_costs.builders_running).toBe(12);
    expect(saved?.cost_tracker.phases.builders_running?.sub_phases).toEqual({ 'svc-1': 4, 'svc-2': 4, 'svc-3': 4, 'svc-4': 0 });
    expect(saved?.builder_statuses).toEqual({ 'svc-1': 'built', 'svc-2': 'built', 'svc-3': 'built', 'svc-4': 'failed' });
    expect(saved?.builder_results.find((r) => r.service_id === 'svc-4')).toMatchObject({ success: false, failure: 'aborted' });
    expect(existsSync(join(p.dir, 'builders', 'svc-4', '.agent-team', 'STATE.json'))).toBe(false);
    expect(saved?.transition_history.at(-1)).toMatchObject({ from: 'builders_running', to: 'failed', trigger: 'fail' });
  });

  it('stages config.yaml, contracts and PRD, and on resume runs only the builders not yet built', async () => {
    const p = pipelineWithRealBuilders(2, {
      builder: { command: `node ${COST_BUILDER} --cwd {dir} --depth {depth}`, env: { FAKE_BUILDER_COST: '0.5', FAKE_BUILDER_FAIL: 'svc-2' } },
    });
    const first = await p.driver.drive({ approve: true, stopBefore: new Set(['start_integration']) });
    expect(first).toMatchObject({ outcome: 'paused', state: 'builders_complete' });
    expect(p.state.builder_statuses).toEqual({ 'svc-1': 'built', 'svc-2': 'failed' });
    expect(p.state.successful_builders).toBe(1);
    const dir = join(p.dir, 'builders', 'svc-1');
    expect(readFileSync(join(dir, 'config.yaml'), 'utf8')).toMatch(/service:\n\s+name: svc-1/);
    expect(existsSync(join(dir, 'contracts', 'openapi.yaml'))).toBe(true);
    expect(existsSync(join(dir, 'PRD.md'))).toBe(true);

    const stamp = readFileSync(join(dir, '.agent-team', 'STATE.json'), 'utf8');
    p.state.current_state = 'builders_running';
    p.ctx.config.builder.env = { FAKE_BUILDER_COST: '0.5' };
    const again = new PipelineDriver(p.ctx, { ...(p.driver as unknown as { phases: PipelinePhases }).phases });
    await again.drive({ approve: true, stopBefore: new Set(['start_integration']) });
    expect(p.state.builder_statuses).toEqual({ 'svc-1': 'built', 'svc-2': 'built' });
    expect(readFileSync(join(dir, '.agent-team', 'STATE.json'), 'utf8')).toBe(stamp);
    expect(p.state.cost_tracker.phases.builders_running?.sub_phases).toEqual({ 'svc-1': 0.5, 'svc-2': 1 });
  });
});
