import { check, type CheckRecord } from '@run4/checks';
import { LAYER_ORDER, type GateVerdict, type LayerResult, type QualityLevel } from './report-schema.js';

/**
 * Overall verdict: failed if any layer failed, partial if any is partial,
 * passed if at least one layer passed, skipped when none ran.
 *
 * @example
 * overallVerdict(['passed', 'partial', 'passed', 'skipped']); // 'partial'
 */
export function overallVerdict(verdicts: readonly GateVerdict[]): GateVerdict {
  if (verdicts.includes('failed')) return 'failed';
  if (verdicts.includes('partial')) return 'partial';
  if (verdicts.includes('passed')) return 'passed';
  return 'skipped';
}

const LAYER_REQS: Record<QualityLevel, string[]> = {
  layer1_service: ['X-09', 'R4-M4-007'],
  layer2_contract: ['B3-03', 'SC-04', 'R4-M4-007'],
  layer3_system: ['X-10', 'R4-M4-007'],
  layer4_adversarial: ['R4-M4-007'],
};

/**
 * The check record summarizing one layer. Layer 4 is advisory: its
 * findings give WARN, never FAIL.
 *
 * @example
 * layerCheck(report.layers.layer3_system).status; // 'FAIL' when blocking violations exist
 */
export function layerCheck(r: LayerResult): CheckRecord {
  const findings = r.violations.length + r.contract_violations.length + (r.failed_services?.length ?? 0);
  let status: CheckRecord['status'];
  if (r.verdict === 'skipped') status = 'SKIP';
  else if (r.verdict === 'failed') status = r.layer === 'layer4_adversarial' ? 'WARN' : 'FAIL';
  else if (r.verdict === 'partial') status = 'WARN';
  else status = 'PASS';
  const evidence =
    r.verdict === 'skipped'
      ? (r.skipped_reason ?? 'skipped')
      : `verdict=${r.verdict}; ${findings} findings (${r.blocking_violations} blocking); checks ${r.passed_checks}/${r.total_checks}`;
  return check(`gate.${r.layer}`, `Quality gate ${r.layer}`, status, evidence, LAYER_REQS[r.layer], Math.round(r.duration_seconds * 1000));
}

/**
 * Whether a layer saw every file it should have: FAIL when files could
 * not be analysed at all (binaries, unparseable or unreadable files), WARN
 * when some were only partly analysed (secrets only, no grammar for the
 * code rules), PASS when none. A skip is never a silent pass.
 *
 * @example
 * coverageCheck(report.layers.layer3_system).evidence; // '2 of 40 files not fully analysed: ...'
 */
export function coverageCheck(r: LayerResult): CheckRecord {
  const missing = r.files_not_analysed ?? [];
  const none = missing.filter((f) => f.coverage === 'none');
  const total = (r.files_analysed ?? 0) + none.length;
  const status: CheckRecord['status'] = r.verdict === 'skipped' ? 'SKIP' : none.length > 0 ? 'FAIL' : missing.length > 0 ? 'WARN' : 'PASS';
  const sample = missing.slice(0, 5).map((f) => `${f.file_path} (${f.reason})`).join('; ');
  const evidence = missing.length === 0 ? `all ${total} files analysed` : `${missing.length} of ${total} files not fully analysed (${none.length} not at all): ${sample}${missing.length > 5 ? '; …' : ''}`;
  return check(`gate.${r.layer}.coverage`, `Quality gate ${r.layer} analysed every file it read`, status, evidence, LAYER_REQS[r.layer]);
}

/**
 * B3-04: the layers that ran did so strictly in the order L1 → L2 → L3 → L4,
 * each starting after the previous one finished.
 *
 * @example
 * layerOrderCheck(report.layer_order, report.layers).status; // 'PASS'
 */
export function layerOrderCheck(order: readonly QualityLevel[], layers: Record<QualityLevel, LayerResult>): CheckRecord {
  const expected = LAYER_ORDER.filter((l) => order.includes(l));
  const sameOrder = expected.length === order.length && expected.every((l, i) => order[i] === l);
  let overlap: string | undefined;
  for (let i = 1; i < order.length; i++) {
    const prev = layers[order[i - 1]!];
    const cur = layers[order[i]!];
    if (prev.finished_at && cur.started_at && cur.started_at < prev.finished_at) overlap = `${cur.layer} started before ${prev.layer} finished`;
  }
  const ok = sameOrder && !overlap;
  const evidence = `ran: ${order.join(' -> ') || '(none)'}${sameOrder ? '' : `; expected ${expected.join(' -> ')}`}${overlap ? `; ${overlap}` : ''}`;
  return check('gate.layer-order', 'Quality gate layers run L1 before L2 before L3 before L4', order.length === 0 ? 'SKIP' : ok ? 'PASS' : 'FAIL', evidence, ['B3-04']);
}

/**
 * Seed 004 `should_promote`: whether a layer's result lets the gate go on
 * to the next layer. A failed layer (blocking findings; for Layer 1 every
 * service failed) is not promoted; Layer 4 is advisory and always is.
 *
 * @example
 * shouldPromote(report.layers.layer2_contract); // false when L2 has blocking violations
 */
export function shouldPromote(result: LayerResult): boolean {
  return result.layer === 'layer4_adversarial' || result.verdict !== 'failed';
}

/**
 * Seed 004 `classify_violations`: group violations by severity for fix
 * prioritization (errors first).
 *
 * @example
 * classifyViolations(report.layers.layer3_system.violations).error.length;
 */
export function classifyViolations<T extends { severity: 'error' | 'warning' | 'info' }>(violations: readonly T[]): Record<'error' | 'warning' | 'info', T[]> {
  const out: Record<'error' | 'warning' | 'info', T[]> = { error: [], warning: [], info: [] };
  for (const v of violations) out[v.severity].push(v);
  return out;
}
