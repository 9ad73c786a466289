import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { check, type CheckRecord } from '@run4/checks';
import type { ServiceContracts } from '@run4/schemas';
import { parse as parseYaml } from 'yaml';
import { errorText } from '../connection.js';
import type { ResolvedServer } from '../mcp-config.js';
import { readTrace } from '../interposer/trace-schema.js';
import type { ListedTool } from './client-calls.js';
import { interposedCommand } from './interposed-server.js';
import { BUILD2_CLIENT_CHECKS, judgeBuild2Clients, type Build2ScenarioRun } from './judge-build2-clients.js';
import { registerContracts, type ContractToRegister } from './register-contracts.js';
import { BUILD2_CLIENT_ROLES, BUILD2_CLIENT_SCENARIOS, type Build2ClientRole, type Build2Scenario, type Build2ScenarioName } from './scenarios.js';
import { listServerTools } from './server-tools.js';

type StdioServer = Extract<ResolvedServer, { transport: 'stdio' }>;

/** The seed's config.yaml block of one Build 1 server for a builder (`mcp_command`, `mcp_args`, `server_root`, `database_path`, ...). */
export type Build1ServerBlock = Record<string, string | string[]>;

/** One build the caller runs: the builder's directory and the server blocks its config.yaml must carry. */
export interface Build2BuildRequest {
  scenario: Build2Scenario;
  builderDir: string;
  blocks: Record<Build2ClientRole, Build1ServerBlock>;
}

/** How one build ended, as the caller ran it. */
export interface Build2BuildOutcome {
  completed: boolean;
  /** One line for evidence (exit code, failure, log file). */
  outcome: string;
  /** Files the build added or changed in its directory. */
  writtenFiles: string[];
  durationMs: number;
}

export interface Build2ClientRunOptions {
  /** The stdio server playing each client role (their real commands; the interposer is put in front). */
  servers: Partial<Record<Build2ClientRole, ResolvedServer>>;
  /** The contracts of the service Build 2 builds, registered with the Contract Engine before the scenarios that want them. */
  contracts: readonly ContractToRegister[];
  /** Where each scenario gets its directory. */
  root: string;
  /** How to start the interposer (argv). */
  interposer: readonly string[];
  /** Only these scenarios (default: all); the checks of the others FAIL as not run. */
  scenarios?: readonly Build2ScenarioName[];
  /** Builds at a time. */
  concurrency: number;
  /** Deadline of a first server start (tool listing, contract registration). */
  startupTimeoutMs: number;
  /** The contracts' build cycle id is `<prefix>-<scenario>`. */
  buildCyclePrefix: string;
  /** Runs the stack's builder once, with the server blocks in its config.yaml. */
  build: (request: Build2BuildRequest) => Promise<Build2BuildOutcome>;
  /** Called once the servers are known to fit, before anything starts: how many builds will run. */
  onStart?: (builds: number) => void;
  /** Progress lines: `scenario` undefined for lines about the whole run. */
  onProgress?: (scenario: Build2ScenarioName | undefined, line: string) => void;
  signal?: AbortSignal;
}

/**
 * Every Build 2 client check FAILed as not run, for `reason`.
 *
 * @example
 * failBuild2ClientChecks('no service with an OpenAPI contract').length; // BUILD2_CLIENT_CHECKS.length
 */
export function failBuild2ClientChecks(reason: string): CheckRecord[] {
  return BUILD2_CLIENT_CHECKS.map((c) => check(c.id, `Build 2 MCP client: ${c.id}`, 'FAIL', `not run: ${reason}`, [...c.requirementIds]));
}

/**
 * The contracts of one service from its contract files (OpenAPI and
 * AsyncAPI, YAML or JSON), ready for `create_contract`; the version is the
 * spec's `info.version` (default 1.0.0).
 *
 * @example
 * contractsOfService('accounts-api', { openapi: 'contracts/accounts.yaml' })[0]?.type; // 'openapi'
 */
export function contractsOfService(service: string, files: Pick<ServiceContracts, 'openapi' | 'asyncapi'> | undefined): ContractToRegister[] {
  return (['openapi', 'asyncapi'] as const).flatMap((type) => {
    const file = files?.[type];
    if (!file) return [];
    const spec = parseYaml(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const version = String((spec.info as { version?: unknown } | undefined)?.version ?? '1.0.0');
    return [{ service_name: service, type, version, spec }];
  });
}

/**
 * A stack's real Build 2 judged as an MCP client (R4-M2-003, R4-M2-006):
 * runs the caller's `build` once per scenario of
 * {@link BUILD2_CLIENT_SCENARIOS} (bounded by `concurrency`), each with
 * config.yaml blocks pointing every Build 1 server at the interposer in
 * front of the real server (with that scenario's faults), then judges from
 * the traces and each build's outcome. Nothing of Run 4's own clients is
 * credited to Build 2.
 *
 * @example
 * const checks = await runBuild2ClientChecks({ servers, contracts, root: 'out/b2', interposer: ['run4', 'interpose'], concurrency: 2, startupTimeoutMs: 60_000, buildCyclePrefix: 'run4', build });
 */
export async function runBuild2ClientChecks(options: Build2ClientRunOptions): Promise<CheckRecord[]> {
  const { root, contracts } = options;
  const say = options.onProgress ?? (() => undefined);
  const stdio: Partial<Record<Build2ClientRole, StdioServer>> = {};
  for (const role of BUILD2_CLIENT_ROLES) {
    const s = options.servers[role];
    if (!s) return failBuild2ClientChecks(`the stack profile maps no .mcp.json server to ${role} (build1.roles)`);
    if (s.transport !== 'stdio') return failBuild2ClientChecks(`the ${role} server "${s.name}" is streamable HTTP; a seed Build 2 starts its Build 1 servers over stdio (config.yaml ${role}.mcp_command)`);
    stdio[role] = s;
  }
  const scenarios = BUILD2_CLIENT_SCENARIOS.filter((s) => !options.scenarios || options.scenarios.includes(s.name));
  const signal = options.signal ? { signal: options.signal } : {};
  options.onStart?.(scenarios.length);
  // The tools as each server lists them: a client that never lists them is still judged against their inputSchema.
  const inventory: Partial<Record<Build2ClientRole, ListedTool[]>> = {};
  for (const role of BUILD2_CLIENT_ROLES) {
    const server = stdio[role]!;
    const dataDir = path.join(root, 'inventory', role);
    mkdirSync(dataDir, { recursive: true });
    try {
      inventory[role] = await listServerTools({ ...server, env: { ...server.env, RUN4_DATA_DIR: dataDir, DATABASE_PATH: path.join(dataDir, `${role}.db`) } }, { timeoutMs: options.startupTimeoutMs, ...signal });
    } catch (error) {
      say(undefined, `could not list the ${role} tools (${errorText(error)}); arguments are checked only where Build 2 listed them`);
    }
  }

  const runScenario = async (scenario: Build2Scenario): Promise<Build2ScenarioRun> => {
    const dir = path.join(root, scenario.name);
    const dataDir = path.join(dir, 'data');
    mkdirSync(dataDir, { recursive: true });
    const env = { PATH: process.env.PATH ?? '', RUN4_DATA_DIR: dataDir };
    const blocks: Record<Build2ClientRole, Build1ServerBlock> = { contract_engine: {}, codebase_intelligence: {} };
    const tracePaths: Partial<Record<Build2ClientRole, string>> = {};
    for (const role of BUILD2_CLIENT_ROLES) {
      const server = stdio[role]!;
      const tracePath = path.join(dir, `${role}.trace.jsonl`);
      tracePaths[role] = tracePath;
      const faults = scenario.faults[role];
      const faultsPath = faults ? path.join(dir, `${role}.faults.json`) : undefined;
      if (faultsPath) writeFileSync(faultsPath, `${JSON.stringify(faults, null, 2)}\n`);
      const cmd = interposedCommand({ interposer: [...options.interposer], server, tracePath, ...(faultsPath ? { faultsPath } : {}), env });
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
        { timeoutMs: options.startupTimeoutMs, buildCycleId: `${options.buildCyclePrefix}-${scenario.name}`, ...signal },
      );
      const failed = registered.filter((r) => !r.id);
      if (failed.length) say(scenario.name, `contract not registered: ${failed.map((f) => `${f.type}: ${f.error}`).join('; ')}`);
    }
    say(scenario.name, scenario.title);
    const result = await options.build({ scenario, builderDir: path.join(dir, 'builder'), blocks });
    say(scenario.name, `${result.completed ? 'completed' : 'FAILED'} in ${Math.round(result.durationMs / 100) / 10} s`);
    const traces: Build2ScenarioRun['traces'] = {};
    for (const role of BUILD2_CLIENT_ROLES) traces[role] = { file: tracePaths[role]!, entries: readTrace(tracePaths[role]!) };
    return { scenario: scenario.name, traces, completed: result.completed, outcome: result.outcome, builderDir: path.join(dir, 'builder'), writtenFiles: result.writtenFiles };
  };

  // Bounded by `concurrency`; each scenario has its own directories.
  const runs: Build2ScenarioRun[] = [];
  const queue = [...scenarios];
  const worker = async () => {
    for (let s = queue.shift(); s; s = queue.shift()) runs.push(await runScenario(s));
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, queue.length)) }, worker));
  return judgeBuild2Clients(runs, inventory);
}
