import { check, type CheckRecord } from '@run4/checks';
import { BUILD1_TOOL_NAMES, type AuditInputsInput, type ToolProbeResultInput } from '../src/index.js';

export const rec = (id: string, status: CheckRecord['status'], ids: string[], evidence = `${id} ${status}`): CheckRecord => check(id, id, status, evidence, ids, 12);

/** Probe results for all 20 tools: every valid call OK, error path tested on 17, one tool unparseable. */
export function toolResults(): ToolProbeResultInput[] {
  return Object.entries(BUILD1_TOOL_NAMES).flatMap(([server, tools]) =>
    tools.map((tool, i) => ({
      server,
      tool,
      validTested: true,
      validOk: true,
      errorTested: !(server === 'codebase-intelligence' && i < 3),
      errorOk: true,
      parseable: tool !== 'generate_tests',
      latencyMs: { p50: 2, p95: 5, p99: 9 },
    })),
  );
}

export function sampleInputs(): AuditInputsInput {
  return {
    runId: 'run-1',
    generatedAt: '2026-11-22T00:00:00.000Z',
    backend: 'process',
    checks: [
      rec('m2.race', 'PASS', ['B1-18'], 'architect, contract-engine, codebase-intelligence initialized together in 410 ms'),
      rec('m4.build1.health', 'PASS', ['B1-02', 'R4-M4-001']),
      rec('m4.flow.register', 'PASS', ['DF-1', 'SC-04']),
      rec('m4.flow.login', 'PASS', ['DF-2']),
      rec('m4.flow.order', 'FAIL', ['DF-3'], 'POST /orders → 500'),
      rec('m4.gate.planted', 'PASS', ['SC-05', 'R4-M4-008']),
      rec('m3.state', 'PASS', ['X-05', 'B2-05']),
      rec('m4.index', 'SKIP', ['SC-06'], 'indexing not run'),
    ],
    tools: toolResults(),
    findings: [
      { finding_id: 'FINDING-001', priority: 'P0', system: 'Build 2', component: 'order-service:src/server.js', resolution: 'FIXED', fix_pass_number: 1, fix_verification: 'pass 1: absent in re-scan' },
      { finding_id: 'FINDING-002', priority: 'P1', system: 'Integration', component: 'order-service:src/routes.js', resolution: 'OPEN' },
    ],
    fixPasses: [
      { pass_number: 1, targeted: 2, resolved: 1, failed: 1, regressions: 0, effectiveness: 0.5, regression_rate: 0, new_defects: 0, score_before: 60, score_after: 66.5, convergence: 0.57, cost: 0 },
      { pass_number: 2, targeted: 1, resolved: 0, failed: 1, regressions: 0, effectiveness: 0, regression_rate: 0, new_defects: 0, score_before: 66.5, score_after: 66.5, convergence: 0.57, cost: 0 },
    ],
    convergence: 0.57,
    stopReason: 'max-passes: max_fix_passes 2 reached',
    violations: [{ code: 'SCHEMA-001', severity: 'error', file_path: 'src/routes.js', line: 14, message: 'extra field "internal_id"', service: 'order-service' }],
    costs: [
      { milestone: 'M1', cost: 0, durationMs: 1200 },
      { milestone: 'M4', cost: 0, durationMs: 125_000 },
    ],
    implementationMap: { 'SC-05': ['packages/quality-gate/src/layer3/rules/health.ts'] },
  };
}

/** Strings a system under test could put in its evidence, planted to prove the HTML audit escapes them. */
export const HOSTILE = [
  `<script>window.__pwned = 'script'</script>`,
  `<img src=x onerror="window.__pwned='img'">`,
  `"><svg onload="window.__pwned='attr'"><b x="`,
  `' onmouseover='window.__pwned=1' x='`,
  `</td></tr></table></style></script><h1 id="injected">injected</h1>`,
  'https://example.invalid/beacon.png `tick` & &amp; done',
] as const;

/**
 * `sampleInputs` plus hostile strings everywhere a system under test can
 * reach (check ids, names, evidence, tool evidence, findings, violations,
 * limitations, run id), real-shaped probe latency records and one WARN.
 */
export function hostileInputs(): AuditInputsInput {
  const base = sampleInputs();
  const tools = toolResults().map((t, i) => (i === 0 ? { ...t, evidence: HOSTILE[2] } : t));
  return {
    ...base,
    runId: `run-1 ${HOSTILE[0]}`,
    stopReason: HOSTILE[1],
    tools,
    checks: [
      ...(base.checks ?? []),
      rec('m4.build1.inter-container-dns', 'WARN', ['B1-20'], `[process] no container DNS ${HOSTILE[0]}`),
      rec(`m2.hostile.${HOSTILE[3]}`, 'FAIL', ['R4-M2-005'], HOSTILE.join('\n')),
      check('m3.builder.state', HOSTILE[4], 'PASS', HOSTILE[5], ['B2-05', 'R4-M3-002'], 40),
      check('mcp.architect.latency', 'architect: per-tool latency p95 under 5000 ms', 'PASS', '4 tools timed', ['R4-M2-007'], 0, {
        latency: { decompose: { n: 3, p50: 12.5, p95: 31.25, p99: 31.25, max: 31.25, first: 880.4 } },
      }),
    ],
    findings: [...(base.findings ?? []), { finding_id: 'FINDING-003', priority: 'P2', system: HOSTILE[1], component: HOSTILE[4], resolution: 'OPEN' }],
    violations: [{ code: 'SCHEMA-001', severity: 'error', file_path: HOSTILE[2], line: 3, message: HOSTILE[0], service: HOSTILE[3] }],
    limitations: [HOSTILE[4]],
  };
}
