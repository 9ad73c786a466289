import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { check, CheckRecordSchema, type CheckRecord } from '@run4/checks';
import type { BuilderResult } from '@run4/builder-runner';
import { createDeployment, deployedUrls, deployForChecks, generateComposeFile, tierFiles, type Deployment, type StageDeploymentOptions } from '@run4/compose-kit';
import type { StackProfile } from '@run4/schemas';
import { z } from 'zod';
import { runQualityGate } from '../gate/engine.js';
import type { QualityGateReport } from '../gate/report-schema.js';
import { runLayer2 } from '../layer2/layer2.js';
import { writeReports } from '../reports/write-reports.js';
import { PlantManifestSchema, type PlantManifest } from './manifest.js';
import { plantedDetectionChecks } from './planted-checks.js';
import { plantViolations } from './plant-violations.js';

/**
 * The record of a planted copy (`planted.json` in its root): the copy, what
 * was planted in it, and the gate's first look at it; a later fix pass on
 * the copy starts from it.
 */
export const PlantedCopyRecordSchema = z.object({
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
export type PlantedCopyRecord = z.infer<typeof PlantedCopyRecordSchema>;

/**
 * The planted-copy record kept in `root`, or null when there is none (or it does not parse).
 *
 * @example
 * const record = readPlantedCopyRecord('.run4/planted');
 */
export function readPlantedCopyRecord(root: string): PlantedCopyRecord | null {
  const file = path.join(root, 'planted.json');
  if (!existsSync(file)) return null;
  const parsed = PlantedCopyRecordSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : null;
}

/**
 * The builder output to copy: the profile's plant target when it was built, else the first service built;
 * a service a builder already planted violations in itself (`busy`) only when no other was built.
 *
 * @example
 * plantSource(profile, results, null)?.service_id; // 'billing-api'
 */
export function plantSource(profile: Pick<StackProfile, 'sample_app'>, results: readonly BuilderResult[], busy?: string | null): BuilderResult | undefined {
  const built = results.filter((r) => r.success);
  const free = built.filter((r) => r.service_id !== busy);
  const pool = free.length ? free : built;
  return pool.find((r) => r.service_id === profile.sample_app.plant_target) ?? pool[0];
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

/** Credentials for the copy's secured operations (e.g. the profile's auth steps run against the real services). */
export type CopyAuth = () => Promise<{ headers: Record<string, string>; note: string }>;

/** How a planted copy is deployed and gated. */
export interface CopyGateOptions {
  profile: Pick<StackProfile, 'services' | 'compose'>;
  /** The deployment options of a stage (see compose-kit's `stageDeploymentOptions`); the copy's stage is `planted<fixAttempts>`. */
  deployOptions: (stage: string) => StageDeploymentOptions;
  maxFixRetries: number;
  auth: CopyAuth;
  signal: AbortSignal;
  /** Called once the deployment of the copy of `service` exists (register its teardown here). */
  onCreated?: (deployment: Deployment, service: string) => void;
  onDetail?: (line: string) => void;
}

/** What {@link gateCopy} found. */
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
 * Deploy a planted copy on its own (its own compose file and project,
 * never in place of the real service), run the gate on it alone (Layer 2
 * live against the copy with the credentials `auth` gets, no pacts or
 * flows; Layer 4 off, since cross-service review of one service alone
 * only yields noise), write its reports to `reportDir`, and take the copy
 * down again.
 *
 * @example
 * const gate = await gateCopy(copyResult, '.run4/planted/pass_1', 1, { profile, deployOptions, maxFixRetries: 3, auth, signal });
 */
export async function gateCopy(copy: BuilderResult, reportDir: string, fixAttempts: number, options: CopyGateOptions): Promise<CopyGate> {
  const { profile } = options;
  const root = path.dirname(copy.output_dir);
  mkdirSync(reportDir, { recursive: true });
  const composeFile = path.join(reportDir, 'docker-compose.planted.yml');
  const settings = options.deployOptions(`planted${fixAttempts}`);
  generateComposeFile([{ service_id: copy.service_id, output_dir: copy.output_dir, success: true, port: profile.services.port, health_path: profile.services.health_path }], composeFile, {
    projectName: settings.projectName,
    outputDir: reportDir,
    buildArgs: profile.compose.build_args,
    environment: profile.services.environment,
    ...(profile.compose.tiers.infra ? {} : { commonDependsOn: {} }),
  });
  const tiers = profile.compose.tiers;
  // The copy has no health route by design: wait briefly for it, then test what it serves.
  const deployment = await createDeployment({ ...settings, healthTimeoutMs: Math.min(settings.healthTimeoutMs ?? 5_000, 5_000), files: tierFiles({ files: tiers, generatedFile: composeFile, tiers: ['infra', 'generated'] }), services: [copy.service_id], allowUnhealthy: true });
  options.onCreated?.(deployment, copy.service_id);
  try {
    const attempt = await deployForChecks(deployment);
    const url = deployedUrls(attempt.report)[copy.service_id];
    const answer = url ? await firstAnswer(new URL(profile.services.health_path, url).href, 60_000, options.signal) : { answered: false, what: `not deployed: ${attempt.error?.message ?? 'no URL'}` };
    const { headers, note } = await options.auth();
    const live = `${url ?? 'no URL'}: GET ${profile.services.health_path} -> ${answer.what}; ${note}`;
    options.onDetail?.(`planted copy of ${copy.service_id}: ${live}`);
    const l2 = url && answer.answered
      ? await runLayer2({ services: [{ name: copy.service_id, baseUrl: url, healthPath: profile.services.health_path, openapi: path.join(copy.output_dir, 'contracts', 'openapi.yaml'), authHeaders: headers, pactFiles: [] }], seed: 4 })
      : undefined;
    const report = await runQualityGate({
      rootDir: root,
      services: [{ name: copy.service_id, dir: path.basename(copy.output_dir), ...(url ? { baseUrl: url } : {}), openapi: path.join(copy.output_dir, 'contracts', 'openapi.yaml'), pactFiles: [] }],
      builderResults: [copy],
      ...(l2 ? { integrationReport: l2.integrationReport } : {}),
      fixAttempts,
      config: { max_fix_retries: options.maxFixRetries, continue_after_blocking: true, layer4_enabled: false },
    });
    const files = await writeReports(report, reportDir);
    return { report, checks: [...(l2?.checks ?? []), ...report.checks], files, live, answered: answer.answered };
  } finally {
    await deployment.down();
  }
}

/** Inputs of {@link plantAndGateCopy}. */
export interface PlantCopyOptions extends CopyGateOptions {
  profile: Pick<StackProfile, 'services' | 'compose' | 'sample_app'>;
  /** The builders' results; one successful output is copied (see {@link plantSource}). */
  results: readonly BuilderResult[];
  /** Where the copy lives (`services/<service>` under it), its reports and `planted.json`; emptied first. */
  root: string;
  /** A service its builder already planted violations in itself, copied only when no other was built. */
  busy?: string | null;
  onInfo?: (line: string) => void;
}

/**
 * R4-M4-008 on any stack: copy one builder's output to
 * `<root>/services/<service>`, plant the seed's three violations in the
 * copy with {@link plantViolations}, gate the copy on its own
 * ({@link gateCopy}), and check each planted violation was reported under
 * its code. The copy's findings stay in its own reports under `root`: only
 * the detection checks (one per planted kind, `data.planted_by_run4`) are
 * returned. Writes `<root>/planted.json` for a later fix pass on the copy.
 *
 * @example
 * const { checks } = await plantAndGateCopy({ results, root: '.run4/planted', profile, deployOptions, maxFixRetries: 3, auth, signal });
 */
export async function plantAndGateCopy(options: PlantCopyOptions): Promise<{ checks: CheckRecord[]; data: Record<string, unknown> }> {
  const source = plantSource(options.profile, options.results, options.busy ?? null);
  const name = 'Run 4 planted the seed\'s violations in a copy of a built service and gated it';
  if (!source) return { checks: [check('m4.planted', name, 'FAIL', 'no builder succeeded: no output to copy and plant into', ['R4-M4-008'])], data: {} };
  const { root } = options;
  rmSync(root, { recursive: true, force: true });
  const copyDir = path.join(root, 'services', source.service_id);
  let manifest: PlantManifest;
  let gate: CopyGate;
  try {
    cpSync(source.output_dir, copyDir, { recursive: true, filter: (src) => path.basename(src) !== '.git' });
    manifest = await plantViolations(copyDir, { service: source.service_id });
    options.onInfo?.(`planted in a copy of ${source.service_id}: ${manifest.items.map((i) => `${i.code} ${i.planted ? `${i.file}:${i.line}` : 'not plantable'}`).join(', ')}`);
    gate = await gateCopy({ ...source, output_dir: copyDir }, root, 0, options);
  } catch (error) {
    if (options.signal.aborted) throw error;
    return { checks: [check('m4.planted', name, 'FAIL', `${source.service_id}: ${(error as Error).message}`, ['R4-M4-008'])], data: {} };
  }
  const checks = plantedDetectionChecks(manifest, gate.report, { live: gate.answered }).map((c) =>
    c.status === 'FAIL' && (c.data as { layer?: string }).layer === 'layer2' ? { ...c, evidence: `${c.evidence}; the copy live: ${gate.live}` } : c,
  );
  const record: PlantedCopyRecord = {
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
