import { createLogUpdate } from 'log-update';
import { LiveModel } from './live-model.js';
import { renderLiveFrame } from './live-render.js';

/** The terminal the view draws on: process.stderr, or a fake one in tests. */
export interface LiveStream {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
  rows?: number;
}

/** Options of {@link LiveView}. */
export interface LiveViewOptions {
  /** Redraw period for the elapsed times, ms (default 1000). */
  refreshMs?: number;
  /** Colours (default: on unless NO_COLOR is set). */
  color?: boolean;
  /** The clock (tests pass a fake one). */
  now?: () => number;
  /** Hide the cursor while the view is drawn (default true; restored when it closes and on exit). */
  hideCursor?: boolean;
}

/**
 * The live terminal view of a run: a block redrawn in place (log-update)
 * under the lines that stay (milestone outcomes, failed checks, notes).
 * `open` starts it, `close` leaves its last frame on the screen; nested
 * opens share one view, which closes with the outermost.
 *
 * @example
 * const view = new LiveView(process.stderr);
 * const close = view.open();
 * view.model.start(1, 'fixtures', Date.now()); view.redraw();
 * view.log('M1 passed: 12/12 checks');
 * close();
 */
export class LiveView {
  readonly model = new LiveModel();
  private readonly update: ReturnType<typeof createLogUpdate>;
  private readonly now: () => number;
  private readonly startedAt: number;
  private opened = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly color: boolean;
  private readonly refreshMs: number;

  constructor(
    private readonly stream: LiveStream,
    options: LiveViewOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    this.color = options.color ?? !process.env.NO_COLOR;
    this.refreshMs = options.refreshMs ?? 1000;
    this.update = createLogUpdate(stream as NodeJS.WriteStream, { showCursor: !(options.hideCursor ?? true) });
  }

  /** Whether the block is on the screen (between the first open and the last close). */
  get active(): boolean {
    return this.opened > 0;
  }

  /** Start drawing (or join the view already drawn); returns the matching close. */
  open(): () => void {
    this.opened += 1;
    if (this.opened === 1) {
      this.timer = setInterval(() => this.redraw(), this.refreshMs);
      this.timer.unref();
    }
    this.redraw();
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      this.opened -= 1;
      if (this.opened === 0) this.finish();
    };
  }

  /** Draw the current frame in place of the previous one. */
  redraw(): void {
    if (!this.active) return;
    this.update(this.frame().join('\n'));
  }

  /** Print a line that stays, above the block. */
  log(line: string): void {
    if (!this.active) {
      this.stream.write(`${line}\n`);
      return;
    }
    this.update.persist(line);
    this.redraw();
  }

  /** The current frame's lines. */
  frame(): string[] {
    return renderLiveFrame(this.model, { now: this.now(), startedAt: this.startedAt, columns: this.stream.columns, rows: this.stream.rows, color: this.color });
  }

  private finish(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // the last frame stays on the screen; what is written next goes below it
    this.update(this.frame().join('\n'));
    this.update.done();
  }
}
