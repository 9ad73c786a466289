import { z } from 'zod';
import { ContractViolationSchema } from './contract-violation.js';

/** Seed 003 section 7.4 IntegrationReport. */
export const IntegrationReportSchema = z.object({
  services_deployed: z.number().int().min(0),
  services_healthy: z.number().int().min(0),
  contract_tests_total: z.number().int().min(0),
  contract_tests_passed: z.number().int().min(0),
  integration_tests_total: z.number().int().min(0).default(0),
  integration_tests_passed: z.number().int().min(0).default(0),
  data_flow_tests_total: z.number().int().min(0).default(0),
  data_flow_tests_passed: z.number().int().min(0).default(0),
  boundary_tests_total: z.number().int().min(0).default(0),
  boundary_tests_passed: z.number().int().min(0).default(0),
  violations: z.array(ContractViolationSchema),
  overall_health: z.enum(['passed', 'partial', 'failed', 'unknown']),
});
export type IntegrationReport = z.infer<typeof IntegrationReportSchema>;

/** Counts that other phases (cross-service flows, boundary tests) add to the report. */
export type ExtraTestCounts = Partial<
  Pick<
    IntegrationReport,
    'integration_tests_total' | 'integration_tests_passed' | 'data_flow_tests_total' | 'data_flow_tests_passed' | 'boundary_tests_total' | 'boundary_tests_passed'
  >
>;

/** Contract compliance below this fraction fails the integration (seed 001 R4-M4-006: "> 70% contract compliance"). */
export const MIN_CONTRACT_COMPLIANCE = 0.7;

/**
 * Overall health: `passed` when every service is healthy and every test
 * passed; `failed` when no service is healthy or the pass rate of all tests
 * is at most 70%; `partial` otherwise; `unknown` when nothing was deployed.
 *
 * @example
 * overallHealth({ services_deployed: 3, services_healthy: 3, passed: 48, total: 50 }); // 'partial'
 */
export function overallHealth(input: { services_deployed: number; services_healthy: number; passed: number; total: number }): IntegrationReport['overall_health'] {
  if (input.services_deployed === 0) return 'unknown';
  if (input.services_healthy === 0) return 'failed';
  const rate = input.total === 0 ? 1 : input.passed / input.total;
  if (input.total > 0 && rate <= MIN_CONTRACT_COMPLIANCE) return 'failed';
  if (input.services_healthy === input.services_deployed && input.passed === input.total) return 'passed';
  return 'partial';
}

/**
 * Assemble an IntegrationReport from counts and violations.
 *
 * @example
 * buildIntegrationReport({ services_deployed: 1, services_healthy: 1, contract_tests_total: 10, contract_tests_passed: 10, violations: [] }).overall_health; // 'passed'
 */
export function buildIntegrationReport(
  input: Pick<IntegrationReport, 'services_deployed' | 'services_healthy' | 'contract_tests_total' | 'contract_tests_passed' | 'violations'> & ExtraTestCounts,
): IntegrationReport {
  const base = IntegrationReportSchema.parse({ ...input, overall_health: 'unknown' });
  const total = base.contract_tests_total + base.integration_tests_total + base.data_flow_tests_total + base.boundary_tests_total;
  const passed = base.contract_tests_passed + base.integration_tests_passed + base.data_flow_tests_passed + base.boundary_tests_passed;
  return { ...base, overall_health: overallHealth({ services_deployed: base.services_deployed, services_healthy: base.services_healthy, passed, total }) };
}
