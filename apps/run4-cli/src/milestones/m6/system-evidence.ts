import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { check, type CheckRecord } from '@run4/checks';
import { scanLayer3 } from '@run4/quality-gate';
import { artifactPresence, type SystemReport } from '@run4/scoring';
import type { MilestoneContext } from '../types.js';

/** Directories a code-quality scan leaves out: tests, benchmarks, fixtures and build output are not the shipped code. */
const NOT_SHIPPED = ['**/test/**', '**/tests/**', '**/bench/**', '**/fixtures/**', '**/dist/**', '**/data/**', '**/examples/**', '**/node_modules/**', '**/__pycache__/**'];

/** Density at which the rubric's code-quality category (15 − 1.5 × violations/KLOC, seed 001 section 6.1) earns nothing. */
const ZERO_POINTS_DENSITY = 10;

/** Violations per KLOC of one system's shipped code, from a real Layer 3 scan. */
async function qualityScan(dirs: string[]): Promise<{ count: number; errors: number; loc: number; codes: string[] }> {
  let count = 0;
  let errors = 0;
  let loc = 0;
  const codes = new Set<string>();
  for (const dir of dirs.filter((d) => existsSync(d))) {
    const r = await scanLayer3(dir, { exclude: NOT_SHIPPED });
    count += r.violations.length;
    errors += r.violations.filter((v) => v.severity === 'error').length;
    loc += r.stats.linesScanned;
    for (const v of r.violations) codes.add(v.code);
  }
  return { count, errors, loc, codes: [...codes].sort() };
}

/** Where M4's builders wrote: the common parent of builder_results.json's output dirs (a Build 3's builder folder), else Run 4's own. */
function builderOutputsRoot(outputDir: string): string {
  const file = path.join(outputDir, 'm4', 'builder_results.json');
  try {
    const dirs = ((JSON.parse(readFileSync(file, 'utf8')) as { results?: { output_dir?: string }[] }).results ?? []).map((r) => path.dirname(String(r.output_dir ?? '')));
    if (dirs.length && dirs.every((d) => d === dirs[0])) return dirs[0]!;
  } catch {
    // no builder results: Run 4's own folder (which may not exist either)
  }
  return path.join(outputDir, 'm4_builder_outputs');
}

/** Documentation artifacts each system is expected to ship (seed 001 section 6.1, "artifacts present"). */
function requiredArtifacts(ctx: MilestoneContext): { build1: [string, string[]]; build2: [string, string[]]; build3: [string, string[]] } {
  const { config, outputDir, profile } = ctx;
  const outputs = builderOutputsRoot(outputDir);
  // One folder per service a builder was run for (hidden folders are not services: e.g. a builder's stray cache).
  const services = existsSync(outputs) ? readdirSync(outputs, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name) : [];
  const generated = services.flatMap((s) => [`${s}/Dockerfile`, `${s}/contracts/openapi.yaml`, `${s}/.agent-team/STATE.json`]);
  const b1 = config.build1_project_root;
  const build1Tier = profile.compose.tiers.build1;
  return {
    // What any Build 1 ships: a README, its .mcp.json and its compose tier (wherever the stack keeps them).
    build1: [b1, ['README.md', path.relative(b1, config.mcp_config_path), ...(build1Tier ? [path.relative(b1, build1Tier)] : [])]],
    build2: [outputs, generated],
    build3: profile.build3 ? [profile.build3.project_root, ['README.md']] : ['', []],
  };
}

/**
 * Evidence for the per-system categories that no milestone check carries:
 * code quality (a Layer 3 scan of each system's shipped code: Build 1's
 * services, Build 2's generated services, Build 3 = Run 4's own packages)
 * and documentation (required artifacts present). Returned both as the
 * SystemReports scoring reads and as check records for the audit.
 *
 * @example
 * const { systems, checks } = await systemEvidence(ctx);
 */
export async function systemEvidence(ctx: MilestoneContext): Promise<{ systems: Record<'build1' | 'build2' | 'build3', SystemReport>; checks: CheckRecord[] }> {
  const { config, outputDir, profile } = ctx;
  // Each build's own code, as the stack profile locates it; Run 4's code is never scored as a build.
  const dirs = {
    build1: [config.build1_project_root],
    build2: [builderOutputsRoot(outputDir)],
    build3: profile.build3 ? [profile.build3.project_root] : [],
  };
  const artifacts = requiredArtifacts(ctx);
  const systems = {} as Record<'build1' | 'build2' | 'build3', SystemReport>;
  const checks: CheckRecord[] = [];
  for (const id of ['build1', 'build2', 'build3'] as const) {
    const q = await qualityScan(dirs[id]);
    const [root, required] = artifacts[id];
    const docs = required.length ? await artifactPresence(root, required) : undefined;
    systems[id] = { ...(q.loc > 0 ? { violations: { count: q.count, loc: q.loc } } : {}), ...(docs ? { artifacts: docs } : {}) };
    checks.push(
      check(`m6.quality.${id}`, `${id} code quality scan (Layer 3): violation density below ${ZERO_POINTS_DENSITY}/KLOC`, q.loc === 0 ? 'SKIP' : (q.count * 1000) / q.loc >= ZERO_POINTS_DENSITY ? 'FAIL' : q.count > 0 ? 'WARN' : 'PASS', q.loc === 0 ? (dirs[id].length ? `no code found under ${dirs[id].join(', ')}` : `the stack profile names no ${id} (${id}.project_root)`) : `${q.count} violations (${q.errors} errors) in ${q.loc} lines (${((q.count * 1000) / q.loc).toFixed(2)}/KLOC)${q.codes.length ? `: ${q.codes.join(', ')}` : ''}`, ['R4-M6-001'], 0, { ...q }),
    );
    if (docs) {
      const missing = docs.required.filter((r) => !docs.present.includes(r));
      checks.push(check(`m6.docs.${id}`, `${id} documentation artifacts present`, missing.length ? 'WARN' : 'PASS', missing.length ? `missing ${missing.join(', ')}` : `${docs.present.length} required artifacts present`, ['R4-M6-001']));
    }
  }
  return { systems, checks };
}
