import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { check } from '@run4/checks';
import { z } from 'zod';
import { clip, httpJson } from './http-json.js';
import { roleMissing, roleUrl, type PhaseContext, type PhaseOutput } from './live.js';

/** The parts of the architect's DecompositionResult the pipeline relies on (seed 003 section 1.1). */
export const DecompositionSchema = z.looseObject({
  service_map: z.looseObject({ project_name: z.string().optional(), services: z.array(z.looseObject({ name: z.string() })) }),
  domain_model: z.looseObject({ entities: z.array(z.looseObject({ name: z.string() })) }),
  contract_stubs: z.array(z.unknown()),
  validation_issues: z.array(z.unknown()).optional(),
  /** Added by the HTTP route: the stubs it registered with the Contract Engine. */
  registered_contracts: z.array(z.unknown()).optional(),
});
export type Decomposition = z.infer<typeof DecompositionSchema>;

const REQ = ['R4-M4-003', 'B1-03'];

/** A contract stub of the architect (seed 003 section 1.1): the spec it proposes for one service. */
export const ContractStubSchema = z.looseObject({
  service_name: z.string(),
  type: z.enum(['openapi', 'asyncapi']),
  version: z.string().optional(),
  spec: z.record(z.string(), z.unknown()),
});
export type ContractStub = z.infer<typeof ContractStubSchema>;

/**
 * Phase 3 (R4-M4-003): feed the sample PRD to the deployed architect
 * (`POST /api/decompose`, which also registers the contract stubs with the
 * Contract Engine). Gate: a ServiceMap with >= 3 services and a DomainModel
 * with >= 3 entities.
 */
export async function phaseDecompose(ctx: PhaseContext): Promise<PhaseOutput> {
  const architect = roleUrl(ctx, 'architect');
  if (!architect) {
    const c = check('m4.decompose', 'architect decomposition', 'FAIL', roleMissing(ctx, 'architect', 'http'), REQ);
    return { checks: [c], data: {}, gateFailed: c.evidence };
  }
  const prd = readFileSync(ctx.config.sample_prd_path, 'utf8');
  const r = await httpJson('POST', `${architect}/api/decompose`, { prd_text: prd }, {}, ctx.config.mcp_tool_timeout_ms);
  const parsed = DecompositionSchema.safeParse(r.body);
  const ms = Math.round(r.ms);
  if (r.status !== 201 || !parsed.success) {
    const why = r.status === 0 ? r.error : parsed.success ? `HTTP ${r.status}` : `HTTP ${r.status}, unexpected shape: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`;
    const c = check('m4.decompose', 'architect decomposition', 'FAIL', `POST /api/decompose: ${why}; body ${clip(r.body)}`, REQ, ms);
    return { checks: [c], data: {}, gateFailed: c.evidence };
  }
  const d = parsed.data;
  const file = path.join(ctx.workDir, 'decomposition.json');
  writeFileSync(file, JSON.stringify(d, null, 2) + '\n');
  const services = d.service_map.services.map((s) => s.name);
  const entities = d.domain_model.entities.map((e) => e.name);
  const checks = [
    check('m4.decompose.service-map', 'ServiceMap has >= 3 services', services.length >= 3 ? 'PASS' : 'FAIL', `${services.length} services: ${services.join(', ')}`, REQ, ms),
    check('m4.decompose.domain-model', 'DomainModel has >= 3 entities', entities.length >= 3 ? 'PASS' : 'FAIL', `${entities.length} entities: ${entities.join(', ')}`, ['R4-M4-003']),
    check(
      'm4.decompose.contract-stubs',
      'contract stubs generated',
      d.contract_stubs.length >= 2 ? 'PASS' : 'FAIL',
      `${d.contract_stubs.length} stubs; ${d.registered_contracts ? `${d.registered_contracts.length} registered with the Contract Engine` : 'registration not reported'}`,
      ['R4-M4-003'],
    ),
  ];
  const stubs = d.contract_stubs.flatMap((s) => {
    const parsed = ContractStubSchema.safeParse(s);
    return parsed.success ? [parsed.data] : [];
  });
  // The seed's gate: a ServiceMap with >= 3 services and a DomainModel with >= 3 entities.
  const gate = checks.slice(0, 2).filter((c) => c.status === 'FAIL');
  return { checks, data: { services, entities, file, stubs }, ...(gate.length ? { gateFailed: gate.map((c) => c.evidence).join('; ') } : {}) };
}
