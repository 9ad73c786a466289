import { check, type CheckRecord } from '@run4/checks';
import type { PipelineStateFile } from '@run4/schemas';
import type { Build3Run } from './run-build3.js';
import { seedReachable, seedTransitionsBetween } from './seed-transitions.js';

const fmt = (n: number) => `$${n.toFixed(4)}`;

/**
 * B3-01 (the pipeline's path): every transition Build 3 recorded is a row of
 * seed 004 section 5.2 (`architect_review` cannot be skipped, nothing leaves
 * a terminal state but `retry_quality`), and the states polling saw appear
 * in that history in order. Without a `transition_history` the polled
 * states are judged alone (each reachable from the one before): a WARN,
 * since polling can miss a short-lived state.
 *
 * @example
 * checkTransitions(run).status; // 'PASS' | 'WARN' | 'FAIL'
 */
export function checkTransitions(run: Build3Run, id = 'm4.build3.transitions'): CheckRecord {
  const name = 'Build 3 state transitions follow seed 004 section 5.2';
  const state = run.final_state;
  if (!state) return check(id, name, 'FAIL', `no valid PIPELINE_STATE.json: ${run.state_error ?? 'none written'}`, ['B3-01']);
  const history = state.transition_history;
  if (history && history.length) {
    const illegal = history.filter((h) => seedTransitionsBetween(h.from, h.to, h.trigger).length === 0);
    if (illegal.length) {
      return check(id, name, 'FAIL', `illegal transition(s): ${illegal.map((h) => `${h.from} --${h.trigger ?? '?'}--> ${h.to}`).join('; ')}`, ['B3-01']);
    }
    const broken = history.findIndex((h, i) => i > 0 && history[i - 1]!.to !== h.from);
    if (broken > 0) return check(id, name, 'FAIL', `the history is not a path: entry ${broken} leaves ${history[broken]!.from} but the one before reached ${history[broken - 1]!.to}`, ['B3-01']);
    const path = [history[0]!.from, ...history.map((h) => h.to)];
    if (path.at(-1) !== state.current_state) return check(id, name, 'FAIL', `the history ends in ${path.at(-1)} but current_state is ${state.current_state} (history: ${path.join(' > ')})`, ['B3-01']);
    let at = 0;
    for (const s of run.observed_states) {
      const next = path.indexOf(s, at);
      if (next < 0) return check(id, name, 'FAIL', `polling saw ${s} at a point the recorded history does not have it (history: ${path.join(' > ')}; polled: ${run.observed_states.join(' > ')})`, ['B3-01']);
      at = next;
    }
    return check(id, name, 'PASS', `${history.length} transitions, all seed rows: ${path.join(' > ')}`, ['B3-01']);
  }
  const seen = run.observed_states;
  const bad = seen.findIndex((s, i) => i > 0 && !seedReachable(seen[i - 1]!, s));
  if (bad > 0) return check(id, name, 'FAIL', `polling saw ${seen[bad - 1]} then ${seen[bad]}, which no seed transition path allows`, ['B3-01']);
  return check(id, name, 'WARN', `no transition_history in PIPELINE_STATE.json: judged on polled states only (${seen.join(' > ') || 'none seen'})`, ['B3-01']);
}

/**
 * B3-01 / SC-01 (the outcome): the pipeline reached `complete`, and the
 * exit code agrees with the state it left (0 for `complete`, non-zero for
 * `failed` with a `failure_reason` or `interrupt_reason`).
 *
 * @example
 * checkOutcome(run).status; // 'PASS' when complete with exit 0
 */
export function checkOutcome(run: Build3Run, id = 'm4.build3.complete'): CheckRecord {
  const name = 'Build 3 ran the pipeline end to end to complete';
  const state = run.final_state;
  const how = run.timed_out
    ? 'timed out'
    : run.signal
      ? `was killed by ${run.signal}`
      : run.exit_code === null
        ? `could not be started (${run.stderr_tail.trim().split('\n').at(-1) || 'no reason given'})`
        : `exited ${run.exit_code}`;
  if (!state) return check(id, name, 'FAIL', `Build 3 ${how} and left no valid PIPELINE_STATE.json: ${run.state_error ?? ''}`, ['B3-01', 'SC-01']);
  const reason = String((state as Record<string, unknown>).failure_reason ?? '') || state.interrupt_reason;
  if (state.current_state === 'complete' && run.exit_code === 0) return check(id, name, 'PASS', `complete, exit 0, in ${(run.duration_ms / 1000).toFixed(1)} s`, ['B3-01', 'SC-01'], run.duration_ms);
  if (state.current_state === 'complete') return check(id, name, 'FAIL', `PIPELINE_STATE.json says complete but Build 3 ${how}`, ['B3-01', 'SC-01']);
  return check(id, name, 'FAIL', `Build 3 ${how} in state ${state.current_state}${reason ? `: ${reason}` : ''}`, ['B3-01', 'SC-01'], run.duration_ms);
}

/**
 * B3-10: cost accumulated across phases. `total_cost` is the sum of
 * `phase_costs`, and what the builders reported in their own STATE.json
 * (`builderReported`, read by Run 4) is what Build 3 booked in
 * `builder_costs` and within `total_cost`. SKIP when nothing cost anything
 * (an accumulation of zeros proves nothing).
 *
 * @example
 * checkCostAccumulated(state, { 'accounts-api': 0.01 }).status;
 */
export function checkCostAccumulated(state: PipelineStateFile | null, builderReported: Record<string, number>, id = 'm4.build3.cost'): CheckRecord {
  const name = 'Build 3 accumulates cost across its phases';
  if (!state) return check(id, name, 'FAIL', 'no valid PIPELINE_STATE.json', ['B3-10']);
  const phases = Object.values(state.phase_costs).reduce((a, b) => a + b, 0);
  const reported = Object.values(builderReported).reduce((a, b) => a + b, 0);
  const booked = Object.values(state.builder_costs).reduce((a, b) => a + b, 0);
  const problems: string[] = [];
  if (Math.abs(state.total_cost - phases) > 1e-6) problems.push(`total_cost ${fmt(state.total_cost)} is not the sum of phase_costs ${fmt(phases)}`);
  for (const [service, cost] of Object.entries(builderReported)) {
    const got = state.builder_costs[service];
    if (got === undefined || got + 1e-9 < cost) problems.push(`${service}: its STATE.json reports ${fmt(cost)}, Build 3 booked ${got === undefined ? 'nothing' : fmt(got)}`);
  }
  if (state.total_cost + 1e-9 < reported) problems.push(`total_cost ${fmt(state.total_cost)} is less than the builders reported (${fmt(reported)})`);
  const evidence = `total_cost ${fmt(state.total_cost)}; phase_costs ${JSON.stringify(state.phase_costs)}; builders reported ${fmt(reported)}, booked ${fmt(booked)}`;
  if (problems.length) return check(id, name, 'FAIL', `${problems.join('; ')} (${evidence})`, ['B3-10']);
  if (state.total_cost === 0 && reported === 0) return check(id, name, 'SKIP', `nothing cost anything (${evidence}): an accumulation of zeros proves nothing`, ['B3-10']);
  return check(id, name, 'PASS', evidence, ['B3-10']);
}

/** The eight commands of seed 004 section 9.1. */
export const SEED_BUILD3_COMMANDS = ['init', 'plan', 'build', 'integrate', 'verify', 'run', 'status', 'resume'] as const;

/**
 * B3-05: the CLI lists all eight commands in its `--help`, and each
 * command's own `--help` exits 0.
 *
 * @example
 * checkCommands({ exitCode: 0, text: help }, { init: 0, plan: 0 }).status;
 */
export function checkCommands(help: { exitCode: number | null; text: string }, perCommand: Record<string, number | null>, id = 'm6.build3.commands'): CheckRecord {
  const name = 'Build 3 CLI has all 8 commands of seed 004 section 9';
  // A command is listed when a line starts with it (after indentation or a box border) and goes on (its
  // arguments or description), or in an argparse-style `{a,b,c}` choice list: not where the word only occurs
  // in a description ("a new build from a PRD", "plan -> build -> verify", a wrapped line).
  const listed = SEED_BUILD3_COMMANDS.filter(
    (c) => new RegExp(`^[\\s│┃|]*${c}(?:[ \\t]*[[<{(,]|[ \\t]+\\S)`, 'm').test(help.text) || new RegExp(`\\{[\\w,-]*\\b${c}\\b[\\w,-]*\\}`).test(help.text),
  );
  const missing = SEED_BUILD3_COMMANDS.filter((c) => !listed.includes(c));
  const failing = [
    ...Object.entries(perCommand).filter(([, code]) => code !== 0).map(([c, code]) => `${c} --help exited ${code}`),
    ...SEED_BUILD3_COMMANDS.filter((c) => !Object.hasOwn(perCommand, c)).map((c) => `${c} --help was not run`),
  ];
  if (help.exitCode !== 0) return check(id, name, 'FAIL', `--help exited ${help.exitCode}`, ['B3-05']);
  if (missing.length || failing.length) return check(id, name, 'FAIL', [missing.length ? `not in --help: ${missing.join(', ')}` : '', ...failing].filter(Boolean).join('; '), ['B3-05']);
  return check(id, name, 'PASS', `--help lists ${listed.join(', ')}; each answers --help with exit 0`, ['B3-05']);
}

/**
 * B3-09: Ctrl+C (SIGINT) while builders run: Build 3 saves its state
 * (`interrupted: true`, a non-terminal `current_state`) and leaves no
 * process of its own behind.
 *
 * @example
 * checkInterruptSaved(run).status;
 */
export function checkInterruptSaved(run: Build3Run, id = 'm6.build3.sigint'): CheckRecord {
  const name = 'Ctrl+C mid-build: Build 3 saves its state and leaves no process';
  if (!run.interrupted) return check(id, name, 'FAIL', `the pipeline never reached the moment to interrupt (saw ${run.observed_states.join(' > ') || 'no state'}; exit ${run.exit_code})`, ['B3-09']);
  const state = run.final_state;
  const problems: string[] = [];
  if (!state) problems.push(`no valid PIPELINE_STATE.json after SIGINT: ${run.state_error ?? ''}`);
  else {
    if (!state.interrupted) problems.push('PIPELINE_STATE.json has interrupted: false');
    if (state.current_state === 'complete' || state.current_state === 'failed') problems.push(`it ended in ${state.current_state} instead of keeping its place`);
  }
  if (run.exit_code === 0) problems.push('it exited 0 as if it had finished');
  if (run.leftover_groups.length) problems.push(`${run.leftover_groups.length} process group(s) of it were still alive after it exited (ended by Run 4)`);
  const evidence = `SIGINT at ${run.interrupted.at_state}; exit ${run.exit_code ?? run.signal}; state ${state ? `${state.current_state}, interrupted ${state.interrupted}, "${state.interrupt_reason}"` : 'none'}`;
  return check(id, name, problems.length ? 'FAIL' : 'PASS', problems.length ? `${problems.join('; ')} (${evidence})` : evidence, ['B3-09']);
}

/**
 * B3-08: after a kill -9 mid-build, `resume` reaches the end state an
 * uninterrupted run reached.
 *
 * @example
 * checkResumeAfterKill(killed, resumed, 'complete').status;
 */
export function checkResumeAfterKill(killed: Build3Run, resumed: Build3Run | null, expected: string | null, id = 'm6.build3.kill-resume'): CheckRecord {
  const name = 'kill -9 of Build 3 mid-build, then resume, reaches the same end state';
  if (!killed.interrupted) return check(id, name, 'FAIL', `the pipeline never reached the moment to kill (saw ${killed.observed_states.join(' > ') || 'no state'}; exit ${killed.exit_code})`, ['B3-08']);
  if (!killed.final_state) return check(id, name, 'FAIL', `after kill -9 at ${killed.interrupted.at_state} no valid state was left: ${killed.state_error ?? ''}`, ['B3-08']);
  if (!resumed) return check(id, name, 'FAIL', 'resume was not run', ['B3-08']);
  const end = resumed.final_state?.current_state ?? `no state (${resumed.state_error ?? ''})`;
  const sameId = resumed.final_state?.pipeline_id === killed.final_state.pipeline_id;
  const evidence = `killed at ${killed.interrupted.at_state}; resume exited ${resumed.exit_code} in ${end}${expected ? ` (uninterrupted run: ${expected})` : ''}${sameId ? '' : '; resume started a new pipeline_id'}`;
  const ok = expected !== null && end === expected && sameId;
  return check(id, name, ok ? 'PASS' : 'FAIL', expected === null ? `${evidence}; no uninterrupted run to compare with` : evidence, ['B3-08']);
}

/**
 * B3-10 (budget): with a `budget_limit` below what the run costs, Build 3
 * stops (`failed`, naming the budget) instead of spending on. SKIP when the
 * builders report no cost at all.
 *
 * @example
 * checkBudgetStop(run, 0.01).status;
 */
export function checkBudgetStop(run: Build3Run, limit: number, id = 'm6.build3.budget'): CheckRecord {
  const name = 'a small budget_limit stops Build 3';
  const state = run.final_state;
  if (!state) return check(id, name, 'FAIL', `no valid PIPELINE_STATE.json: ${run.state_error ?? ''}`, ['B3-10']);
  const reason = String((state as Record<string, unknown>).failure_reason ?? '') || state.interrupt_reason;
  const evidence = `budget_limit ${fmt(limit)}; total_cost ${fmt(state.total_cost)}; ended ${state.current_state}, exit ${run.exit_code}${reason ? `: ${reason}` : ''}`;
  if (state.total_cost === 0) return check(id, name, 'SKIP', `${evidence}: nothing cost anything, so no budget can be spent`, ['B3-10']);
  const stopped = state.current_state === 'failed' && /budget/i.test(reason) && run.exit_code !== 0;
  // what polling saw, and what the history recorded (polling can miss a short phase)
  const reached = [...run.observed_states, ...(state.transition_history ?? []).map((h) => h.to), state.current_state];
  const reachedGate = ['integrating', 'quality_gate', 'complete'].find((s) => reached.includes(s));
  const why = !stopped ? 'it did not stop for the budget' : reachedGate ? `it went on to ${reachedGate} before it stopped` : '';
  return check(id, name, why ? 'FAIL' : 'PASS', why ? `${evidence}; ${why}` : evidence, ['B3-10']);
}
