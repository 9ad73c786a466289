import { z } from 'zod';

/** Names of the live contract checks, spelled as Schemathesis spells them. */
export const ContractCheckNameSchema = z.enum([
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
  'negative_data_rejection',
  'positive_data_acceptance',
  'missing_required_header',
  'ignored_auth',
  'max_response_time',
  'pact_verification',
]);
export type ContractCheckName = z.infer<typeof ContractCheckNameSchema>;

/**
 * One contract compliance violation: the seed 004 `ContractViolation` fields
 * plus the Run 4 extras `check`, `curl` (reproduces the failing request) and
 * `seed` (the generator seed that produced it).
 */
export const ContractViolationSchema = z
  .object({
    code: z.string().regex(/^[A-Z]+-\d{3}$/),
    severity: z.enum(['error', 'warning', 'info']),
    service: z.string(),
    /** `METHOD /path` of the operation, or the Pact interaction description. */
    endpoint: z.string(),
    message: z.string().min(1),
    expected: z.string().default(''),
    actual: z.string().default(''),
    /** Contract file the violation is judged against, when known. */
    file_path: z.string().default(''),
    check: ContractCheckNameSchema.optional(),
    curl: z.string().optional(),
    seed: z.number().int().optional(),
  })
  .strict();
export type ContractViolation = z.infer<typeof ContractViolationSchema>;

/** Catalog entry for a contract violation code. */
export interface ContractCodeInfo {
  readonly code: string;
  readonly name: string;
  readonly severity: 'error' | 'warning' | 'info';
  /** Seed-style grade used for SARIF security-severity. */
  readonly seedSeverity: 'critical' | 'high' | 'error' | 'warning' | 'info';
  readonly remediation: string;
}

/**
 * The contract codes. SCHEMA-001/002 and PACT-001 are the seeds' (002 B3-03,
 * 004 `ContractViolation`); SCHEMA-003..007 extend the family so every named
 * check maps to exactly one code.
 */
export const CONTRACT_CODES: Readonly<Record<string, ContractCodeInfo>> = {
  'SCHEMA-001': {
    code: 'SCHEMA-001',
    name: 'Response field or type not in the contract',
    severity: 'error',
    seedSeverity: 'error',
    remediation: 'Return only the fields and types the OpenAPI response schema declares, or document the field in the contract.',
  },
  'SCHEMA-002': {
    code: 'SCHEMA-002',
    name: 'Undocumented status code, content type or header',
    severity: 'error',
    seedSeverity: 'error',
    remediation: 'Document the status code / content type / header in the operation responses, or change the handler to use a documented one.',
  },
  'SCHEMA-003': {
    code: 'SCHEMA-003',
    name: 'Server error',
    severity: 'error',
    seedSeverity: 'high',
    remediation: 'Validate input and handle errors so the handler answers 4xx for bad requests instead of crashing with 5xx.',
  },
  'SCHEMA-004': {
    code: 'SCHEMA-004',
    name: 'Invalid input accepted',
    severity: 'warning',
    seedSeverity: 'warning',
    remediation: 'Validate the request against the contract (body, parameters, required headers) and reject invalid input with 400/422.',
  },
  'SCHEMA-005': {
    code: 'SCHEMA-005',
    name: 'Valid input rejected',
    severity: 'error',
    seedSeverity: 'error',
    remediation: 'Accept every request the contract allows; align the validation in the handler with the request schema.',
  },
  'SCHEMA-006': {
    code: 'SCHEMA-006',
    name: 'Authentication not enforced',
    severity: 'error',
    seedSeverity: 'critical',
    remediation: 'Apply the authentication middleware to every operation that declares a security requirement.',
  },
  'SCHEMA-007': {
    code: 'SCHEMA-007',
    name: 'Response time over the limit',
    severity: 'warning',
    seedSeverity: 'warning',
    remediation: 'Profile the handler; answer within the configured max response time.',
  },
  'PACT-001': {
    code: 'PACT-001',
    name: 'Consumer pact not satisfied',
    severity: 'error',
    seedSeverity: 'error',
    remediation: 'Change the provider so it returns what the consumer pact expects, or renegotiate the pact with the consumer.',
  },
};

/** Which code each named check reports. */
export const CHECK_CODES: Readonly<Record<ContractCheckName, string>> = {
  not_a_server_error: 'SCHEMA-003',
  status_code_conformance: 'SCHEMA-002',
  content_type_conformance: 'SCHEMA-002',
  response_headers_conformance: 'SCHEMA-002',
  response_schema_conformance: 'SCHEMA-001',
  negative_data_rejection: 'SCHEMA-004',
  missing_required_header: 'SCHEMA-004',
  positive_data_acceptance: 'SCHEMA-005',
  ignored_auth: 'SCHEMA-006',
  max_response_time: 'SCHEMA-007',
  pact_verification: 'PACT-001',
};

/**
 * Look up a contract code (SCHEMA-00x, PACT-001).
 *
 * @example
 * getContractCode('SCHEMA-001')?.severity; // 'error'
 */
export function getContractCode(code: string): ContractCodeInfo | undefined {
  return CONTRACT_CODES[code];
}
