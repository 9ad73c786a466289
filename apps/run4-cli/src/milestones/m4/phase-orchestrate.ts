import { build3Layout, build3TemplateValues, followBuild3State, orchestrateBuild3, type ContractListing } from '@run4/builder-runner';
import { describeOutcome, expandVars, McpConnection, resultJson } from '@run4/mcp-probe';
import { roleMissing, roleUrl, type PhaseContext, type PhaseOutput } from './live.js';
import { m4Servers, roleServer } from './phase-mcp-smoke.js';
import { checkBuild3Compose, checkBuild3Planted, checkBuild3Reports } from './build3-reports.js';

/** Run 4's own `list_contracts` call to the Contract Engine, on the Build 1 data Build 3's servers wrote. */
async function listContracts(ctx: PhaseContext, dataDir: string): Promise<ContractListing> {
  const server = roleServer(ctx, m4Servers(ctx, dataDir), 'contract_engine');
  if (!server) return { error: roleMissing(ctx, 'contract_engine', 'mcp') };
  const conn = await McpConnection.open(server, { startupTimeoutMs: ctx.config.mcp_startup_timeout_ms, signal: ctx.signal });
  try {
    const out = await conn.callTool('list_contracts', { page_size: 500 }, ctx.config.mcp_tool_timeout_ms, ctx.signal);
    return out.kind !== 'result' || out.result.isError ? { error: `list_contracts: ${describeOutcome(out)}` } : { body: resultJson(out.result) };
  } finally {
    await conn.close();
  }
}

/**
 * Phases 4-5 with a Build 3 under test (R4-M4-003..005, B3-01): Build 3
 * runs on the PRD with a config filled from the stack profile; Run 4
 * follows it and verifies its work with its own tools (builder-runner's
 * orchestrateBuild3). Gate: two thirds of the planned builders succeeded.
 */
export async function phaseOrchestrate(ctx: PhaseContext): Promise<PhaseOutput> {
  const { config, profile, progress } = ctx;
  const layout = build3Layout(ctx.workDir, profile.build3!.state_file);
  const plant = ctx.options.plant ?? config.plant;
  const values = build3TemplateValues({
    settings: config, profile, layout, plant, backend: ctx.options.backend ?? config.deploy_backend, contractEngineUrl: roleUrl(ctx, 'contract_engine') ?? '',
    plannedServices: (ctx.data.decompose?.services as string[] | undefined) ?? [],
    expand: (v, where) => expandVars(v, process.env, () => {
      throw new Error(`${where} of ${config.stack_profile} uses a variable that is not set`);
    }),
  });
  return orchestrateBuild3({
    layout, values, build3: { command: profile.build3!.command!, config: profile.build3!.config }, prd: config.sample_prd_path, plant, idPrefix: 'm4',
    maxConcurrent: config.max_concurrent_builders, timeoutMs: (config.builder_timeout_s * 3 + 900) * 1000, signal: ctx.signal,
    onCommand: (argv) => progress.info(`build3: ${argv.join(' ')}`),
    onState: followBuild3State({ info: (l) => progress.info(l), detail: (l) => progress.detail(l), builder: (name, status, said, cost) => progress.row({ milestone: 4, kind: 'builder', name, status, detail: `Build 3: ${said}`, ...(cost !== undefined ? { cost } : {}) }) }),
    listContracts: () => listContracts(ctx, layout.dataDir),
    checkReports: checkBuild3Reports, checkCompose: checkBuild3Compose, checkPlanted: checkBuild3Planted,
  });
}
