import type { CheckRecord } from '@run4/checks';
import type { BuilderProgressEvent } from '@run4/builder-runner';
import type { PlannedMilestone, ProgressRow } from './live-model.js';
import type { LiveView } from './live-view.js';

export type { PlannedMilestone, ProgressRow } from './live-model.js';

const ICON: Record<CheckRecord['status'], string> = { PASS: 'ok  ', FAIL: 'FAIL', WARN: 'warn', SKIP: 'skip' };

/**
 * Live progress on stderr: milestone, phase, per-item status and elapsed
 * time. Quiet mode prints only failures and milestone lines.
 *
 * With a {@link LiveView} (a terminal, see `liveViewFor`), while the view is
 * open the milestone and phase lines become its table and the other lines
 * stay above it, unchanged; `row` feeds its builder / MCP server rows.
 * Without one, every line is printed as it comes and `row` prints nothing.
 *
 * @example
 * const p = new Progress({ verbose: true }); p.milestone(2, 'MCP wiring');
 */
export class Progress {
  private readonly started = Date.now();
  readonly verbose: boolean;
  private readonly write: (line: string) => void;
  private readonly live: LiveView | undefined;

  constructor(options: { verbose?: boolean; write?: (line: string) => void; live?: LiveView } = {}) {
    this.verbose = options.verbose ?? false;
    this.write = options.write ?? ((line) => process.stderr.write(line + '\n'));
    this.live = options.live;
  }

  private stamp(): string {
    const s = Math.floor((Date.now() - this.started) / 1000);
    return `[${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}]`;
  }

  /** A line that stays: above the live view while it is open, else printed. */
  private emit(line: string): void {
    if (this.live?.active) this.live.log(line);
    else this.write(line);
  }

  /** A line the live view shows as its table instead, when it is open. */
  private tableLine(line: string): void {
    if (this.live?.active) this.live.redraw();
    else this.write(line);
  }

  /**
   * Show these milestones in the live view (done / current / pending) until
   * the returned function is called; nested calls share the view. Prints
   * nothing without a live view.
   */
  open(plan: readonly PlannedMilestone[]): () => void {
    if (!this.live) return () => {};
    this.live.model.plan(plan);
    return this.live.open();
  }

  milestone(n: number, title: string): void {
    this.live?.model.start(n, title, Date.now());
    this.tableLine(`${this.stamp()} M${n} ${title}`);
  }

  phase(n: number, phase: string): void {
    this.live?.model.phase(n, phase);
    this.tableLine(`${this.stamp()} M${n} · ${phase}`);
  }

  info(message: string): void {
    this.emit(`${this.stamp()}   ${message}`);
  }

  detail(message: string): void {
    if (this.verbose) this.emit(`${this.stamp()}   ${message}`);
  }

  check(record: CheckRecord): void {
    if (this.verbose || record.status === 'FAIL') {
      this.emit(`${this.stamp()}   ${ICON[record.status]} ${record.id} — ${record.evidence.split('\n')[0]!.slice(0, 160)}`);
    }
  }

  /** A builder or MCP server changed status: a row of the live view (no plain line). */
  row(row: ProgressRow): void {
    if (!this.live) return;
    this.live.model.row(row, Date.now());
    this.live.redraw();
  }

  /** The run was interrupted: the live view shows what was running as stopped (no plain line). */
  interrupted(): void {
    if (!this.live) return;
    this.live.model.interrupt(Date.now());
    this.live.redraw();
  }

  /** Milestone `n` ended; `cost` (dollars) shows in the live view. */
  done(n: number, status: 'PASS' | 'FAIL', message: string, cost?: number): void {
    this.live?.model.finish(n, status, Date.now(), cost);
    this.emit(`${this.stamp()} M${n} ${status === 'PASS' ? 'passed' : 'FAILED'}: ${message}`);
  }
}

/**
 * The row of a builder-runner progress event: running when it starts,
 * passed / failed with its duration, tests and cost when it ends.
 *
 * @example
 * onProgress: (e) => progress.row(builderRow(3, e));
 */
export function builderRow(milestone: number, event: BuilderProgressEvent): ProgressRow {
  if (event.type === 'started') return { milestone, kind: 'builder', name: event.service_id, status: 'running' };
  const r = event.result;
  return {
    milestone,
    kind: 'builder',
    name: event.service_id,
    status: r.success ? 'passed' : 'failed',
    elapsedMs: r.duration_ms,
    cost: r.cost,
    detail: `tests ${r.test_passed}/${r.test_total}${r.success ? '' : `, ${r.error}`}`,
  };
}
