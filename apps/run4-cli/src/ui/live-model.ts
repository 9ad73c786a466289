/** What a row of the live view stands for: a builder process or an MCP server under test. */
export type RowKind = 'builder' | 'server';

/** Where a milestone, builder or server is: not started, going, or ended one way or the other. */
export type LiveStatus = 'pending' | 'running' | 'passed' | 'failed';

/**
 * One builder or MCP server as a milestone reports it (`progress.row`).
 * `elapsedMs` and `cost` are what the milestone measured once the item
 * ended; while it runs, the view counts the time since it was first seen
 * running.
 */
export interface ProgressRow {
  /** The milestone that runs it (M2 and M3 run at the same time). */
  milestone: number;
  kind: RowKind;
  name: string;
  status: LiveStatus;
  /** A word or two after the status, e.g. "healthy", "tests 4/4". */
  detail?: string;
  elapsedMs?: number;
  /** In dollars (builder `total_cost`). */
  cost?: number;
}

/** What the view shows: a {@link LiveStatus}, or `earlier` (completed by an earlier run, resume), or `stopped` (running when the run was interrupted). */
export type ShownStatus = LiveStatus | 'earlier' | 'stopped';

/** A milestone as the live view shows it. */
export interface LiveMilestone {
  n: number;
  title: string;
  status: ShownStatus;
  phase?: string;
  startedAt?: number;
  elapsedMs?: number;
  cost?: number;
}

/** A row with the time it was first seen running, for its elapsed time. */
export interface LiveRow extends Omit<ProgressRow, 'status'> {
  status: LiveStatus | 'stopped';
  since: number;
}

/** A milestone to show before it starts (`progress.open`). */
export interface PlannedMilestone {
  n: number;
  title: string;
  /** Completed by an earlier run (resume skips it). */
  earlier?: boolean;
}

/**
 * The state behind the live view: the planned milestones with their status,
 * phase, elapsed time and cost, and the builder / MCP server rows each one
 * reported. Pure bookkeeping (the clock is passed in), so it is tested
 * without a terminal.
 *
 * @example
 * const m = new LiveModel();
 * m.plan([{ n: 1, title: 'fixtures' }]);
 * m.start(1, 'fixtures', Date.now());
 * m.row({ milestone: 1, kind: 'server', name: 'architect', status: 'running' }, Date.now());
 */
export class LiveModel {
  private readonly milestoneMap = new Map<number, LiveMilestone>();
  private readonly rowMap = new Map<string, LiveRow>();

  /** Add milestones not shown yet (a milestone already known keeps its state). */
  plan(entries: readonly PlannedMilestone[]): void {
    for (const e of entries) {
      if (!this.milestoneMap.has(e.n)) this.milestoneMap.set(e.n, { n: e.n, title: e.title, status: e.earlier ? 'earlier' : 'pending' });
    }
  }

  start(n: number, title: string, now: number): void {
    const m = this.milestoneMap.get(n) ?? { n, title, status: 'pending' };
    this.milestoneMap.set(n, { n, title: title || m.title, status: 'running', startedAt: now });
    // a milestone run again (resume) starts with no rows
    for (const [key, row] of this.rowMap) if (row.milestone === n) this.rowMap.delete(key);
  }

  phase(n: number, phase: string): void {
    const m = this.milestoneMap.get(n);
    if (m) m.phase = phase;
  }

  finish(n: number, status: 'PASS' | 'FAIL', now: number, cost?: number): void {
    const m = this.milestoneMap.get(n);
    if (!m) return;
    // A milestone that ends after Ctrl+C stopped it (its aborted work reported as failures) stays shown as stopped.
    if (m.status === 'stopped') {
      if (cost !== undefined) m.cost = cost;
      return;
    }
    m.status = status === 'PASS' ? 'passed' : 'failed';
    m.elapsedMs = now - (m.startedAt ?? now);
    if (cost !== undefined) m.cost = cost;
  }

  /** The run was interrupted (Ctrl+C): what was running is shown stopped, with the time it ran. */
  interrupt(now: number): void {
    for (const m of this.milestoneMap.values()) {
      if (m.status !== 'running') continue;
      m.status = 'stopped';
      m.elapsedMs = now - (m.startedAt ?? now);
      for (const r of this.rowsOf(m.n)) {
        if (r.status === 'running') Object.assign(r, { status: 'stopped', elapsedMs: now - r.since });
      }
    }
  }

  row(row: ProgressRow, now: number): void {
    const key = `${row.milestone}\u0000${row.kind}\u0000${row.name}`;
    const previous = this.rowMap.get(key);
    // a builder started again (M3 runs each one several times) counts from its new start
    const since = previous && !(row.status === 'running' && previous.status !== 'running') ? previous.since : now;
    // an item that ended without saying how long it took: the time since it was seen starting
    const ended = row.status === 'passed' || row.status === 'failed';
    const elapsedMs = row.elapsedMs ?? (ended && previous?.status === 'running' ? now - previous.since : previous?.elapsedMs);
    this.rowMap.set(key, { ...row, since, ...(elapsedMs !== undefined && row.status !== 'running' ? { elapsedMs } : {}) });
  }

  /** The milestones in order (M1 first). */
  get milestones(): LiveMilestone[] {
    return [...this.milestoneMap.values()].sort((a, b) => a.n - b.n);
  }

  /** The rows of milestone `n`, in the order they first appeared. */
  rowsOf(n: number): LiveRow[] {
    return [...this.rowMap.values()].filter((r) => r.milestone === n);
  }

  /** Whether any milestone is running. */
  get running(): boolean {
    return this.milestones.some((m) => m.status === 'running');
  }

  /** Cost so far: ended milestones' totals plus what the rows of running (or interrupted) ones reported. */
  totalCost(): number | undefined {
    let total: number | undefined;
    for (const m of this.milestones) {
      const part = m.status === 'running' || m.status === 'stopped' ? this.rowsOf(m.n).reduce<number | undefined>((s, r) => (r.cost === undefined ? s : (s ?? 0) + r.cost), undefined) : m.cost;
      if (part !== undefined) total = (total ?? 0) + part;
    }
    return total;
  }
}
