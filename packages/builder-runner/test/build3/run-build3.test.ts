import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from '@run4/checks';
import { PipelineStateFileSchema, type PipelineStateFile } from '@run4/schemas';
import { afterAll, describe, expect, it } from 'vitest';
import { checkInterruptSaved, checkOutcome, checkTransitions, runBuild3, type Build3Interrupt, type Build3Run } from '../../src/index.js';
import { removeTempDirs, tempDir, waitFor } from '../helpers.js';
import { BUILD3_FIXTURES, HAPPY_PATH } from './helpers.js';

// Builders the fake started: whatever a failing test leaves behind is ended here, by pid.
const builderPidFiles: string[] = [];
afterAll(async () => {
  for (const file of builderPidFiles.filter((f) => existsSync(f))) {
    try {
      process.kill(Number(readFileSync(file, 'utf8')), 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  await removeTempDirs();
});

interface FakeRun {
  run: Build3Run;
  seen: PipelineStateFile[];
  builderPidFile: string;
}

/**
 * Run the fake orchestrator under runBuild3 in lockstep: every state the
 * poller reports is acknowledged (so the fake moves on), except `holdAt`,
 * where it waits for the interrupt.
 */
async function runFake(opts: { interrupt?: Build3Interrupt; holdAt?: string; builderStdio?: 'ignore' | 'inherit'; timeoutMs?: number; abortAt?: AbortController } = {}): Promise<FakeRun> {
  const dir = await tempDir('b3-');
  const ack = join(dir, 'ack');
  mkdirSync(ack);
  const stateFile = join(dir, 'PIPELINE_STATE.json');
  const builderPidFile = join(dir, 'builder.pid');
  builderPidFiles.push(builderPidFile);
  const seen: PipelineStateFile[] = [];
  const run = await runBuild3({
    argv: [process.execPath, join(BUILD3_FIXTURES, 'fake-orchestrator.mjs'), '--state', stateFile, '--builder-pid', builderPidFile, '--ack', ack, '--builder-stdio', opts.builderStdio ?? 'ignore'],
    cwd: dir,
    stateFile,
    logDir: join(dir, 'logs'),
    pollMs: 25,
    timeoutMs: opts.timeoutMs ?? 120_000,
    onState: (state) => {
      seen.push(state);
      if (state.current_state !== opts.holdAt) writeFileSync(join(ack, state.current_state), '');
      else opts.abortAt?.abort();
    },
    ...(opts.abortAt ? { signal: opts.abortAt.signal } : {}),
    ...(opts.interrupt ? { interrupt: opts.interrupt } : {}),
  });
  return { run, seen, builderPidFile };
}

const at = (state: string, signal: Build3Interrupt['signal']): Build3Interrupt => ({ signal, when: (s) => s.current_state === state, label: state });

describe('runBuild3 against a fake orchestrator', () => {
  it('follows a normal run to complete: every state in order, the final state parsed, exit 0, nothing left', async () => {
    const { run, seen } = await runFake();
    expect(run.exit_code).toBe(0);
    expect(run.signal).toBeNull();
    expect(run.timed_out).toBe(false);
    expect(run.interrupted).toBeNull();
    expect(run.observed_states).toEqual([...HAPPY_PATH]);
    expect(seen.map((s) => s.current_state)).toEqual([...HAPPY_PATH]);
    expect(run.state_error).toBeNull();
    expect(PipelineStateFileSchema.parse(run.final_state)).toEqual(run.final_state);
    expect(run.final_state).toMatchObject({ current_state: 'complete', interrupted: false, total_cost: 0.03, builder_costs: { 'svc-a': 0.02 } });
    expect(run.leftover_groups).toEqual([]);
    expect(run.stderr_tail).toMatch(/fake-orchestrator: pipeline fake-\d+ starts/);
    expect(readFileSync(run.stderr_file, 'utf8')).toBe(run.stderr_tail);
    expect(checkTransitions(run).status).toBe('PASS');
    expect(checkOutcome(run).status).toBe('PASS');
  });

  it('ends the whole tree when aborted: Build 3 and the builder it detached', async () => {
    const { run, builderPidFile } = await runFake({ holdAt: 'builders_running', abortAt: new AbortController() });
    expect(run.aborted).toBe(true);
    expect(run.signal).toBe('SIGTERM');
    const builder = Number(readFileSync(builderPidFile, 'utf8'));
    expect(run.leftover_groups).toContain(builder);
    await waitFor(() => !isProcessAlive(builder), `the builder ${builder} to be gone`, 60_000);
    expect(checkOutcome(run)).toMatchObject({ status: 'FAIL', evidence: expect.stringMatching(/was killed by SIGTERM in state builders_running/) });
  });

  it('ends a Build 3 that outlives its timeout', async () => {
    // the fake waits at init for an acknowledgement that never comes
    const { run } = await runFake({ holdAt: 'init', timeoutMs: 3000 });
    expect(run.timed_out).toBe(true);
    expect(run.signal).toBe('SIGTERM');
    expect(checkOutcome(run)).toMatchObject({ status: 'FAIL', evidence: expect.stringMatching(/^Build 3 timed out/) });
  });

  it('reports a Build 3 command that cannot be started, with the reason', async () => {
    const dir = await tempDir('b3-');
    const run = await runBuild3({ argv: [join(dir, 'no-such-build3'), 'run'], cwd: dir, stateFile: join(dir, 'PIPELINE_STATE.json'), logDir: dir });
    expect(run).toMatchObject({ exit_code: null, signal: null, final_state: null });
    expect(run.stderr_tail).toMatch(/ENOENT/);
    expect(checkOutcome(run)).toMatchObject({ status: 'FAIL', evidence: expect.stringMatching(/^Build 3 could not be started \(.*no-such-build3.*ENOENT.*\) and left no valid PIPELINE_STATE.json/) });
  });

  it('reports a Build 3 that wrote no state: its exit code and why there is no state', async () => {
    const dir = await tempDir('b3-');
    const stateFile = join(dir, 'PIPELINE_STATE.json');
    const run = await runBuild3({ argv: [process.execPath, '-e', 'console.error("no PRD"); process.exit(4)'], cwd: dir, stateFile, logDir: dir, pollMs: 25 });
    expect(run).toMatchObject({ exit_code: 4, signal: null, observed_states: [], final_state: null, state_error: `${stateFile}: does not exist`, leftover_groups: [] });
    expect(run.stderr_tail).toContain('no PRD');
    expect(checkOutcome(run)).toMatchObject({ status: 'FAIL', evidence: expect.stringMatching(/exited 4 and left no valid PIPELINE_STATE.json/) });
    expect(checkTransitions(run).status).toBe('FAIL');
  });

  it('sends SIGINT at builders_running: the fake saves interrupted: true and checkInterruptSaved passes', async () => {
    const { run } = await runFake({ interrupt: at('builders_running', 'SIGINT'), holdAt: 'builders_running' });
    expect(run.interrupted).toEqual({ signal: 'SIGINT', at_state: 'builders_running' });
    expect(run.exit_code).toBe(130);
    expect(run.final_state).toMatchObject({ current_state: 'builders_running', interrupted: true, interrupt_reason: 'SIGINT received' });
    expect(run.observed_states).toEqual(HAPPY_PATH.slice(0, 5));
    expect(run.leftover_groups).toEqual([]);
    const verdict = checkInterruptSaved(run);
    expect(verdict.status).toBe('PASS');
    expect(verdict.evidence).toContain('SIGINT at builders_running');
  });

  it('sends SIGKILL at builders_running: the detached builder it left behind is found and ended', async () => {
    const { run, builderPidFile } = await runFake({ interrupt: at('builders_running', 'SIGKILL'), holdAt: 'builders_running' });
    expect(run.interrupted).toEqual({ signal: 'SIGKILL', at_state: 'builders_running' });
    expect(run.signal).toBe('SIGKILL');
    expect(run.exit_code).toBeNull();
    expect(run.final_state).toMatchObject({ current_state: 'builders_running', interrupted: false });
    const builder = Number(readFileSync(builderPidFile, 'utf8'));
    // the builder leads its own group (detached), which runBuild3 saw while the fake ran
    expect(run.leftover_groups).toContain(builder);
    await waitFor(() => !isProcessAlive(builder), `the builder ${builder} to be gone`, 60_000);
    // a SIGKILLed Build 3 saved nothing: the interrupt judge must not pass it
    expect(checkInterruptSaved(run).status).toBe('FAIL');
  });

  it('ends a run whose SIGKILLed Build 3 left a builder holding its stdout and stderr', async () => {
    // Before the leftovers were ended at Build 3's exit, runBuild3 waited on the open pipes forever.
    const outcome = await Promise.race([
      runFake({ interrupt: at('builders_running', 'SIGKILL'), holdAt: 'builders_running', builderStdio: 'inherit' }),
      new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 90_000).unref()),
    ]);
    expect(outcome).not.toBe('hung');
    const { run, builderPidFile } = outcome as FakeRun;
    expect(run.signal).toBe('SIGKILL');
    const builder = Number(readFileSync(builderPidFile, 'utf8'));
    expect(run.leftover_groups).toContain(builder);
    await waitFor(() => !isProcessAlive(builder), `the builder ${builder} to be gone`, 60_000);
  }, 120_000);
});
