import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CheckOutcome, type CheckRecord, runCheck } from '@run4/checks';
import type { BuilderDepth } from '../builder-config.js';
import { writeBuilderConfig } from '../builder-config.js';
import type { BuilderResult } from '../builder-result.js';
import { parseBuilderState } from '../builder-state.js';
import { prepareBuilderDir, type ServiceInput } from '../prepare-builder-dir.js';
import { runBuilder, type RunBuilderOptions } from '../run-builder.js';

/**
 * R4-M3-006: the agent-teams fallback. Runs `probe` when the builder under
 * test exposes an agent-teams backend; otherwise records SKIP with the reason.
 *
 * @example
 * const rec = await checkAgentTeamsFallback(agentTeamsFallbackProbe({ workDir, service, run: { command } }));
 */
export async function checkAgentTeamsFallback(probe?: () => Promise<CheckOutcome>, skipReason?: string): Promise<CheckRecord> {
  return runCheck({ id: 'm3.agent-teams-fallback', name: 'Agent Teams fallback to CLI backend', requirementIds: ['R4-M3-006'] }, async () => {
    if (probe) return probe();
    return {
      status: 'SKIP',
      evidence:
        skipReason ??
        'the builder under test does not expose an agent-teams backend (create_execution_backend / fallback_to_cli), so the fallback cannot be exercised',
    };
  });
}

/** Inputs of {@link agentTeamsFallbackProbe}. */
export interface AgentTeamsProbeOptions {
  /** Empty or new directory; the two probe builds run in `fallback/` and `strict/` under it. */
  workDir: string;
  service: ServiceInput;
  /** Depth of both builds; default `standard` (the probe sets `agent_teams` itself, whatever the depth). */
  depth?: BuilderDepth;
  /** How the builder is run (its command template with any agent-teams option of the stack's, timeout, env, signal). */
  run: RunBuilderOptions;
}

/** Both captured output streams of a builder run (empty when unreadable). */
async function outputOf(result: BuilderResult): Promise<string> {
  const read = (file: string) => readFile(file, 'utf8').catch(() => '');
  return (await Promise.all([read(result.stdout_file), read(result.stderr_file)])).join('\n');
}

const lastLine = (text: string) => text.trim().split('\n').filter(Boolean).at(-1)?.slice(0, 200) ?? '(no output)';
const MENTIONS_AGENT_TEAMS = /agent[ _-]?teams?|fallback_to_cli/i;

async function build(dir: string, options: AgentTeamsProbeOptions, fallbackToCli: boolean): Promise<BuilderResult> {
  const depth = options.depth ?? 'standard';
  const config = await prepareBuilderDir(dir, options.service, depth);
  await writeBuilderConfig(dir, { ...config, agent_teams: { ...config.agent_teams, enabled: true, fallback_to_cli: fallbackToCli } });
  return runBuilder({ service_id: options.service.name, dir, depth }, options.run);
}

/**
 * The R4-M3-006 probe of seed 001: the builder is run twice with
 * `agent_teams.enabled: true` in its config.yaml. With `fallback_to_cli:
 * true` the pipeline must continue on the CLI backend (exit 0, STATE.json
 * with `agent_teams_active: false`) and log a warning naming agent teams;
 * with `fallback_to_cli: false` it must stop with an error (non-zero exit)
 * that names agent teams. A builder whose agent-teams backend was really
 * available (`agent_teams_active: true`) gives SKIP: the fallback was not
 * needed, so it was not exercised.
 *
 * @example
 * const rec = await checkAgentTeamsFallback(agentTeamsFallbackProbe({
 *   workDir: '/tmp/wiring/agent-teams',
 *   service: { name: 'orders', openapi: 'contracts/orders.yaml' },
 *   run: { command: 'node apps/builder/dist/cli.js --cwd {dir} --depth {depth}', timeoutMs: 300_000 },
 * }));
 */
export function agentTeamsFallbackProbe(options: AgentTeamsProbeOptions): () => Promise<CheckOutcome> {
  return async () => {
    const fallbackDir = join(options.workDir, 'fallback');
    const fallback = await build(fallbackDir, options, true);
    const fallbackOut = await outputOf(fallback);
    const data: Record<string, unknown> = { fallback: { command: fallback.command, exit_code: fallback.exit_code, failure: fallback.failure } };
    if (fallback.exit_code !== 0 || (fallback.failure !== null && fallback.failure !== 'reported_failure')) {
      return { status: 'FAIL', evidence: `agent_teams.enabled with fallback_to_cli: true did not continue on the CLI backend: ${fallback.error || `exit code ${String(fallback.exit_code)}`} (${lastLine(fallbackOut)})`, data };
    }
    const state = await parseBuilderState(fallbackDir);
    if (state.agent_teams_active === true) {
      return { status: 'SKIP', evidence: 'the builder ran with its agent-teams backend active (STATE.json agent_teams_active: true), so the CLI fallback was not needed and could not be exercised', data };
    }
    const warning = fallbackOut.split('\n').find((l) => /warn/i.test(l) && MENTIONS_AGENT_TEAMS.test(l));
    if (!warning) {
      return { status: 'FAIL', evidence: 'agent_teams.enabled with fallback_to_cli: true: the build continued on the CLI backend but logged no warning naming agent teams (seed 001 R4-M3-006: CLIBackend with a logged warning)', data };
    }

    const strict = await build(join(options.workDir, 'strict'), options, false);
    const strictOut = await outputOf(strict);
    data.strict = { command: strict.command, exit_code: strict.exit_code, failure: strict.failure };
    if (strict.failure === 'timeout' || strict.failure === 'aborted') {
      return { status: 'FAIL', evidence: `agent_teams.enabled with fallback_to_cli: false: the builder did not stop with an error (${strict.error})`, data };
    }
    if (strict.exit_code === 0) {
      return { status: 'FAIL', evidence: 'agent_teams.enabled with fallback_to_cli: false and no agent-teams backend: the builder exited 0 instead of raising an error (seed 001 R4-M3-006 step 3)', data };
    }
    const error = strictOut.split('\n').find((l) => MENTIONS_AGENT_TEAMS.test(l));
    if (!error) {
      return { status: 'FAIL', evidence: `agent_teams.enabled with fallback_to_cli: false: the builder failed (exit ${String(strict.exit_code)}) but its output never names agent teams, so the failure is not shown to be the refused fallback: ${lastLine(strictOut)}`, data };
    }
    return {
      status: 'PASS',
      evidence: `fallback_to_cli: true → exit 0 on the CLI backend (agent_teams_active ${String(state.agent_teams_active ?? 'absent')}), warned "${warning.trim().slice(0, 160)}"; fallback_to_cli: false → exit ${String(strict.exit_code)}: "${error.trim().slice(0, 160)}"`,
      data,
    };
  };
}
