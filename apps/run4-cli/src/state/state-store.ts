import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { Run4Error } from '@run4/checks';
import { newState, Run4StateSchema, type Run4State } from './state-schema.js';

export const STATE_FILE = 'RUN4_STATE.json';

/** What `load` found when the file was unreadable or invalid. */
export interface CorruptStateNotice {
  corruptCopy: string;
  reason: string;
}

export class StateLockError extends Run4Error {
  readonly file: string;
  constructor(file: string, cause: unknown) {
    super(`could not lock ${file} for update: ${(cause as Error)?.message ?? String(cause)} (fix: make sure no other run4 process is stuck; remove ${file}.lock if none is running)`, {
      code: 'STATE_LOCKED',
      exitCode: 2,
      cause,
    });
    this.file = file;
  }
}

const LOCK_OPTIONS = { realpath: false, stale: 15_000, retries: { retries: 200, factor: 1.2, minTimeout: 5, maxTimeout: 100 } } as const;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * RUN4_STATE.json persistence (seed 001 sections 7.1-7.4): atomic saves
 * (write `.tmp`, then rename), read-modify-write under a file lock so two
 * processes (M2 ∥ M3) updating different fields lose nothing, and a corrupt
 * file kept as `.corrupt` instead of being overwritten silently.
 *
 * @example
 * const store = new StateStore('.run4');
 * await store.update((s) => { s.b1_b2_wiring_passed = true; });
 */
export class StateStore {
  readonly dir: string;
  readonly file: string;
  /** Set when the last load found a corrupt file. */
  lastCorruption: CorruptStateNotice | null = null;
  private readonly onCorrupt: (notice: CorruptStateNotice) => void;

  constructor(dir: string, options: { onCorrupt?: (notice: CorruptStateNotice) => void } = {}) {
    this.dir = path.resolve(dir);
    this.file = path.join(this.dir, STATE_FILE);
    this.onCorrupt = options.onCorrupt ?? (() => undefined);
  }

  /**
   * Read the state. Missing file → null. Corrupt or invalid file → a
   * `.corrupt` copy is kept, `onCorrupt` is told, and null is returned.
   */
  load(): Run4State | null {
    if (!existsSync(this.file)) return null;
    let reason: string;
    try {
      const parsed = Run4StateSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      if (parsed.success) return parsed.data;
      const issue = parsed.error.issues[0]!;
      reason = `field ${issue.path.join('.') || '(root)'}: ${issue.message}`;
    } catch (error) {
      reason = `not valid JSON: ${(error as Error).message}`;
    }
    let corruptCopy = `${this.file}.corrupt`;
    if (existsSync(corruptCopy)) corruptCopy = `${this.file}.${Date.now()}.corrupt`;
    copyFileSync(this.file, corruptCopy);
    this.lastCorruption = { corruptCopy, reason };
    this.onCorrupt(this.lastCorruption);
    return null;
  }

  /** Atomic write: `RUN4_STATE.json.tmp` then rename. Call under the lock. */
  private write(state: Run4State): Run4State {
    mkdirSync(this.dir, { recursive: true });
    const next = Run4StateSchema.parse({ ...state, updated_at: new Date().toISOString() });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(next, null, 2) + '\n');
    renameSync(tmp, this.file);
    return next;
  }

  /**
   * Read-modify-write under the file lock. The mutator sees the state as it
   * is on disk right now (a fresh one when missing or corrupt).
   */
  async update(mutate: (state: Run4State) => void | Run4State): Promise<Run4State> {
    mkdirSync(this.dir, { recursive: true });
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(this.file, { ...LOCK_OPTIONS, lockfilePath: `${this.file}.lock` });
    } catch (error) {
      throw new StateLockError(this.file, error);
    }
    try {
      const current = this.load() ?? newState();
      const result = mutate(current);
      return this.write(result ?? current);
    } finally {
      await release();
    }
  }

  /**
   * Synchronous read-modify-write for signal handlers, where the event loop
   * may not get another turn. Waits up to ~2 s for the lock.
   */
  updateSync(mutate: (state: Run4State) => void | Run4State): Run4State {
    mkdirSync(this.dir, { recursive: true });
    const lockPath = `${this.file}.lock`;
    let release: (() => void) | undefined;
    for (let attempt = 0; attempt < 100 && !release; attempt++) {
      try {
        release = lockfile.lockSync(this.file, { realpath: false, stale: LOCK_OPTIONS.stale, lockfilePath: lockPath });
      } catch {
        sleepSync(20);
      }
    }
    if (!release) throw new StateLockError(this.file, new Error('lock held for more than 2 s'));
    try {
      const current = this.load() ?? newState();
      const result = mutate(current);
      return this.write(result ?? current);
    } finally {
      release();
    }
  }
}
