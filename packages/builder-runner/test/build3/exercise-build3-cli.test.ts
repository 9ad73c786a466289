import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEED_BUILD3_COMMANDS, build3ExerciseSkips, exerciseBuild3Cli, midBuild, type Build3ExerciseOptions, type RunBuild3Options } from '../../src/index.js';
import { build3Run, pipelineState } from './helpers.js';

const ids = { commands: 'b3.commands', sigint: 'b3.sigint', resume: 'b3.resume', budget: 'b3.budget' };
const HELP = `Usage: b3\n\nCommands:\n${SEED_BUILD3_COMMANDS.map((c) => `  ${c} [options]  does ${c}`).join('\n')}\n`;
const interruptedState = (signal: string) => build3Run({ exit_code: 130, interrupted: { signal, at_state: 'builders_running' }, final_state: pipelineState({ current_state: 'builders_running', interrupted: true, interrupt_reason: `${signal} received` }) });

/** A Build 3 that behaves well, unless `plant` replaces one of its answers. */
function options(plant: Partial<Build3ExerciseOptions> = {}): Build3ExerciseOptions & { calls: RunBuild3Options[] } {
  const calls: RunBuild3Options[] = [];
  return {
    calls,
    build3: { command: 'b3 -c {config} -o {output}', config: { output: '{output}', budget_limit: '{budget_limit}' }, state_file: '.b3/PIPELINE_STATE.json' },
    values: { stack: '/stack', budget_limit: 100 },
    expectedEnd: 'complete',
    spent: 0,
    earlierRun: 'the earlier run',
    prdPath: '/stack/prd.md',
    scratchRoot: mkdtempSync(path.join(tmpdir(), 'b3-exercises-')),
    timeoutMs: 60_000,
    ids,
    info: () => {},
    help: async () => ({ exitCode: 0, text: HELP }),
    run: async (o) => {
      calls.push(o);
      if (o.interrupt) return interruptedState(o.interrupt.signal);
      const budget = /budget/.test(String(o.logDir)) ? pipelineState({ current_state: 'failed', interrupt_reason: 'budget exceeded', total_cost: 0.6, transition_history: [] }) : pipelineState();
      return build3Run({ exit_code: budget.current_state === 'failed' ? 1 : 0, final_state: budget, observed_states: ['init', 'builders_running', budget.current_state] });
    },
    ...plant,
  };
}

describe('exerciseBuild3Cli', () => {
  it('runs each exercise in its own scratch config and passes a well-behaved Build 3', async () => {
    const o = options({ spent: 1.2 });
    const checks = await exerciseBuild3Cli(o);
    expect(checks.map((c) => `${c.id} ${c.status}`)).toEqual(['b3.commands PASS', 'b3.sigint PASS', 'b3.resume PASS', 'b3.budget PASS']);
    expect(o.calls.map((c) => c.argv.slice(-3).join(' '))).toEqual(['run --prd /stack/prd.md', 'run --prd /stack/prd.md', `-o ${path.join(o.scratchRoot, 'build3-kill-resume', 'out')} resume`, 'run --prd /stack/prd.md']);
    const budgetConfig = path.join(o.scratchRoot, 'build3-budget', 'config.yaml');
    expect(existsSync(budgetConfig) && readFileSync(budgetConfig, 'utf8')).toContain('budget_limit: 0.6');
    expect(o.calls[0]!.interrupt?.when).toBe(midBuild);
  });

  it('fails the commands check on a command whose --help fails', async () => {
    const checks = await exerciseBuild3Cli(options({ help: async (argv) => ({ exitCode: argv.includes('plan') ? 2 : 0, text: HELP }) }));
    expect(checks[0]).toMatchObject({ id: 'b3.commands', status: 'FAIL', evidence: 'plan --help exited 2' });
  });

  it('fails Ctrl+C and resume when Build 3 finishes instead of being interrupted', async () => {
    const checks = await exerciseBuild3Cli(options({ run: async () => build3Run() }));
    expect(checks.slice(1, 3).map((c) => c.status)).toEqual(['FAIL', 'FAIL']);
  });

  it('skips the budget stop when the earlier run cost nothing', async () => {
    const checks = await exerciseBuild3Cli(options());
    expect(checks[3]).toMatchObject({ status: 'SKIP', evidence: "the earlier run's Build 3 run cost $0.00: no budget can be spent, so a budget stop cannot be observed" });
  });

  it('skips all four with one reason', () => {
    expect(build3ExerciseSkips(ids, 'no Build 3').map((c) => `${c.id} ${c.status} ${c.evidence}`)).toEqual(['b3.commands SKIP no Build 3', 'b3.sigint SKIP no Build 3', 'b3.resume SKIP no Build 3', 'b3.budget SKIP no Build 3']);
  });
});
