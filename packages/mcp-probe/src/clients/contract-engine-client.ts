import { RetryingToolClient } from './base-client.js';
import {
  ContractInfoSchema,
  ContractValidationSchema,
  DictListSchema,
  MarkResultSchema,
  ViolationSchema,
  type ContractInfo,
  type ContractValidation,
  type MarkResult,
} from './client-types.js';
import { z } from 'zod';

/**
 * Typed client of the Contract Engine MCP server (6 methods, seed 003
 * section 2.1). Never throws: on failure each method returns its safe
 * default and `lastOutcome` says why.
 *
 * @example
 * const ce = new ContractEngineClient(sessionFromConnection(conn));
 * const info = await ce.getContract('c-1'); // ContractInfo | null
 */
export class ContractEngineClient extends RetryingToolClient {
  /** `get_contract` → ContractInfo, or null (not found / failure). */
  getContract(contractId: string): Promise<ContractInfo | null> {
    return this.invoke('get_contract', { contract_id: contractId }, (j) => (j === null ? null : ContractInfoSchema.parse(j)), () => null);
  }

  /** `validate_endpoint` → ContractValidation; safe default carries `error`. */
  validateEndpoint(serviceName: string, method: string, path: string, responseBody: unknown, statusCode = 200): Promise<ContractValidation> {
    return this.invoke(
      'validate_endpoint',
      { service_name: serviceName, method, path, response_body: responseBody, status_code: statusCode },
      (j) => {
        const r = z.object({ valid: z.boolean(), violations: z.array(ViolationSchema) }).parse(j);
        return ContractValidationSchema.parse({ valid: r.valid, violations: r.violations, error: '' });
      },
      (error) => ({ valid: false, violations: [], error }),
    );
  }

  /** `generate_tests` → test file text, or ''. */
  generateTests(contractId: string, framework = 'pytest', includeNegative = true): Promise<string> {
    return this.invoke('generate_tests', { contract_id: contractId, framework, include_negative: includeNegative }, (j, raw) => (typeof j === 'string' ? j : (raw.content.find((c) => c.type === 'text')?.text ?? '')), () => '');
  }

  /** `check_breaking_changes` → list of changes, or []. */
  checkBreakingChanges(contractId: string, newSpec: Record<string, unknown>): Promise<Array<Record<string, unknown>>> {
    return this.invoke('check_breaking_changes', { contract_id: contractId, new_spec: newSpec }, (j) => DictListSchema.parse(j), () => []);
  }

  /** `mark_implemented` → `{ marked, ... }`, or `{ marked: false }`. */
  markImplemented(contractId: string, serviceName: string, evidencePath: string): Promise<MarkResult> {
    return this.invoke('mark_implemented', { contract_id: contractId, service_name: serviceName, evidence_path: evidencePath }, (j) => MarkResultSchema.parse(j), (): MarkResult => ({ marked: false }));
  }

  /** `get_unimplemented_contracts` → list, or []. */
  getUnimplementedContracts(serviceName?: string): Promise<Array<Record<string, unknown>>> {
    return this.invoke('get_unimplemented_contracts', { service_name: serviceName ?? '' }, (j) => DictListSchema.parse(j), () => []);
  }
}
