import { GuardRejectedError, IllegalTransitionError } from '../errors.js';
import { type GuardName, type PipelineStateName, type TransitionDef, TRANSITIONS } from './states.js';

/** One made transition, as recorded in PIPELINE_STATE.json `transition_history`. */
export interface TransitionRecord {
  from: PipelineStateName;
  to: PipelineStateName;
  trigger: string;
  timestamp: string;
}

/** Evaluates one guard against the pipeline's current facts. */
export type GuardEvaluator = (guard: GuardName, transition: TransitionDef) => boolean;

/**
 * A small table-driven state machine over {@link TRANSITIONS}: `fire`
 * finds the row for (trigger, current state), evaluates its guards in order
 * and moves, or throws {@link IllegalTransitionError} /
 * {@link GuardRejectedError}. It holds no phase logic.
 *
 * @example
 * const m = new PipelineMachine('init', () => true);
 * m.fire('start_architect'); // { from: 'init', to: 'architect_running', ... }
 * m.fire('quality_passed'); // throws IllegalTransitionError
 */
export class PipelineMachine {
  private current: PipelineStateName;
  private readonly guards: GuardEvaluator;
  private readonly table: readonly TransitionDef[];

  constructor(initial: PipelineStateName, guards: GuardEvaluator, table: readonly TransitionDef[] = TRANSITIONS) {
    this.current = initial;
    this.guards = guards;
    this.table = table;
  }

  /** The current state. */
  get state(): PipelineStateName {
    return this.current;
  }

  /** The row `trigger` would use from `from`, if any (exact source first, then `*`). */
  find(trigger: string, from: PipelineStateName = this.current): TransitionDef | undefined {
    return this.table.find((t) => t.trigger === trigger && t.source === from) ?? this.table.find((t) => t.trigger === trigger && t.source === '*');
  }

  /** Triggers that have a row leaving `from` (guards not evaluated). */
  triggersFrom(from: PipelineStateName = this.current): string[] {
    return this.table.filter((t) => t.source === from || t.source === '*').map((t) => t.trigger);
  }

  /** True when `trigger` has a row from the current state and all its guards hold. */
  can(trigger: string): boolean {
    const row = this.find(trigger);
    return row !== undefined && row.conditions.every((g) => this.guards(g, row));
  }

  /**
   * Make a transition. Throws IllegalTransitionError when no row matches,
   * GuardRejectedError naming the first false guard.
   */
  fire(trigger: string): TransitionRecord {
    const row = this.find(trigger);
    if (!row) throw new IllegalTransitionError(trigger, this.current, this.triggersFrom());
    for (const guard of row.conditions) {
      if (!this.guards(guard, row)) throw new GuardRejectedError(trigger, this.current, guard);
    }
    const record: TransitionRecord = { from: this.current, to: row.dest, trigger, timestamp: new Date().toISOString() };
    this.current = row.dest;
    return record;
  }
}
