import { describe, expect, it } from 'vitest';
import { reportedCost } from '../src/build.js';

describe('reportedCost', () => {
  it('is 0 by default: this builder calls no paid model', () => {
    expect(reportedCost({})).toBe(0);
  });
  it('reports BUILDER_COST_USD per run, and ignores what is not a cost', () => {
    expect(reportedCost({ BUILDER_COST_USD: '0.25' })).toBe(0.25);
    expect(reportedCost({ BUILDER_COST_USD: '-1' })).toBe(0);
    expect(reportedCost({ BUILDER_COST_USD: 'abc' })).toBe(0);
  });
});
