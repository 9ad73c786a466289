import { check, runCheck, type CheckRecord } from '@run4/checks';

/** What the exercised run's state file says, as far as the judgement reads it. */
export interface InterruptedRunState {
  /** The state's `interrupted` flag. */
  interrupted: boolean;
  /** Its current phase. */
  phase: string;
  /** Where the run stood, for the evidence (e.g. "current step 3 building, completed [1]"). */
  position: string;
  /** The steps it records complete. */
  completed: readonly (string | number)[];
  /** Whether the interrupted step is recorded complete. */
  stepDone: boolean;
  /** The step's own verdict, compared with the uninterrupted run's. */
  outcome?: boolean | undefined;
}

/** A step started in the background, with a builder running. */
export interface RunningStep {
  /** Send the signal and wait for the step to end. */
  stop(signal: 'SIGINT' | 'SIGKILL'): Promise<{ exitCode: number | undefined }>;
}

/** The subprocess mechanics, injected: starting, re-running and inspecting the step under test. */
export interface InterruptHarness {
  /** Run what the step depends on; `ok: false` (with its stderr) when it wrote no state. */
  prepare(): Promise<{ ok: boolean; detail: string }>;
  /** Start the step; resolves once a builder runs, or to why it could not get there. */
  start(): Promise<RunningStep | string>;
  /** Run the step again to its end. */
  rerun(): Promise<{ exitCode: number | undefined }>;
  /** The state file, parsed; `error` when it is not valid. */
  readState(): { state: InterruptedRunState | null; error?: string | undefined };
  /** Processes of the step still running. */
  leftovers(): Promise<number[]>;
  /** End left-over processes. */
  reap(pids: readonly number[]): void;
}

/** Options of {@link interruptExercises}. */
export interface InterruptOptions {
  harness: InterruptHarness;
  /** Ids of the two check records. */
  ids: { sigint: string; killResume: string };
  /** How the evidence names the prerequisite run and the step under test. */
  labels: { prepare: string; step: string; stateFile: string; outcome: string };
  /** The uninterrupted run's verdict of the step (undefined: not compared). */
  expectedOutcome: boolean | undefined;
  /** How long builders may take to end after Ctrl+C (default 30 s). */
  graceMs?: number;
}

/**
 * Interrupting a run mid-build, for real, through an injected harness:
 * - Ctrl+C (SIGINT) while the step's builders run: PASS only with exit 130,
 *   the state saved with `interrupted: true`, and no builder left running
 *   after the grace period;
 * - DC-4: kill -9 while the builders run: the state file still valid with
 *   the step unfinished; orphaned builders (nothing could stop them) are
 *   found and reaped; running the step again completes it with the verdict
 *   the uninterrupted run reached.
 *
 * @example
 * const [sigint, killResume] = await interruptExercises({ harness, ids, labels, expectedOutcome: true });
 */
export async function interruptExercises(o: InterruptOptions): Promise<CheckRecord[]> {
  const { harness, ids, labels } = o;
  const prepared = await harness.prepare();
  if (!prepared.ok) {
    const why = `${labels.prepare} in the scratch dir wrote no state: ${prepared.detail}`;
    return [check(ids.sigint, 'Ctrl+C mid-build saves the state', 'FAIL', why, ['R4-M6-008']), check(ids.killResume, 'kill -9 mid-build, then resume', 'FAIL', why, ['DC-4', 'R4-M6-008'])];
  }

  const sigint = await runCheck({ id: ids.sigint, name: 'Ctrl+C mid-build saves the state and leaves no builder', requirementIds: ['R4-M6-008'] }, async () => {
    const started = await harness.start();
    if (typeof started === 'string') return { status: 'FAIL', evidence: started };
    const r = await started.stop('SIGINT');
    // Builders get a grace period to end after Ctrl+C: wait for them to be gone, then count what is left.
    let left = await harness.leftovers();
    for (const end = Date.now() + (o.graceMs ?? 30_000); left.length > 0 && Date.now() < end; left = await harness.leftovers()) await new Promise((res) => setTimeout(res, 250));
    harness.reap(left);
    const { state, error } = harness.readState();
    const ok = r.exitCode === 130 && state?.interrupted === true && left.length === 0;
    return { status: ok ? 'PASS' : 'FAIL', evidence: `exit ${r.exitCode}; state ${state ? `interrupted=${state.interrupted}, phase ${state.phase}` : `invalid: ${error}`}; ${left.length} builder process(es) left running` };
  });

  const killResume = await runCheck({ id: ids.killResume, name: 'kill -9 mid-build, then resume', requirementIds: ['DC-4', 'R4-M6-008'] }, async () => {
    const started = await harness.start();
    if (typeof started === 'string') return { status: 'FAIL', evidence: started };
    await started.stop('SIGKILL');
    const { state: killed, error } = harness.readState();
    if (!killed) return { status: 'FAIL', evidence: `${labels.stateFile} invalid after kill -9: ${error}` };
    const at = killed.position;
    if (killed.stepDone) return { status: 'FAIL', evidence: `${labels.step} recorded complete although it was killed (${at})` };
    const orphans = await harness.leftovers();
    harness.reap(orphans);
    const again = await harness.rerun();
    const after = harness.readState().state;
    // The resumed step must reach the verdict the uninterrupted run reached (a stack with defects fails both).
    const expected = o.expectedOutcome;
    const ok = !!after && after.stepDone && (expected === undefined || after.outcome === expected);
    const evidence = `after kill -9: state valid (${at}); ${orphans.length} orphaned builder process(es) reaped; ${labels.step} re-run exit ${again.exitCode}, completed [${after?.completed.join(',')}], ${labels.outcome}=${after?.outcome} (uninterrupted run: ${expected})`;
    return { status: ok ? 'PASS' : 'FAIL', evidence, data: { orphans: orphans.length } };
  });
  return [sigint, killResume];
}
