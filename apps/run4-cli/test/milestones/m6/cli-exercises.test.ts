import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newState } from '../../../src/state/index.js';
import { cliCommandsCheck, costAccumulationCheck } from '../../../src/milestones/m6/cli-exercises.js';

// The judgements themselves are tested in packages/audit (tooling-checks.test.ts); these test the glue.
describe('M6 exercises', () => {
  it('cost accumulation reads milestone n as m<n> of phase_costs and names it M<n>', () => {
    const s = { ...newState(), phase_costs: { m1: 0, m2: 0, m3: 1.5, m4: 2, m5: 0.25 }, total_cost: 3.75 };
    expect(costAccumulationCheck(s, [1, 2, 3, 4, 5])).toMatchObject({ id: 'm6.cost.accumulated', status: 'PASS' });
    const missing = { ...newState(), phase_costs: { m1: 0, m2: 0, m3: 1 }, total_cost: 1 };
    expect(costAccumulationCheck(missing, [1, 2, 3, 4, 5]).evidence).toContain('not recorded for M4, M5');
    expect(costAccumulationCheck(null, [1]).status).toBe('FAIL');
  });

  it('finds every command of the built CLI, and fails for a program without them', async () => {
    const cli = path.resolve(__dirname, '../../../dist/main.js');
    expect((await cliCommandsCheck(cli)).status).toBe('PASS');
    const notRun4 = path.resolve(__dirname, '../../state/fixtures/bump.ts');
    expect((await cliCommandsCheck(notRun4)).status).toBe('FAIL');
  }, 60_000);
});
