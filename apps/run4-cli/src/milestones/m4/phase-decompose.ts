import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkDecomposition } from '@run4/mcp-probe';
import { roleMissing, roleUrl, type PhaseContext, type PhaseOutput } from './live.js';


/**
 * Phase 3 (R4-M4-003): feed the sample PRD to the deployed architect
 * (mcp-probe checkDecomposition) and keep its answer in decomposition.json.
 * Gate: a ServiceMap with >= 3 services and a DomainModel with >= 3 entities.
 */
export async function phaseDecompose(ctx: PhaseContext): Promise<PhaseOutput> {
  const prdText = readFileSync(ctx.config.sample_prd_path, 'utf8');
  const r = await checkDecomposition({ url: roleUrl(ctx, 'architect'), unavailable: roleMissing(ctx, 'architect', 'http'), prdText, timeoutMs: ctx.config.mcp_tool_timeout_ms });
  if (!r.decomposition) return { checks: r.checks, data: {}, ...(r.gateFailed ? { gateFailed: r.gateFailed } : {}) };
  const file = path.join(ctx.workDir, 'decomposition.json');
  writeFileSync(file, JSON.stringify(r.decomposition, null, 2) + '\n');
  return { checks: r.checks, data: { services: r.services, entities: r.entities, file, stubs: r.stubs }, ...(r.gateFailed ? { gateFailed: r.gateFailed } : {}) };
}
