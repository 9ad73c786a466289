import { z } from 'zod';
import { ToolLatencySchema, type ToolProbeResultInput } from './inputs.js';

/** The 20 tools of the three Build 1 servers (seed 003 section 1), the matrix's expected rows. */
export const BUILD1_TOOL_NAMES: Readonly<Record<string, readonly string[]>> = {
  architect: ['decompose', 'get_service_map', 'get_contracts_for_service', 'get_domain_model'],
  'contract-engine': [
    'create_contract', 'validate_spec', 'list_contracts', 'get_contract', 'validate_endpoint',
    'generate_tests', 'check_breaking_changes', 'mark_implemented', 'get_unimplemented_contracts',
  ],
  'codebase-intelligence': [
    'find_definition', 'find_callers', 'find_dependencies', 'search_semantic', 'get_service_interface', 'check_dead_code', 'register_artifact',
  ],
};

export const InterfaceRowSchema = z.object({
  server: z.string(),
  tool: z.string(),
  validTested: z.boolean(),
  errorTested: z.boolean(),
  parseable: z.boolean(),
  /** Probe parts that only WARNed. */
  warned: z.array(z.string()),
  latencyMs: ToolLatencySchema.nullable(),
  status: z.enum(['GREEN', 'YELLOW', 'RED', 'UNTESTED']),
  evidence: z.string(),
});
export type InterfaceRow = z.infer<typeof InterfaceRowSchema>;

export const InterfaceCoverageSchema = z.object({
  rows: z.array(InterfaceRowSchema),
  validCoverage: z.number(),
  errorCoverage: z.number(),
  meetsTargets: z.boolean(),
});
export type InterfaceCoverage = z.infer<typeof InterfaceCoverageSchema>;

/**
 * The interface coverage matrix (R4-M6-006): one row per expected tool
 * (plus any other tool the probe reported). GREEN = valid request PASSed,
 * error request answered as an error (PASS), response parseable, nothing
 * only WARNed; RED = valid request FAILed or the response unparseable;
 * YELLOW = the rest that was tested (error path untested or wrong, or a
 * part only WARNed — a caveat is never GREEN); UNTESTED = never called.
 * Targets: 100% valid coverage, ≥ 80% error coverage.
 *
 * @example
 * interfaceCoverage(probeResults).validCoverage; // 1
 */
export function interfaceCoverage(results: readonly ToolProbeResultInput[], expected: Readonly<Record<string, readonly string[]>> = BUILD1_TOOL_NAMES): InterfaceCoverage {
  const key = (server: string, tool: string) => `${server}/${tool}`;
  const byKey = new Map(results.map((r) => [key(r.server, r.tool), r]));
  const names = Object.entries(expected).flatMap(([server, tools]) => tools.map((tool) => ({ server, tool })));
  for (const r of results) if (!names.some((n) => key(n.server, n.tool) === key(r.server, r.tool))) names.push({ server: r.server, tool: r.tool });
  const rows = names.map(({ server, tool }): InterfaceRow => {
    const r = byKey.get(key(server, tool));
    if (!r || !r.validTested) {
      return { server, tool, validTested: false, errorTested: r?.errorTested ?? false, parseable: false, warned: r?.warned ?? [], latencyMs: r?.latencyMs ?? null, status: 'UNTESTED', evidence: r?.evidence ?? 'no probe result' };
    }
    const warned = r.warned ?? [];
    let status: InterfaceRow['status'];
    if ((!r.validOk && !warned.includes('valid')) || (r.validOk && !r.parseable)) status = 'RED';
    else if (r.validOk && r.parseable && r.errorTested && r.errorOk && warned.length === 0) status = 'GREEN';
    else status = 'YELLOW';
    return { server, tool, validTested: true, errorTested: r.errorTested, parseable: r.parseable, warned, latencyMs: r.latencyMs ?? null, status, evidence: r.evidence ?? '' };
  });
  const total = rows.length;
  const validCoverage = total ? rows.filter((r) => r.validTested).length / total : 0;
  const errorCoverage = total ? rows.filter((r) => r.errorTested).length / total : 0;
  return { rows, validCoverage, errorCoverage, meetsTargets: total > 0 && validCoverage >= 1 && errorCoverage >= 0.8 };
}
