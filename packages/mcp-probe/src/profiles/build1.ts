import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ProbeUsageError } from '../errors.js';
import * as S from './build1-shapes.js';
import type { DetectionSpec, ProbeProfile, ProfileContext } from './profile.js';

/** The exact tool names of the three Build 1 servers (seed 003 section 1). */
export const BUILD1_TOOLS = {
  architect: ['decompose', 'get_service_map', 'get_contracts_for_service', 'get_domain_model'],
  'contract-engine': [
    'create_contract',
    'validate_spec',
    'list_contracts',
    'get_contract',
    'validate_endpoint',
    'generate_tests',
    'check_breaking_changes',
    'mark_implemented',
    'get_unimplemented_contracts',
  ],
  'codebase-intelligence': [
    'register_artifact',
    'find_definition',
    'find_callers',
    'find_dependencies',
    'search_semantic',
    'get_service_interface',
    'check_dead_code',
  ],
} as const;

/** A minimal valid OpenAPI 3.1 document used to create and validate contracts. */
export const PROBE_OPENAPI = {
  openapi: '3.1.0',
  info: { title: 'run4 probe service', version: '1.0.0' },
  paths: {
    '/users/me': {
      get: {
        responses: {
          '200': {
            description: 'the current user',
            content: {
              'application/json': {
                schema: { type: 'object', required: ['id', 'email'], properties: { id: { type: 'string' }, email: { type: 'string' } } },
              },
            },
          },
        },
      },
    },
  },
} as const;

const PROBE_SOURCE = `"""Probe module indexed by the Run 4 MCP probe."""
import os


class ConnectionPool:
    """A tiny pool used to check symbol indexing."""

    def __init__(self, size: int = 4) -> None:
        self.size = size


def open_pool() -> ConnectionPool:
    return ConnectionPool(int(os.environ.get("POOL_SIZE", "4")))


def unused_helper() -> None:
    pass
`;

const probeFile = (ctx: ProfileContext) => join(ctx.workDir, 'run4_probe_pool.py');

/** The function {@link PROBE_SOURCE} defines and never calls, and a class it does call. */
const PLANTED_DEAD = 'unused_helper';
const PLANTED_USED = 'ConnectionPool';

/** A `GET /users/me` answer against {@link PROBE_OPENAPI}, registered for `run4-probe` by `create_contract`. */
const endpointCall = (responseBody: Record<string, unknown>) => () => ({ service_name: 'run4-probe', method: 'GET', path: '/users/me', response_body: responseBody, status_code: 200 });

const asRecord = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/**
 * Seed 003 checklist item 5: `validate_endpoint` detects a schema mismatch.
 * A conforming body must be valid (so the contract was found and the body
 * really checked), then a body with `id` of the wrong type and `email`
 * missing must come back `valid: false` with a violation naming one of them.
 */
const DETECT_SCHEMA_MISMATCH: DetectionSpec = {
  what: 'detects a response body that violates the contract (checklist item 5)',
  requirementIds: ['R4-M2-002', 'X-01'],
  steps: [
    {
      args: endpointCall({ id: 'u1', email: 'a@b.c' }),
      verify: (parsed) => (asRecord(parsed).valid === true ? null : 'a body that conforms to the contract registered for run4-probe was not judged valid, so a mismatch verdict would prove nothing'),
    },
    {
      args: endpointCall({ id: 42 }),
      verify: (parsed) => {
        const r = asRecord(parsed);
        if (r.valid !== false) return 'a body with id of the wrong type and the required email missing was not judged invalid (valid is not false)';
        const violations = Array.isArray(r.violations) ? r.violations.map(asRecord) : [];
        if (violations.length === 0) return 'judged invalid, but with no violations listed';
        return violations.some((v) => /\b(id|email)\b/.test(String(v.field))) ? null : `no violation names the mismatched fields id or email (fields: ${violations.map((v) => String(v.field)).join(', ')})`;
      },
    },
  ],
};

/**
 * B1-08: `check_dead_code` finds the planted dead function of
 * {@link PROBE_SOURCE} (indexed by `register_artifact`), in that file, and
 * does not list the class the file calls.
 */
const DETECT_PLANTED_DEAD_CODE: DetectionSpec = {
  what: `finds the planted dead function ${PLANTED_DEAD} (B1-08)`,
  requirementIds: ['B1-08', 'R4-M2-002'],
  steps: [
    {
      args: () => ({ service_name: 'run4-probe' }),
      verify: (parsed, ctx) => {
        if (!Array.isArray(parsed)) return 'the answer is not a list';
        const entries = parsed.map(asRecord);
        const dead = entries.find((e) => e.symbol_name === PLANTED_DEAD);
        if (!dead) return `${PLANTED_DEAD} (defined in ${probeFile(ctx)}, never called) is not reported as dead code`;
        if (!String(dead.file_path).endsWith(basename(probeFile(ctx)))) return `${PLANTED_DEAD} is reported in ${String(dead.file_path)}, not in the planted file ${probeFile(ctx)}`;
        if (entries.some((e) => e.symbol_name === PLANTED_USED)) return `${PLANTED_USED} is reported as dead although open_pool() calls it`;
        return null;
      },
    },
  ],
};

const contractId = (ctx: ProfileContext) => String(ctx.values.contractId ?? 'missing-contract-id');
const nullIsOk = (why: string) => (parsed: unknown) => (parsed === null ? why : null);

/**
 * The PRD text the architect's `decompose` is called with, checked: the
 * stack under test supplies it (a stack profile names the file in
 * `sample_app.prd`); there is no built-in one.
 *
 * @example
 * requirePrdText(readFileSync(profile.sample_app.prd, 'utf8'), 'probeServers'); // the text, or ProbeUsageError (exit 2)
 */
export function requirePrdText(prdText: string | undefined, who: string): string {
  if (typeof prdText !== 'string' || prdText.trim().length === 0) {
    throw new ProbeUsageError(
      `${who}: no PRD text for the architect's decompose call (prdText is ${prdText === undefined ? 'missing' : 'empty'}). Pass the stack's PRD (the file a stack profile names in sample_app.prd), or probe with profile 'auto'.`,
    );
  }
  return prdText;
}

/**
 * The `build1` profile: the 4 / 9 / 7 tools of seed 003 section 1 with
 * valid, only-required and invalid-type arguments per tool, the expected
 * response shape, and the verdicts on planted data (`validate_endpoint`
 * detects a schema mismatch, `check_dead_code` finds the planted dead
 * function: B1-08). `prdText` is the PRD of the stack under test, given to
 * `decompose`; without one it throws `ProbeUsageError` (exit 2).
 *
 * @example
 * const profile = build1Profile({ prdText: readFileSync(stackProfile.sample_app.prd, 'utf8') });
 */
export function build1Profile(options: { prdText: string }): ProbeProfile {
  const prdText = requirePrdText(options.prdText, 'build1 profile');
  return {
    name: 'build1',
    servers: {
      architect: {
        tools: [...BUILD1_TOOLS.architect],
        handshakeRequirementIds: ['B1-09', 'R4-M2-001'],
        inventoryRequirementIds: ['B1-12', 'R4-M2-001'],
        wiringRequirementIds: ['X-03'],
        specs: {
          decompose: { valid: () => ({ prd_text: prdText }), invalid: { prd_text: 12345 }, shape: S.DecomposeShape },
          get_service_map: { valid: () => ({}), invalid: null, shape: S.ServiceMapShape },
          get_contracts_for_service: {
            valid: () => ({ service_name: 'run4-probe' }),
            invalid: { service_name: 42 },
            shape: S.ContractsForServiceShape,
            requirementIds: ['B1-19', 'R4-M2-008'],
          },
          get_domain_model: { valid: () => ({}), invalid: null, shape: S.DomainModelShape },
        },
        lifecycleCall: { tool: 'get_domain_model', args: () => ({}) },
        persistence: { tool: 'get_service_map', args: () => ({}), verify: nullIsOk('service map from decompose was gone after reopening the session') },
      },
      'contract-engine': {
        tools: [...BUILD1_TOOLS['contract-engine']],
        handshakeRequirementIds: ['B1-10', 'R4-M2-001'],
        inventoryRequirementIds: ['B1-13', 'R4-M2-001'],
        wiringRequirementIds: ['X-01'],
        specs: {
          create_contract: {
            valid: (ctx) => ({ service_name: 'run4-probe', type: 'openapi', version: '1.0.0', spec: PROBE_OPENAPI, build_cycle_id: `probe-${ctx.values.runId}` }),
            onlyRequired: () => ({ service_name: 'run4-probe-required', type: 'openapi', version: '1.0.0', spec: PROBE_OPENAPI }),
            invalid: { service_name: 1, type: 2, version: 3, spec: 'not-an-object' },
            shape: S.CreateContractShape,
            repeatable: false,
            capture: (parsed, ctx) => {
              ctx.values.contractId = (parsed as { id: string }).id;
            },
          },
          validate_spec: { valid: () => ({ spec: PROBE_OPENAPI, type: 'openapi' }), invalid: { spec: 'x', type: 7 }, shape: S.ValidateSpecShape },
          list_contracts: {
            valid: () => ({ service_name: 'run4-probe', type: 'openapi', page: 1, page_size: 10 }),
            onlyRequired: () => ({}),
            invalid: { page: 'one', page_size: 'fifty' },
            shape: S.ListContractsShape,
          },
          get_contract: { valid: (ctx) => ({ contract_id: contractId(ctx) }), invalid: { contract_id: 99 }, shape: S.ContractEntryShape.nullable() },
          validate_endpoint: {
            valid: () => ({ service_name: 'run4-probe', method: 'GET', path: '/users/me', response_body: { id: 'u1', email: 'a@b.c' }, status_code: 200 }),
            onlyRequired: () => ({ service_name: 'run4-probe', method: 'GET', path: '/users/me', response_body: { id: 'u1' } }),
            invalid: { service_name: 1, method: 2, path: 3, response_body: 'x' },
            shape: S.ValidateEndpointShape,
            detects: DETECT_SCHEMA_MISMATCH,
          },
          generate_tests: {
            valid: (ctx) => ({ contract_id: contractId(ctx), framework: 'pytest', include_negative: true }),
            onlyRequired: (ctx) => ({ contract_id: contractId(ctx) }),
            invalid: { contract_id: 5, include_negative: 'yes' },
            shape: S.GenerateTestsShape.min(1),
          },
          check_breaking_changes: {
            valid: (ctx) => ({ contract_id: contractId(ctx), new_spec: { ...PROBE_OPENAPI, paths: {} } }),
            invalid: { contract_id: 5, new_spec: 'x' },
            shape: S.BreakingChangesShape,
          },
          mark_implemented: {
            valid: (ctx) => ({ contract_id: contractId(ctx), service_name: 'run4-probe', evidence_path: 'src/server.js' }),
            invalid: { contract_id: 1, service_name: 2, evidence_path: 3 },
            shape: S.MarkImplementedShape,
          },
          get_unimplemented_contracts: {
            valid: () => ({ service_name: '' }),
            onlyRequired: () => ({}),
            invalid: { service_name: 3 },
            shape: S.UnimplementedShape,
          },
        },
        lifecycleCall: { tool: 'list_contracts', args: () => ({ page: 1, page_size: 5 }) },
        persistence: {
          tool: 'get_contract',
          args: (ctx) => ({ contract_id: contractId(ctx) }),
          verify: (parsed, ctx) =>
            parsed !== null && typeof parsed === 'object' && (parsed as { id?: unknown }).id === ctx.values.contractId
              ? null
              : `contract ${String(ctx.values.contractId)} created in the first session was not returned after reopening`,
        },
      },
      'codebase-intelligence': {
        tools: [...BUILD1_TOOLS['codebase-intelligence']],
        handshakeRequirementIds: ['B1-11', 'R4-M2-001'],
        inventoryRequirementIds: ['B1-14', 'R4-M2-001'],
        wiringRequirementIds: ['X-02'],
        setup: (ctx) => writeFileSync(probeFile(ctx), PROBE_SOURCE),
        specs: {
          register_artifact: {
            valid: (ctx) => ({ file_path: probeFile(ctx), service_name: 'run4-probe' }),
            invalid: { file_path: 1, service_name: 2 },
            shape: S.ArtifactShape,
          },
          find_definition: {
            valid: () => ({ symbol: 'ConnectionPool', language: 'python' }),
            onlyRequired: () => ({ symbol: 'ConnectionPool' }),
            invalid: { symbol: 7 },
            shape: S.DefinitionShape,
            requirementIds: ['SC-07'],
          },
          find_callers: {
            valid: () => ({ symbol: 'ConnectionPool', max_results: 10 }),
            onlyRequired: () => ({ symbol: 'ConnectionPool' }),
            invalid: { symbol: 7, max_results: 'many' },
            shape: S.CallersShape,
          },
          find_dependencies: { valid: (ctx) => ({ file_path: probeFile(ctx) }), invalid: { file_path: 9 }, shape: S.DependenciesShape },
          search_semantic: {
            valid: () => ({ query: 'database connection pool', language: 'python', service_name: 'run4-probe', n_results: 5 }),
            onlyRequired: () => ({ query: 'database connection pool' }),
            invalid: { query: 1, n_results: 'ten' },
            shape: S.SemanticResultsShape,
          },
          get_service_interface: { valid: () => ({ service_name: 'run4-probe' }), invalid: { service_name: 0 }, shape: S.ServiceInterfaceShape },
          check_dead_code: {
            valid: () => ({ service_name: 'run4-probe' }),
            onlyRequired: () => ({}),
            invalid: { service_name: 12 },
            shape: S.DeadCodeShape,
            detects: DETECT_PLANTED_DEAD_CODE,
          },
        },
        lifecycleCall: { tool: 'find_definition', args: () => ({ symbol: 'ConnectionPool' }) },
        persistence: {
          tool: 'find_definition',
          args: () => ({ symbol: 'ConnectionPool' }),
          verify: nullIsOk('ConnectionPool indexed in the first session was not found after reopening'),
        },
      },
    },
  };
}
