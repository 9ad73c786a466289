import { describe, expect, it } from 'vitest';
import { milestonesToRun, newState, resumeStartMilestone } from '../../src/state/index.js';

describe('resume logic (seed 001 section 7.3)', () => {
  it('starts fresh at M1 without a state', () => {
    expect(resumeStartMilestone(null)).toBe(1);
    expect(milestonesToRun(null)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('moves past the current milestone once it is completed', () => {
    const s = { ...newState(), current_milestone: 3, completed_milestones: [1, 2, 3] };
    expect(resumeStartMilestone(s)).toBe(4);
    expect(milestonesToRun(s)).toEqual([4, 5, 6]);
  });

  it('re-runs an interrupted milestone and keeps the parallel sibling that finished', () => {
    const s = { ...newState(), current_milestone: 2, completed_milestones: [1, 3] };
    expect(resumeStartMilestone(s)).toBe(2);
    expect(milestonesToRun(s)).toEqual([2, 4, 5, 6]);
  });
});
