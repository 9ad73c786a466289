import { z } from 'zod';
import type { CallOutcome, ToolSession } from './tool-session.js';

/** `get_contract` answer (a ContractEntry); `null` when the id is unknown. */
export const ContractInfoSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  service_name: z.string().optional(),
  version: z.string().optional(),
  spec: z.record(z.string(), z.unknown()),
  spec_hash: z.string().optional(),
});
export type ContractInfo = z.infer<typeof ContractInfoSchema>;

/** `validate_endpoint` answer; `error` only on the safe default. */
export const ContractValidationSchema = z.looseObject({
  valid: z.boolean(),
  violations: z.array(z.looseObject({ field: z.string().optional(), expected: z.unknown().optional(), actual: z.unknown().optional(), severity: z.string().optional() })).default([]),
  error: z.string().optional(),
});
export type ContractValidation = z.infer<typeof ContractValidationSchema>;

/** `validate_spec` answer. */
export const SpecValidationSchema = z.looseObject({ valid: z.boolean(), errors: z.array(z.string()).default([]), warnings: z.array(z.string()).default([]) });
export type SpecValidation = z.infer<typeof SpecValidationSchema>;

/** `mark_implemented` answer. */
export const MarkResultSchema = z.looseObject({ marked: z.boolean(), total_implementations: z.number().optional(), all_implemented: z.boolean().optional() });

/** One `get_unimplemented_contracts` row. */
export const UnimplementedSchema = z.looseObject({ id: z.string(), type: z.string(), version: z.string().optional(), expected_service: z.string().optional(), status: z.string().optional() });
export type Unimplemented = z.infer<typeof UnimplementedSchema>;

const rows = z.array(z.record(z.string(), z.unknown()));

/**
 * ContractEngineClient of seed 003 section 2.1: the six methods, each
 * calling its Contract Engine tool through a {@link ToolSession} (3 retries
 * at 1/2/4 s on transient errors) and answering the seed's safe default
 * instead of raising. `validateSpec` is the builder's seventh call.
 *
 * @example
 * const ce = new ContractEngineClient(session);
 * const todo = (await ce.getUnimplementedContracts('order-service')).value;
 */
export class ContractEngineClient {
  constructor(private readonly session: ToolSession) {}

  getContract(contractId: string): Promise<CallOutcome<ContractInfo | null>> {
    return this.session.call('get_contract', { contract_id: contractId }, ContractInfoSchema.nullable(), null);
  }

  validateEndpoint(serviceName: string, method: string, path: string, responseBody: Record<string, unknown>, statusCode = 200): Promise<CallOutcome<ContractValidation>> {
    const args = { service_name: serviceName, method, path, response_body: responseBody, status_code: statusCode };
    return this.session.call('validate_endpoint', args, ContractValidationSchema, { valid: false, violations: [], error: 'validate_endpoint unavailable' });
  }

  generateTests(contractId: string, framework = 'pytest', includeNegative = true): Promise<CallOutcome<string>> {
    return this.session.call('generate_tests', { contract_id: contractId, framework, include_negative: includeNegative }, z.string(), '');
  }

  checkBreakingChanges(contractId: string, newSpec: Record<string, unknown>): Promise<CallOutcome<Record<string, unknown>[]>> {
    return this.session.call('check_breaking_changes', { contract_id: contractId, new_spec: newSpec }, rows, []);
  }

  markImplemented(contractId: string, serviceName: string, evidencePath: string): Promise<CallOutcome<z.infer<typeof MarkResultSchema>>> {
    return this.session.call('mark_implemented', { contract_id: contractId, service_name: serviceName, evidence_path: evidencePath }, MarkResultSchema, { marked: false });
  }

  getUnimplementedContracts(serviceName = ''): Promise<CallOutcome<Unimplemented[]>> {
    return this.session.call('get_unimplemented_contracts', { service_name: serviceName }, z.array(UnimplementedSchema), []);
  }

  validateSpec(spec: Record<string, unknown>, type: string): Promise<CallOutcome<SpecValidation>> {
    return this.session.call('validate_spec', { spec, type }, SpecValidationSchema, { valid: false, errors: [], warnings: [] });
  }
}
