import { describe, expect, it } from 'vitest';
import { commandsHelpCheck, costAccumulationCheck, type CommandRunner } from '../src/index.js';

const phases = [1, 2, 3, 4, 5].map((n) => ({ key: `m${n}`, label: `M${n}` }));

describe('costAccumulationCheck', () => {
  it('passes when every phase recorded its cost and the total is their sum', () => {
    expect(costAccumulationCheck('c', { phase_costs: { m1: 0, m2: 0, m3: 1.5, m4: 2, m5: 0.25 }, total_cost: 3.75 }, phases).status).toBe('PASS');
  });

  it('fails on a missing phase or a total that is not the sum', () => {
    expect(costAccumulationCheck('c', { phase_costs: { m1: 0, m2: 0, m3: 1 }, total_cost: 1 }, phases).evidence).toContain('not recorded for M4, M5');
    expect(costAccumulationCheck('c', { phase_costs: { m1: 0, m2: 0, m3: 1, m4: 1, m5: 1 }, total_cost: 2 }, phases).status).toBe('FAIL');
    expect(costAccumulationCheck('c', null, phases.slice(0, 1)).status).toBe('FAIL');
  });
});

/** A CLI that lists `listed` and answers help for `helps`. */
const cli = (listed: string[], helps: string[]): CommandRunner => async (args) => {
  if (args[0] === '--help') return { exitCode: 0, stdout: `Usage: tool\n\nCommands:\n${listed.map((c) => `  ${c} [options]`).join('\n')}\n` };
  return helps.includes(args[0]!) ? { exitCode: 0, stdout: `Usage: tool ${args[0]} [options]` } : { exitCode: 1, stdout: '' };
};

describe('commandsHelpCheck', () => {
  it('passes when every command is listed and answers --help', async () => {
    const rec = await commandsHelpCheck({ id: 'cli', program: 'tool', commands: ['run', 'gate'], run: cli(['run', 'gate'], ['run', 'gate']) });
    expect(rec).toMatchObject({ status: 'PASS', evidence: 'run, gate listed and each answers --help' });
  });

  it('fails naming a command not listed and one whose help fails', async () => {
    const rec = await commandsHelpCheck({ id: 'cli', program: 'tool', commands: ['run', 'gate'], run: cli(['run'], ['run']) });
    expect(rec).toMatchObject({ status: 'FAIL', evidence: '--help exit 0; not listed: gate; failing help: gate (exit 1)' });
  });
});
