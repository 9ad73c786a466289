import { z } from 'zod';

/** One entry of the seeds' requirement-id catalog. */
export const RequirementSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** The seed's pytest name for matrix tests (SC/B1/B2/B3/X). */
  test: z.string().optional(),
  /** The seed's priority for matrix tests. */
  priority: z.enum(['P0', 'P1', 'P2']).optional(),
});
export type Requirement = z.infer<typeof RequirementSchema>;

type Entry = Omit<Requirement, 'id'>;

/**
 * Every requirement id of seed 001: the milestone requirements
 * R4-M1-001..R4-M6-009 and the verification test matrix (SC, B1, B2, B3, X).
 */
const CATALOG: Record<string, Entry> = {
  "R4-M1-001": { title: "Run4Config dataclass" },
  "R4-M1-002": { title: "Run4State dataclass" },
  "R4-M1-003": { title: "Sample app fixture files" },
  "R4-M1-004": { title: "Mock MCP server for unit testing" },
  "R4-M1-005": { title: "Shared test utilities" },
  "R4-M1-006": { title: "conftest.py with session-scoped fixtures" },
  "R4-M1-007": { title: "Test directory structure" },
  "R4-M2-001": { title: "MCP handshake tests (3 servers)" },
  "R4-M2-002": { title: "MCP tool roundtrip tests (20 tools)" },
  "R4-M2-003": { title: "Build 2 client wrapper tests" },
  "R4-M2-004": { title: "Session lifecycle tests" },
  "R4-M2-005": { title: "Error recovery tests" },
  "R4-M2-006": { title: "Fallback path tests" },
  "R4-M2-007": { title: "Latency benchmarks" },
  "R4-M2-008": { title: "Cross-server verification" },
  "R4-M3-001": { title: "Builder subprocess invocation" },
  "R4-M3-002": { title: "STATE.json parsing (cross-build contract)" },
  "R4-M3-003": { title: "Config generation test" },
  "R4-M3-004": { title: "Parallel builder isolation" },
  "R4-M3-005": { title: "Fix pass invocation" },
  "R4-M3-006": { title: "Agent Teams fallback" },
  "R4-M4-001": { title: "Phase 1 \u2014 Build 1 service health" },
  "R4-M4-002": { title: "Phase 2 \u2014 MCP tool smoke tests" },
  "R4-M4-003": { title: "Phase 3 \u2014 Architect decomposition" },
  "R4-M4-004": { title: "Phase 4 \u2014 Contract registration" },
  "R4-M4-005": { title: "Phase 5 \u2014 Parallel builder execution" },
  "R4-M4-006": { title: "Phase 6 \u2014 Integration + Deployment" },
  "R4-M4-007": { title: "Phase 7 \u2014 Quality Gate" },
  "R4-M4-008": { title: "Planted violation detection" },
  "R4-M5-001": { title: "Issue cataloging" },
  "R4-M5-002": { title: "Priority classification" },
  "R4-M5-003": { title: "Fix pass execution" },
  "R4-M5-004": { title: "Fix pass metrics tracking" },
  "R4-M5-005": { title: "Convergence criteria (when to stop)" },
  "R4-M5-006": { title: "Regression detection" },
  "R4-M6-001": { title: "Per-system scoring" },
  "R4-M6-002": { title: "Integration scoring" },
  "R4-M6-003": { title: "Aggregate score" },
  "R4-M6-004": { title: "SUPER_TEAM_AUDIT_REPORT.md generation" },
  "R4-M6-005": { title: "Requirements Traceability Matrix (RTM)" },
  "R4-M6-006": { title: "Interface Coverage Matrix" },
  "R4-M6-007": { title: "Data Flow Path Coverage" },
  "R4-M6-008": { title: "Dark corners catalog" },
  "R4-M6-009": { title: "Cost breakdown" },
  "SC-01": { title: "Pipeline reaches \"complete\" state", test: "test_full_pipeline_no_intervention", priority: "P0" as const },
  "SC-02": { title: "3 services in `docker compose ps`", test: "test_app_deployment", priority: "P0" as const },
  "SC-03": { title: "HTTP 200 on /health for all services", test: "test_health_checks", priority: "P0" as const },
  "SC-04": { title: "`overall_health != \"failed\"`", test: "test_integration_tests", priority: "P0" as const },
  "SC-05": { title: "Planted violation in report", test: "test_contract_violation_detection", priority: "P0" as const },
  "SC-06": { title: "`total_symbols > 0`", test: "test_codebase_indexing", priority: "P0" as const },
  "SC-07": { title: "`find_definition(\"User\")` returns result", test: "test_mcp_queries", priority: "P0" as const },
  "SC-08": { title: "`total_duration < 21600` (6h)", test: "test_pipeline_duration", priority: "P1" as const },
  "B1-01": { title: "All 3 services in compose", test: "test_build1_deploy", priority: "P0" as const },
  "B1-02": { title: "HTTP 200 on /api/health x3", test: "test_build1_health", priority: "P0" as const },
  "B1-03": { title: "ServiceMap with >= 1 service", test: "test_architect_decompose", priority: "P0" as const },
  "B1-04": { title: "`validate_spec()` -> `{valid: true}`", test: "test_contract_validation", priority: "P0" as const },
  "B1-05": { title: "Non-empty test code string", test: "test_contract_test_gen", priority: "P1" as const },
  "B1-06": { title: "< 60s for 50K LOC", test: "test_codebase_indexing_perf", priority: "P2" as const },
  "B1-07": { title: "20 tools return non-error", test: "test_mcp_tool_responses", priority: "P0" as const },
  "B1-08": { title: "Planted dead code found", test: "test_dead_code_detection", priority: "P1" as const },
  "B1-09": { title: "Capabilities include `tools`", test: "test_mcp_handshake_architect", priority: "P0" as const },
  "B1-10": { title: "Capabilities include `tools`", test: "test_mcp_handshake_contract", priority: "P0" as const },
  "B1-11": { title: "Capabilities include `tools`", test: "test_mcp_handshake_codebase", priority: "P0" as const },
  "B1-12": { title: "Exactly 4 tools", test: "test_tool_count_architect", priority: "P0" as const },
  "B1-13": { title: "Exactly 9 tools", test: "test_tool_count_contract", priority: "P0" as const },
  "B1-14": { title: "Exactly 7 tools", test: "test_tool_count_codebase", priority: "P0" as const },
  "B1-15": { title: "`isError = True`, no crash", test: "test_invalid_tool_input", priority: "P0" as const },
  "B1-16": { title: "Error response, no crash", test: "test_nonexistent_tool", priority: "P1" as const },
  "B1-17": { title: "Client detects, recovers", test: "test_server_crash_recovery", priority: "P0" as const },
  "B1-18": { title: "No resource conflicts", test: "test_multi_server_simultaneous", priority: "P0" as const },
  "B1-19": { title: "get_contracts_for_service returns data", test: "test_architect_cross_ref", priority: "P1" as const },
  "B1-20": { title: "Architect reaches Contract Engine by hostname", test: "test_inter_container_dns", priority: "P1" as const },
  "B2-01": { title: "All 6 return correct types", test: "test_contract_client_all_methods", priority: "P0" as const },
  "B2-02": { title: "All 7 return correct types", test: "test_codebase_client_all_methods", priority: "P0" as const },
  "B2-03": { title: "All methods return safe defaults on error", test: "test_mcp_safe_defaults", priority: "P0" as const },
  "B2-04": { title: "Planted violation found", test: "test_contract_scan_detection", priority: "P0" as const },
  "B2-05": { title: "Both complete, no conflicts", test: "test_parallel_builders", priority: "P1" as const },
  "B2-06": { title: "`register_artifact()` -> indexed=True", test: "test_artifact_registration", priority: "P1" as const },
  "B2-07": { title: "Static scan runs when MCP unavailable", test: "test_fallback_contract_engine", priority: "P0" as const },
  "B2-08": { title: "Static map generated when MCP unavailable", test: "test_fallback_codebase_intel", priority: "P0" as const },
  "B2-09": { title: "All B2 features disabled = v14.0 behavior", test: "test_backward_compat", priority: "P1" as const },
  "B2-10": { title: "3 retries with 1s, 2s, 4s delays", test: "test_retry_exponential_backoff", priority: "P1" as const },
  "B3-01": { title: "All phases complete", test: "test_pipeline_e2e", priority: "P0" as const },
  "B3-02": { title: "3/3 healthy", test: "test_deploy_and_health", priority: "P0" as const },
  "B3-03": { title: "Contract violations detected", test: "test_schemathesis_violations", priority: "P1" as const },
  "B3-04": { title: "L1 before L2 before L3 before L4", test: "test_gate_layer_order", priority: "P0" as const },
  "B3-05": { title: "All commands registered", test: "test_cli_commands", priority: "P1" as const },
  "B3-06": { title: "Valid docker-compose.yml produced", test: "test_compose_generation", priority: "P0" as const },
  "B3-07": { title: "PathPrefix labels route correctly", test: "test_traefik_routing", priority: "P1" as const },
  "B3-08": { title: "Save/load roundtrip preserves all fields", test: "test_state_persistence", priority: "P0" as const },
  "B3-09": { title: "State saved on SIGINT", test: "test_graceful_shutdown", priority: "P1" as const },
  "B3-10": { title: "Cost accumulated across phases", test: "test_budget_tracking", priority: "P2" as const },
  "X-01": { title: "mcp b1 to b2 contract engine", test: "test_mcp_b1_to_b2_contract_engine", priority: "P0" as const },
  "X-02": { title: "mcp b1 to b2 codebase intel", test: "test_mcp_b1_to_b2_codebase_intel", priority: "P0" as const },
  "X-03": { title: "mcp b1 to b3 architect", test: "test_mcp_b1_to_b3_architect", priority: "P0" as const },
  "X-04": { title: "subprocess b3 to b2", test: "test_subprocess_b3_to_b2", priority: "P0" as const },
  "X-05": { title: "state json contract", test: "test_state_json_contract", priority: "P0" as const },
  "X-06": { title: "config generation compat", test: "test_config_generation_compat", priority: "P0" as const },
  "X-07": { title: "fix instructions consumed", test: "test_fix_instructions_consumed", priority: "P1" as const },
  "X-08": { title: "docker compose merge", test: "test_docker_compose_merge", priority: "P1" as const },
  "X-09": { title: "quality gate l1 builder result", test: "test_quality_gate_l1_builder_result", priority: "P1" as const },
  "X-10": { title: "quality gate l3 generated code", test: "test_quality_gate_l3_generated_code", priority: "P1" as const },};

/** All requirements, in seed order. */
export const REQUIREMENTS: readonly Requirement[] = Object.entries(CATALOG).map(([id, entry]) => ({ id, ...entry }));

/**
 * Look a requirement up by id.
 *
 * @example
 * getRequirement('SC-07')?.title; // 'find_definition("User") returns result'
 */
export function getRequirement(id: string): Requirement | undefined {
  const entry = CATALOG[id];
  return entry ? { id, ...entry } : undefined;
}

/** True when `id` is one of the seeds' requirement ids. */
export function isKnownRequirement(id: string): boolean {
  return id in CATALOG;
}

/**
 * The milestone (1..6) an R4-Mn-xxx id belongs to, or undefined for matrix ids.
 *
 * @example
 * milestoneOf('R4-M3-002'); // 3
 */
export function milestoneOf(id: string): number | undefined {
  const m = /^R4-M(\d)-\d{3}$/.exec(id);
  return m ? Number(m[1]) : undefined;
}

/** Requirement ids whose prefix matches (e.g. 'B1-', 'R4-M2-'). */
export function requirementsWithPrefix(prefix: string): Requirement[] {
  return REQUIREMENTS.filter((r) => r.id.startsWith(prefix));
}
