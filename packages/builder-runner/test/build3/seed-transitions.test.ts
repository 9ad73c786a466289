import { SEED_PIPELINE_STATES } from '@run4/schemas';
import { describe, expect, it } from 'vitest';
import { SEED_TRANSITIONS, seedReachable, seedTransitionsBetween } from '../../src/index.js';

describe('SEED_TRANSITIONS (seed 004 section 5.2)', () => {
  it('holds the 13 rows, over the 11 states of section 5.1', () => {
    expect(SEED_TRANSITIONS).toHaveLength(13);
    expect(new Set(SEED_TRANSITIONS.map((t) => t.trigger)).size).toBe(13);
    for (const t of SEED_TRANSITIONS) {
      expect(SEED_PIPELINE_STATES).toContain(t.dest);
      if (t.source !== '*') expect(SEED_PIPELINE_STATES).toContain(t.source);
    }
  });
});

describe('seedTransitionsBetween', () => {
  it('finds the row between two states, by trigger when given', () => {
    expect(seedTransitionsBetween('architect_review', 'contracts_registering')).toEqual([{ trigger: 'approve_architecture', source: 'architect_review', dest: 'contracts_registering' }]);
    expect(seedTransitionsBetween('architect_review', 'architect_running', 'reject_architecture')).toHaveLength(1);
    expect(seedTransitionsBetween('architect_review', 'architect_running', 'approve_architecture')).toEqual([]);
  });

  it('has no row that skips architect_review or jumps ahead', () => {
    expect(seedTransitionsBetween('architect_running', 'contracts_registering')).toEqual([]);
    expect(seedTransitionsBetween('init', 'builders_running')).toEqual([]);
    expect(seedTransitionsBetween('quality_gate', 'integrating')).toEqual([]);
  });

  it('lets every non-terminal state fail, and nothing leave a terminal state but retry_quality', () => {
    for (const s of SEED_PIPELINE_STATES.filter((x) => x !== 'complete' && x !== 'failed')) expect(seedTransitionsBetween(s, 'failed', 'fail')).toHaveLength(1);
    expect(seedTransitionsBetween('complete', 'failed')).toEqual([]);
    expect(seedTransitionsBetween('failed', 'failed')).toEqual([]);
    expect(seedTransitionsBetween('failed', 'quality_gate')).toEqual([{ trigger: 'retry_quality', source: 'failed', dest: 'quality_gate' }]);
    expect(SEED_PIPELINE_STATES.filter((s) => seedTransitionsBetween('complete', s).length)).toEqual([]);
  });
});

describe('seedReachable', () => {
  it('reaches forward through states polling may have missed', () => {
    expect(seedReachable('init', 'builders_running')).toBe(true);
    expect(seedReachable('init', 'complete')).toBe(true);
    expect(seedReachable('fix_pass', 'complete')).toBe(true);
    expect(seedReachable('failed', 'complete')).toBe(true);
    expect(seedReachable('builders_running', 'builders_running')).toBe(true);
  });

  it('does not go back past the architect, nor out of complete', () => {
    expect(seedReachable('builders_running', 'architect_running')).toBe(false);
    expect(seedReachable('quality_gate', 'integrating')).toBe(false);
    expect(seedReachable('complete', 'init')).toBe(false);
    expect(seedReachable('complete', 'failed')).toBe(false);
  });
});
