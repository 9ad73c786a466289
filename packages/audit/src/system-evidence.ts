import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { check, type CheckRecord } from '@run4/checks';
import { artifactPresence, type SystemReport } from '@run4/scoring';

/** Directories a code-quality scan leaves out: tests, benchmarks, fixtures and build output are not the shipped code. */
export const NOT_SHIPPED = ['**/test/**', '**/tests/**', '**/bench/**', '**/fixtures/**', '**/dist/**', '**/data/**', '**/examples/**', '**/node_modules/**', '**/__pycache__/**'];

/** Density at which the rubric's code-quality category (15 − 1.5 × violations/KLOC, seed 001 section 6.1) earns nothing. */
export const ZERO_POINTS_DENSITY = 10;

/** What a code-quality scan of one directory reports, as far as the evidence reads it (a Layer 3 scan's result fits). */
export interface QualityScanResult {
  violations: readonly { code: string; severity: string }[];
  stats: { linesScanned: number };
}

/** Scans one directory's code, leaving out the `exclude` globs (e.g. quality-gate's `scanLayer3`). */
export type QualityScanner = (dir: string, options: { exclude: string[] }) => Promise<QualityScanResult>;

/** The three systems a run scores. */
export type SystemId = 'build1' | 'build2' | 'build3';

/** Where each system's code and documentation are, and how to scan it. */
export interface SystemEvidenceOptions {
  /** Build 1's project root (config `build1_project_root`). */
  build1Root: string;
  /** The stack's `.mcp.json` (config `mcp_config_path`), one of Build 1's artifacts. */
  mcpConfigPath: string;
  /** Build 1's compose tier file (stack profile `compose.tiers.build1`), when it has one. */
  build1Tier?: string | undefined;
  /** The folder holding one sub-folder per service Build 2 generated (see {@link builderOutputsRoot}). */
  build2Root: string;
  /** Build 3's project root (stack profile `build3.project_root`); none when the stack has no Build 3. */
  build3Root?: string | undefined;
  /** The code-quality scanner (injected: audit does not run scanners of its own). */
  scan: QualityScanner;
  /** Prefix of the check ids: `<prefix>.quality.<system>` and `<prefix>.docs.<system>`. */
  idPrefix: string;
}

/** Violations per KLOC of one system's shipped code, from a real scan. */
async function qualityScan(dirs: string[], scan: QualityScanner): Promise<{ count: number; errors: number; loc: number; codes: string[] }> {
  let count = 0;
  let errors = 0;
  let loc = 0;
  const codes = new Set<string>();
  for (const dir of dirs.filter((d) => existsSync(d))) {
    const r = await scan(dir, { exclude: NOT_SHIPPED });
    count += r.violations.length;
    errors += r.violations.filter((v) => v.severity === 'error').length;
    loc += r.stats.linesScanned;
    for (const v of r.violations) codes.add(v.code);
  }
  return { count, errors, loc, codes: [...codes].sort() };
}

/**
 * Where the builders wrote: the common parent of the output dirs a
 * builder-results file lists (a Build 3's builder folder), else `fallback`
 * (the folder the verifier ran the builders in, which may not exist).
 *
 * @example
 * builderOutputsRoot('/run/builds/builder_results.json', '/run/builder_outputs'); // '/work/b3/out/builders'
 */
export function builderOutputsRoot(resultsFile: string, fallback: string): string {
  try {
    const dirs = ((JSON.parse(readFileSync(resultsFile, 'utf8')) as { results?: { output_dir?: string }[] }).results ?? []).map((r) => path.dirname(String(r.output_dir ?? '')));
    if (dirs.length && dirs.every((d) => d === dirs[0])) return dirs[0]!;
  } catch {
    // no builder results: the fallback folder
  }
  return fallback;
}

/** Documentation artifacts each system is expected to ship (seed 001 section 6.1, "artifacts present"). */
function requiredArtifacts(o: SystemEvidenceOptions): Record<SystemId, [string, string[]]> {
  const outputs = o.build2Root;
  // One folder per service a builder was run for (hidden folders are not services: e.g. a builder's stray cache).
  const services = existsSync(outputs) ? readdirSync(outputs, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name) : [];
  const generated = services.flatMap((s) => [`${s}/Dockerfile`, `${s}/contracts/openapi.yaml`, `${s}/.agent-team/STATE.json`]);
  const b1 = o.build1Root;
  const build1Tier = o.build1Tier;
  return {
    // What any Build 1 ships: a README, its .mcp.json and its compose tier (wherever the stack keeps them).
    build1: [b1, ['README.md', path.relative(b1, o.mcpConfigPath), ...(build1Tier ? [path.relative(b1, build1Tier)] : [])]],
    build2: [outputs, generated],
    build3: o.build3Root ? [o.build3Root, ['README.md']] : ['', []],
  };
}

/**
 * Evidence for the per-system categories that no other check carries:
 * code quality (a scan of each system's shipped code: Build 1's project,
 * Build 2's generated services, Build 3's project, each where the stack
 * profile locates it; the verifier's own code is never scored as a build)
 * and documentation (required artifacts present). Returned both as the
 * SystemReports scoring reads and as check records for the audit: quality
 * FAILs at {@link ZERO_POINTS_DENSITY} violations/KLOC or more, WARNs on any
 * violation, SKIPs with no code; docs WARN on a missing artifact.
 *
 * @example
 * const { systems, checks } = await systemEvidence({ build1Root, mcpConfigPath, build2Root, build3Root, scan: scanLayer3, idPrefix: 'audit' });
 */
export async function systemEvidence(o: SystemEvidenceOptions): Promise<{ systems: Record<SystemId, SystemReport>; checks: CheckRecord[] }> {
  const dirs: Record<SystemId, string[]> = {
    build1: [o.build1Root],
    build2: [o.build2Root],
    build3: o.build3Root ? [o.build3Root] : [],
  };
  const artifacts = requiredArtifacts(o);
  const systems = {} as Record<SystemId, SystemReport>;
  const checks: CheckRecord[] = [];
  for (const id of ['build1', 'build2', 'build3'] as const) {
    const q = await qualityScan(dirs[id], o.scan);
    const [root, required] = artifacts[id];
    const docs = required.length ? await artifactPresence(root, required) : undefined;
    systems[id] = { ...(q.loc > 0 ? { violations: { count: q.count, loc: q.loc } } : {}), ...(docs ? { artifacts: docs } : {}) };
    const density = q.loc > 0 ? (q.count * 1000) / q.loc : 0;
    const status = q.loc === 0 ? 'SKIP' : density >= ZERO_POINTS_DENSITY ? 'FAIL' : q.count > 0 ? 'WARN' : 'PASS';
    const evidence = q.loc === 0 ? (dirs[id].length ? `no code found under ${dirs[id].join(', ')}` : `the stack profile names no ${id} (${id}.project_root)`) : `${q.count} violations (${q.errors} errors) in ${q.loc} lines (${density.toFixed(2)}/KLOC)${q.codes.length ? `: ${q.codes.join(', ')}` : ''}`;
    checks.push(check(`${o.idPrefix}.quality.${id}`, `${id} code quality scan (Layer 3): violation density below ${ZERO_POINTS_DENSITY}/KLOC`, status, evidence, ['R4-M6-001'], 0, { ...q }));
    if (docs) {
      const missing = docs.required.filter((r) => !docs.present.includes(r));
      checks.push(check(`${o.idPrefix}.docs.${id}`, `${id} documentation artifacts present`, missing.length ? 'WARN' : 'PASS', missing.length ? `missing ${missing.join(', ')}` : `${docs.present.length} required artifacts present`, ['R4-M6-001']));
    }
  }
  return { systems, checks };
}
