import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { check, runCheck, type CheckRecord } from '@run4/checks';
import { describeOutcome, McpConnection, resultJson } from '@run4/mcp-probe';
import { parse as parseYaml, stringify } from 'yaml';
import { clip, httpJson } from './http-json.js';
import { roleMissing, roleUrl, type PhaseContext, type PhaseOutput } from './live.js';
import type { ContractStub } from './phase-decompose.js';
import { m4Servers, roleServer } from './phase-mcp-smoke.js';

type ContractType = 'openapi' | 'asyncapi';

/** One contract to register: its spec and where it came from (the profile's file or the architect's stub). */
interface ContractSource {
  service: string;
  type: ContractType;
  spec: Record<string, unknown>;
  source: string;
}

interface Registered extends ContractSource {
  id?: string;
  created: number;
  valid?: boolean;
  errors?: unknown;
}

/** Per service, the contract files handed to its builder (fetched back from the Contract Engine), with their sources. */
export type ServiceContracts = Record<string, { openapi?: string; asyncapi?: string; ids: string[]; sources: string[] }>;

/**
 * The contracts of each service the architect found: the stack profile's
 * files where it gives them, else the architect's own contract stubs.
 */
function contractSources(ctx: PhaseContext, services: readonly string[], stubs: readonly ContractStub[]): { sources: ContractSource[]; none: string[] } {
  const sources: ContractSource[] = [];
  const none: string[] = [];
  for (const service of services) {
    const given = ctx.profile.sample_app.contracts[service];
    const fromProfile = (['openapi', 'asyncapi'] as const).flatMap((type) => {
      const file = given?.[type];
      return file ? [{ service, type, spec: parseYaml(readFileSync(file, 'utf8')) as Record<string, unknown>, source: `profile ${path.basename(file)}` }] : [];
    });
    const fromStubs = stubs.filter((s) => s.service_name === service).map((s) => ({ service, type: s.type, spec: s.spec, source: 'architect stub' }));
    const chosen = fromProfile.length ? fromProfile : fromStubs;
    if (chosen.length === 0) none.push(service);
    sources.push(...chosen);
  }
  return { sources, none };
}

/**
 * Phase 4 (R4-M4-004): register each service's contracts with the deployed
 * Contract Engine (`POST /api/contracts`), validate every one
 * (`POST /api/validate`), and list them back. The specs the builders get
 * are the ones read back from the engine. Gate: all registered and valid.
 * The architect's cross-reference (B1-19) is recorded, not gated.
 */
export async function phaseContracts(ctx: PhaseContext): Promise<PhaseOutput> {
  const engine = roleUrl(ctx, 'contract_engine');
  const services = (ctx.data.decompose?.services as string[] | undefined) ?? [];
  const stubs = (ctx.data.decompose?.stubs as ContractStub[] | undefined) ?? [];
  if (!engine) {
    const c = check('m4.contracts.register', 'contracts registered', 'FAIL', roleMissing(ctx, 'contract_engine', 'http'), ['R4-M4-004']);
    return { checks: [c], data: {}, gateFailed: c.evidence };
  }
  const cycle = `run4-${ctx.runId}`;
  const { sources, none } = contractSources(ctx, services, stubs);
  const registered: Registered[] = [];
  const contracts: ServiceContracts = {};
  for (const c of sources) {
    const created = await httpJson('POST', `${engine}/api/contracts`, { service_name: c.service, type: c.type, version: String((c.spec.info as { version?: string })?.version ?? '1.0.0'), spec: c.spec, build_cycle_id: cycle });
    const id = (created.body as { id?: string } | null)?.id;
    const validation = await httpJson('POST', `${engine}/api/validate`, { spec: c.spec, type: c.type });
    const v = validation.body as { valid?: boolean; errors?: unknown } | null;
    registered.push({ ...c, id, created: created.status, valid: v?.valid, errors: v?.errors });
    const entry = (contracts[c.service] ??= { ids: [], sources: [] });
    entry.sources.push(`${c.type}: ${c.source}`);
    if (!id) continue;
    entry.ids.push(id);
    const back = await httpJson('GET', `${engine}/api/contracts/${id}`);
    const stored = (back.body as { spec?: unknown } | null)?.spec ?? c.spec;
    const dir = path.join(ctx.workDir, 'contracts', c.service);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${c.type}.yaml`);
    writeFileSync(file, stringify(stored));
    entry[c.type] = file;
  }
  const reg = registered.filter((r) => r.created === 201 && r.id);
  const valid = registered.filter((r) => r.valid === true);
  const listed = await httpJson('GET', `${engine}/api/contracts?page_size=500`);
  const items = ((listed.body as { items?: { id: string }[] } | null)?.items ?? []).map((i) => i.id);
  const missingFromList = reg.filter((r) => !items.includes(r.id!)).map((r) => `${r.service}/${r.type}`);
  const profileOnly = Object.keys(ctx.profile.sample_app.contracts).filter((s) => !services.includes(s));
  const register = check(
    'm4.contracts.register',
    'contracts registered with the Contract Engine',
    registered.length > 0 && reg.length === registered.length ? 'PASS' : 'FAIL',
    `${reg.length}/${registered.length} created (build cycle ${cycle}): ${registered.map((r) => `${r.service}/${r.type} from ${r.source}${r.created === 201 ? '' : ` HTTP ${r.created}`}`).join(', ') || 'nothing to register'}`,
    ['R4-M4-004'],
  );
  const validate = check('m4.contracts.validate', 'every contract validates', registered.length > 0 && valid.length === registered.length ? 'PASS' : 'FAIL', registered.map((r) => `${r.service}/${r.type} valid=${r.valid}${r.valid ? '' : ` ${clip(r.errors, 120)}`}`).join('; ') || 'no contract', ['R4-M4-004', 'B1-04']);
  const checks: CheckRecord[] = [
    register,
    validate,
    check('m4.contracts.list', 'contracts listed back', reg.length > 0 && missingFromList.length === 0 ? 'PASS' : 'FAIL', `${items.length} contracts listed; ${missingFromList.length ? `missing ${missingFromList.join(', ')}` : `all ${reg.length} registered ones present`}`, ['R4-M4-004']),
    check(
      'm4.contracts.coverage',
      'every service the architect found has a contract',
      none.length === 0 && services.length > 0 ? 'PASS' : 'FAIL',
      `${services.length - none.length}/${services.length} services with a contract${none.length ? `; none for ${none.join(', ')} (neither the stack profile nor the architect's stubs give one)` : ''}${profileOnly.length ? `; the profile's ${profileOnly.join(', ')} not found by the architect` : ''}`,
      ['R4-M4-004', 'R4-M4-003'],
    ),
    await architectCrossRef(ctx, reg[0]?.service),
  ];
  const gate = [register, validate].filter((c) => c.status === 'FAIL');
  return { checks, data: { contracts, cycle }, ...(gate.length ? { gateFailed: gate.map((c) => c.evidence).join('; ') } : {}) };
}

/** The architect's get_contracts_for_service reaching the deployed Contract Engine over HTTP (B1-19, X-03). */
async function architectCrossRef(ctx: PhaseContext, service: string | undefined): Promise<CheckRecord> {
  return runCheck({ id: 'm4.contracts.architect-cross-ref', name: 'architect get_contracts_for_service sees the registered contracts', requirementIds: ['B1-19', 'X-03', 'R4-M2-008'] }, async () => {
    if (!service) return { status: 'SKIP', evidence: 'no contract was registered to look up' };
    const server = roleServer(ctx, m4Servers(ctx), 'architect');
    if (!server) return { status: 'FAIL', evidence: roleMissing(ctx, 'architect', 'mcp') };
    const url = roleUrl(ctx, 'contract_engine') ?? 'CONTRACT_ENGINE_URL';
    const conn = await McpConnection.open(server, { startupTimeoutMs: ctx.config.mcp_startup_timeout_ms, signal: ctx.signal });
    try {
      const out = await conn.callTool('get_contracts_for_service', { service_name: service }, ctx.config.mcp_tool_timeout_ms, ctx.signal);
      if (out.kind !== 'result' || out.result.isError) return { status: 'FAIL', evidence: describeOutcome(out) };
      const list = resultJson(out.result);
      if (!Array.isArray(list)) return { status: 'FAIL', evidence: `expected a list of contracts for ${service}, got ${clip(list)}` };
      if (list.length === 0) return { status: 'FAIL', evidence: `an empty list for ${service}, although its contracts are registered at ${url}` };
      return { status: 'PASS', evidence: `${list.length} contracts for ${service} via ${url}` };
    } finally {
      await conn.close();
    }
  });
}
