import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type CheckRecord, check } from '@run4/checks';
import type { BuilderResult, FleetResult } from '../builder-result.js';
import { BuilderRunnerError } from '../errors.js';
import { checkAgentTeamsFallback } from './check-agent-teams.js';
import { checkBuilderInvocation } from './check-builder-invocation.js';
import { checkConfigGeneration } from './check-config-generation.js';
import { checkFixPass } from './check-fix-pass.js';
import { checkParallelIsolation } from './check-parallel-isolation.js';
import { checkStateJsonParsing } from './check-state-parsing.js';
import { DEFAULT_FIX_VIOLATIONS, type BuilderWiringOptions } from './wiring-options.js';

/** RUN4_STATE.json builder wiring fields (seed 001 section 7.1). */
export interface BuilderWiringFields {
  builder_invocation_passed: boolean;
  state_json_parsing_passed: boolean;
  config_generation_passed: boolean;
  b2_b3_wiring_passed: boolean;
}

export interface BuilderWiringReport {
  checks: CheckRecord[];
  fields: BuilderWiringFields;
  /** The invocation builder's result (null when it could not run). */
  invocation: BuilderResult | null;
  /** The parallel fleet (null when it could not run). */
  fleet: FleetResult | null;
}

/**
 * Run every builder wiring check (seed 001, R4-M3-001..006) against a builder
 * command and return the check records plus the RUN4_STATE.json builder wiring fields.
 * `b2_b3_wiring_passed` is true only when checks 001..005 all PASS (006 may SKIP).
 * Directories: `{workDir}/invoke/<service>`, `{workDir}/config-<depth>`,
 * `{workDir}/parallel/<service>`.
 *
 * @example
 * const report = await runBuilderWiringChecks({
 *   workDir: '/tmp/wiring',
 *   command: 'node apps/builder/dist/cli.js --cwd {dir} --depth {depth}',
 *   validateConfigCommand: 'node apps/builder/dist/cli.js --cwd {dir} --depth {depth} --validate-config',
 *   services: [{ name: 'orders', openapi: 'contracts/orders.yaml' }, { name: 'users', openapi: 'contracts/users.yaml' }],
 * });
 * console.log(report.fields);
 */
export async function runBuilderWiringChecks(options: BuilderWiringOptions): Promise<BuilderWiringReport> {
  const workDir = resolve(options.workDir);
  await mkdir(workDir, { recursive: true });
  const depth = options.depth ?? 'standard';
  const runOptions = {
    command: options.command,
    timeoutMs: options.timeoutMs ?? 300_000,
    ...(options.env ? { env: options.env } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
  const first = options.services[0];
  if (!first) throw new BuilderRunnerError('runBuilderWiringChecks needs at least one service in options.services', { code: 'NO_SERVICES', exitCode: 2 });
  const invokeDir = join(workDir, 'invoke', first.name);

  const invocation = await checkBuilderInvocation(invokeDir, first, depth, runOptions);
  const invoked = invocation.check.status === 'PASS';
  const notRun = (id: string, name: string, requirementIds: string[]) =>
    check(id, name, 'FAIL', 'not run: the builder invocation (m3.builder-invocation) failed, so there is no STATE.json to work on', requirementIds);

  const [stateCheck, configCheck, parallel] = await Promise.all([
    invoked ? checkStateJsonParsing(invokeDir) : Promise.resolve(notRun('m3.state-json-parsing', 'STATE.json cross-build contract (summary block)', ['R4-M3-002', 'X-05'])),
    checkConfigGeneration({ workDir, service: first, ...(options.validateConfigCommand ? { validateConfigCommand: options.validateConfigCommand } : {}) }),
    checkParallelIsolation(join(workDir, 'parallel'), options.services, depth, { ...runOptions, maxConcurrent: options.maxConcurrent ?? 3 }),
  ]);
  const fixCheck = invoked
    ? await checkFixPass(invokeDir, first.name, options.fixViolations ?? DEFAULT_FIX_VIOLATIONS, runOptions)
    : notRun('m3.fix-pass', 'Fix instructions round trip and quick fix pass', ['R4-M3-005', 'X-07']);
  const agentTeams = await checkAgentTeamsFallback(options.agentTeamsProbe, options.agentTeamsSkipReason);

  const checks = [invocation.check, stateCheck, configCheck, parallel.check, fixCheck, agentTeams];
  const pass = (c: CheckRecord) => c.status === 'PASS';
  const fields: BuilderWiringFields = {
    builder_invocation_passed: pass(invocation.check),
    state_json_parsing_passed: pass(stateCheck),
    config_generation_passed: pass(configCheck),
    b2_b3_wiring_passed: checks.slice(0, 5).every(pass) && agentTeams.status !== 'FAIL',
  };
  return { checks, fields, invocation: invocation.result, fleet: parallel.fleet };
}
