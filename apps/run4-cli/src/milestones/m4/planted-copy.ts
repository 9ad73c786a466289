import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { check, CheckRecordSchema, type CheckRecord } from '@run4/checks';
import type { BuilderResult } from '@run4/builder-runner';
import { createDeployment, deployForChecks, generateComposeFile, tierFiles } from '@run4/compose-kit';
import { PlantManifestSchema, plantedDetectionChecks, plantViolations, runLayer2, runQualityGate, writeReports, type PlantManifest, type QualityGateReport } from '@run4/quality-gate';
import { z } from 'zod';
import { deploySettings } from './deploy-options.js';
import { serviceUrls, type PhaseContext } from './live.js';

/**
 * What M4 leaves of the planted copy for M5 (`m4/planted/planted.json`):
 * the copy, what was planted in it, and the gate's first look at it.
 */
export const PlantedRunSchema = z.object({
  service: z.string(),
  /** The builder output the copy was made from (never edited). */
  source_dir: z.string(),
  copy_dir: z.string(),
  manifest: PlantManifestSchema,
  /** The copy's builder result (the original's, pointing at the copy). */
  result: z.looseObject({ service_id: z.string(), output_dir: z.string(), success: z.boolean() }),
  /** The copy's quality_gate_report.json. */
  report_file: z.string(),
  /** The copy's gate checks (Layer 2 included): the planted fix loop's first scan. */
  checks: z.array(CheckRecordSchema),
  /** How the deployed copy answered: its URL, what GET <health path> gave, and how it was authenticated. */
  live: z.string(),
  /** Whether the copy answered HTTP at all. */
  answered: z.boolean(),
});
export type PlantedRun = z.infer<typeof PlantedRunSchema>;

/** Where M4 keeps the planted copy: `<output>/m4/planted` (the copy under `services/`, apart from every real builder output). */
export function plantedRoot(outputDir: string): string {
  return path.join(outputDir, 'm4', 'planted');
}

/** The M4 record of the planted copy, or null when M4 made none. */
export function readPlantedRun(outputDir: string): PlantedRun | null {
  const file = path.join(plantedRoot(outputDir), 'planted.json');
  if (!existsSync(file)) return null;
  const parsed = PlantedRunSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : null;
}

/**
 * The builder output to copy: the profile's plant target when it was built, else the first service built;
 * a service a builder already planted violations in itself (`--plant`, `busy`) only when no other was built.
 */
export function plantSource(ctx: Pick<PhaseContext, 'profile'>, results: readonly BuilderResult[], busy?: string | null): BuilderResult | undefined {
  const built = results.filter((r) => r.success);
  const free = built.filter((r) => r.service_id !== busy);
  const pool = free.length ? free : built;
  return pool.find((r) => r.service_id === ctx.profile.sample_app.plant_target) ?? pool[0];
}

/** Wait (up to `ms`) until the service answers HTTP at all; returns what GET `url` gave. */
async function firstAnswer(url: string, ms: number, signal: AbortSignal): Promise<{ answered: boolean; what: string }> {
  const deadline = Date.now() + ms;
  let last = 'no answer';
  while (Date.now() < deadline && !signal.aborted) {
    try {
      const res = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(5000)]) });
      await res.arrayBuffer();
      return { answered: true, what: `HTTP ${res.status}` };
    } catch (error) {
      last = (error as Error).message;
      await new Promise((ok) => setTimeout(ok, 500));
    }
  }
  return { answered: false, what: `no answer within ${ms / 1000} s (${last})` };
}

/** Credentials for the copy's secured operations: the stack profile's auth steps run against the real services (what the real gate uses). */
export type CopyAuth = () => Promise<{ headers: Record<string, string>; note: string }>;

export interface CopyGate {
  report: QualityGateReport;
  /** The copy's gate checks; kept apart from the real services' checks. */
  checks: CheckRecord[];
  files: Partial<Record<'md' | 'json' | 'sarif', string>>;
  live: string;
  /** Whether the copy answered HTTP (Layer 2 could look at it). */
  answered: boolean;
}

/**
 * Deploy the planted copy on its own (its own compose file and project,
 * never in place of the real service), run the gate on it alone (Layer 2
 * live against the copy with the credentials `auth` gets, no pacts or
 * flows; Layer 4 off, since cross-service review of one service alone
 * only yields noise), write its reports to `reportDir`, and take the copy
 * down again.
 *
 * @example
 * const gate = await gateCopy(ctx, copyResult, path.join(ctx.outputDir, 'm5', 'planted', 'pass_1'), 1, auth);
 */
export async function gateCopy(ctx: PhaseContext, copy: BuilderResult, reportDir: string, fixAttempts: number, auth: CopyAuth): Promise<CopyGate> {
  const root = path.dirname(copy.output_dir);
  mkdirSync(reportDir, { recursive: true });
  const composeFile = path.join(reportDir, 'docker-compose.planted.yml');
  const settings = deploySettings(ctx, `planted${fixAttempts}`);
  generateComposeFile([{ service_id: copy.service_id, output_dir: copy.output_dir, success: true, port: ctx.profile.services.port, health_path: ctx.profile.services.health_path }], composeFile, {
    projectName: settings.projectName,
    outputDir: reportDir,
    buildArgs: ctx.profile.compose.build_args,
    environment: ctx.profile.services.environment,
    ...(ctx.profile.compose.tiers.infra ? {} : { commonDependsOn: {} }),
  });
  const tiers = ctx.profile.compose.tiers;
  // The copy has no health route by design: wait briefly for it, then test what it serves.
  const deployment = await createDeployment({ ...settings, healthTimeoutMs: Math.min(settings.healthTimeoutMs ?? 5_000, 5_000), files: tierFiles({ files: tiers, generatedFile: composeFile, tiers: ['infra', 'generated'] }), services: [copy.service_id], allowUnhealthy: true });
  ctx.cleanup.add(`planted copy ${copy.service_id} teardown`, () => deployment.down());
  try {
    const attempt = await deployForChecks(deployment);
    const url = serviceUrls(attempt.report)[copy.service_id];
    const answer = url ? await firstAnswer(new URL(ctx.profile.services.health_path, url).href, 60_000, ctx.signal) : { answered: false, what: `not deployed: ${attempt.error?.message ?? 'no URL'}` };
    const { headers, note } = await auth();
    const live = `${url ?? 'no URL'}: GET ${ctx.profile.services.health_path} -> ${answer.what}; ${note}`;
    ctx.progress.detail(`planted copy of ${copy.service_id}: ${live}`);
    const l2 = url && answer.answered
      ? await runLayer2({ services: [{ name: copy.service_id, baseUrl: url, healthPath: ctx.profile.services.health_path, openapi: path.join(copy.output_dir, 'contracts', 'openapi.yaml'), authHeaders: headers, pactFiles: [] }], seed: 4 })
      : undefined;
    const report = await runQualityGate({
      rootDir: root,
      services: [{ name: copy.service_id, dir: path.basename(copy.output_dir), ...(url ? { baseUrl: url } : {}), openapi: path.join(copy.output_dir, 'contracts', 'openapi.yaml'), pactFiles: [] }],
      builderResults: [copy],
      ...(l2 ? { integrationReport: l2.integrationReport } : {}),
      fixAttempts,
      config: { max_fix_retries: ctx.config.max_fix_passes, continue_after_blocking: true, layer4_enabled: false },
    });
    const files = await writeReports(report, reportDir);
    return { report, checks: [...(l2?.checks ?? []), ...report.checks], files, live, answered: answer.answered };
  } finally {
    await deployment.down();
  }
}

/**
 * R4-M4-008 on any stack: copy one builder's output (the profile's
 * `sample_app.plant_target`, else the first service built) to
 * `m4/planted/services/<service>`, plant the seed's three violations in
 * the copy with @run4/quality-gate's `plantViolations`, gate the copy on
 * its own, and check each planted violation was reported under its code.
 * The copy is never deployed as the real service and its findings stay in
 * its own reports (`m4/planted/`): only the detection checks (one per
 * planted kind, `data.planted_by_run4`) join M4's records. Writes
 * `m4/planted/planted.json` for M5's fix pass on the copy.
 *
 * @example
 * const { checks } = await plantAndGate(ctx, results);
 */
export async function plantAndGate(ctx: PhaseContext, results: readonly BuilderResult[], auth: CopyAuth): Promise<{ checks: CheckRecord[]; data: Record<string, unknown> }> {
  const source = plantSource(ctx, results, (ctx.data.builders?.plantTarget as string | null | undefined) ?? null);
  const name = 'Run 4 planted the seed\'s violations in a copy of a built service and gated it';
  if (!source) return { checks: [check('m4.planted', name, 'FAIL', 'no builder succeeded: no output to copy and plant into', ['R4-M4-008'])], data: {} };
  const root = plantedRoot(ctx.outputDir);
  rmSync(root, { recursive: true, force: true });
  const copyDir = path.join(root, 'services', source.service_id);
  let manifest: PlantManifest;
  let gate: CopyGate;
  try {
    cpSync(source.output_dir, copyDir, { recursive: true, filter: (src) => path.basename(src) !== '.git' });
    manifest = await plantViolations(copyDir, { service: source.service_id });
    ctx.progress.info(`planted in a copy of ${source.service_id}: ${manifest.items.map((i) => `${i.code} ${i.planted ? `${i.file}:${i.line}` : 'not plantable'}`).join(', ')}`);
    gate = await gateCopy(ctx, { ...source, output_dir: copyDir }, root, 0, auth);
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    return { checks: [check('m4.planted', name, 'FAIL', `${source.service_id}: ${(error as Error).message}`, ['R4-M4-008'])], data: {} };
  }
  const checks = plantedDetectionChecks(manifest, gate.report, { live: gate.answered }).map((c) =>
    c.status === 'FAIL' && (c.data as { layer?: string }).layer === 'layer2' ? { ...c, evidence: `${c.evidence}; the copy live: ${gate.live}` } : c,
  );
  const record: PlantedRun = {
    service: source.service_id,
    source_dir: source.output_dir,
    copy_dir: copyDir,
    manifest,
    result: { ...source, output_dir: copyDir },
    report_file: gate.files.json ?? '',
    checks: gate.checks,
    live: gate.live,
    answered: gate.answered,
  };
  writeFileSync(path.join(root, 'planted.json'), JSON.stringify(record, null, 2) + '\n');
  return { checks, data: { service: source.service_id, copy_dir: copyDir, report: gate.files.md ?? null, verdict: gate.report.overall_verdict, live: gate.live } };
}
