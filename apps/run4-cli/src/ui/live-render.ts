import pc from 'picocolors';
import type { LiveModel, LiveMilestone, LiveRow, ShownStatus } from './live-model.js';

/** How a frame is drawn: the clock, the terminal size, colours on or off. */
export interface RenderOptions {
  now: number;
  /** Terminal width; every line is cut to it (default 80). */
  columns?: number;
  /** Terminal height; the frame keeps to one line less (default 24). */
  rows?: number;
  color?: boolean;
  /** When the run started (ms since the epoch), for the header's elapsed time. */
  startedAt: number;
}

const LABEL: Record<ShownStatus, string> = { pending: 'pending', running: 'running', passed: 'passed', failed: 'FAILED', earlier: 'done', stopped: 'stopped' };
const MARK: Record<ShownStatus, string> = { pending: ' ', running: '>', passed: ' ', failed: '!', earlier: ' ', stopped: '!' };

/**
 * Elapsed time as mm:ss, or h:mm:ss from one hour on.
 *
 * @example
 * formatElapsed(83_000); // '01:23'
 */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm}:${ss}` : `${mm}:${ss}`;
}

/**
 * A cost in dollars, two decimals.
 *
 * @example
 * formatCost(0.5); // '$0.50'
 */
export function formatCost(cost: number): string {
  return `$${cost.toFixed(2)}`;
}

function fit(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text.padEnd(width);
}

/**
 * One frame of the live view, as lines: a header (elapsed, cost so far), a
 * row per milestone (status, elapsed, cost, current phase) and, under each
 * running (or interrupted) milestone, a row per builder or MCP server it
 * reported. Lines are cut to the terminal width; when the frame is taller
 * than the terminal, the builder / server rows are cut first ("… N more").
 *
 * @example
 * const lines = renderLiveFrame(model, { now: Date.now(), startedAt, columns: 100, rows: 30 });
 */
export function renderLiveFrame(model: LiveModel, options: RenderOptions): string[] {
  const columns = Math.max(20, options.columns ?? 80);
  const height = Math.max(3, (options.rows ?? 24) - 1);
  const c = pc.createColors(options.color ?? false);
  const paint = (status: ShownStatus, text: string): string =>
    status === 'passed' || status === 'earlier' ? c.green(text) : status === 'failed' ? c.red(text) : status === 'running' ? c.cyan(text) : status === 'stopped' ? c.yellow(text) : c.dim(text);
  const milestones = model.milestones;
  // rows under the milestones that run, or ran when the run was interrupted
  const rowsOf = new Map<number, LiveRow[]>(milestones.filter((m) => m.status === 'running' || m.status === 'stopped').map((m) => [m.n, model.rowsOf(m.n)]));
  const nameWidth = Math.min(40, Math.max(24, ...milestones.map((m) => m.title.length + 6), ...[...rowsOf.values()].flat().map((r) => r.name.length + 16)));
  const cost = model.totalCost();
  // the cost column only once something reported a cost
  const showCost = cost !== undefined;

  // every line is built from plain text first and cut to the width; then its status is painted
  const line = (mark: string, name: string, status: ShownStatus, elapsed: string, costText: string, note: string): string => {
    const head = `${mark} ${fit(name, nameWidth)} `;
    const label = LABEL[status];
    const full = `${head}${fit(label, 8)} ${fit(elapsed, 8)}${showCost ? ` ${fit(costText, 8)}` : ''}${note ? ` ${note}` : ''}`;
    const plain = (full.length > columns ? fit(full, columns) : full).trimEnd();
    const end = Math.min(plain.length, head.length + label.length);
    return end <= head.length ? plain : `${plain.slice(0, head.length)}${paint(status, plain.slice(head.length, end))}${plain.slice(end)}`;
  };

  const header = fit(`run4  elapsed ${formatElapsed(options.now - options.startedAt)}${cost !== undefined ? `  cost ${formatCost(cost)}` : ''}`, columns).trimEnd();
  const milestoneLine = (m: LiveMilestone): string => {
    const elapsed = m.status === 'running' ? formatElapsed(options.now - (m.startedAt ?? options.now)) : m.elapsedMs !== undefined ? formatElapsed(m.elapsedMs) : '';
    const note = m.status === 'running' ? (m.phase ?? '') : '';
    return line(MARK[m.status], `M${m.n}  ${m.title}`, m.status, elapsed, m.cost !== undefined ? formatCost(m.cost) : '', note);
  };
  const rowLine = (r: LiveRow): string => {
    const elapsed = r.elapsedMs !== undefined ? r.elapsedMs : r.status === 'running' ? options.now - r.since : undefined;
    return line(MARK[r.status], `      ${r.kind.padEnd(8)}${r.name}`, r.status, elapsed !== undefined ? formatElapsed(elapsed) : '', r.cost !== undefined ? formatCost(r.cost) : '', r.detail ?? '');
  };

  // the rows fit in what the header and milestone lines leave; the rest is counted
  let budget = height - 1 - milestones.length;
  const out = [header];
  for (const m of milestones) {
    out.push(milestoneLine(m));
    const rows = rowsOf.get(m.n) ?? [];
    if (rows.length === 0) continue;
    const shown = rows.length <= budget ? rows.length : Math.max(0, budget - 1);
    for (const r of rows.slice(0, shown)) out.push(rowLine(r));
    budget -= shown;
    if (shown < rows.length && budget > 0) {
      out.push(fit(`        … ${rows.length - shown} more`, columns).trimEnd());
      budget -= 1;
    }
  }
  return out;
}
