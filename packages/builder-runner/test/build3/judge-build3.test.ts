import type { CheckRecord } from '@run4/checks';
import { describe, expect, it } from 'vitest';
import {
  SEED_BUILD3_COMMANDS,
  checkBudgetStop,
  checkCommands,
  checkCostAccumulated,
  checkInterruptSaved,
  checkOutcome,
  checkResumeAfterKill,
  checkTransitions,
} from '../../src/index.js';
import { HAPPY_PATH, build3Run, historyOf, pipelineState } from './helpers.js';

const expectStatus = (record: CheckRecord, status: CheckRecord['status'], evidence?: RegExp) => {
  expect(record.status).toBe(status);
  if (evidence) expect(record.evidence).toMatch(evidence);
};

describe('checkTransitions (B3-01)', () => {
  it('passes a seed path whose polled states appear in the history in order', () => {
    const run = build3Run({ observed_states: ['init', 'architect_review', 'builders_running', 'complete'] });
    expectStatus(checkTransitions(run), 'PASS', /8 transitions, all seed rows: init > architect_running > .* > complete/);
  });

  it('passes a fix pass, a rejected architecture and a retry after failure (all seed rows)', () => {
    const path = ['init', 'architect_running', 'architect_review', 'architect_running', 'architect_review', 'contracts_registering', 'builders_running', 'builders_complete', 'integrating', 'quality_gate', 'fix_pass', 'quality_gate', 'failed', 'quality_gate', 'complete'];
    expectStatus(checkTransitions(build3Run({ final_state: pipelineState({ transition_history: historyOf(path) }), observed_states: ['init', 'fix_pass', 'failed', 'complete'] })), 'PASS');
  });

  it('fails a history that skips architect_review, even under the seed trigger name', () => {
    const history = historyOf(HAPPY_PATH.filter((s) => s !== 'architect_review'));
    expect(history[1]).toMatchObject({ from: 'architect_running', to: 'contracts_registering', trigger: 'made_up' });
    expectStatus(checkTransitions(build3Run({ final_state: pipelineState({ transition_history: history }) })), 'FAIL', /illegal transition\(s\): architect_running --made_up--> contracts_registering/);
    history[1]!.trigger = 'approve_architecture';
    expectStatus(checkTransitions(build3Run({ final_state: pipelineState({ transition_history: history }) })), 'FAIL', /architect_running --approve_architecture--> contracts_registering/);
  });

  it('fails a seed pair recorded under another row\'s trigger', () => {
    const history = historyOf(HAPPY_PATH);
    history[0]!.trigger = 'architect_done';
    expectStatus(checkTransitions(build3Run({ final_state: pipelineState({ transition_history: history }) })), 'FAIL', /init --architect_done--> architect_running/);
  });

  it('fails leaving a terminal state other than by retry_quality', () => {
    const history = [...historyOf(HAPPY_PATH), { from: 'complete', to: 'failed', trigger: 'fail' }];
    expectStatus(checkTransitions(build3Run({ final_state: pipelineState({ transition_history: history }) })), 'FAIL', /complete --fail--> failed/);
  });

  it('fails a history of legal rows that is not one path', () => {
    const history = historyOf(HAPPY_PATH);
    history.splice(3, 1); // contracts_registering -> builders_running is gone
    expectStatus(checkTransitions(build3Run({ final_state: pipelineState({ transition_history: history }) })), 'FAIL', /entry 3 leaves builders_running but the one before reached contracts_registering/);
  });

  it('fails a history that does not end where current_state says the pipeline is', () => {
    const run = build3Run({ final_state: pipelineState({ transition_history: historyOf(HAPPY_PATH.slice(0, -1)) }), observed_states: ['init'] });
    expectStatus(checkTransitions(run), 'FAIL', /the history ends in quality_gate but current_state is complete/);
  });

  it('fails when polling saw a state where the history does not have it', () => {
    const run = build3Run({ observed_states: ['init', 'builders_running', 'architect_review', 'complete'] });
    expectStatus(checkTransitions(run), 'FAIL', /polling saw architect_review at a point the recorded history does not have it/);
    expectStatus(checkTransitions(build3Run({ observed_states: ['init', 'fix_pass'] })), 'FAIL', /polling saw fix_pass/);
  });

  it('only WARNs (never passes) without a transition_history, and fails polled states no seed path allows', () => {
    const noHistory = pipelineState({ transition_history: undefined });
    expectStatus(checkTransitions(build3Run({ final_state: noHistory })), 'WARN', /no transition_history .*\(init > builders_running > complete\)/);
    expectStatus(checkTransitions(build3Run({ final_state: pipelineState({ transition_history: [] }) })), 'WARN');
    expectStatus(checkTransitions(build3Run({ final_state: noHistory, observed_states: [] })), 'WARN', /none seen/);
    expectStatus(checkTransitions(build3Run({ final_state: noHistory, observed_states: ['init', 'complete', 'init'] })), 'FAIL', /polling saw complete then init/);
    expectStatus(checkTransitions(build3Run({ final_state: noHistory, observed_states: ['builders_running', 'architect_running'] })), 'FAIL');
  });

  it('fails without a valid state file, giving the reason', () => {
    expectStatus(checkTransitions(build3Run({ final_state: null, state_error: 'x.json: does not exist' })), 'FAIL', /no valid PIPELINE_STATE.json: x.json: does not exist/);
  });
});

describe('checkOutcome (B3-01, SC-01)', () => {
  it('passes complete with exit 0', () => {
    expectStatus(checkOutcome(build3Run()), 'PASS', /complete, exit 0/);
  });

  it('fails complete with a non-zero exit, a failed state, a kill and a missing state', () => {
    expectStatus(checkOutcome(build3Run({ exit_code: 1 })), 'FAIL', /says complete but Build 3 exited 1/);
    const failed = pipelineState({ current_state: 'failed', failure_reason: 'no builder succeeded' } as Partial<ReturnType<typeof pipelineState>>);
    expectStatus(checkOutcome(build3Run({ exit_code: 1, final_state: failed })), 'FAIL', /exited 1 in state failed: no builder succeeded/);
    expectStatus(checkOutcome(build3Run({ exit_code: 0, final_state: pipelineState({ current_state: 'quality_gate' }) })), 'FAIL', /exited 0 in state quality_gate/);
    expectStatus(checkOutcome(build3Run({ exit_code: null, signal: 'SIGKILL', final_state: pipelineState({ current_state: 'builders_running' }) })), 'FAIL', /was killed by SIGKILL in state builders_running/);
    expectStatus(checkOutcome(build3Run({ timed_out: true, final_state: null, state_error: 'not JSON' })), 'FAIL', /timed out and left no valid PIPELINE_STATE.json: not JSON/);
  });
});

describe('checkCostAccumulated (B3-10)', () => {
  it('passes when total_cost is the sum of phase_costs and every builder\'s own cost is booked', () => {
    expectStatus(checkCostAccumulated(pipelineState(), { 'svc-a': 0.25, 'svc-b': 0.5 }), 'PASS', /total_cost \$1\.0000; .* builders reported \$0\.7500, booked \$0\.7500/);
  });

  it('fails a total_cost that is not the sum of phase_costs', () => {
    expectStatus(checkCostAccumulated(pipelineState({ total_cost: 0.8 }), { 'svc-a': 0.25 }), 'FAIL', /total_cost \$0\.8000 is not the sum of phase_costs \$1\.0000/);
  });

  it('fails a builder\'s STATE.json cost that Build 3 did not book, or booked less', () => {
    expectStatus(checkCostAccumulated(pipelineState(), { 'svc-a': 0.25, 'svc-c': 0.1 }), 'FAIL', /svc-c: its STATE.json reports \$0\.1000, Build 3 booked nothing/);
    expectStatus(checkCostAccumulated(pipelineState(), { 'svc-a': 0.3 }), 'FAIL', /svc-a: its STATE.json reports \$0\.3000, Build 3 booked \$0\.2500/);
  });

  it('fails a total below what the builders reported', () => {
    const state = pipelineState({ total_cost: 0.5, phase_costs: { builders_running: 0.5 }, builder_costs: { 'svc-a': 0.4, 'svc-b': 0.4 } });
    expectStatus(checkCostAccumulated(state, { 'svc-a': 0.4, 'svc-b': 0.4 }), 'FAIL', /total_cost \$0\.5000 is less than the builders reported \(\$0\.8000\)/);
  });

  it('SKIPs (does not pass) when nothing cost anything, and fails without a state', () => {
    const zeros = pipelineState({ total_cost: 0, phase_costs: { architect_running: 0, builders_running: 0 }, builder_costs: { 'svc-a': 0 } });
    expectStatus(checkCostAccumulated(zeros, { 'svc-a': 0 }), 'SKIP', /accumulation of zeros proves nothing/);
    expectStatus(checkCostAccumulated(zeros, {}), 'SKIP');
    expectStatus(checkCostAccumulated(null, {}), 'FAIL');
  });
});

const allZero = Object.fromEntries(SEED_BUILD3_COMMANDS.map((c) => [c, 0]));

/** Help texts of four CLI frameworks, each listing the eight commands of seed 004 section 9.1. */
const HELP: Record<string, string> = {
  'the seed\'s (click)': `super-orchestrator [OPTIONS] COMMAND [ARGS]

Options:
  --config, -c PATH       Path to config.yaml
  --verbose, -v           Verbose output
  --depth DEPTH           Override depth (quick|standard|thorough|exhaustive)

Commands:
  init       Initialize a new build from a PRD file
  plan       Run the Architect to produce service decomposition
  build      Run Builders to produce service code
  integrate  Run the Integrator to deploy and test services
  verify     Run the Quality Gate verification
  run        Run full pipeline: plan -> build -> integrate -> verify
  status     Show current pipeline state and progress
  resume     Resume an interrupted pipeline from saved state
`,
  'commander, with a wrapped description': `Usage: super-orchestrator [options] [command]

Options:
  -c, --config <path>        path to config.yaml
  -h, --help                 display help for command

Commands:
  init [options] <prd_path>  Initialize a new build from a PRD file
  plan [options]             Run the Architect to produce service decomposition
  build [options]            Run Builders to produce service code
  integrate [options]        Run the Integrator to deploy and test services
  verify [options]           Run the Quality Gate verification
  run [options] [prd_path]   Run full pipeline: plan -> build -> integrate ->
                             verify
  status [options]           Show current pipeline state and progress
  resume                     Resume an interrupted pipeline from saved state
  help [command]             display help for command
`,
  'typer (rich box)': `
 Usage: super-orchestrator [OPTIONS] COMMAND [ARGS]...

╭─ Commands ───────────────────────────────────────────────────────────────╮
│ init        Initialize a new build from a PRD file                        │
│ plan        Run the Architect to produce service decomposition            │
│ build       Run Builders to produce service code                          │
│ integrate   Run the Integrator to deploy and test services                │
│ verify      Run the Quality Gate verification                             │
│ run         Run full pipeline: plan -> build -> integrate -> verify       │
│ status      Show current pipeline state and progress                      │
│ resume      Resume an interrupted pipeline from saved state               │
╰──────────────────────────────────────────────────────────────────────────╯
`,
};

describe('checkCommands (B3-05)', () => {
  it.each(Object.entries(HELP))('passes %s help listing all eight commands', (_name, text) => {
    expectStatus(checkCommands({ exitCode: 0, text }, allZero), 'PASS', /--help lists init, plan, build, integrate, verify, run, status, resume/);
  });

  it('passes an argparse choice list', () => {
    const text = 'usage: super-orchestrator [-h] [-c CONFIG] {init,plan,build,integrate,verify,run,status,resume} ...\n\npositional arguments:\n  {init,plan,build,integrate,verify,run,status,resume}\n';
    expectStatus(checkCommands({ exitCode: 0, text }, allZero), 'PASS');
  });

  // every command's name also occurs in another line's description or a wrapped line in at least one of the texts
  describe.each(Object.entries(HELP))('%s help', (_name, text) => {
    it.each([...SEED_BUILD3_COMMANDS])('fails when the %s command is missing', (command) => {
      const lines = text.split('\n');
      const without = lines.filter((l) => !new RegExp(`^[\\s│]*${command}\\b`).test(l) || /^\s{20,}\S+$/.test(l)).join('\n');
      expect(without.split('\n').length).toBe(lines.length - 1);
      const record = checkCommands({ exitCode: 0, text: without }, allZero);
      expectStatus(record, 'FAIL', new RegExp(`not in --help: ${command}$`));
    });
  });

  it('fails a --help that exits non-zero, and a command whose own --help fails', () => {
    expectStatus(checkCommands({ exitCode: 2, text: HELP['the seed\'s (click)']! }, allZero), 'FAIL', /--help exited 2/);
    expectStatus(checkCommands({ exitCode: 0, text: HELP['the seed\'s (click)']! }, { ...allZero, status: 1, resume: null }), 'FAIL', /status --help exited 1; resume --help exited null/);
  });

  it('does not credit the commands\' own --help when it was not run for each', () => {
    const { verify: _notRun, ...sevenRun } = allZero;
    expectStatus(checkCommands({ exitCode: 0, text: HELP['the seed\'s (click)']! }, sevenRun), 'FAIL', /^verify --help was not run$/);
    expectStatus(checkCommands({ exitCode: 0, text: HELP['the seed\'s (click)']! }, {}), 'FAIL', /init --help was not run; .*; resume --help was not run/);
  });
});

const interrupted = { signal: 'SIGINT', at_state: 'builders_running' };
const savedState = pipelineState({ current_state: 'builders_running', interrupted: true, interrupt_reason: 'SIGINT', transition_history: historyOf(HAPPY_PATH.slice(0, 5)) });

describe('checkInterruptSaved (B3-09)', () => {
  it('passes a SIGINT run that saved interrupted: true in a non-terminal state, exited non-zero and left nothing', () => {
    expectStatus(checkInterruptSaved(build3Run({ interrupted, exit_code: 130, final_state: savedState })), 'PASS', /SIGINT at builders_running; exit 130; state builders_running, interrupted true, "SIGINT"/);
  });

  it('fails a state with interrupted: false', () => {
    expectStatus(checkInterruptSaved(build3Run({ interrupted, exit_code: 130, final_state: { ...savedState, interrupted: false } })), 'FAIL', /PIPELINE_STATE.json has interrupted: false/);
  });

  it.each(['complete', 'failed'] as const)('fails a run that ended %s instead of keeping its place', (end) => {
    expectStatus(checkInterruptSaved(build3Run({ interrupted, exit_code: 1, final_state: { ...savedState, current_state: end } })), 'FAIL', new RegExp(`it ended in ${end} instead of keeping its place`));
  });

  it('fails exit 0, leftover process groups, no state, and a run never interrupted', () => {
    expectStatus(checkInterruptSaved(build3Run({ interrupted, exit_code: 0, final_state: savedState })), 'FAIL', /it exited 0 as if it had finished/);
    expectStatus(checkInterruptSaved(build3Run({ interrupted, exit_code: 130, final_state: savedState, leftover_groups: [4242] })), 'FAIL', /1 process group\(s\) of it were still alive/);
    expectStatus(checkInterruptSaved(build3Run({ interrupted, exit_code: 130, final_state: null, state_error: 'not JSON' })), 'FAIL', /no valid PIPELINE_STATE.json after SIGINT: not JSON/);
    expectStatus(checkInterruptSaved(build3Run({ interrupted: null, exit_code: 0 })), 'FAIL', /never reached the moment to interrupt \(saw init > builders_running > complete; exit 0\)/);
  });
});

describe('checkResumeAfterKill (B3-08)', () => {
  const killed = build3Run({ interrupted: { signal: 'SIGKILL', at_state: 'builders_running' }, exit_code: null, signal: 'SIGKILL', final_state: { ...savedState, interrupted: false } });

  it('passes a resume that reaches the uninterrupted run\'s end state under the same pipeline_id', () => {
    expectStatus(checkResumeAfterKill(killed, build3Run(), 'complete'), 'PASS', /killed at builders_running; resume exited 0 in complete \(uninterrupted run: complete\)/);
  });

  it('fails a resume that ends in a different state', () => {
    const resumed = build3Run({ exit_code: 1, final_state: pipelineState({ current_state: 'failed' }) });
    expectStatus(checkResumeAfterKill(killed, resumed, 'complete'), 'FAIL', /resume exited 1 in failed \(uninterrupted run: complete\)/);
  });

  it('fails a resume that started a new pipeline_id', () => {
    expectStatus(checkResumeAfterKill(killed, build3Run({ final_state: pipelineState({ pipeline_id: 'pipe-2' }) }), 'complete'), 'FAIL', /resume started a new pipeline_id/);
  });

  it('fails without a reference end state, a resume, a kill, or a state left by the kill', () => {
    expectStatus(checkResumeAfterKill(killed, build3Run(), null), 'FAIL', /no uninterrupted run to compare with/);
    expectStatus(checkResumeAfterKill(killed, null, 'complete'), 'FAIL', /resume was not run/);
    expectStatus(checkResumeAfterKill(build3Run(), build3Run(), 'complete'), 'FAIL', /never reached the moment to kill/);
    expectStatus(checkResumeAfterKill({ ...killed, final_state: null, state_error: 'does not exist' }, build3Run(), 'complete'), 'FAIL', /no valid state was left: does not exist/);
    expectStatus(checkResumeAfterKill(killed, build3Run({ final_state: null, state_error: 'not JSON' }), 'complete'), 'FAIL', /in no state \(not JSON\)/);
  });
});

describe('checkBudgetStop (B3-10)', () => {
  const stoppedState = (reason: Record<string, string>) =>
    pipelineState({
      current_state: 'failed',
      previous_state: 'builders_running',
      total_cost: 0.05,
      phase_costs: { architect_running: 0.05 },
      transition_history: [...historyOf(HAPPY_PATH.slice(0, 5)), { from: 'builders_running', to: 'failed', trigger: 'fail' }],
      ...reason,
    } as Partial<ReturnType<typeof pipelineState>>);
  const stopped = (overrides: Parameters<typeof build3Run>[0] = {}) =>
    build3Run({ exit_code: 1, observed_states: ['init', 'architect_running', 'builders_running', 'failed'], final_state: stoppedState({ failure_reason: 'budget_limit exceeded' }), ...overrides });

  it('passes a run that failed naming the budget before integrating, exit non-zero', () => {
    expectStatus(checkBudgetStop(stopped(), 0.01), 'PASS', /budget_limit \$0\.0100; total_cost \$0\.0500; ended failed, exit 1: budget_limit exceeded/);
  });

  it('reads the reason from the seed\'s interrupt_reason too', () => {
    expectStatus(checkBudgetStop(stopped({ final_state: stoppedState({ interrupt_reason: 'Budget exceeded: $0.05 of $0.01' }) }), 0.01), 'PASS');
  });

  it('fails a run that reached integrating before stopping, whether polling saw it or only the history has it', () => {
    expectStatus(checkBudgetStop(stopped({ observed_states: ['init', 'builders_running', 'integrating', 'failed'] }), 0.01), 'FAIL', /it went on to integrating before it stopped/);
    const history = [...historyOf(HAPPY_PATH.slice(0, 7)), { from: 'integrating', to: 'failed', trigger: 'fail' }];
    const state = { ...stoppedState({ failure_reason: 'budget_limit exceeded' }), transition_history: history };
    expectStatus(checkBudgetStop(stopped({ final_state: state }), 0.01), 'FAIL', /it went on to integrating before it stopped/);
  });

  it('fails a run that completed, failed for another reason, or exited 0', () => {
    expectStatus(checkBudgetStop(build3Run({ final_state: pipelineState({ total_cost: 1 }) }), 0.01), 'FAIL', /ended complete, exit 0; it did not stop for the budget/);
    expectStatus(checkBudgetStop(stopped({ final_state: stoppedState({ failure_reason: 'no builder succeeded' }) }), 0.01), 'FAIL', /it did not stop for the budget/);
    expectStatus(checkBudgetStop(stopped({ exit_code: 0 }), 0.01), 'FAIL');
  });

  it('SKIPs a run that cost nothing, and fails without a state', () => {
    expectStatus(checkBudgetStop(stopped({ final_state: pipelineState({ total_cost: 0, phase_costs: {} }) }), 0.01), 'SKIP', /nothing cost anything/);
    expectStatus(checkBudgetStop(build3Run({ final_state: null, state_error: 'does not exist' }), 0.01), 'FAIL', /does not exist/);
  });
});
