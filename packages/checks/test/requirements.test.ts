import { describe, expect, it } from 'vitest';
import { REQUIREMENTS, getRequirement, isKnownRequirement, milestoneOf, requirementsWithPrefix } from '../src/index.js';

const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}`);

describe('requirement catalog', () => {
  it('holds every matrix id of seed 001 section 4', () => {
    for (const id of [...range('SC-', 8), ...range('B1-', 20), ...range('B2-', 10), ...range('B3-', 10), ...range('X-', 10)]) {
      expect(isKnownRequirement(id), id).toBe(true);
    }
    expect(isKnownRequirement('B1-21')).toBe(false);
  });

  it('holds the milestone requirements R4-M1-001..R4-M6-009 with titles', () => {
    const counts = [1, 2, 3, 4, 5, 6].map((m) => requirementsWithPrefix(`R4-M${m}-`).length);
    expect(counts).toEqual([7, 8, 6, 8, 6, 9]);
    expect(getRequirement('R4-M1-002')?.title).toBe('Run4State dataclass');
    expect(getRequirement('R4-M6-009')?.title).toBe('Cost breakdown');
    expect(REQUIREMENTS.every((r) => r.title.length > 0)).toBe(true);
  });

  it('knows matrix priorities and milestone numbers', () => {
    expect(getRequirement('B1-06')?.priority).toBe('P2');
    expect(getRequirement('SC-07')?.test).toBe('test_mcp_queries');
    expect(milestoneOf('R4-M3-002')).toBe(3);
    expect(milestoneOf('SC-01')).toBeUndefined();
  });
});
