import { check, type CheckRecord } from '../check-record.js';
import { writePhaseCheckpoint, type PhaseCheckpoint, type PhaseRecord } from './phase-checkpoint.js';

/** What a phase hands back: its checks, data for later phases, and why its gate failed (if it did). */
export interface GatedPhaseOutput {
  checks: CheckRecord[];
  data: Record<string, unknown>;
  /** Set when the phase's gate condition does not hold: the pipeline stops after it. */
  gateFailed?: string;
}

/** The context every phase sees: `data` holds what earlier phases recorded (this run or a resumed one). */
export interface GatedPhaseContext {
  data: Record<string, Record<string, unknown>>;
}

/** One phase of a gated pipeline. */
export interface GatedPhase<C extends GatedPhaseContext> {
  name: string;
  title: string;
  run: (ctx: C) => Promise<GatedPhaseOutput>;
  /** An earlier phase whose live effect (e.g. a deployment) this one needs: on resume that phase is run again instead of kept. */
  needs?: string;
}

/** How to run a gated pipeline, and where its progress goes. */
export interface RunGatedPhasesOptions<C extends GatedPhaseContext, P extends GatedPhase<C>> {
  phases: readonly P[];
  ctx: C;
  /** The checkpoint file, rewritten after every phase. */
  file: string;
  runId: string;
  /** The checkpoint of an interrupted attempt of this run (phases that passed are kept), or null to start over. */
  previous: PhaseCheckpoint | null;
  /** Prefix of the runner's own check ids (`<prefix>.<phase>` for a skipped phase, `<prefix>.<phase>.error` for one that threw). */
  idPrefix: string;
  /** Requirement ids of the runner's own checks. */
  requirementIds: string[];
  /** Said in progress lines, e.g. `resuming <label> at phase 3`. */
  label: string;
  signal: AbortSignal;
  /** Called before a phase runs (e.g. progress and a state checkpoint). */
  onStart: (index: number, phase: P) => Promise<void> | void;
  info: (line: string) => void;
  detail: (line: string) => void;
  /** Called with each check of a phase that ran. */
  onCheck: (c: CheckRecord) => void;
  /** Rewrites a phase's checks before they are recorded (default: unchanged). */
  adjustChecks?: (phase: P, checks: CheckRecord[]) => CheckRecord[];
}

/** What a gated pipeline did. */
export interface GatedPhasesResult {
  checkpoint: PhaseCheckpoint;
  /** Every phase's checks, in phase order. */
  checks: CheckRecord[];
  /** Why the pipeline stopped early, or null when no gate failed. */
  stoppedBy: string | null;
  /** Every phase ran (none was skipped). */
  ran: boolean;
}

/**
 * The status of a phase from its checks: FAIL when one failed, SKIP when
 * there are none or all skipped (never counted as passed), else PASS.
 *
 * @example
 * phaseStatus([check('a', 'A', 'PASS', 'ok'), check('b', 'B', 'SKIP', 'n/a')]); // 'PASS'
 * phaseStatus([]); // 'SKIP'
 */
export function phaseStatus(checks: readonly CheckRecord[]): PhaseRecord['status'] {
  return checks.length === 0 ? 'SKIP' : checks.some((c) => c.status === 'FAIL') ? 'FAIL' : checks.every((c) => c.status === 'SKIP') ? 'SKIP' : 'PASS';
}

/**
 * Run phases in order, checkpointing each to `file`. A phase that throws is
 * recorded as a FAIL and the pipeline goes on; a phase whose gate fails
 * stops it (later phases are recorded SKIP). With a `previous` checkpoint,
 * phases that passed are kept and the run continues from the first one that
 * did not, running again any kept phase a later phase `needs`. A phase's
 * `data.provides` (name -> data) stands in for other phases' data.
 *
 * @example
 * const result = await runGatedPhases({
 *   phases: [{ name: 'deploy', title: 'deploy', run: async () => ({ checks: [check('x.deploy', 'deploy', 'PASS', 'up')], data: {} }) }],
 *   ctx: { data: {} }, file: '.run4/pipeline.json', runId: 'run-1', previous: null, idPrefix: 'x', requirementIds: ['R-1'],
 *   label: 'X', signal: new AbortController().signal, onStart: () => {}, info: console.log, detail: console.log, onCheck: () => {},
 * });
 * result.stoppedBy; // null
 */
export async function runGatedPhases<C extends GatedPhaseContext, P extends GatedPhase<C>>(options: RunGatedPhasesOptions<C, P>): Promise<GatedPhasesResult> {
  const { phases, ctx, previous, idPrefix, requirementIds } = options;
  const checkpoint: PhaseCheckpoint = { run_id: options.runId, phases: {} };
  const firstIncomplete = phases.findIndex((p) => previous?.phases[p.name]?.status !== 'PASS');
  const resumeFrom = firstIncomplete < 0 ? phases.length : firstIncomplete;
  if (previous && resumeFrom > 0) options.info(`resuming ${options.label} at phase ${resumeFrom + 1} (${phases[resumeFrom]?.name ?? 'end'}); earlier phases passed in this run`);
  const needed = new Set(phases.slice(resumeFrom).map((p) => p.needs).filter(Boolean));

  let stoppedBy: string | null = null;
  for (const [i, phase] of phases.entries()) {
    const kept = previous?.phases[phase.name];
    const reuse = i < resumeFrom && kept && !needed.has(phase.name);
    let record: PhaseRecord;
    if (stoppedBy) {
      record = { status: 'SKIP', checks: [check(`${idPrefix}.${phase.name}`, phase.title, 'SKIP', `not run: ${stoppedBy}`, requirementIds)], data: {}, finished_at: new Date().toISOString() };
    } else if (reuse) {
      record = kept;
      options.detail(`phase ${phase.name}: kept from the interrupted run`);
    } else {
      if (options.signal.aborted) throw options.signal.reason;
      await options.onStart(i, phase);
      let out: GatedPhaseOutput;
      try {
        out = await phase.run(ctx);
      } catch (error) {
        if (options.signal.aborted) throw error;
        // A phase that throws is recorded and the pipeline goes on: only a gate stops it.
        out = { checks: [check(`${idPrefix}.${phase.name}.error`, `${phase.title} ran`, 'FAIL', `threw: ${(error as Error).message}`, requirementIds)], data: {} };
      }
      if (options.adjustChecks) out = { ...out, checks: options.adjustChecks(phase, out.checks) };
      for (const c of out.checks) options.onCheck(c);
      record = { status: phaseStatus(out.checks), checks: out.checks, data: out.data, finished_at: new Date().toISOString() };
      if (out.gateFailed) {
        record.gate_failed = out.gateFailed;
        stoppedBy = `phase "${phase.name}" failed its gate: ${out.gateFailed}`;
        options.info(`${options.label} stops: ${stoppedBy}`);
      }
    }
    ctx.data[phase.name] = record.data;
    // A phase may stand in for others: its `provides` are their data.
    for (const [name, value] of Object.entries((record.data.provides ?? {}) as Record<string, Record<string, unknown>>)) ctx.data[name] = value;
    checkpoint.phases[phase.name] = record;
    writePhaseCheckpoint(options.file, checkpoint);
  }
  return {
    checkpoint,
    checks: phases.flatMap((p) => checkpoint.phases[p.name]?.checks ?? []),
    stoppedBy,
    ran: phases.every((p) => checkpoint.phases[p.name]?.status !== 'SKIP'),
  };
}
