import { Run4Error } from '@run4/checks';
import { PipelineInterruptedError } from '../errors.js';
import { saveState } from '../state/state-store.js';
import { PipelineMachine, type TransitionRecord } from '../state-machine/machine.js';
import { isTerminal, type PipelineStateName, RESUME_TRIGGERS } from '../state-machine/states.js';
import type { PipelineContext, PipelinePhases } from './context.js';
import { evaluateGuard } from './guards.js';

/** How far one command drives the pipeline. */
export interface DriveOptions {
  /** Return (paused) instead of firing these triggers. */
  stopBefore?: ReadonlySet<string>;
  /** Return when one of these states is entered (not checked for the starting state). */
  stopAtStates?: ReadonlySet<PipelineStateName>;
  /** Approve a passing review without `architect.auto_approve` (the `build` command is the approval). */
  approve?: boolean;
  /** Enter the fix loop on a failing gate (`verify --no-fix` turns it off). */
  fix?: boolean;
  /** The user asked to retry the gate of a failed pipeline (`verify`). */
  manualRetry?: boolean;
}

/** Why {@link PipelineDriver.drive} returned. */
export interface DriveResult {
  state: PipelineStateName;
  /** complete/failed, or paused before a stop point. */
  outcome: 'complete' | 'failed' | 'paused';
  reason: string;
}

/**
 * Drives the state machine through the phases: each state's work, then the
 * trigger the table says comes next; PIPELINE_STATE.json is saved after
 * every transition. A phase error, a refused guard or a spent budget fires
 * `fail` with the reason; a signal leaves the state as it was, marked
 * interrupted. `drive` continues from whatever state is saved, which is
 * what `resume` does (seed 004 section 5.4).
 *
 * @example
 * const driver = new PipelineDriver(ctx, phases);
 * const result = await driver.drive(); // { state: 'complete', outcome: 'complete', ... }
 */
export class PipelineDriver {
  readonly machine: PipelineMachine;
  private readonly ctx: PipelineContext;
  private readonly phases: PipelinePhases;
  private manualRetry = false;

  constructor(ctx: PipelineContext, phases: PipelinePhases) {
    this.ctx = ctx;
    this.phases = phases;
    this.machine = new PipelineMachine(ctx.state.current_state, (guard) =>
      evaluateGuard(guard, ctx.state, { config: ctx.config, manualRetry: this.manualRetry }),
    );
  }

  /** Persist the state with the tracker's figures. */
  save(): void {
    const { state, tracker } = this.ctx;
    state.cost_tracker = tracker.toDict();
    state.phase_costs = tracker.phaseCosts();
    state.total_cost = tracker.totalCost;
    saveState(state);
  }

  /** Fire a trigger, record it and save. Throws the machine's typed errors. */
  fire(trigger: string): TransitionRecord {
    const record = this.machine.fire(trigger);
    const state = this.ctx.state;
    state.previous_state = record.from;
    state.current_state = record.to;
    if (!state.completed_phases.includes(record.from) && record.to !== 'failed') state.completed_phases.push(record.from);
    state.transition_history.push(record);
    state.resume_trigger = RESUME_TRIGGERS[record.to] ?? '';
    state.interrupted = false;
    state.interrupt_reason = '';
    // The seed's counting `after` callbacks.
    if (trigger === 'reject_architecture') state.architect_retries += 1; // increment_architect_retries
    if (trigger === 'quality_failed') state.quality_attempts += 1; // launch_fix_pass counts the attempt
    this.save();
    this.ctx.log(`[state] ${record.from} --${trigger}--> ${record.to}`);
    return record;
  }

  /** Enter `failed` with a reason (no-op when already terminal). */
  fail(reason: string): void {
    if (isTerminal(this.ctx.state.current_state)) return;
    this.ctx.state.failure_reason = reason;
    this.ctx.log(`[failed] ${reason}`);
    this.fire('fail');
  }

  private checkBudget(phase: string): boolean {
    const budget = this.ctx.tracker.checkBudget();
    if (budget.warning && budget.ok) this.ctx.log(`[budget] warning: ${budget.message}`);
    if (!budget.ok) {
      this.fail(`${budget.message} (after ${phase})`);
      return false;
    }
    return true;
  }

  private async phase(name: string, work: () => Promise<void>): Promise<boolean> {
    this.ctx.tracker.startPhase(name);
    this.save();
    await work();
    this.ctx.tracker.endPhase(name);
    this.save();
    return this.checkBudget(name);
  }

  private interrupted(): PipelineInterruptedError | null {
    if (!this.ctx.signal.aborted) return null;
    const state = this.ctx.state;
    const reason = String((this.ctx.signal.reason as Error | undefined)?.message ?? 'signal received');
    const sig = reason.split(' ')[0] ?? 'SIGINT';
    state.interrupted = true;
    state.interrupt_reason = `${reason} during ${state.current_state}`;
    this.save();
    return new PipelineInterruptedError(sig, state.current_state);
  }

  /**
   * Run states until a terminal state or a stop point. Throws
   * PipelineInterruptedError (state saved) on a signal.
   */
  async drive(options: DriveOptions = {}): Promise<DriveResult> {
    this.manualRetry = options.manualRetry ?? false;
    const start = this.ctx.state.current_state;
    let first = true;
    for (;;) {
      const current = this.ctx.state.current_state;
      if (!first && options.stopAtStates?.has(current)) return { state: current, outcome: 'paused', reason: `stopped at ${current}` };
      first = false;
      if (current === 'complete') return { state: current, outcome: 'complete', reason: 'pipeline complete' };
      if (current === 'failed' && !(this.manualRetry && start === 'failed')) return { state: current, outcome: 'failed', reason: this.ctx.state.failure_reason };
      const stop = this.interrupted();
      if (stop) throw stop;
      try {
        const next = await this.step(current, options);
        const stopNow = this.interrupted();
        if (stopNow) throw stopNow;
        if (next === null) continue;
        if (typeof next === 'object') {
          this.ctx.log(`[paused] ${next.pause}`);
          return { state: current, outcome: 'paused', reason: next.pause };
        }
        if (options.stopBefore?.has(next)) return { state: current, outcome: 'paused', reason: `paused before ${next}` };
        this.fire(next);
      } catch (error) {
        if (error instanceof PipelineInterruptedError) throw error;
        const stopNow = this.interrupted();
        if (stopNow) throw stopNow;
        // Bad input (a config field, a missing .mcp.json) is the user's to fix: exit 2, the state stays where it is.
        if (error instanceof Run4Error && error.exitCode === 2) throw error;
        const reason = error instanceof Run4Error ? error.message : `${current}: unexpected error: ${(error as Error).message}`;
        this.fail(reason);
      }
    }
  }

  /** Do the work of `state`; return the trigger to fire next, or null when the step already moved. */
  private async step(state: PipelineStateName, options: DriveOptions): Promise<string | { pause: string } | null> {
    const { ctx, phases } = this;
    switch (state) {
      case 'init':
        return 'start_architect';
      case 'architect_running':
        ctx.state.architect_review_verdict = 'pending';
        if (!(await this.phase(state, () => phases.architect(ctx)))) return null;
        return 'architect_done';
      case 'architect_review': {
        if (ctx.state.architect_review_verdict === 'pending') {
          const review = await phases.review(ctx);
          ctx.state.architect_review_verdict = review.approved ? 'approved' : 'rejected';
          ctx.state.architect_review_reasons = review.reasons;
          this.save();
          ctx.log(`[review] ${ctx.state.architect_review_verdict}${review.reasons.length ? `: ${review.reasons.join('; ')}` : ''}`);
        }
        if (ctx.state.architect_review_verdict === 'approved') {
          if (!ctx.config.architect.auto_approve && !options.approve) return { pause: 'architecture approved by review; awaiting approval (run `super-orchestrator build`, or set architect.auto_approve)' };
          return 'approve_architecture';
        }
        if (this.machine.can('reject_architecture')) return 'reject_architecture';
        this.fail(`architecture rejected after ${ctx.state.architect_retries} retries: ${ctx.state.architect_review_reasons.join('; ')}`);
        return null;
      }
      case 'contracts_registering':
        if (!(await this.phase(state, () => phases.registerContracts(ctx)))) return null;
        return 'contracts_ready';
      case 'builders_running':
        if (!(await this.phase(state, () => phases.builders(ctx)))) return null;
        return 'builders_done';
      case 'builders_complete':
        return 'start_integration';
      case 'integrating':
        if (!(await this.phase(state, () => phases.integrate(ctx)))) return null;
        return 'integration_done';
      case 'quality_gate': {
        let outcome: Awaited<ReturnType<PipelinePhases['qualityGate']>> | undefined;
        if (!(await this.phase(state, async () => void (outcome = await phases.qualityGate(ctx))))) return null;
        ctx.state.last_quality_results = { overall_verdict: outcome?.overall_verdict ?? 'skipped', ...outcome?.layers };
        this.save();
        if (this.machine.can('quality_passed')) return 'quality_passed';
        if (options.fix === false) return { pause: `quality gate verdict ${ctx.state.last_quality_results.overall_verdict}; fixing is off (--no-fix)` };
        if (this.machine.can('quality_failed')) return 'quality_failed';
        this.fail(`quality gate verdict ${ctx.state.last_quality_results.overall_verdict} after ${ctx.state.quality_attempts} fix pass(es) (max_fix_retries ${ctx.state.max_quality_retries})`);
        return null;
      }
      case 'fix_pass':
        if (!(await this.phase(state, () => phases.fixPass(ctx)))) return null;
        return 'fix_done';
      case 'failed':
        ctx.state.failure_reason = '';
        this.fire('retry_quality');
        this.manualRetry = false;
        return null;
      case 'complete':
        return null;
    }
  }
}
