import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadState } from '../../src/state/state-store.js';
import { BIN, REPO, requireBuilt, runBin } from '../helpers/bin.js';

const COST_BUILDER = resolve(__dirname, '../fixtures/cost-builder.mjs');

describe('plan, then build, against the reference Build 1', () => {
  it('plan stops at the review awaiting approval; build approves, registers the contracts and runs one builder per decomposed service', () => {
    requireBuilt(BIN, 'cd apps/orchestrator && npx tsup');
    requireBuilt(join(REPO, 'apps/foundation/dist/architect/mcp.js'), 'cd apps/foundation && npx tsup');
    const dir = mkdtempSync(join(tmpdir(), 'so-plan-'));
    writeFileSync(
      join(dir, 'config.yaml'),
      `mcp_config: ${join(REPO, 'apps/foundation/.mcp.json')}\nmcp_env: { RUN4_DATA_DIR: ${join(dir, 'build1-data')} }\n` +
        `budget_limit: 100\nbuilder: { command: "node ${COST_BUILDER} --cwd {dir} --depth {depth}", env: { FAKE_BUILDER_COST: "2.5" } }\n`,
    );
    expect(runBin(['init', join(REPO, 'fixtures/tasktracker/sample_prd.md')], dir).status).toBe(0);
    const stateDir = join(dir, '.super-orchestrator');

    const plan = runBin(['plan'], dir);
    expect(plan.status, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('paused in state architect_review');
    const planned = loadState(stateDir);
    expect(planned).toMatchObject({ current_state: 'architect_review', architect_review_verdict: 'approved' });
    expect(existsSync(planned?.service_map_path ?? '')).toBe(true);
    expect(readFileSync(planned?.service_map_path ?? '', 'utf8')).toContain('services:');
    const names = planned?.services.map((s) => s.name) ?? [];
    expect(names.length).toBeGreaterThan(0);

    const build = runBin(['build', '--sequential'], dir);
    expect(build.status, build.stderr).toBe(0);
    const built = loadState(stateDir);
    expect(built?.current_state).toBe('builders_complete');
    expect(built?.transition_history.map((t) => t.trigger)).toEqual(['start_architect', 'architect_done', 'approve_architecture', 'contracts_ready', 'builders_done']);
    expect(Object.keys(built?.contract_ids ?? {}).length).toBeGreaterThanOrEqual(names.length);
    expect(built?.builder_statuses).toEqual(Object.fromEntries(names.map((n) => [n, 'built'])));
    expect(built?.phase_costs.builders_running).toBeCloseTo(2.5 * names.length);
    expect(build.stderr).toMatch(/\[builder\] \S+ +DONE/);
    const config = readFileSync(join(stateDir, 'builders', names[0] as string, 'config.yaml'), 'utf8');
    expect(config).toContain(`server_root: ${join(REPO, 'apps/foundation')}`); // Build 1 wiring from the .mcp.json

    const status = runBin(['status'], dir);
    expect(status.stdout).toContain('State: builders_complete');
    expect(status.stdout).toMatch(/\$\d+\.\d\d \/ \$100\.00/);
  });
});
