import { describe, expect, it } from 'vitest';
import { PipelineInterruptedError } from '../../src/errors.js';
import type { PipelinePhases } from '../../src/pipeline/context.js';
import { PipelineDriver } from '../../src/pipeline/driver.js';
import type { PipelineState } from '../../src/state/pipeline-state.js';
import { loadState } from '../../src/state/state-store.js';
import { RESUME_TRIGGERS, TRANSITIONS, type PipelineStateName } from '../../src/state-machine/states.js';
import { type FakeScript, fakePipeline } from '../helpers/fake-pipeline.js';

const path = (state: PipelineState) => state.transition_history.map((t) => t.trigger);

function expectLegalHistory(state: PipelineState): void {
  let at: PipelineStateName = 'init';
  for (const t of state.transition_history) {
    expect(t.from).toBe(at);
    const row = TRANSITIONS.find((r) => r.trigger === t.trigger && (r.source === t.from || r.source === '*'));
    expect(row?.dest, `${t.trigger} from ${t.from}`).toBe(t.to);
    at = t.to;
  }
  expect(state.current_state).toBe(at);
}

describe('PipelineDriver', () => {
  it('runs init to complete, saving PIPELINE_STATE.json after every transition', async () => {
    const p = fakePipeline();
    const result = await p.driver.drive({ approve: true });
    expect(result.outcome).toBe('complete');
    expect(path(p.state)).toEqual(['start_architect', 'architect_done', 'approve_architecture', 'contracts_ready', 'builders_done', 'start_integration', 'integration_done', 'quality_passed']);
    const saved = loadState(p.dir);
    expect(saved?.current_state).toBe('complete');
    expect(saved?.transition_history).toHaveLength(8);
    expect(saved?.completed_phases).toEqual(['init', 'architect_running', 'architect_review', 'contracts_registering', 'builders_running', 'builders_complete', 'integrating', 'quality_gate']);
    expectLegalHistory(saved as PipelineState);
  });

  it('a rejected architecture goes back to the architect (architect_retries counted), then fails when retries run out', async () => {
    const p = fakePipeline({ reviews: [false, true] });
    expect((await p.driver.drive({ approve: true })).outcome).toBe('complete');
    expect(path(p.state).slice(0, 5)).toEqual(['start_architect', 'architect_done', 'reject_architecture', 'architect_done', 'approve_architecture']);
    expect(p.state.architect_retries).toBe(1);

    const q = fakePipeline({ reviews: [false, false, false] }, { architect: { max_retries: 2 } });
    const r = await q.driver.drive({ approve: true });
    expect(r.outcome).toBe('failed');
    expect(q.state.architect_retries).toBe(2);
    expect(q.state.failure_reason).toContain('architecture rejected after 2 retries');
    expectLegalHistory(q.state);
  });

  it('a failing gate enters fix passes until it passes', async () => {
    const p = fakePipeline({ gates: ['failed', 'failed', 'partial'] });
    expect((await p.driver.drive({ approve: true })).outcome).toBe('complete');
    expect(path(p.state).slice(-5)).toEqual(['quality_failed', 'fix_done', 'quality_failed', 'fix_done', 'quality_passed']);
    expect(p.state.quality_attempts).toBe(2);
    expect(p.calls.filter((c) => c === 'fixPass')).toHaveLength(2);
  });

  it('fails once max_fix_retries fix passes did not make the gate pass', async () => {
    const p = fakePipeline({ gates: ['failed', 'failed', 'failed'] }, { quality_gate: { max_fix_retries: 2 } });
    const r = await p.driver.drive({ approve: true });
    expect(r.outcome).toBe('failed');
    expect(p.state.quality_attempts).toBe(2);
    expect(p.state.failure_reason).toContain('after 2 fix pass(es)');
    expect(p.state.transition_history.at(-1)).toMatchObject({ from: 'quality_gate', to: 'failed', trigger: 'fail' });
  });

  it('builders_done is refused when no builder succeeded, and the pipeline fails naming the guard', async () => {
    const p = fakePipeline({ builders: [false, false] });
    const r = await p.driver.drive({ approve: true });
    expect(r.outcome).toBe('failed');
    expect(p.state.failure_reason).toContain('at_least_one_builder_succeeded');
    expect(p.state.previous_state).toBe('builders_running');
  });

  it('a phase error fails the pipeline with the error', async () => {
    const p = fakePipeline({ throwIn: 'integrate' });
    const r = await p.driver.drive({ approve: true });
    expect(r.outcome).toBe('failed');
    expect(p.state.failure_reason).toContain('integrate exploded');
    expect(p.state.previous_state).toBe('integrating');
  });

  it('retry_quality moves a failed pipeline back to the gate only on a manual retry', async () => {
    const p = fakePipeline({ gates: ['failed', 'failed', 'passed'] }, { quality_gate: { max_fix_retries: 1 } });
    expect((await p.driver.drive({ approve: true })).outcome).toBe('failed');
    expect((await p.driver.drive({ fix: true })).outcome).toBe('failed'); // no retry asked: stays failed
    const again = await p.driver.drive({ manualRetry: true });
    expect(again.outcome).toBe('complete');
    expect(path(p.state).slice(-2)).toEqual(['retry_quality', 'quality_passed']);
  });

  it('pauses at the review without approval and before stop triggers', async () => {
    const p = fakePipeline();
    const r = await p.driver.drive({});
    expect(r).toMatchObject({ outcome: 'paused', state: 'architect_review' });
    const b = await p.driver.drive({ approve: true, stopBefore: new Set(['start_integration']) });
    expect(b).toMatchObject({ outcome: 'paused', state: 'builders_complete' });
    const i = await p.driver.drive({ stopAtStates: new Set(['quality_gate']) });
    expect(i).toMatchObject({ outcome: 'paused', state: 'quality_gate' });
    expect(p.calls.includes('qualityGate')).toBe(false);
    const n = await p.driver.drive({ fix: false });
    expect(n.outcome).toBe('complete');
  });

  it('stops with a clear state and reason when the budget is spent', async () => {
    const p = fakePipeline({ costs: { architect: 2, builders: 9 } }, { budget_limit: 10 });
    const r = await p.driver.drive({ approve: true });
    expect(r.outcome).toBe('failed');
    expect(p.state.failure_reason).toMatch(/budget exceeded: \$11\.00 spent of the \$10\.00 budget_limit \(after builders_running\)/);
    expect(p.state.previous_state).toBe('builders_running');
    expect(p.state.phase_costs).toEqual({ architect_running: 2, contracts_registering: 0, builders_running: 9 });
    expect(p.state.total_cost).toBe(11);
    expect(p.calls).not.toContain('integrate');
    expect(loadState(p.dir)?.cost_tracker.phases.builders_running?.cost_usd).toBe(9);
  });

  it('accumulates cost across phases in phase_costs, total_cost and the tracker (B3-10)', async () => {
    const p = fakePipeline({ costs: { architect: 1.5, registerContracts: 0.25, builders: 3, fixPass: 1 }, gates: ['failed', 'passed'] }, { budget_limit: 100 });
    expect((await p.driver.drive({ approve: true })).outcome).toBe('complete');
    const saved = loadState(p.dir) as PipelineState;
    expect(saved.phase_costs).toMatchObject({ architect_running: 1.5, contracts_registering: 0.25, builders_running: 3, fix_pass: 1 });
    expect(saved.total_cost).toBe(5.75);
    expect(saved.cost_tracker.budget_limit).toBe(100);
  });
});

/** The phase whose work runs in each resumable state. */
const PHASE_OF: Partial<Record<PipelineStateName, keyof PipelinePhases>> = {
  architect_running: 'architect',
  architect_review: 'review',
  contracts_registering: 'registerContracts',
  builders_running: 'builders',
  integrating: 'integrate',
  quality_gate: 'qualityGate',
  fix_pass: 'fixPass',
};

describe('resume (seed 004 section 5.4)', () => {
  const script: FakeScript = { gates: ['failed', 'passed'] };
  const uninterrupted = async () => {
    const p = fakePipeline({ ...script });
    await p.driver.drive({ approve: true });
    return p.state;
  };

  for (const [state, phase] of Object.entries(PHASE_OF) as [PipelineStateName, keyof PipelinePhases][]) {
    it(`an interruption in ${state} saves it; resume continues with ${RESUME_TRIGGERS[state]} and ends where an uninterrupted run ends`, async () => {
      const reference = await uninterrupted();
      const p = fakePipeline({ ...script, interruptIn: phase });
      await expect(p.driver.drive({ approve: true })).rejects.toBeInstanceOf(PipelineInterruptedError);
      const saved = loadState(p.dir) as PipelineState;
      expect(saved.current_state).toBe(state);
      expect(saved.interrupted).toBe(true);
      expect(saved.interrupt_reason).toContain('SIGINT');
      expect(saved.resume_trigger).toBe(RESUME_TRIGGERS[state]);

      // A new process: a fresh driver over the saved file.
      const before = saved.transition_history.length;
      const consumed = p.calls.filter((c) => c === 'qualityGate').length - (state === 'quality_gate' ? 1 : 0);
      const resumed = fakePipeline({ gates: script.gates!.slice(consumed) }, {}, saved);
      const result = await resumed.driver.drive({ approve: true });
      expect(result.state).toBe(reference.current_state);
      expect(resumed.state.interrupted).toBe(false);
      expect(resumed.calls[0]).toBe(phase); // the interrupted phase is redone first
      const next = resumed.state.transition_history[before]?.trigger;
      const relaunched: Partial<Record<PipelineStateName, string>> = { architect_running: 'architect_done', integrating: 'integration_done' };
      if (state === 'quality_gate') expect(['quality_passed', 'quality_failed']).toContain(next);
      else expect(next).toBe(relaunched[state] ?? RESUME_TRIGGERS[state]);
      expect(resumed.state.services.map((s) => s.name)).toEqual(reference.services.map((s) => s.name));
      expect(resumed.state.last_quality_results.overall_verdict).toBe(reference.last_quality_results.overall_verdict);
    });
  }

  for (const state of ['init', 'builders_complete'] as const) {
    it(`resume from ${state} fires ${RESUME_TRIGGERS[state]} first and completes`, async () => {
      const reference = await uninterrupted();
      const p = fakePipeline({ ...script });
      await p.driver.drive({ approve: true, stopBefore: new Set([RESUME_TRIGGERS[state] as string]) }).catch(() => undefined);
      if (state === 'init') expect(p.state.current_state).toBe('init');
      const saved = loadState(p.dir) ?? p.state;
      const resumed = fakePipeline({ ...script }, {}, saved);
      const before = resumed.state.transition_history.length;
      const result = await new PipelineDriver(resumed.ctx, (resumed.driver as unknown as { phases: PipelinePhases }).phases).drive({ approve: true });
      expect(resumed.state.transition_history[before]?.trigger).toBe(RESUME_TRIGGERS[state]);
      expect(result.state).toBe(reference.current_state);
    });
  }
});
