import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { check, runCheck, type CheckRecord } from '@run4/checks';
import type { ServiceContracts } from '@run4/schemas';
import { parse as parseYaml, stringify } from 'yaml';
import { McpConnection } from '../connection.js';
import { clip, httpJson } from '../http/http-json.js';
import { describeOutcome, resultJson } from '../tool-result.js';
import type { Build1SessionOptions } from './build1-smoke.js';
import type { ContractStub } from './decomposition.js';

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

/** Per service, the contract files read back from the Contract Engine (what its builder gets), with their ids and sources. */
export type ServiceContractFiles = Record<string, { openapi?: string; asyncapi?: string; ids: string[]; sources: string[] }>;

export interface ServiceContractsOptions {
  /** Base URL of the Contract Engine's HTTP API; undefined when it cannot be reached. */
  engineUrl: string | undefined;
  /** Evidence when `engineUrl` is undefined. */
  unavailable: string;
  /** The services the architect found. */
  services: readonly string[];
  /** The architect's contract stubs (used for a service the profile gives no contract file for). */
  stubs: readonly ContractStub[];
  /** The stack profile's contract files per service (`sample_app.contracts`). */
  profileContracts: Readonly<Record<string, Pick<ServiceContracts, 'openapi' | 'asyncapi'>>>;
  buildCycleId: string;
  /** Where the specs read back are written (`<dir>/<service>/<type>.yaml`). */
  contractsDir: string;
}

/** The contract checks, the files written, the first service registered, and why the seed gate failed (if it did). */
export interface ServiceContractsOutcome {
  checks: CheckRecord[];
  contracts: ServiceContractFiles;
  /** The first service whose contract was created (for the architect's cross-reference). */
  firstRegistered?: string;
  gateFailed?: string;
}

/** The contracts of each service: the profile's files where it gives them, else the architect's own stubs. */
function contractSources(options: ServiceContractsOptions): { sources: ContractSource[]; none: string[] } {
  const sources: ContractSource[] = [];
  const none: string[] = [];
  for (const service of options.services) {
    const given = options.profileContracts[service];
    const fromProfile = (['openapi', 'asyncapi'] as const).flatMap((type) => {
      const file = given?.[type];
      return file ? [{ service, type, spec: parseYaml(readFileSync(file, 'utf8')) as Record<string, unknown>, source: `profile ${path.basename(file)}` }] : [];
    });
    const fromStubs = options.stubs.filter((s) => s.service_name === service).map((s) => ({ service, type: s.type, spec: s.spec, source: 'architect stub' }));
    const chosen = fromProfile.length ? fromProfile : fromStubs;
    if (chosen.length === 0) none.push(service);
    sources.push(...chosen);
  }
  return { sources, none };
}

/**
 * Register each service's contracts with a deployed Contract Engine
 * (`POST /api/contracts`), validate every one (`POST /api/validate`), list
 * them back and write the specs as stored by the engine (R4-M4-004). The
 * seed's gate: every contract registered and valid.
 *
 * @example
 * const r = await checkServiceContracts({ engineUrl, unavailable: 'not deployed', services, stubs, profileContracts: profile.sample_app.contracts, buildCycleId: 'run4-1', contractsDir: 'work/contracts' });
 */
export async function checkServiceContracts(options: ServiceContractsOptions): Promise<ServiceContractsOutcome> {
  const engine = options.engineUrl;
  if (!engine) {
    const c = check('m4.contracts.register', 'contracts registered', 'FAIL', options.unavailable, ['R4-M4-004']);
    return { checks: [c], contracts: {}, gateFailed: c.evidence };
  }
  const cycle = options.buildCycleId;
  const { services } = options;
  const { sources, none } = contractSources(options);
  const registered: Registered[] = [];
  const contracts: ServiceContractFiles = {};
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
    const dir = path.join(options.contractsDir, c.service);
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
  const profileOnly = Object.keys(options.profileContracts).filter((s) => !services.includes(s));
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
  ];
  const gate = [register, validate].filter((c) => c.status === 'FAIL');
  return { checks, contracts, ...(reg[0] ? { firstRegistered: reg[0].service } : {}), ...(gate.length ? { gateFailed: gate.map((c) => c.evidence).join('; ') } : {}) };
}

/**
 * The architect's `get_contracts_for_service` reaching the deployed Contract
 * Engine over HTTP (B1-19, X-03): a non-empty list for a service whose
 * contracts are registered. SKIP when nothing was registered.
 *
 * @example
 * const c = await checkArchitectCrossRef(session, 'accounts-api', 'http://127.0.0.1:8002');
 */
export async function checkArchitectCrossRef(session: Build1SessionOptions, service: string | undefined, engineUrl: string): Promise<CheckRecord> {
  return runCheck({ id: 'm4.contracts.architect-cross-ref', name: 'architect get_contracts_for_service sees the registered contracts', requirementIds: ['B1-19', 'X-03', 'R4-M2-008'] }, async () => {
    if (!service) return { status: 'SKIP', evidence: 'no contract was registered to look up' };
    const server = session.servers.architect;
    if (!server) return { status: 'FAIL', evidence: session.unavailable('architect') };
    const conn = await McpConnection.open(server, { startupTimeoutMs: session.startupTimeoutMs, ...(session.signal ? { signal: session.signal } : {}) });
    try {
      const out = await conn.callTool('get_contracts_for_service', { service_name: service }, session.callTimeoutMs, session.signal);
      if (out.kind !== 'result' || out.result.isError) return { status: 'FAIL', evidence: describeOutcome(out) };
      const list = resultJson(out.result);
      if (!Array.isArray(list)) return { status: 'FAIL', evidence: `expected a list of contracts for ${service}, got ${clip(list)}` };
      if (list.length === 0) return { status: 'FAIL', evidence: `an empty list for ${service}, although its contracts are registered at ${engineUrl}` };
      return { status: 'PASS', evidence: `${list.length} contracts for ${service} via ${engineUrl}` };
    } finally {
      await conn.close();
    }
  });
}
