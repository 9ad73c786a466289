import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newState } from '../../../src/state/index.js';
import { cliCommandsCheck, costAccumulationCheck } from '../../../src/milestones/m6/cli-exercises.js';

describe('M6 exercises', () => {
  it('cost accumulation passes when every milestone recorded its cost and the total is their sum', () => {
    const s = { ...newState(), phase_costs: { m1: 0, m2: 0, m3: 1.5, m4: 2, m5: 0.25 }, total_cost: 3.75 };
    expect(costAccumulationCheck(s, [1, 2, 3, 4, 5]).status).toBe('PASS');
  });

  it('cost accumulation fails on a missing milestone or a total that is not the sum', () => {
    const missing = { ...newState(), phase_costs: { m1: 0, m2: 0, m3: 1 }, total_cost: 1 };
    expect(costAccumulationCheck(missing, [1, 2, 3, 4, 5]).evidence).toContain('not recorded for M4, M5');
    const wrong = { ...newState(), phase_costs: { m1: 0, m2: 0, m3: 1, m4: 1, m5: 1 }, total_cost: 2 };
    expect(costAccumulationCheck(wrong, [1, 2, 3, 4, 5]).status).toBe('FAIL');
    expect(costAccumulationCheck(null, [1]).status).toBe('FAIL');
  });

  it('finds every command of the built CLI, and fails for a program without them', async () => {
    const cli = path.resolve(__dirname, '../../../dist/main.js');
    expect((await cliCommandsCheck(cli)).status).toBe('PASS');
    const notRun4 = path.resolve(__dirname, '../../state/fixtures/bump.ts');
    expect((await cliCommandsCheck(notRun4)).status).toBe('FAIL');
  }, 60_000);
});
