import { readFileSync } from 'node:fs';
import { parseBuilderState } from '@run4/builder-runner';
import { buildFindings, builderApplyFixes, type FixLoopViolationInput, planFixInstructions } from '@run4/fix-loop';
import { QualityGateReportSchema } from '@run4/quality-gate';
import { PhaseError } from '../errors.js';
import type { PipelineContext } from '../pipeline/context.js';

/**
 * The violations a fix pass hands to builders: Layers 1-3 of the last gate
 * report (Layer 4 is advisory), contract violations attributed to their
 * service. A scan violation whose `service` is not a planned service (the
 * gate names services after their package manifest) is attributed to the
 * planned service whose builder directory its path starts with.
 *
 * @example
 * const violations = fixableViolations(JSON.parse(readFileSync(state.quality_report_path, 'utf8')), ['order-service']);
 */
export function fixableViolations(reportJson: unknown, services: readonly string[] = []): FixLoopViolationInput[] {
  const report = QualityGateReportSchema.parse(reportJson);
  const out: FixLoopViolationInput[] = [];
  const attribute = (service: string | undefined, file: string): string | undefined => {
    if (service && services.includes(service)) return service;
    return services.find((s) => file.replace(/\\/g, '/').startsWith(`${s}/`)) ?? service;
  };
  for (const layer of [report.layers.layer1_service, report.layers.layer2_contract, report.layers.layer3_system]) {
    for (const v of layer.violations) {
      const service = attribute(v.service || undefined, v.file_path);
      out.push({ ...v, ...(service ? { service } : {}) });
    }
    for (const c of layer.contract_violations) {
      out.push({ code: c.code, severity: c.severity, category: 'contract', file_path: c.file_path, line: 0, message: `${c.endpoint}: ${c.message}`, service: c.service });
    }
  }
  return out;
}

/**
 * fix_pass (seed 003 section 4.3): catalog the gate's violations with
 * @run4/fix-loop, write one FIX_INSTRUCTIONS.md per service and run that
 * service's builder with `--depth quick` (builder-runner, the configured
 * command), up to `builder.max_concurrent` services at once; the builders'
 * reported cost is added to the phase.
 *
 * @example
 * await runFixPhase(ctx);
 */
export async function runFixPhase(ctx: PipelineContext): Promise<void> {
  const { state, config } = ctx;
  let reportJson: unknown;
  try {
    reportJson = JSON.parse(readFileSync(state.quality_report_path, 'utf8'));
  } catch (cause) {
    throw new PhaseError('fix_pass', `cannot read the quality gate report ${state.quality_report_path}: ${(cause as Error).message}`, cause);
  }
  const names = state.services.map((s) => s.name);
  const findings = buildFindings({ checks: [], violations: fixableViolations(reportJson, names) }, { services: names });
  const plans = planFixInstructions(findings).filter((p) => names.includes(p.service));
  if (plans.length === 0) {
    ctx.log('[fix] no violation can be handed to a builder');
    return;
  }
  const apply = builderApplyFixes({
    dirOf: (service) => state.services.find((s) => s.name === service)?.builder_dir ?? '',
    command: config.builder.command,
    timeoutMs: config.builder.timeout_per_builder * 1000,
    env: config.builder.env,
    signal: ctx.signal,
  });
  const fixOne = async (plan: (typeof plans)[number]): Promise<void> => {
    if (ctx.signal.aborted) return;
    ctx.log(`[fix] ${plan.service}: ${plan.violations.length} violation(s) (${[...new Set(plan.violations.map((v) => v.code))].join(', ')}) -> builder --depth quick`);
    const outcome = (await apply(plan.service, { ...plan })) ?? {};
    const cost = outcome.cost ?? 0;
    ctx.tracker.addPhaseCost('fix_pass', cost, plan.service);
    state.builder_costs[plan.service] = (state.builder_costs[plan.service] ?? 0) + cost;
    const dir = state.services.find((s) => s.name === plan.service)?.builder_dir ?? '';
    const row = state.builder_results.find((r) => r.service_id === plan.service);
    try {
      const after = await parseBuilderState(dir);
      if (row) Object.assign(row, { success: after.summary.success, test_passed: after.summary.test_passed, test_total: after.summary.test_total, convergence_ratio: after.summary.convergence_ratio });
    } catch {
      if (row) Object.assign(row, { success: false, error: `fix pass left no valid STATE.json in ${dir}` });
    }
    ctx.log(`[fix] ${plan.service}: builder ${outcome.success !== false ? 'done' : `FAILED${outcome.error ? ` — ${outcome.error}` : ''}`}, cost $${cost.toFixed(2)}`);
    ctx.save();
  };
  // Each service's builder works in its own directory: run them like the builders phase, at most max_concurrent at once.
  const queue = [...plans];
  const worker = async () => {
    for (let plan = queue.shift(); plan; plan = queue.shift()) await fixOne(plan);
  };
  await Promise.all(Array.from({ length: Math.min(config.builder.max_concurrent, plans.length) }, worker));
  state.successful_builders = state.builder_results.filter((r) => r.success === true).length;
}
