import { getContractCode } from '../layer2/contract-violation.js';
import { ALL_RULES } from '../layer3/index.js';
import { getScanCode } from '../models/scan-codes.js';
import type { SeedSeverity } from '../models/scan-violation.js';

/** What the reports say about a code: name, grade, layer and how to fix it. */
export interface CodeDescription {
  code: string;
  name: string;
  category: string;
  layer: 1 | 2 | 3 | 4;
  seedSeverity: SeedSeverity;
  severity: 'error' | 'warning' | 'info';
  description: string;
  remediation: string;
}

const L4_HELP: Record<string, string> = {
  'ADV-001': 'An event is published but no service consumes it. Add a consumer, or stop publishing it and drop it from the AsyncAPI contract.',
  'ADV-002': 'A contract defines an operation or channel nothing implements. Implement it, or remove it from the contract.',
  'ADV-003': 'A service has no inbound or outbound connection to the others. Wire it into the system or remove it.',
  'ADV-004': 'Field naming switches between camelCase and snake_case across a service boundary. Pick one convention for every contract.',
  'ADV-005': 'An awaited network call has no error handling, or a bare except swallows everything. Catch specific errors, with a timeout.',
  'ADV-006': 'Module-level mutable state is mutated in request handlers. Keep state per request, guard it with a lock, or move it to a store.',
};

const RULES = new Map(ALL_RULES.map((r) => [r.code, r]));

/**
 * Describe any code the gate reports (Layer 3 rules, ADV-00x, SCHEMA-00x, PACT-001).
 *
 * @example
 * describeCode('HEALTH-001').remediation; // 'Add a GET /health route ...'
 */
export function describeCode(code: string): CodeDescription {
  const rule = RULES.get(code);
  if (rule) {
    return { code, name: rule.name, category: rule.category, layer: 3, seedSeverity: rule.seedSeverity, severity: rule.severity, description: rule.message, remediation: rule.remediation };
  }
  const scan = getScanCode(code);
  if (scan) {
    const help = L4_HELP[code] ?? scan.name;
    return { code, name: scan.name, category: scan.category, layer: scan.layer, seedSeverity: scan.seedSeverity, severity: scan.severity, description: help, remediation: help };
  }
  const contract = getContractCode(code);
  if (contract) {
    return { code, name: contract.name, category: 'contract', layer: 2, seedSeverity: contract.seedSeverity, severity: contract.severity, description: contract.name, remediation: contract.remediation };
  }
  return { code, name: code, category: 'other', layer: 3, seedSeverity: 'warning', severity: 'warning', description: code, remediation: 'See the finding message.' };
}
