import path from 'node:path';
import { checkArchitectCrossRef, checkServiceContracts, type ContractStub, type ServiceContractFiles } from '@run4/mcp-probe';
import { roleMissing, roleUrl, type PhaseContext, type PhaseOutput } from './live.js';
import { build1Session } from './phase-mcp-smoke.js';

/** Per service, the contract files handed to its builder (fetched back from the Contract Engine), with their sources. */
export type ServiceContracts = ServiceContractFiles;

/**
 * Phase 4 (R4-M4-004): register each service's contracts with the deployed
 * Contract Engine, validate and list them (mcp-probe checkServiceContracts);
 * the builders get the specs read back from the engine. Gate: all
 * registered and valid. The architect's cross-reference (B1-19) is
 * recorded, not gated.
 */
export async function phaseContracts(ctx: PhaseContext): Promise<PhaseOutput> {
  const engineUrl = roleUrl(ctx, 'contract_engine');
  const cycle = `run4-${ctx.runId}`;
  const r = await checkServiceContracts({
    engineUrl,
    unavailable: roleMissing(ctx, 'contract_engine', 'http'),
    services: (ctx.data.decompose?.services as string[] | undefined) ?? [],
    stubs: (ctx.data.decompose?.stubs as ContractStub[] | undefined) ?? [],
    profileContracts: ctx.profile.sample_app.contracts,
    buildCycleId: cycle,
    contractsDir: path.join(ctx.workDir, 'contracts'),
  });
  const gate = r.gateFailed ? { gateFailed: r.gateFailed } : {};
  if (!engineUrl) return { checks: r.checks, data: {}, ...gate };
  const crossRef = await checkArchitectCrossRef(build1Session(ctx, ctx.config.mcp_startup_timeout_ms), r.firstRegistered, engineUrl);
  return { checks: [...r.checks, crossRef], data: { contracts: r.contracts, cycle }, ...gate };
}
