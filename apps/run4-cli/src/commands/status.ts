import { loadConfig } from '../config/index.js';
import { MILESTONE_TITLES } from '../milestones/titles.js';
import { checkOutputDir, StateCorruptError, StateStore, type Run4State } from '../state/index.js';
import type { GlobalOptions } from './context.js';

/**
 * `run4 status`: the state as a table (or JSON). Reads only: a missing
 * output dir is "no run yet" (exit 0); an output dir that is a file, a
 * corrupt state or one from a newer Run 4 is one line and exit 2 (the
 * corrupt file is copied once, not on every call).
 *
 * @example
 * process.exitCode = statusCommand({ outputDir: '.run4' }, { json: true });
 */
export function statusCommand(global: GlobalOptions, opts: { json?: boolean }): number {
  const { config } = loadConfig({ configPath: global.config, outputDir: global.outputDir });
  const exists = checkOutputDir(config.output_dir, '--output-dir');
  const store = new StateStore(config.output_dir);
  const state = exists ? store.load() : null;
  if (store.lastCorruption) throw new StateCorruptError(store.file, store.lastCorruption);
  if (!state) {
    process.stdout.write(opts.json ? 'null\n' : `no run yet in ${config.output_dir} (start one with "run4 run")\n`);
    return 0;
  }
  process.stdout.write(opts.json ? JSON.stringify(state, null, 2) + '\n' : renderStatus(state) + '\n');
  return 0;
}

/**
 * A readable table of RUN4_STATE.json for `run4 status`.
 *
 * @example
 * console.log(renderStatus(store.load()!));
 */
export function renderStatus(state: Run4State): string {
  const lines: string[] = [];
  lines.push(`run ${state.run_id}`);
  lines.push(`started ${state.started_at || '-'}   updated ${state.updated_at || '-'}${state.interrupted ? '   (interrupted)' : ''}`);
  lines.push(`current M${state.current_milestone} · ${state.current_phase}`);
  lines.push('');
  lines.push('milestone                                   status   pass  fail  warn  skip  time');
  for (let n = 1; n <= 6; n++) {
    const a = state.milestone_artifacts[`m${n}`] as
      | { status?: string; passed?: number; failed?: number; warned?: number; skipped?: number; duration_ms?: number }
      | undefined;
    const title = `M${n} ${MILESTONE_TITLES[n]}`.padEnd(43);
    if (!a) {
      lines.push(`${title} ${state.current_milestone === n && !state.completed_milestones.includes(n) ? 'running' : '-'}`);
      continue;
    }
    const num = (v: number | undefined) => String(v ?? 0).padStart(4);
    lines.push(`${title} ${String(a.status ?? '?').padEnd(7)}${num(a.passed)}  ${num(a.failed)}  ${num(a.warned)}  ${num(a.skipped)}  ${((a.duration_ms ?? 0) / 1000).toFixed(1)}s`);
  }
  lines.push('');
  const flags: [string, boolean][] = [
    ['b1_b2_wiring_passed', state.b1_b2_wiring_passed],
    ['b2_b3_wiring_passed', state.b2_b3_wiring_passed],
    ['pipeline_completed', state.pipeline_completed],
  ];
  lines.push(flags.map(([k, v]) => `${k}=${v}`).join('  '));
  if (state.services_deployed.length) lines.push(`services deployed ${state.services_deployed.length}, healthy ${state.services_healthy.length}`);
  if (state.aggregate_score || Object.keys(state.per_system_scores).length) {
    const sys = Object.entries(state.per_system_scores).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
    lines.push(`scores: ${sys}; integration ${state.integration_score.toFixed(1)}; aggregate ${state.aggregate_score.toFixed(1)}`);
  }
  if (state.audit_report_path) lines.push(`audit report: ${state.audit_report_path}`);
  return lines.join('\n');
}

/**
 * The final score table of a run (after M6), or '' before scores exist.
 *
 * @example
 * process.stdout.write(renderScoreTable(state));
 */
export function renderScoreTable(state: Run4State): string {
  const scores = state.milestone_artifacts.scores as
    | { aggregate?: number | null; aggregate_light?: string; integration?: number | null; verdict?: string; systems?: Record<string, { score: number | null; light: string }> }
    | undefined;
  if (!scores) return '';
  const fmt = (v: number | null | undefined) => (v === null || v === undefined ? 'UNTESTED' : v.toFixed(1));
  const rows: [string, string, string][] = [
    ...Object.entries(scores.systems ?? {}).map(([k, v]) => [k, fmt(v.score), v.light] as [string, string, string]),
    ['integration', fmt(scores.integration), ''],
    ['aggregate', fmt(scores.aggregate), scores.aggregate_light ?? ''],
  ];
  return ['', 'system        score     light', ...rows.map(([a, b, c]) => `${a.padEnd(13)} ${b.padStart(8)}  ${c}`), `verdict: ${scores.verdict ?? '?'}`, ''].join('\n');
}
