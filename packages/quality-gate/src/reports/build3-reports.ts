import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { check, type CheckRecord } from '@run4/checks';
import { loadComposeFile, traefikLabelsCheck } from '@run4/compose-kit';
import type { PipelineStateFile } from '@run4/schemas';
import { z } from 'zod';
import { LAYER_ORDER, LayerResultSchema, QualityGateReportSchema, type LayerResult, type QualityLevel } from '../gate/report-schema.js';
import { layerOrderCheck } from '../gate/verdicts.js';
import { IntegrationReportSchema } from '../layer2/integration-report.js';

const SeedLayerSchema = LayerResultSchema.pick({ layer: true, verdict: true, violations: true, contract_violations: true, total_checks: true, passed_checks: true, duration_seconds: true, started_at: true, finished_at: true }).loose();
/**
 * The seed 003 section 7.5 part of Run 4's gate report schema: what any Build 3's report must carry (extras allowed).
 *
 * @example
 * SeedQualityGateReportSchema.safeParse(JSON.parse(text)).success;
 */
export const SeedQualityGateReportSchema = QualityGateReportSchema.pick({ overall_verdict: true, fix_attempts: true, max_fix_attempts: true, total_violations: true, blocking_violations: true })
  .extend({ layers: z.object({ layer1_service: SeedLayerSchema, layer2_contract: SeedLayerSchema, layer3_system: SeedLayerSchema, layer4_adversarial: SeedLayerSchema }) })
  .loose();

function readJson(file: string): { ok: true; value: unknown } | { ok: false; why: string } {
  if (!file) return { ok: false, why: 'PIPELINE_STATE.json names no path' };
  if (!existsSync(file)) return { ok: false, why: `${file} does not exist` };
  try {
    return { ok: true, value: JSON.parse(readFileSync(file, 'utf8')) };
  } catch (error) {
    return { ok: false, why: `${file}: ${(error as Error).message}` };
  }
}

/**
 * Build 3's QualityGateReport (seed shape), when it wrote a valid one.
 *
 * @example
 * readBuild3GateReport(state, '/run/build3')?.data?.overall_verdict; // 'passed'
 */
export function readBuild3GateReport(state: PipelineStateFile | null, out: string): ReturnType<typeof SeedQualityGateReportSchema.safeParse> | null {
  if (!state?.quality_report_path) return null;
  const read = readJson(path.resolve(out, state.quality_report_path));
  return read.ok ? SeedQualityGateReportSchema.safeParse(read.value) : null;
}

/**
 * Build 3's reports, read by Run 4: the IntegrationReport (seed 003 section
 * 7.4) and the QualityGateReport (section 7.5) valid against the seed's
 * shapes, and the gate's layers run in order (B3-04), from the report's
 * `layer_order` or, without it, the layers' own start times.
 *
 * @example
 * checkBuild3Reports(state, '/run/build3').map((c) => c.status);
 */
export function checkBuild3Reports(state: PipelineStateFile | null, out: string): CheckRecord[] {
  const checks: CheckRecord[] = [];
  const integration = readJson(state ? state.integration_report_path && path.resolve(out, state.integration_report_path) : '');
  const parsedIntegration = integration.ok ? IntegrationReportSchema.safeParse(integration.value) : null;
  checks.push(
    check(
      'm4.build3.integration-report',
      'Build 3 wrote an IntegrationReport of the seed\'s shape',
      parsedIntegration?.success ? 'PASS' : 'FAIL',
      !integration.ok ? integration.why : parsedIntegration!.success ? `${parsedIntegration!.data.services_healthy}/${parsedIntegration!.data.services_deployed} healthy, contract tests ${parsedIntegration!.data.contract_tests_passed}/${parsedIntegration!.data.contract_tests_total}, overall ${parsedIntegration!.data.overall_health}` : `breaks seed 003 section 7.4: ${parsedIntegration!.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      ['B3-02', 'R4-M4-006'],
    ),
  );
  const gateRead = readJson(state ? state.quality_report_path && path.resolve(out, state.quality_report_path) : '');
  const gate = gateRead.ok ? SeedQualityGateReportSchema.safeParse(gateRead.value) : null;
  checks.push(
    check(
      'm4.build3.gate-report',
      'Build 3 wrote a QualityGateReport of the seed\'s shape',
      gate?.success ? 'PASS' : 'FAIL',
      !gateRead.ok ? gateRead.why : gate!.success ? `overall ${gate!.data.overall_verdict}, ${gate!.data.total_violations} violation(s), ${gate!.data.blocking_violations} blocking, ${gate!.data.fix_attempts} fix attempt(s)` : `breaks seed 003 section 7.5: ${gate!.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      ['R4-M4-007'],
    ),
  );
  if (gate?.success) {
    const layers = gate.data.layers;
    const given = (gate.data as { layer_order?: unknown }).layer_order;
    const ran = LAYER_ORDER.filter((l) => layers[l].verdict !== 'skipped');
    const order: QualityLevel[] = Array.isArray(given) ? (given as QualityLevel[]) : [...ran].sort((a, b) => (layers[a].started_at ?? '').localeCompare(layers[b].started_at ?? ''));
    const c = layerOrderCheck(order, layers as unknown as Record<QualityLevel, LayerResult>);
    checks.push({ ...c, id: 'm4.build3.layer-order', name: `Build 3's ${c.name}` });
  } else {
    checks.push(check('m4.build3.layer-order', 'Build 3\'s gate layers run L1 before L2 before L3 before L4', 'FAIL', 'no valid QualityGateReport to read the layer order from', ['B3-04']));
  }
  return checks;
}

/**
 * SC-05 on Build 3: the codes Run 4 planted (through the shim, into one
 * builder's run) were found by Build 3's own gate: in its last
 * QualityGateReport, or in the FIX_INSTRUCTIONS.md its fix pass handed the
 * planted service's builder (a later gate may no longer show what a fix
 * pass removed).
 *
 * @example
 * checkBuild3Planted(state, out, ['LOG-001'], '/run/build3/builders/payments-api');
 */
export function checkBuild3Planted(state: PipelineStateFile | null, out: string, planted: readonly string[], targetDir: string | null): CheckRecord {
  const id = 'm4.build3.planted';
  const name = 'Build 3\'s gate found the violations Run 4 planted';
  const gateRead = readJson(state ? state.quality_report_path && path.resolve(out, state.quality_report_path) : '');
  const reportText = gateRead.ok ? JSON.stringify(gateRead.value) : '';
  const fixFile = targetDir ? path.join(targetDir, 'FIX_INSTRUCTIONS.md') : '';
  const fixText = fixFile && existsSync(fixFile) ? readFileSync(fixFile, 'utf8') : '';
  const where = (code: string) => (reportText.includes(`"${code}"`) ? 'report' : fixText.includes(code) ? 'FIX_INSTRUCTIONS.md' : null);
  const missing = planted.filter((c) => !where(c));
  const evidence = planted.map((c) => `${c}: ${where(c) ?? 'not found'}`).join('; ');
  return check(id, name, missing.length ? 'FAIL' : 'PASS', missing.length ? `${evidence} (Build 3's report ${gateRead.ok ? 'read' : gateRead.why}; ${fixFile || 'no target'} ${fixText ? 'read' : 'absent'})` : evidence, ['SC-05', 'R4-M4-008']);
}

/**
 * B3-06 and B3-07 on Build 3's own compose file (the one its integrator
 * wrote, found among PIPELINE_STATE.json's `phase_artifacts`): it validates
 * against the compose spec and lists every planned service, and the routed
 * services carry Traefik PathPrefix labels (WARN: live routing needs the
 * traefik image).
 *
 * @example
 * await checkBuild3Compose(state, ['accounts-api', 'payments-api']);
 */
export async function checkBuild3Compose(state: PipelineStateFile | null, services: readonly string[]): Promise<CheckRecord[]> {
  const artifacts = Object.values(state?.phase_artifacts ?? {}).flatMap((a) => Object.values(a));
  const file = artifacts.find((f) => /(^|\/)docker-compose[^/]*\.ya?ml$/.test(f) || /(^|\/)compose[^/]*\.ya?ml$/.test(f));
  const gen = (status: 'PASS' | 'FAIL', evidence: string) => check('m4.build3.compose', 'Build 3 generated a valid compose file with every service', status, evidence, ['B3-06']);
  const noRoutes = (why: string) => check('m4.build3.traefik-labels', 'Build 3\'s compose file routes each service through Traefik', 'FAIL', why, ['B3-07']);
  if (!file) return [gen('FAIL', `no compose file among PIPELINE_STATE.json's phase_artifacts (${artifacts.length} artifacts)`), noRoutes('no compose file')];
  let model: ReturnType<typeof loadComposeFile>['model'];
  try {
    model = loadComposeFile(file).model;
  } catch (error) {
    return [gen('FAIL', `${file}: ${(error as Error).message}`), noRoutes('the compose file does not load')];
  }
  const missing = services.filter((s) => !model.services?.[s]);
  const labels = await traefikLabelsCheck(model, [...services], { traefikDeployed: false });
  return [
    gen(missing.length ? 'FAIL' : 'PASS', missing.length ? `${file}: no service ${missing.join(', ')}` : `${file}: valid, ${services.length} service(s)`),
    { ...labels, id: 'm4.build3.traefik-labels', name: 'Build 3\'s compose file routes each service through Traefik' },
  ];
}
