import { describe, expect, it } from 'vitest';
import { interruptExercises, type InterruptedRunState, type InterruptHarness } from '../src/index.js';

const labels = { prepare: 'setup', step: 'the build', stateFile: 'STATE.json', outcome: 'wired' };
const ids = { sigint: 'audit.sigint', killResume: 'audit.kill-resume' };

/** A harness that behaves like a well-made run; `plant` overrides one part of it. */
function harness(plant: Partial<InterruptHarness> & { sigintExit?: number; stateAfterKill?: Partial<InterruptedRunState> } = {}): InterruptHarness & { reaped: number[] } {
  let state: InterruptedRunState = { interrupted: false, phase: 'setup:done', position: 'step 1 done', completed: [1], stepDone: false, outcome: false };
  const reaped: number[] = [];
  return {
    reaped,
    prepare: async () => ({ ok: true, detail: '' }),
    start: async () => ({
      stop: async (signal) => {
        state = signal === 'SIGINT'
          ? { ...state, interrupted: true, phase: 'build:started', position: 'step 2 build:started' }
          : { ...state, interrupted: false, phase: 'build:started', position: 'step 2 build:started', ...plant.stateAfterKill };
        return { exitCode: signal === 'SIGINT' ? (plant.sigintExit ?? 130) : undefined };
      },
    }),
    rerun: async () => {
      state = { ...state, completed: [1, 2], stepDone: true, outcome: true };
      return { exitCode: 0 };
    },
    readState: () => ({ state }),
    leftovers: async () => [],
    reap: (pids) => reaped.push(...pids),
    ...plant,
  };
}

describe('interruptExercises', () => {
  it('passes a run that saves its state on Ctrl+C and completes the step after kill -9', async () => {
    const [sigint, kill] = await interruptExercises({ harness: harness(), ids, labels, expectedOutcome: true });
    expect(sigint).toMatchObject({ id: 'audit.sigint', status: 'PASS', evidence: 'exit 130; state interrupted=true, phase build:started; 0 builder process(es) left running' });
    expect(kill).toMatchObject({ id: 'audit.kill-resume', status: 'PASS', evidence: 'after kill -9: state valid (step 2 build:started); 0 orphaned builder process(es) reaped; the build re-run exit 0, completed [1,2], wired=true (uninterrupted run: true)' });
  });

  it('fails Ctrl+C on a wrong exit code, and on a builder still running after the grace period (which is reaped)', async () => {
    const [wrongExit] = await interruptExercises({ harness: harness({ sigintExit: 1 }), ids, labels, expectedOutcome: true });
    expect(wrongExit!.status).toBe('FAIL');
    const h = harness({ leftovers: async () => [424242] });
    const [left] = await interruptExercises({ harness: h, ids, labels, expectedOutcome: true, graceMs: 0 });
    expect(left).toMatchObject({ status: 'FAIL', evidence: expect.stringContaining('1 builder process(es) left running') });
    expect(h.reaped).toContain(424242);
  });

  it('fails kill -9 when the killed step is recorded complete, or the re-run reaches another verdict', async () => {
    const [, done] = await interruptExercises({ harness: harness({ stateAfterKill: { stepDone: true } }), ids, labels, expectedOutcome: true });
    expect(done).toMatchObject({ status: 'FAIL', evidence: 'the build recorded complete although it was killed (step 2 build:started)' });
    const [, other] = await interruptExercises({ harness: harness(), ids, labels, expectedOutcome: false });
    expect(other!.status).toBe('FAIL');
  });

  it('fails kill -9 on a state file that is not valid after the kill', async () => {
    const h = harness();
    let reads = 0;
    h.readState = () => (++reads > 1 ? { state: null, error: 'Required' } : { state: { interrupted: true, phase: 'p', position: 'p', completed: [1], stepDone: false } });
    const [, kill] = await interruptExercises({ harness: h, ids, labels, expectedOutcome: undefined });
    expect(kill).toMatchObject({ status: 'FAIL', evidence: 'STATE.json invalid after kill -9: Required' });
  });

  it('fails both when the step never starts or the setup wrote no state', async () => {
    const [s1, k1] = await interruptExercises({ harness: harness({ start: async () => 'the build started no builder within 60 s' }), ids, labels, expectedOutcome: true });
    expect([s1!.status, k1!.status, k1!.evidence]).toEqual(['FAIL', 'FAIL', 'the build started no builder within 60 s']);
    const [s2, k2] = await interruptExercises({ harness: harness({ prepare: async () => ({ ok: false, detail: 'boom' }) }), ids, labels, expectedOutcome: true });
    expect([s2!.status, k2!.status, s2!.evidence]).toEqual(['FAIL', 'FAIL', 'setup in the scratch dir wrote no state: boom']);
  });
});
