import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadState } from '../../src/state/state-store.js';
import { BIN, REPO, requireBuilt, runBin, spawnBin, waitFor } from '../helpers/bin.js';

const FOUNDATION_MCP = join(REPO, 'apps/foundation/.mcp.json');
const SLOW_BUILDER = resolve(__dirname, '../fixtures/slow-builder.mjs');
const COST_BUILDER = resolve(__dirname, '../fixtures/cost-builder.mjs');
const PRD = join(REPO, 'fixtures/tasktracker/sample_prd.md');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('GracefulShutdown of the built bin (B3-09)', () => {
  it('SIGINT during builders saves the state as interrupted, stops the builders, and `build` continues from the saved state', async () => {
    requireBuilt(BIN, 'cd apps/orchestrator && npx tsup');
    requireBuilt(join(REPO, 'apps/foundation/dist/architect/mcp.js'), 'cd apps/foundation && npx tsup');
    const dir = mkdtempSync(join(tmpdir(), 'so-sigint-'));
    const base = `mcp_config: ${FOUNDATION_MCP}\nmcp_env: { RUN4_DATA_DIR: ${join(dir, 'build1-data')} }\ndepth: standard\n`;
    writeFileSync(join(dir, 'slow.yaml'), `${base}builder: { command: "node ${SLOW_BUILDER} --cwd {dir} --depth {depth}", depth: standard }\n`);
    writeFileSync(join(dir, 'fast.yaml'), `${base}builder: { command: "node ${COST_BUILDER} --cwd {dir} --depth {depth}", depth: standard, env: { FAKE_BUILDER_COST: "1.5" } }\n`);
    const stateDir = join(dir, '.super-orchestrator');

    const child = spawnBin(['-c', 'slow.yaml', 'run', '--prd', PRD], dir);
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));

    // Wait for the condition, not for time: the state file says builders are running and every builder has started.
    const pids = await waitFor(
      () => {
        let state;
        try {
          state = loadState(stateDir);
        } catch {
          return undefined; // mid-rename; try again
        }
        if (state?.current_state !== 'builders_running' || state.services.length === 0) return undefined;
        const files = state.services.map((s) => join(s.builder_dir, 'builder.pid'));
        if (!files.every((f) => existsSync(f))) return undefined;
        return files.map((f) => Number(readFileSync(f, 'utf8')));
      },
      90_000,
      'builders_running with every builder started',
    );
    expect(pids.every(alive)).toBe(true);

    child.kill('SIGINT');
    const code = await exited;
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('interrupted by SIGINT in state builders_running');

    const saved = loadState(stateDir);
    expect(saved).toMatchObject({ current_state: 'builders_running', previous_state: 'contracts_registering', interrupted: true, resume_trigger: 'builders_done' });
    expect(saved?.interrupt_reason).toContain('SIGINT received during builders_running');
    expect(saved?.transition_history.map((t) => t.trigger)).toEqual(['start_architect', 'architect_done', 'approve_architecture', 'contracts_ready']);
    expect(Object.values(saved?.builder_statuses ?? {}).every((s) => s === 'failed')).toBe(true); // aborted
    await waitFor(() => (pids.some(alive) ? undefined : true), 30_000, 'the builder processes to be gone');

    const status = runBin(['status'], dir);
    expect(status.stdout).toContain('State: builders_running (interrupted: SIGINT received during builders_running)');

    // Continue from the saved state with a builder that finishes.
    const build = runBin(['-c', 'fast.yaml', 'build'], dir);
    expect(build.status, build.stderr).toBe(0);
    const after = loadState(stateDir);
    expect(after).toMatchObject({ current_state: 'builders_complete', interrupted: false, successful_builders: saved?.services.length });
    expect(after?.pipeline_id).toBe(saved?.pipeline_id);
    expect(after?.phase_costs.builders_running).toBeCloseTo(1.5 * (saved?.services.length ?? 0));
  });
});
