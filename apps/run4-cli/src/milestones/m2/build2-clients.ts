import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { check, type CheckRecord } from '@run4/checks';
import { diffSnapshots, prepareBuilderDir, runBuilder, snapshotDir } from '@run4/builder-runner';
import {
  BUILD2_CLIENT_CHECKS, BUILD2_CLIENT_ROLES, BUILD2_CLIENT_SCENARIOS, errorText, interposedCommand, judgeBuild2Clients, listServerTools, readTrace, registerContracts,
  type Build2ClientRole, type Build2Scenario, type Build2ScenarioName, type Build2ScenarioRun, type ContractToRegister, type ListedTool, type ResolvedServer,
} from '@run4/mcp-probe';
import type { MilestoneContext } from '../types.js';

type StdioServer = Extract<ResolvedServer, { transport: 'stdio' }>;

/** The depth at which seed 003 section 8.5 turns every Build 1 feature of a builder on. */
const FULL_DEPTH = 'thorough';

/** How this Run 4 starts its own interposer: the same CLI, `interpose` subcommand. */
function selfInterposer(): string[] {
  return [process.execPath, path.resolve(process.argv[1] ?? ''), 'interpose'];
}

export interface Build2ClientOptions {
  /** How to start the interposer (default: this CLI's `interpose`). */
  interposer?: readonly string[];
  /** Only these scenarios (default: all); the checks of the others FAIL as not run. */
  scenarios?: readonly Build2ScenarioName[];
}

function failAll(reason: string): CheckRecord[] {
  return BUILD2_CLIENT_CHECKS.map((c) => check(c.id, `Build 2 MCP client: ${c.id}`, 'FAIL', `not run: ${reason}`, [...c.requirementIds]));
}

function contractsOf(ctx: MilestoneContext, service: string): ContractToRegister[] {
  const given = ctx.profile.sample_app.contracts[service];
  return (['openapi', 'asyncapi'] as const).flatMap((type) => {
    const file = given?.[type];
    if (!file) return [];
    const spec = parseYaml(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const version = String((spec.info as { version?: unknown } | undefined)?.version ?? '1.0.0');
    return [{ service_name: service, type, version, spec }];
  });
}

/**
 * R4-M2-003 / R4-M2-006 against the stack's real Build 2: runs its builder
 * once per scenario of {@link BUILD2_CLIENT_SCENARIOS} at full depth, with
 * config.yaml pointing each Build 1 server (seed fields `mcp_command`,
 * `mcp_args`, `server_root`, `database_path`) at Run 4's interposer in front
 * of the real server, then judges from the traces and each build's outcome.
 * Nothing of Run 4's own clients is credited to Build 2.
 *
 * @example
 * const checks = await build2ClientChecks(ctx, { contract_engine: ce, codebase_intelligence: ci });
 */
export async function build2ClientChecks(
  ctx: MilestoneContext,
  servers: Partial<Record<Build2ClientRole, ResolvedServer>>,
  options: Build2ClientOptions = {},
): Promise<CheckRecord[]> {
  const { config, progress } = ctx;
  const service = Object.entries(ctx.profile.sample_app.contracts).find(([, c]) => c.openapi)?.[0];
  if (!service) return failAll(`the stack profile gives no service with an OpenAPI contract (sample_app.contracts in ${config.stack_profile}) for Build 2 to build`);
  const stdio: Partial<Record<Build2ClientRole, StdioServer>> = {};
  for (const role of BUILD2_CLIENT_ROLES) {
    const s = servers[role];
    if (!s) return failAll(`the stack profile maps no .mcp.json server to ${role} (build1.roles)`);
    if (s.transport !== 'stdio') return failAll(`the ${role} server "${s.name}" is streamable HTTP; a seed Build 2 starts its Build 1 servers over stdio (config.yaml ${role}.mcp_command)`);
    stdio[role] = s;
  }
  const root = path.join(ctx.outputDir, 'm2_build2');
  const openapi = ctx.profile.sample_app.contracts[service]!.openapi!;
  const asyncapi = ctx.profile.sample_app.contracts[service]!.asyncapi;
  const contracts = contractsOf(ctx, service);
  const scenarios = BUILD2_CLIENT_SCENARIOS.filter((s) => !options.scenarios || options.scenarios.includes(s.name));
  const interposer = [...(options.interposer ?? selfInterposer())];
  progress.phase(2, `Build 2 (${config.builder_command.split(' ').slice(0, 3).join(' ')} ...) through the interposer: ${scenarios.length} builds of ${service}`);
  // The tools as each server lists them: a client that never lists them is still judged against their inputSchema.
  const inventory: Partial<Record<Build2ClientRole, ListedTool[]>> = {};
  for (const role of BUILD2_CLIENT_ROLES) {
    const server = stdio[role]!;
    const dataDir = path.join(root, 'inventory', role);
    mkdirSync(dataDir, { recursive: true });
    try {
      inventory[role] = await listServerTools({ ...server, env: { ...server.env, RUN4_DATA_DIR: dataDir, DATABASE_PATH: path.join(dataDir, `${role}.db`) } }, { timeoutMs: config.mcp_first_start_timeout_ms, signal: ctx.signal });
    } catch (error) {
      progress.info(`m2 build2: could not list the ${role} tools (${errorText(error)}); arguments are checked only where Build 2 listed them`);
    }
  }

  const runScenario = async (scenario: Build2Scenario): Promise<Build2ScenarioRun> => {
    const dir = path.join(root, scenario.name);
    const dataDir = path.join(dir, 'data');
    const builderDir = path.join(dir, 'builder');
    mkdirSync(dataDir, { recursive: true });
    const env = { PATH: process.env.PATH ?? '', RUN4_DATA_DIR: dataDir };
    const blocks: Record<Build2ClientRole, Record<string, string | string[]>> = { contract_engine: {}, codebase_intelligence: {} };
    const tracePaths: Partial<Record<Build2ClientRole, string>> = {};
    for (const role of BUILD2_CLIENT_ROLES) {
      const server = stdio[role]!;
      const tracePath = path.join(dir, `${role}.trace.jsonl`);
      tracePaths[role] = tracePath;
      const faults = scenario.faults[role];
      const faultsPath = faults ? path.join(dir, `${role}.faults.json`) : undefined;
      if (faultsPath) writeFileSync(faultsPath, `${JSON.stringify(faults, null, 2)}\n`);
      const cmd = interposedCommand({ interposer, server, tracePath, ...(faultsPath ? { faultsPath } : {}), env });
      blocks[role] = {
        mcp_command: cmd.command,
        mcp_args: cmd.args,
        server_root: cmd.cwd,
        database_path: path.join(dataDir, `${role}.db`),
        ...(role === 'codebase_intelligence' ? { chroma_path: path.join(dataDir, 'chroma'), graph_path: path.join(dataDir, 'graph.json') } : {}),
      };
    }
    if (scenario.registerContracts && contracts.length) {
      const ce = stdio.contract_engine!;
      const registered = await registerContracts(
        { ...ce, env: { ...ce.env, ...env, DATABASE_PATH: String(blocks.contract_engine.database_path) } },
        contracts,
        { timeoutMs: config.mcp_first_start_timeout_ms, buildCycleId: `run4-m2-${scenario.name}`, signal: ctx.signal },
      );
      const failed = registered.filter((r) => !r.id);
      if (failed.length) progress.info(`m2 build2 ${scenario.name}: contract not registered: ${failed.map((f) => `${f.type}: ${f.error}`).join('; ')}`);
    }
    await prepareBuilderDir(builderDir, { name: service, port: ctx.profile.services.port, openapi, ...(asyncapi ? { asyncapi } : {}), prd: config.sample_prd_path }, FULL_DEPTH, {
      contractEngine: blocks.contract_engine,
      codebaseIntelligence: blocks.codebase_intelligence,
    });
    const before = await snapshotDir(builderDir);
    progress.info(`m2 build2 ${scenario.name}: ${scenario.title}`);
    const result = await runBuilder(
      { service_id: service, dir: builderDir, depth: FULL_DEPTH },
      { command: config.builder_command, timeoutMs: config.builder_timeout_s * 1000, signal: ctx.signal },
    );
    const diff = diffSnapshots(before, await snapshotDir(builderDir));
    const outcome = result.success
      ? `exit ${result.exit_code}, STATE.json success`
      : `${result.failure ?? 'failed'}${result.exit_code !== null ? ` (exit ${result.exit_code})` : ''}: ${result.error || 'no error text'} (log ${result.stderr_file})`;
    progress.info(`m2 build2 ${scenario.name}: ${result.success ? 'completed' : 'FAILED'} in ${Math.round(result.duration_ms / 100) / 10} s`);
    const traces: Build2ScenarioRun['traces'] = {};
    for (const role of BUILD2_CLIENT_ROLES) traces[role] = { file: tracePaths[role]!, entries: readTrace(tracePaths[role]!) };
    return { scenario: scenario.name, traces, completed: result.success, outcome, builderDir, writtenFiles: [...diff.added, ...diff.changed] };
  };

  // Bounded like the builders of M3 (max_concurrent_builders); each scenario has its own directories.
  const runs: Build2ScenarioRun[] = [];
  const queue = [...scenarios];
  const worker = async () => {
    for (let s = queue.shift(); s; s = queue.shift()) runs.push(await runScenario(s));
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(config.max_concurrent_builders, queue.length)) }, worker));
  return judgeBuild2Clients(runs, inventory);
}
