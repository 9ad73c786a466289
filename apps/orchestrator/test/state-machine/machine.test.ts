import { describe, expect, it } from 'vitest';
import { GuardRejectedError, IllegalTransitionError } from '../../src/errors.js';
import { PipelineMachine } from '../../src/state-machine/machine.js';
import { GUARD_NAMES, PIPELINE_STATES, RESUME_TRIGGERS, TRANSITIONS, type GuardName, type PipelineStateName } from '../../src/state-machine/states.js';

const allTrue = () => true;

describe('the seed 004 section 5 tables', () => {
  it('has the 11 states and 13 transitions of the seed, each guard used', () => {
    expect(PIPELINE_STATES).toEqual([
      'init', 'architect_running', 'architect_review', 'contracts_registering', 'builders_running', 'builders_complete',
      'integrating', 'quality_gate', 'fix_pass', 'complete', 'failed',
    ]);
    expect(TRANSITIONS.map((t) => `${t.trigger}:${t.source}->${t.dest}`)).toEqual([
      'start_architect:init->architect_running',
      'architect_done:architect_running->architect_review',
      'approve_architecture:architect_review->contracts_registering',
      'reject_architecture:architect_review->architect_running',
      'contracts_ready:contracts_registering->builders_running',
      'builders_done:builders_running->builders_complete',
      'start_integration:builders_complete->integrating',
      'integration_done:integrating->quality_gate',
      'quality_passed:quality_gate->complete',
      'quality_failed:quality_gate->fix_pass',
      'fix_done:fix_pass->quality_gate',
      'fail:*->failed',
      'retry_quality:failed->quality_gate',
    ]);
    expect(new Set(TRANSITIONS.flatMap((t) => t.conditions))).toEqual(new Set(GUARD_NAMES));
    expect(Object.keys(RESUME_TRIGGERS)).toEqual(['init', 'architect_running', 'architect_review', 'contracts_registering', 'builders_running', 'builders_complete', 'integrating', 'quality_gate', 'fix_pass']);
  });
});

describe('PipelineMachine', () => {
  for (const t of TRANSITIONS) {
    const source: PipelineStateName = t.source === '*' ? 'quality_gate' : t.source;
    it(`${t.trigger}: ${source} -> ${t.dest} when its guards hold`, () => {
      const m = new PipelineMachine(source, allTrue);
      const record = m.fire(t.trigger);
      expect(record).toMatchObject({ from: source, to: t.dest, trigger: t.trigger });
      expect(Date.parse(record.timestamp)).not.toBeNaN();
      expect(m.state).toBe(t.dest);
    });
    for (const guard of t.conditions) {
      it(`${t.trigger} is refused from ${source} when ${guard} is false`, () => {
        const m = new PipelineMachine(source, (g: GuardName) => g !== guard);
        expect(() => m.fire(t.trigger)).toThrow(GuardRejectedError);
        try {
          m.fire(t.trigger);
        } catch (error) {
          expect((error as GuardRejectedError).guard).toBe(guard);
          expect((error as GuardRejectedError).from).toBe(source);
        }
        expect(m.state).toBe(source);
      });
    }
  }

  it('throws IllegalTransitionError for a trigger that does not leave the current state', () => {
    const m = new PipelineMachine('init', allTrue);
    expect(() => m.fire('quality_passed')).toThrow(IllegalTransitionError);
    try {
      m.fire('builders_done');
    } catch (error) {
      expect(error).toBeInstanceOf(IllegalTransitionError);
      expect((error as IllegalTransitionError).from).toBe('init');
      expect((error as IllegalTransitionError).trigger).toBe('builders_done');
      expect((error as Error).message).toContain('allowed from "init": start_architect, fail');
    }
    expect(m.state).toBe('init');
  });

  it('refuses unknown triggers and any move out of complete', () => {
    expect(() => new PipelineMachine('builders_running', allTrue).fire('teleport')).toThrow(IllegalTransitionError);
    expect(() => new PipelineMachine('complete', allTrue).fire('start_architect')).toThrow(IllegalTransitionError);
  });

  it('fail from a terminal state is refused by is_not_terminal (evaluated on the real state)', () => {
    const m = new PipelineMachine('complete', (g) => g !== 'is_not_terminal');
    expect(() => m.fire('fail')).toThrow(GuardRejectedError);
  });

  it('can() reports whether a trigger would fire without moving', () => {
    const m = new PipelineMachine('quality_gate', (g) => g !== 'all_layers_passed');
    expect(m.can('quality_passed')).toBe(false);
    expect(m.can('quality_failed')).toBe(true);
    expect(m.can('start_architect')).toBe(false);
    expect(m.state).toBe('quality_gate');
  });
});
