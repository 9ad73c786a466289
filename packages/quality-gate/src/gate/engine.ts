import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import { check, Run4Error, type CheckRecord } from '@run4/checks';
import { evaluateLayer1 } from '../layer1/layer1.js';
import type { IntegrationReport } from '../layer2/integration-report.js';
import { runLayer2, type Layer2Service } from '../layer2/layer2.js';
import { scanLayer3 } from '../layer3/index.js';
import { scanLayer4 } from '../layer4/index.js';
import { discoverServices } from './discover-services.js';
import { LAYER4_SCAN_CODES } from '../models/scan-codes.js';
import type { ScanViolation } from '../models/scan-violation.js';
import { QualityGateConfigSchema, type QualityGateConfig, type QualityGateConfigInput } from './gate-config.js';
import { LAYER_ORDER, skippedLayer, type GateVerdict, type FileNotAnalysed, type GatingMode, type LayerResult, type QualityGateReport, type QualityLevel } from './report-schema.js';
import { redactReportSecrets } from './redact-report.js';
import { normalizeScannerOutput, type Layer3Scanner, type Layer4Scanner } from './scanners.js';
import { capPerCategory, contractCategory, countBlocking, dedupeContractViolations, dedupeScanViolations } from './violations.js';
import { coverageCheck, layerCheck, layerOrderCheck, overallVerdict, shouldPromote } from './verdicts.js';

/** A service the gate judges: where its code is, and where it runs (for Layer 2). */
export interface GateService extends Partial<Omit<Layer2Service, 'name'>> {
  name: string;
  /** Service directory, absolute or relative to `rootDir`. */
  dir?: string;
}

/** Input of {@link runQualityGate}. */
export interface RunQualityGateOptions {
  /** Repository root; report paths are relative to it. */
  rootDir: string;
  services?: GateService[];
  /** BuilderResults for Layer 1 (seed 004 section 3.1 fields). */
  builderResults?: readonly unknown[];
  /** A finished IntegrationReport to evaluate as Layer 2 instead of testing live services. */
  integrationReport?: IntegrationReport;
  /** Layers to run, 1..4; default all. Unselected layers are reported as skipped. */
  layers?: ReadonlyArray<1 | 2 | 3 | 4>;
  /**
   * `promotion` (default, the pipeline): seed 004 section 6.6, a layer with
   * blocking findings is not promoted and later layers are skipped (unless
   * `config.continue_after_blocking`). `all_layers`: every selected layer
   * runs whatever the earlier ones found (`run4 gate --layers 3,4`).
   */
  gating?: GatingMode;
  config?: QualityGateConfigInput;
  /** Fix passes already made (reported as `fix_attempts`). */
  fixAttempts?: number;
  layer2?: { seed?: number; maxExamples?: number; maxResponseTimeMs?: number };
  /** Replace the Layer 3/4 scanners (other implementations, or tests). */
  scanners?: { layer3?: Layer3Scanner; layer4?: Layer4Scanner };
}

/** The gate's configuration or input is invalid. */
export class GateInputError extends Run4Error {
  constructor(message: string) {
    super(message, { code: 'GATE_INPUT_INVALID', exitCode: 2 });
  }
}

function parseConfig(input: QualityGateConfigInput | undefined): QualityGateConfig {
  const parsed = QualityGateConfigSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `quality_gate.${i.path.join('.')}: ${i.message}`).join('; ');
    throw new GateInputError(`invalid quality gate config: ${why}`);
  }
  return parsed.data;
}

function isUnder(file: string, dir: string): boolean {
  const rel = relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

async function timed(layer: QualityLevel, fn: () => Promise<Omit<LayerResult, 'layer' | 'duration_seconds' | 'started_at' | 'finished_at'>>): Promise<LayerResult> {
  const startedAt = new Date();
  const t0 = performance.now();
  const body = await fn();
  return { layer, ...body, duration_seconds: Math.round(performance.now() - t0) / 1000, started_at: startedAt.toISOString(), finished_at: new Date().toISOString() };
}

/**
 * Run the quality gate: Layer 1 → 2 → 3 → 4 strictly in order. With
 * `gating: 'promotion'` (default) the promotion/demotion rules of seed 004
 * section 6.6 apply: a layer with violations at or above
 * `blocking_severity` is not promoted (later layers are skipped unless
 * `continue_after_blocking`); with `'all_layers'` every selected layer
 * runs. Either way a service failing Layer 1 is excluded from Layers 2-4
 * and Layer 4 is advisory. Violations are deduplicated and capped at 200
 * per category; files a layer could not analyse are listed and keep it
 * from passing; value-shaped secrets are redacted from every string.
 *
 * @example
 * const report = await runQualityGate({ rootDir: 'out', services: [{ name: 'billing-service', dir: 'billing-service' }], builderResults });
 * report.overall_verdict; // 'passed' | 'partial' | 'failed' | 'skipped'
 */
export async function runQualityGate(options: RunQualityGateOptions): Promise<QualityGateReport> {
  const config = parseConfig(options.config);
  const rootDir = resolve(options.rootDir);
  const selected = new Set(options.layers ?? [1, 2, 3, 4]);
  const gating: GatingMode = options.gating ?? 'promotion';
  if (!['promotion', 'all_layers'].includes(gating)) throw new GateInputError(`unknown gating mode "${String(gating)}"; use promotion or all_layers.`);
  for (const l of selected) if (![1, 2, 3, 4].includes(l)) throw new GateInputError(`unknown layer ${String(l)}; use 1, 2, 3 or 4.`);
  const services = (options.services ?? []).map((s) => ({ ...s, absDir: s.dir ? resolve(rootDir, s.dir) : undefined }));
  const checks: CheckRecord[] = [];
  const order: QualityLevel[] = [];
  const results = {} as Record<QualityLevel, LayerResult>;
  let excluded: string[] = [];
  let blockedBy: string | undefined;

  const gate = (n: number, why?: string): string | undefined => {
    if (!selected.has(n as 1 | 2 | 3 | 4)) return `layer ${n} not selected`;
    if (blockedBy && gating === 'promotion' && !config.continue_after_blocking) return `not promoted: ${blockedBy}`;
    return why;
  };

  // Layer 1
  const skip1 = gate(1, options.builderResults && options.builderResults.length > 0 ? undefined : 'no BuilderResults given');
  if (skip1) results.layer1_service = skippedLayer('layer1_service', skip1);
  else {
    order.push('layer1_service');
    results.layer1_service = await timed('layer1_service', async () => {
      const l1 = evaluateLayer1(options.builderResults ?? []);
      checks.push(...l1.checks);
      excluded = l1.failed;
      const verdict: GateVerdict = l1.failed.length === 0 ? 'passed' : l1.passed.length > 0 ? 'partial' : 'failed';
      const failed = l1.services.filter((s) => !s.passed).map((s) => ({ service_id: s.service_id, reasons: s.reasons }));
      return { verdict, violations: [], contract_violations: [], total_checks: l1.total_checks, passed_checks: l1.passed_checks, blocking_violations: failed.length, failed_services: failed };
    });
    const remaining = services.length > 0 ? services.filter((svc) => !excluded.includes(svc.name)).length : results.layer1_service.verdict === 'failed' ? 0 : 1;
    if (remaining === 0) blockedBy = 'every service failed Layer 1';
  }
  const active = services.filter((s) => !excluded.includes(s.name));

  // Layer 2
  const live = active.filter((s) => s.baseUrl);
  const skip2 = gate(2, options.integrationReport || live.length > 0 ? undefined : 'no deployed services and no IntegrationReport');
  if (skip2) results.layer2_contract = skippedLayer('layer2_contract', skip2);
  else {
    order.push('layer2_contract');
    results.layer2_contract = await timed('layer2_contract', async () => {
      let report: IntegrationReport;
      if (options.integrationReport) report = options.integrationReport;
      else {
        const l2 = await runLayer2({
          services: live.map((s) => ({ ...s, baseUrl: s.baseUrl! })),
          ...(options.layer2?.seed !== undefined ? { seed: options.layer2.seed } : {}),
          ...(options.layer2?.maxExamples !== undefined ? { maxExamples: options.layer2.maxExamples } : {}),
          ...(options.layer2?.maxResponseTimeMs !== undefined ? { maxResponseTimeMs: options.layer2.maxResponseTimeMs } : {}),
        });
        checks.push(...l2.checks);
        report = l2.integrationReport;
      }
      const deduped = dedupeContractViolations(
        report.violations.filter((v) => !excluded.includes(v.service)).map((v) => (v.file_path ? { ...v, file_path: toRootRelative(rootDir, v.file_path) } : v)),
      );
      const { kept, truncated } = capPerCategory(deduped, contractCategory);
      const blocking = countBlocking(kept, config.blocking_severity);
      const total = report.contract_tests_total + report.integration_tests_total + report.data_flow_tests_total + report.boundary_tests_total;
      const passed = report.contract_tests_passed + report.integration_tests_passed + report.data_flow_tests_passed + report.boundary_tests_passed;
      const verdict: GateVerdict = blocking > 0 || report.overall_health === 'failed' ? 'failed' : kept.length > 0 ? 'partial' : 'passed';
      return { verdict, violations: [], contract_violations: kept, total_checks: total, passed_checks: passed, blocking_violations: blocking, ...(Object.keys(truncated).length ? { truncated } : {}) };
    });
    if (!shouldPromote(results.layer2_contract)) blockedBy ??= `Layer 2 failed (${results.layer2_contract.blocking_violations} blocking contract violations)`;
  }

  // Layer 3
  const skip3 = gate(3);
  if (skip3) results.layer3_system = skippedLayer('layer3_system', skip3);
  else {
    order.push('layer3_system');
    results.layer3_system = await timed('layer3_system', async () => {
      const scan = options.scanners?.layer3 ?? (scanLayer3 as unknown as Layer3Scanner);
      const out = normalizeScannerOutput(await scan(rootDir, { scanners: config.layer3_scanners }));
      const excludedDirs = services.filter((s) => excluded.includes(s.name) && s.absDir).map((s) => s.absDir!);
      const tagged = out.violations
        .filter((v) => !excludedDirs.some((d) => isUnder(resolve(rootDir, v.file_path), d)))
        .map((v) => (v.service ? v : withService(v, rootDir, services)));
      const { kept, truncated } = capPerCategory(dedupeScanViolations(tagged), (v) => v.category);
      for (const [k, n] of Object.entries(out.truncated)) truncated[k] = (truncated[k] ?? 0) + n;
      const blocking = countBlocking(kept, config.blocking_severity);
      const codes = out.codes ?? [...new Set(kept.map((v) => v.code))];
      const failing = new Set(kept.map((v) => v.code));
      const notAnalysed = out.notAnalysed.filter((f) => !excludedDirs.some((d) => isUnder(resolve(rootDir, f.file_path), d)));
      // A blind spot is never a silent pass: files not (fully) analysed make the layer partial at best.
      const verdict: GateVerdict = blocking > 0 ? 'failed' : kept.length > 0 || notAnalysed.length > 0 ? 'partial' : 'passed';
      return {
        verdict,
        violations: kept,
        contract_violations: [],
        total_checks: codes.length,
        passed_checks: codes.filter((c) => !failing.has(c)).length,
        blocking_violations: blocking,
        ...(Object.keys(truncated).length ? { truncated } : {}),
        ...coverageFields(out.filesAnalysed, notAnalysed, out.skipped),
      };
    });
    if (!shouldPromote(results.layer3_system)) blockedBy ??= `Layer 3 failed (${results.layer3_system.blocking_violations} violations at or above ${config.blocking_severity})`;
  }

  // Layer 4 (advisory)
  const skip4 = gate(4, config.layer4_enabled ? undefined : 'layer4_enabled is false');
  if (skip4) results.layer4_adversarial = skippedLayer('layer4_adversarial', skip4);
  else {
    order.push('layer4_adversarial');
    results.layer4_adversarial = await timed('layer4_adversarial', async () => {
      const scan = options.scanners?.layer4 ?? (scanLayer4 as Layer4Scanner);
      const named = active.filter((s) => s.absDir).map((s) => ({ name: s.name, dir: s.absDir! }));
      const inputs = named.length > 0 ? named : services.length > 0 ? [{ name: basename(rootDir), dir: rootDir }] : await discoverServices(rootDir);
      const out = normalizeScannerOutput(await scan(inputs, { rootDir }));
      const rebased = out.violations.map((v) => rebase(v, rootDir));
      const { kept, truncated } = capPerCategory(dedupeScanViolations(rebased), (v) => v.category);
      const failing = new Set(kept.map((v) => v.code));
      const codes = out.codes ?? LAYER4_SCAN_CODES.map((c) => c.code);
      const verdict: GateVerdict = kept.length > 0 || out.notAnalysed.length > 0 ? 'partial' : 'passed';
      return {
        verdict,
        violations: kept,
        contract_violations: [],
        total_checks: codes.length,
        passed_checks: codes.filter((c) => !failing.has(c)).length,
        blocking_violations: 0,
        ...(Object.keys(truncated).length ? { truncated } : {}),
        ...coverageFields(out.filesAnalysed, out.notAnalysed, out.skipped),
      };
    });
  }

  const layers = { layer1_service: results.layer1_service, layer2_contract: results.layer2_contract, layer3_system: results.layer3_system, layer4_adversarial: results.layer4_adversarial };
  const overall = overallVerdict(LAYER_ORDER.map((l) => layers[l].verdict));
  for (const l of LAYER_ORDER) checks.push(layerCheck(layers[l]));
  for (const l of LAYER_ORDER) if (layers[l].files_not_analysed !== undefined) checks.push(coverageCheck(layers[l]));
  checks.push(layerOrderCheck(order, layers));
  checks.push(check('gate.overall-verdict', 'Quality gate overall verdict is not "failed"', overall === 'failed' ? 'FAIL' : overall === 'skipped' ? 'SKIP' : 'PASS', `overall_verdict=${overall}`, ['R4-M4-007']));
  const total = LAYER_ORDER.reduce((n, l) => n + layers[l].violations.length + layers[l].contract_violations.length + (layers[l].failed_services?.length ?? 0), 0);
  const blocking = LAYER_ORDER.reduce((n, l) => n + layers[l].blocking_violations, 0);
  return redactReportSecrets({
    layers,
    overall_verdict: overall,
    fix_attempts: options.fixAttempts ?? 0,
    max_fix_attempts: config.max_fix_retries,
    total_violations: total,
    blocking_violations: blocking,
    schema_version: 1,
    generated_at: new Date().toISOString(),
    root_dir: rootDir,
    layer_order: order,
    gating_mode: gating,
    excluded_services: excluded,
    services: services.map((s) => ({ name: s.name, dir: s.absDir ? toRootRelative(rootDir, s.absDir) : '' })),
    config,
    checks,
  });
}

function coverageFields(
  filesAnalysed: number | undefined,
  notAnalysed: FileNotAnalysed[],
  skipped: Record<string, number>,
): Pick<LayerResult, 'files_analysed' | 'files_not_analysed' | 'files_skipped'> {
  // A scanner that says nothing about its coverage gets no coverage fields (rather than a made-up "all analysed").
  if (filesAnalysed === undefined && notAnalysed.length === 0) return {};
  return {
    ...(filesAnalysed !== undefined ? { files_analysed: filesAnalysed } : {}),
    files_not_analysed: notAnalysed,
    ...(Object.keys(skipped).length > 0 ? { files_skipped: skipped } : {}),
  };
}

function withService(v: ScanViolation, rootDir: string, services: Array<{ name: string; absDir?: string | undefined }>): ScanViolation {
  const abs = resolve(rootDir, v.file_path);
  const owner = services.find((s) => s.absDir && isUnder(abs, s.absDir));
  return owner ? { ...v, service: owner.name } : v;
}

/** A path (absolute, or relative to the working directory) made relative to the root when it lies inside it. */
function toRootRelative(rootDir: string, path: string): string {
  const abs = resolve(path);
  return isUnder(abs, rootDir) ? relative(rootDir, abs).split(sep).join('/') : abs;
}

/** Layer 4 may report absolute paths; the report wants them relative to the root. */
function rebase(v: ScanViolation, rootDir: string): ScanViolation {
  if (!isAbsolute(v.file_path)) return v;
  return { ...v, file_path: relative(rootDir, v.file_path).split(sep).join('/') };
}
