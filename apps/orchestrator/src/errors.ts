import { Run4Error } from '@run4/checks';

/** Base class of every error the super orchestrator raises on purpose. */
export class OrchestratorError extends Run4Error {}

/**
 * A trigger fired from a state it does not leave (no row of the transition
 * table has that trigger and source).
 *
 * @example
 * try { machine.fire('builders_done'); } catch (e) { if (e instanceof IllegalTransitionError) console.error(e.from, e.trigger); }
 */
export class IllegalTransitionError extends OrchestratorError {
  readonly trigger: string;
  readonly from: string;
  constructor(trigger: string, from: string, allowed: readonly string[]) {
    super(`illegal transition: trigger "${trigger}" cannot fire from state "${from}" (allowed from "${from}": ${allowed.length > 0 ? allowed.join(', ') : 'none'})`, {
      code: 'ILLEGAL_TRANSITION',
      exitCode: 1,
    });
    this.trigger = trigger;
    this.from = from;
  }
}

/** A legal trigger whose guard condition is false, e.g. `builders_done` with no builder succeeded. */
export class GuardRejectedError extends OrchestratorError {
  readonly trigger: string;
  readonly from: string;
  readonly guard: string;
  constructor(trigger: string, from: string, guard: string) {
    super(`transition "${trigger}" from "${from}" refused: guard "${guard}" is false`, { code: 'GUARD_REJECTED', exitCode: 1 });
    this.trigger = trigger;
    this.from = from;
    this.guard = guard;
  }
}

/** Bad user input (PRD, config, command line, missing state): exit 2, one line. */
export class OrchestratorInputError extends OrchestratorError {
  readonly field: string | undefined;
  constructor(message: string, field?: string) {
    super(message, { code: 'ORCHESTRATOR_INPUT_INVALID', exitCode: 2 });
    this.field = field;
  }
}

/** A phase could not do its work (a Build 1 tool failed, no builder succeeded, ...). */
export class PhaseError extends OrchestratorError {
  readonly phase: string;
  constructor(phase: string, message: string, cause?: unknown) {
    super(`${phase}: ${message}`, { code: 'PHASE_FAILED', exitCode: 1, cause });
    this.phase = phase;
  }
}

/** A SIGINT/SIGTERM stopped the pipeline; the state was saved as interrupted. */
export class PipelineInterruptedError extends OrchestratorError {
  readonly signal: string;
  constructor(signal: string, state: string) {
    super(`interrupted by ${signal} in state ${state}; state saved, continue with \`super-orchestrator resume\``, { code: 'INTERRUPTED', exitCode: 130 });
    this.signal = signal;
  }
}
