import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { check, runCheck, type CheckRecord } from '@run4/checks';
import { describeOutcome, McpConnection, resultJson } from '@run4/mcp-probe';
import { parse as parseYaml, stringify } from 'yaml';
import { clip, httpJson } from './http-json.js';
import type { PhaseContext } from './live.js';
import { m4Servers } from './phase-mcp-smoke.js';

/** Contract files of the sample app per service (seed 001 section 2.8). */
const FIXTURE_CONTRACTS: Record<string, { openapi: string; asyncapi?: string }> = {
  'auth-service': { openapi: 'sample_openapi_auth.yaml' },
  'order-service': { openapi: 'sample_openapi_order.yaml', asyncapi: 'sample_asyncapi_order.yaml' },
  'notification-service': { openapi: 'sample_openapi_notification.yaml', asyncapi: 'sample_asyncapi_order.yaml' },
};

interface Registered {
  service: string;
  type: 'openapi' | 'asyncapi';
  id?: string;
  created: number;
  valid?: boolean;
  errors?: unknown;
}

/** Per service, the contract files handed to its builder (fetched back from the Contract Engine). */
export type ServiceContracts = Record<string, { openapi: string; asyncapi?: string; ids: string[] }>;

/**
 * Phase 4 (R4-M4-004): register each service's contracts with the deployed
 * Contract Engine (`POST /api/contracts`), validate every one
 * (`POST /api/validate`), and list them back. The specs the builders get
 * are the ones read back from the engine. Gate: all registered and valid.
 */
export async function phaseContracts(ctx: PhaseContext): Promise<{ checks: CheckRecord[]; data: Record<string, unknown> }> {
  const engine = ctx.live.build1?.urls['contract-engine'];
  const services = (ctx.data.decompose?.services as string[] | undefined) ?? [];
  if (!engine) return { checks: [check('m4.contracts.register', 'contracts registered', 'FAIL', 'the Contract Engine is not deployed (phase 1)', ['R4-M4-004'])], data: {} };
  const cycle = `run4-${ctx.runId}`;
  const registered: Registered[] = [];
  const contracts: ServiceContracts = {};
  const unknown: string[] = [];
  for (const service of services) {
    const fixture = FIXTURE_CONTRACTS[service];
    if (!fixture) {
      unknown.push(service);
      continue;
    }
    const dir = path.join(ctx.workDir, 'contracts', service);
    mkdirSync(dir, { recursive: true });
    contracts[service] = { openapi: '', ids: [] };
    for (const type of ['openapi', 'asyncapi'] as const) {
      const name = fixture[type];
      if (!name) continue;
      const spec = parseYaml(readFileSync(path.join(ctx.config.fixtures_dir, name), 'utf8')) as Record<string, unknown>;
      const created = await httpJson('POST', `${engine}/api/contracts`, { service_name: service, type, version: String((spec.info as { version?: string })?.version ?? '1.0.0'), spec, build_cycle_id: cycle });
      const id = (created.body as { id?: string } | null)?.id;
      const validation = await httpJson('POST', `${engine}/api/validate`, { spec, type });
      const v = validation.body as { valid?: boolean; errors?: unknown } | null;
      registered.push({ service, type, id, created: created.status, valid: v?.valid, errors: v?.errors });
      if (!id) continue;
      contracts[service]!.ids.push(id);
      const back = await httpJson('GET', `${engine}/api/contracts/${id}`);
      const stored = (back.body as { spec?: unknown } | null)?.spec ?? spec;
      const file = path.join(dir, `${type}.yaml`);
      writeFileSync(file, stringify(stored));
      contracts[service]![type] = file;
    }
  }
  const reg = registered.filter((r) => r.created === 201 && r.id);
  const valid = registered.filter((r) => r.valid === true);
  const listed = await httpJson('GET', `${engine}/api/contracts?page_size=500`);
  const items = ((listed.body as { items?: { id: string }[] } | null)?.items ?? []).map((i) => i.id);
  const missingFromList = reg.filter((r) => !items.includes(r.id!)).map((r) => `${r.service}/${r.type}`);
  const checks: CheckRecord[] = [
    check(
      'm4.contracts.register',
      'contracts registered with the Contract Engine',
      registered.length > 0 && reg.length === registered.length && unknown.length === 0 ? 'PASS' : 'FAIL',
      `${reg.length}/${registered.length} created (build cycle ${cycle})${unknown.length ? `; no contract source for ${unknown.join(', ')}` : ''}${registered.filter((r) => r.created !== 201).map((r) => `; ${r.service}/${r.type} HTTP ${r.created}`).join('')}`,
      ['R4-M4-004'],
    ),
    check('m4.contracts.validate', 'every contract validates', registered.length > 0 && valid.length === registered.length ? 'PASS' : 'FAIL', registered.map((r) => `${r.service}/${r.type} valid=${r.valid}${r.valid ? '' : ` ${clip(r.errors, 120)}`}`).join('; '), ['R4-M4-004', 'B1-04']),
    check('m4.contracts.list', 'contracts listed back', reg.length >= 3 && missingFromList.length === 0 ? 'PASS' : 'FAIL', `${items.length} contracts listed; ${missingFromList.length ? `missing ${missingFromList.join(', ')}` : `all ${reg.length} registered ones present`}`, ['R4-M4-004']),
    await architectCrossRef(ctx),
  ];
  return { checks, data: { contracts, cycle } };
}

/** The architect's get_contracts_for_service reaching the deployed Contract Engine over HTTP (B1-19, X-03). */
async function architectCrossRef(ctx: PhaseContext): Promise<CheckRecord> {
  return runCheck({ id: 'm4.contracts.architect-cross-ref', name: 'architect get_contracts_for_service sees the registered contracts', requirementIds: ['B1-19', 'X-03', 'R4-M2-008'] }, async () => {
    const server = m4Servers(ctx).find((s) => s.name === 'architect');
    if (!server) return { status: 'FAIL', evidence: `no architect server in ${ctx.config.mcp_config_path}` };
    const url = ctx.live.build1?.urls['contract-engine'] ?? 'CONTRACT_ENGINE_URL';
    const conn = await McpConnection.open(server, { startupTimeoutMs: ctx.config.mcp_startup_timeout_ms, signal: ctx.signal });
    try {
      const out = await conn.callTool('get_contracts_for_service', { service_name: 'auth-service' }, ctx.config.mcp_tool_timeout_ms, ctx.signal);
      if (out.kind !== 'result' || out.result.isError) return { status: 'FAIL', evidence: describeOutcome(out) };
      const list = resultJson(out.result);
      if (!Array.isArray(list) || list.length === 0) return { status: 'FAIL', evidence: `empty result from the Contract Engine at ${url}: ${clip(list)}` };
      return { status: 'PASS', evidence: `${list.length} contracts for auth-service via ${url}` };
    } finally {
      await conn.close();
    }
  });
}
