import type { PipelineState } from '../state/pipeline-state.js';
import { PIPELINE_STATES } from '../state-machine/states.js';

function elapsed(from: string, to: string): string {
  const ms = Math.max(0, Date.parse(to) - Date.parse(from));
  const s = Math.round(ms / 1000);
  return s >= 3600 ? `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m` : s >= 60 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${s}s`;
}

function row(cells: string[], widths: number[]): string {
  return `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
}

/**
 * The `status` table of seed 004 sections 9.2/9.3: current state, completed
 * phases, builder statuses, quality results, cost against budget, elapsed time.
 *
 * @example
 * process.stdout.write(formatStatus(state));
 */
export function formatStatus(state: PipelineState): string {
  const lines: string[] = [];
  const budget = state.budget_limit === null ? '' : ` / $${state.budget_limit.toFixed(2)}`;
  lines.push(`Super Orchestrator Pipeline ${state.pipeline_id}`);
  lines.push(`State: ${state.current_state}${state.interrupted ? ` (interrupted: ${state.interrupt_reason})` : ''}   Cost: $${state.total_cost.toFixed(2)}${budget}   Elapsed: ${elapsed(state.started_at, state.updated_at)}`);
  const done = PIPELINE_STATES.filter((s) => state.completed_phases.includes(s)).length;
  lines.push(`Phase: ${state.current_state} (${done} phases done)   Resume trigger: ${state.resume_trigger || '-'}`);
  if (state.failure_reason) lines.push(`Failure: ${state.failure_reason}`);
  const widths = [24, 9, 10];
  lines.push(row(['Phase', 'Status', 'Cost'], widths));
  for (const phase of PIPELINE_STATES.filter((s) => s !== 'init' && s !== 'complete' && s !== 'failed')) {
    const status = state.completed_phases.includes(phase) ? 'DONE' : state.current_state === phase ? (state.interrupted ? 'STOPPED' : 'RUNNING') : 'PENDING';
    lines.push(row([phase, status, `$${(state.phase_costs[phase] ?? 0).toFixed(2)}`], widths));
    if (phase === 'builders_running') {
      for (const [service, s] of Object.entries(state.builder_statuses)) lines.push(row([`  ${service}`, `  ${s.toUpperCase()}`, `  $${(state.builder_costs[service] ?? 0).toFixed(2)}`], widths));
    }
  }
  if (Object.keys(state.last_quality_results).length > 0) {
    lines.push(`Quality gate (attempt ${state.quality_attempts}/${state.max_quality_retries} fix passes): ${Object.entries(state.last_quality_results).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
