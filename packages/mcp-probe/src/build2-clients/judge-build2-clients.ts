import path from 'node:path';
import { check, type CheckRecord } from '@run4/checks';
import type { TraceEntry } from '../interposer/trace-schema.js';
import { retryIntervals, toolAttempts, type ToolAttempt } from '../interposer/trace-query.js';
import { answerValues, argumentProblems, callCounts, reusedAnswerValues, summarizeClientTrace, type ListedTool } from './client-calls.js';
import { INJECTED_TRANSIENT_ERRORS, ROLE_TITLES, type Build2ClientRole, type Build2ScenarioName } from './scenarios.js';

/** One server's trace of one scenario. */
export interface ScenarioTrace {
  file: string;
  entries: TraceEntry[];
}

/** What Run 4 saw of one Build 2 run: the servers' traces and the build's own outcome. */
export interface Build2ScenarioRun {
  scenario: Build2ScenarioName;
  traces: Partial<Record<Build2ClientRole, ScenarioTrace>>;
  /** The build finished and reported success (exit code and its STATE.json). */
  completed: boolean;
  /** How it ended, for evidence (exit code, STATE.json summary, error). */
  outcome: string;
  /** The builder directory. */
  builderDir: string;
  /** Files the build added or changed, relative to `builderDir`. */
  writtenFiles: string[];
}

/** Extensions of source files a build writes (any language). */
const SOURCE_FILE = /\.(?:py|pyi|js|mjs|cjs|jsx|ts|mts|cts|tsx|go|java|kt|kts|scala|rb|rs|cs|php|swift|c|cc|cpp|h|hpp|ex|exs|clj|dart|lua)$/i;

/**
 * The source files among a build's written files: code by extension, not
 * under a dot-directory (a builder's own bookkeeping such as `.agent-team/`).
 *
 * @example
 * sourceFiles(['src/app.py', '.agent-team/STATE.json', 'Dockerfile']); // ['src/app.py']
 */
export function sourceFiles(files: readonly string[]): string[] {
  return files.filter((f) => SOURCE_FILE.test(f) && !f.split(/[\\/]/).some((part) => part.startsWith('.')));
}

const CHECKS = {
  contract_engine: { id: 'b2.clients.contract-engine', requirementIds: ['B2-01', 'X-01', 'R4-M2-003'] },
  codebase_intelligence: { id: 'b2.clients.codebase-intelligence', requirementIds: ['B2-02', 'X-02', 'R4-M2-003'] },
  artifacts: { id: 'b2.clients.artifacts-registered', requirementIds: ['B2-06', 'X-02'] },
  safeDefaults: { id: 'b2.clients.safe-defaults', requirementIds: ['B2-03', 'R4-M2-003'] },
  retry: { id: 'b2.clients.retry-backoff', requirementIds: ['B2-10', 'R4-M2-003'] },
  fallbackCe: { id: 'b2.clients.fallback.contract-engine', requirementIds: ['B2-07', 'R4-M2-006'] },
  fallbackCi: { id: 'b2.clients.fallback.codebase-intelligence', requirementIds: ['B2-08', 'R4-M2-006'] },
} as const;

/** Every check {@link judgeBuild2Clients} produces, with its requirement ids. */
export const BUILD2_CLIENT_CHECKS: ReadonlyArray<{ id: string; requirementIds: readonly string[] }> = Object.values(CHECKS);

const traceNote = (t: ScenarioTrace | undefined) => (t ? `trace ${t.file}` : 'no trace');

function record(meta: { id: string; requirementIds: readonly string[] }, name: string, problems: string[], proof: string, traces: Array<ScenarioTrace | undefined>): CheckRecord {
  const files = traces.filter((t): t is ScenarioTrace => t !== undefined).map((t) => t.file);
  const where = traces.map(traceNote).join('; ');
  const evidence = problems.length ? `${problems.join('; ')} (${where})` : `${proof} (${where})`;
  return check(meta.id, name, problems.length ? 'FAIL' : 'PASS', evidence, [...meta.requirementIds], 0, { traces: files });
}

function notRun(meta: { id: string; requirementIds: readonly string[] }, name: string, scenario: Build2ScenarioName): CheckRecord {
  return check(meta.id, name, 'FAIL', `the ${scenario} build of Build 2 did not run, so this was not observed`, [...meta.requirementIds]);
}

function serverReached(role: Build2ClientRole, run: Build2ScenarioRun, problems: string[]): ReturnType<typeof summarizeClientTrace> | undefined {
  const trace = run.traces[role];
  const s = summarizeClientTrace(trace?.entries ?? []);
  if (s.starts === 0) {
    problems.push(`Build 2 never started the ${ROLE_TITLES[role]} server its config.yaml names (${role}.mcp_command / mcp_args)`);
    return undefined;
  }
  if (!s.initialized) problems.push(`Build 2 started the ${ROLE_TITLES[role]} server ${s.starts} time(s) but never sent initialize`);
  return s;
}

/**
 * B2-01 / X-01 (Contract Engine) and B2-02 / X-02 (Codebase Intelligence),
 * judged from the `observe` build's trace: Build 2 started the server from
 * its config, initialised, called its tools with arguments the server's
 * own `inputSchema` accepts, (Contract Engine) used what it was answered in
 * a later call, and the build completed.
 *
 * @example
 * judgeServerUse('contract_engine', observeRun).status; // 'PASS'
 */
export function judgeServerUse(role: Build2ClientRole, run: Build2ScenarioRun | undefined, inventory?: readonly ListedTool[]): CheckRecord {
  const meta = CHECKS[role];
  const name = `Build 2 is an MCP client of the ${ROLE_TITLES[role]}: tools called with well-formed arguments, answers used`;
  if (!run) return notRun(meta, name, 'observe');
  const problems: string[] = [];
  const s = serverReached(role, run, problems);
  let proof = '';
  if (s) {
    if (s.attempts.length === 0) problems.push(`Build 2 called no ${ROLE_TITLES[role]} tool`);
    const listed = s.listed ?? inventory;
    problems.push(...argumentProblems(s.attempts, listed));
    const errors = s.attempts.filter((a) => a.outcome !== 'result');
    const reused = reusedAnswerValues(s.attempts);
    if (role === 'contract_engine' && s.attempts.length > 0 && reused.length === 0) {
      problems.push('Build 2 used no answer of the Contract Engine: no later call carried a value it had been answered (e.g. a contract id listed by get_unimplemented_contracts passed to get_contract)');
    }
    proof = [
      `${callCounts(s.attempts)}`,
      listed ? `arguments valid against the server's inputSchema${s.listed ? '' : ' (as the server lists them to Run 4)'}` : 'no tool list to check the arguments against',
      reused.length ? `answers used: ${reused.slice(0, 3).map((r) => `${r.from} → ${r.to} (${r.value.slice(0, 40)})`).join(', ')}` : '',
      errors.length ? `${errors.length} call(s) answered with an error by the server` : '',
    ].filter(Boolean).join('; ');
  }
  if (!run.completed) problems.push(`the build did not complete: ${run.outcome}`);
  return record(meta, name, problems, `${proof}; build completed`, [run.traces[role]]);
}

function registeredPaths(attempt: ToolAttempt, builderDir: string): string[] {
  const args = attempt.arguments as Record<string, unknown> | undefined;
  const values = Object.values(args ?? {}).filter((v): v is string => typeof v === 'string');
  return values.map((v) => path.relative(builderDir, path.resolve(builderDir, v)));
}

function indexed(attempt: ToolAttempt): boolean | undefined {
  if (attempt.outcome !== 'result') return false;
  for (const v of answerValues(attempt.answer)) {
    if (v && typeof v === 'object' && typeof (v as { indexed?: unknown }).indexed === 'boolean') return (v as { indexed: boolean }).indexed;
  }
  return undefined;
}

/**
 * B2-06: every source file the `observe` build wrote was handed to
 * `register_artifact` and the server answered `indexed: true`.
 *
 * @example
 * judgeArtifactRegistration(observeRun).evidence; // '14/14 source files registered and indexed ...'
 */
export function judgeArtifactRegistration(run: Build2ScenarioRun | undefined): CheckRecord {
  const meta = CHECKS.artifacts;
  const name = 'Build 2 registers every source file it writes with Codebase Intelligence (indexed)';
  if (!run) return notRun(meta, name, 'observe');
  const trace = run.traces.codebase_intelligence;
  const problems: string[] = [];
  const sources = sourceFiles(run.writtenFiles);
  const calls = toolAttempts(trace?.entries ?? [], 'register_artifact');
  if (sources.length === 0) problems.push('the build wrote no source file');
  else if (calls.length === 0) problems.push(`Build 2 never called register_artifact (it wrote ${sources.length} source file(s), e.g. ${sources.slice(0, 3).join(', ')})`);
  else {
    const missing: string[] = [];
    const notIndexed: string[] = [];
    for (const file of sources) {
      const call = calls.find((c) => registeredPaths(c, run.builderDir).includes(file));
      if (!call) missing.push(file);
      else if (indexed(call) === false) notIndexed.push(file);
    }
    if (missing.length) problems.push(`${missing.length}/${sources.length} source files never registered: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}`);
    if (notIndexed.length) problems.push(`${notIndexed.length} registered but not indexed: ${notIndexed.slice(0, 5).join(', ')}`);
  }
  return record(meta, name, problems, `${sources.length}/${sources.length} source files registered and indexed (register_artifact ×${calls.length})`, [trace]);
}

/**
 * B2-03: with every tool call of both servers answered by a permanent error,
 * Build 2 still completes (safe defaults, never raises) and does not retry
 * a permanent error (seed 003 section 2.1: immediate safe default).
 *
 * @example
 * judgeSafeDefaults(permanentRun).status; // 'PASS'
 */
export function judgeSafeDefaults(run: Build2ScenarioRun | undefined): CheckRecord {
  const meta = CHECKS.safeDefaults;
  const name = 'Build 2 completes on safe defaults when every MCP call fails permanently';
  if (!run) return notRun(meta, name, 'permanent-errors');
  const problems: string[] = [];
  const parts: string[] = [];
  let injected = 0;
  for (const role of ['contract_engine', 'codebase_intelligence'] as const) {
    const entries = run.traces[role]?.entries ?? [];
    const faulted = toolAttempts(entries).filter((a) => a.fault === 'permanent-error');
    injected += faulted.length;
    // Every call of this scenario fails permanently, so any retry the trace shows is a retry of a permanent error.
    const retried = [...new Set(faulted.map((a) => a.tool))].reduce((n, tool) => n + retryIntervals(entries, tool).flat().length, 0);
    if (retried) problems.push(`${ROLE_TITLES[role]}: ${retried} retr${retried === 1 ? 'y' : 'ies'} of a call answered with a permanent error (seed: immediate safe default on a non-transient error)`);
    parts.push(`${ROLE_TITLES[role]}: ${faulted.length} call(s) failed permanently`);
  }
  if (injected === 0) problems.push('no tool call reached either server, so no error was injected and safe defaults were not exercised');
  if (!run.completed) problems.push(`the build did not complete: ${run.outcome}`);
  return record(meta, name, problems, `${parts.join(', ')}, none retried; build completed`, [run.traces.contract_engine, run.traces.codebase_intelligence]);
}

/** Nominal waits before retries 1, 2 and 3 (seed 003 section 2.1), ms. */
export const SEED_BACKOFF_MS: readonly number[] = [1000, 2000, 4000];

/** Whether a measured wait fits a nominal one: not shorter than 3/4 of it, not longer than twice it plus 2 s (a busy machine is late, never early). */
export function backoffFits(measuredMs: number, nominalMs: number): boolean {
  return measuredMs >= nominalMs * 0.75 && measuredMs <= nominalMs * 2 + 2000;
}

/**
 * B2-10: with the first {@link INJECTED_TRANSIENT_ERRORS} Contract Engine
 * calls answered by a transient error, Build 2 retries the call 3 times,
 * about 1 s, 2 s and 4 s apart, gets the real answer and completes.
 *
 * @example
 * judgeRetryBackoff(transientRun).evidence; // 'get_unimplemented_contracts retried after 1012, 2004, 4010 ms ...'
 */
export function judgeRetryBackoff(run: Build2ScenarioRun | undefined): CheckRecord {
  const meta = CHECKS.retry;
  const name = 'Build 2 retries transient MCP errors 3 times with 1 s / 2 s / 4 s backoff';
  if (!run) return notRun(meta, name, 'transient-errors');
  const trace = run.traces.contract_engine;
  const problems: string[] = [];
  let proof = '';
  const attempts = toolAttempts(trace?.entries ?? []);
  const first = attempts.find((a) => a.fault === 'transient-error');
  if (!first) problems.push('no Contract Engine tool call reached the server, so no transient error was injected');
  else {
    const group = retryIntervals(trace?.entries ?? [], first.tool)[0] ?? [];
    const waits = group.map((r) => Math.round(r.sinceEndMs));
    if (group.length === 0) problems.push(`${first.tool} was not retried after a transient error (seed: 3 retries)`);
    else if (group.length < INJECTED_TRANSIENT_ERRORS) problems.push(`${first.tool} retried ${group.length} time(s) after ${INJECTED_TRANSIENT_ERRORS} transient errors, then gave up (seed: 3 retries)`);
    const off = waits.slice(0, SEED_BACKOFF_MS.length).flatMap((w, i) => (backoffFits(w, SEED_BACKOFF_MS[i]!) ? [] : [`retry ${i + 1} after ${w} ms (expected about ${SEED_BACKOFF_MS[i]} ms)`]));
    if (off.length) problems.push(`backoff off the seed's 1 s / 2 s / 4 s: ${off.join(', ')}`);
    const answered = toolAttempts(trace?.entries ?? [], first.tool).find((a) => a.outcome === 'result' && !a.fault);
    if (group.length >= INJECTED_TRANSIENT_ERRORS && !answered) problems.push(`${first.tool} never got a real answer after the retries`);
    proof = `${first.tool} retried after ${waits.join(', ')} ms, then answered`;
  }
  if (!run.completed) problems.push(`the build did not complete: ${run.outcome}`);
  return record(meta, name, problems, `${proof}; build completed`, [trace]);
}

/**
 * B2-07 (Contract Engine) and B2-08 (Codebase Intelligence): with every
 * start of the server refused, Build 2 tried to start it (the refusal is in
 * the trace), did not crash, and still wrote the service (its fallback
 * carried the build).
 *
 * @example
 * judgeFallback('codebase_intelligence', ciDownRun, observeRun).status; // 'PASS'
 */
export function judgeFallback(role: Build2ClientRole, run: Build2ScenarioRun | undefined, observed?: Build2ScenarioRun): CheckRecord {
  const meta = role === 'contract_engine' ? CHECKS.fallbackCe : CHECKS.fallbackCi;
  const name = `Build 2 falls back when the ${ROLE_TITLES[role]} is unavailable`;
  if (!run) return notRun(meta, name, role === 'contract_engine' ? 'contract-engine-unavailable' : 'codebase-intelligence-unavailable');
  const trace = run.traces[role];
  const s = summarizeClientTrace(trace?.entries ?? []);
  const problems: string[] = [];
  if (s.refusedStarts === 0) problems.push(`Build 2 never tried to start the ${ROLE_TITLES[role]} its config.yaml names, so its fallback was not exercised`);
  if (!run.completed) problems.push(`the build did not complete without the ${ROLE_TITLES[role]}: ${run.outcome}`);
  const sources = sourceFiles(run.writtenFiles);
  if (run.completed && sources.length === 0) problems.push('the build wrote no source file without the server');
  const expected = observed ? sourceFiles(observed.writtenFiles) : [];
  const lacking = expected.filter((f) => !sources.includes(f));
  const note = observed ? (lacking.length ? `; ${lacking.length} file(s) of the normal build not written: ${lacking.slice(0, 3).join(', ')}` : '; the same source files as the normal build') : '';
  return record(meta, name, problems, `${s.refusedStarts} start(s) refused; build completed with ${sources.length} source file(s)${note}`, [trace]);
}

/**
 * Every Build 2 client check from the scenario runs (a missing run is a
 * FAIL naming it).
 *
 * `inventory` is each server's tool list as Run 4 got it (arguments are
 * checked against it when the client never listed the tools itself).
 *
 * @example
 * const checks = judgeBuild2Clients(runs, { contract_engine: await listServerTools(ce, { timeoutMs: 30_000 }) });
 * checks.length; // 7 records: B2-01/02/03/06/07/08/10
 */
export function judgeBuild2Clients(runs: readonly Build2ScenarioRun[], inventory: Partial<Record<Build2ClientRole, readonly ListedTool[]>> = {}): CheckRecord[] {
  const of = (name: Build2ScenarioName) => runs.find((r) => r.scenario === name);
  const observed = of('observe');
  return [
    judgeServerUse('contract_engine', observed, inventory.contract_engine),
    judgeServerUse('codebase_intelligence', observed, inventory.codebase_intelligence),
    judgeArtifactRegistration(observed),
    judgeSafeDefaults(of('permanent-errors')),
    judgeRetryBackoff(of('transient-errors')),
    judgeFallback('contract_engine', of('contract-engine-unavailable'), observed),
    judgeFallback('codebase_intelligence', of('codebase-intelligence-unavailable'), observed),
  ];
}
