import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TraceEntry } from './trace-schema.js';

/** A trace entry before the writer stamps it. */
export type TraceDraft = TraceEntry extends infer E ? (E extends TraceEntry ? Omit<E, 'seq' | 'start' | 'pid' | 'monoMs' | 'wallMs'> : never) : never;

/**
 * The machine-wide monotonic clock (CLOCK_MONOTONIC) in ms: comparable
 * between processes, unlike `performance.now()`.
 *
 * @example
 * const t0 = monotonicMs();
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * Appends trace entries to a JSONL file, one synchronous write per entry so
 * the trace is complete up to the last message even if the interposer is
 * killed. Without a file it only numbers entries (and `onEntry` still sees them).
 */
export class TraceWriter {
  private fd: number | undefined;
  private seq = 0;
  private readonly pid = process.pid;
  start = 1;

  constructor(
    file: string | undefined,
    private readonly onEntry?: (entry: TraceEntry) => void,
  ) {
    if (file) {
      mkdirSync(dirname(file), { recursive: true });
      this.fd = openSync(file, 'a');
    }
  }

  /** Stamp (seq, start, pid, clocks) and append one entry. */
  write(draft: TraceDraft): TraceEntry {
    const entry = { seq: ++this.seq, start: this.start, pid: this.pid, monoMs: monotonicMs(), wallMs: Date.now(), ...draft } as TraceEntry;
    if (this.fd !== undefined) writeSync(this.fd, JSON.stringify(entry) + '\n');
    this.onEntry?.(entry);
    return entry;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
