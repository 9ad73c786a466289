import path from 'node:path';
import type { CheckRecord } from '@run4/checks';
import { diffSnapshots, prepareBuilderDir, runBuilder, snapshotDir } from '@run4/builder-runner';
import { contractsOfService, failBuild2ClientChecks, runBuild2ClientChecks, type Build2BuildRequest, type Build2ClientRole, type Build2ScenarioName, type ResolvedServer } from '@run4/mcp-probe';
import type { MilestoneContext } from '../types.js';

/** The depth at which seed 003 section 8.5 turns every Build 1 feature of a builder on. */
const FULL_DEPTH = 'thorough';

export interface Build2ClientOptions {
  /** How to start the interposer (default: this CLI's `interpose`). */
  interposer?: readonly string[];
  /** Only these scenarios (default: all); the checks of the others FAIL as not run. */
  scenarios?: readonly Build2ScenarioName[];
}

/**
 * R4-M2-003 / R4-M2-006 against the stack's real Build 2: mcp-probe's
 * runBuild2ClientChecks runs the stack's builder (builder-runner, at full
 * depth) once per scenario with config.yaml pointing each Build 1 server at
 * Run 4's interposer (this CLI's `interpose`), and judges from the traces.
 *
 * @example
 * const checks = await build2ClientChecks(ctx, { contract_engine: ce, codebase_intelligence: ci });
 */
export async function build2ClientChecks(ctx: MilestoneContext, servers: Partial<Record<Build2ClientRole, ResolvedServer>>, options: Build2ClientOptions = {}): Promise<CheckRecord[]> {
  const { config, progress } = ctx;
  const [service, files] = Object.entries(ctx.profile.sample_app.contracts).find(([, c]) => c.openapi) ?? [];
  if (!service || !files?.openapi) return failBuild2ClientChecks(`the stack profile gives no service with an OpenAPI contract (sample_app.contracts in ${config.stack_profile}) for Build 2 to build`);
  const build = async ({ builderDir, blocks }: Build2BuildRequest) => {
    const app = { name: service, port: ctx.profile.services.port, openapi: files.openapi!, ...(files.asyncapi ? { asyncapi: files.asyncapi } : {}), prd: config.sample_prd_path };
    await prepareBuilderDir(builderDir, app, FULL_DEPTH, { contractEngine: blocks.contract_engine, codebaseIntelligence: blocks.codebase_intelligence });
    const before = await snapshotDir(builderDir);
    const r = await runBuilder({ service_id: service, dir: builderDir, depth: FULL_DEPTH }, { command: config.builder_command, timeoutMs: config.builder_timeout_s * 1000, signal: ctx.signal });
    const diff = diffSnapshots(before, await snapshotDir(builderDir));
    const outcome = r.success ? `exit ${r.exit_code}, STATE.json success` : `${r.failure ?? 'failed'}${r.exit_code !== null ? ` (exit ${r.exit_code})` : ''}: ${r.error || 'no error text'} (log ${r.stderr_file})`;
    return { completed: r.success, outcome, writtenFiles: [...diff.added, ...diff.changed], durationMs: r.duration_ms };
  };
  return runBuild2ClientChecks({
    servers,
    contracts: contractsOfService(service, files),
    root: path.join(ctx.outputDir, 'm2_build2'),
    interposer: options.interposer ?? [process.execPath, path.resolve(process.argv[1] ?? ''), 'interpose'],
    ...(options.scenarios ? { scenarios: options.scenarios } : {}),
    concurrency: config.max_concurrent_builders, // bounded like the builders of M3
    startupTimeoutMs: config.mcp_first_start_timeout_ms,
    buildCyclePrefix: 'run4-m2',
    build,
    onStart: (n) => progress.phase(2, `Build 2 (${config.builder_command.split(' ').slice(0, 3).join(' ')} ...) through the interposer: ${n} builds of ${service}`),
    onProgress: (scenario, line) => progress.info(`m2 build2${scenario ? ` ${scenario}` : ''}: ${line}`),
    signal: ctx.signal,
  });
}
