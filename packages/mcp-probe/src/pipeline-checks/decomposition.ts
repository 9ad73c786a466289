import { check, type CheckRecord } from '@run4/checks';
import { z } from 'zod';
import { clip, httpJson } from '../http/http-json.js';

/** The parts of the architect's DecompositionResult a pipeline relies on (seed 003 section 1.1). */
export const DecompositionSchema = z.looseObject({
  service_map: z.looseObject({ project_name: z.string().optional(), services: z.array(z.looseObject({ name: z.string() })) }),
  domain_model: z.looseObject({ entities: z.array(z.looseObject({ name: z.string() })) }),
  contract_stubs: z.array(z.unknown()),
  validation_issues: z.array(z.unknown()).optional(),
  /** Added by the HTTP route: the stubs it registered with the Contract Engine. */
  registered_contracts: z.array(z.unknown()).optional(),
});
export type Decomposition = z.infer<typeof DecompositionSchema>;

/** A contract stub of the architect (seed 003 section 1.1): the spec it proposes for one service. */
export const ContractStubSchema = z.looseObject({
  service_name: z.string(),
  type: z.enum(['openapi', 'asyncapi']),
  version: z.string().optional(),
  spec: z.record(z.string(), z.unknown()),
});
export type ContractStub = z.infer<typeof ContractStubSchema>;

export interface DecompositionCheckOptions {
  /** Base URL of the architect's HTTP API; undefined when it cannot be reached. */
  url: string | undefined;
  /** Evidence when `url` is undefined (why the architect cannot be reached). */
  unavailable: string;
  prdText: string;
  timeoutMs: number;
}

/** The checks of one decomposition, what it found, and why the seed gate failed (if it did). */
export interface DecompositionOutcome {
  checks: CheckRecord[];
  /** Set when the seed's gate (>= 3 services, >= 3 entities, a valid answer) does not hold. */
  gateFailed?: string;
  /** The architect's answer, when it had the expected shape. */
  decomposition?: Decomposition;
  services: string[];
  entities: string[];
  stubs: ContractStub[];
}

const REQ = ['R4-M4-003', 'B1-03'];

/**
 * Feed a PRD to a deployed architect (`POST /api/decompose`, which also
 * registers the contract stubs with the Contract Engine) and judge its
 * answer (R4-M4-003): a ServiceMap with >= 3 services and a DomainModel with
 * >= 3 entities (the seed's gate), and >= 2 contract stubs.
 *
 * @example
 * const d = await checkDecomposition({ url: 'http://127.0.0.1:8001', unavailable: 'not deployed', prdText, timeoutMs: 60_000 });
 * if (d.gateFailed) stop(d.gateFailed);
 */
export async function checkDecomposition(options: DecompositionCheckOptions): Promise<DecompositionOutcome> {
  const empty = { services: [], entities: [], stubs: [] };
  if (!options.url) {
    const c = check('m4.decompose', 'architect decomposition', 'FAIL', options.unavailable, REQ);
    return { checks: [c], gateFailed: c.evidence, ...empty };
  }
  const r = await httpJson('POST', `${options.url}/api/decompose`, { prd_text: options.prdText }, {}, options.timeoutMs);
  const parsed = DecompositionSchema.safeParse(r.body);
  const ms = Math.round(r.ms);
  if (r.status !== 201 || !parsed.success) {
    const why = r.status === 0 ? r.error : parsed.success ? `HTTP ${r.status}` : `HTTP ${r.status}, unexpected shape: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`;
    const c = check('m4.decompose', 'architect decomposition', 'FAIL', `POST /api/decompose: ${why}; body ${clip(r.body)}`, REQ, ms);
    return { checks: [c], gateFailed: c.evidence, ...empty };
  }
  const d = parsed.data;
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
    const stub = ContractStubSchema.safeParse(s);
    return stub.success ? [stub.data] : [];
  });
  // The seed's gate: a ServiceMap with >= 3 services and a DomainModel with >= 3 entities.
  const gate = checks.slice(0, 2).filter((c) => c.status === 'FAIL');
  return { checks, decomposition: d, services, entities, stubs, ...(gate.length ? { gateFailed: gate.map((c) => c.evidence).join('; ') } : {}) };
}
