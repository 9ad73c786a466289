import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import lockfile from 'proper-lockfile';
import { Run4Error } from '@run4/checks';
import { prepareOutputDir } from './output-dir.js';
import { newState, Run4StateSchema, STATE_SCHEMA_VERSION, type Run4State } from './state-schema.js';

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

/** RUN4_STATE.json was written by a newer Run 4 (higher `schema_version`): this one must not reinterpret it. */
export class StateVersionError extends Run4Error {
  readonly file: string;
  constructor(file: string, version: number) {
    super(
      `${file} was written by a newer Run 4 (schema_version ${version}; this run4 reads ${STATE_SCHEMA_VERSION}) (fix: continue it with that newer run4, or start over with "run4 run", which replaces it)`,
      { code: 'STATE_NEWER', exitCode: 2 },
    );
    this.file = file;
  }
}

/** RUN4_STATE.json is unreadable or invalid where a command needs it as it is (`status`, `resume`). */
export class StateCorruptError extends Run4Error {
  constructor(file: string, notice: CorruptStateNotice, command?: string) {
    const refusal = command ? `${command} cannot continue from it` : '';
    super(`${file} is corrupt (${notice.reason})${refusal ? `: ${refusal}` : ''}; a copy is kept at ${notice.corruptCopy} (fix: restore it, or start over with "run4 run", which replaces it)`, {
      code: 'STATE_CORRUPT',
      exitCode: 2,
    });
  }
}

const LOCK_OPTIONS = { realpath: false, stale: 15_000 } as const;
/** How long `update` waits for another run4 process to release the lock. */
const LOCK_WAIT_MS = 20_000;

/** RUN4_STATE.json exists but cannot be read (permissions, I/O). */
export class StateReadError extends Run4Error {
  constructor(file: string, cause: unknown) {
    super(`cannot read ${file}: ${(cause as Error)?.message ?? String(cause)} (fix: check its permissions, or choose another --output-dir)`, { code: 'STATE_UNREADABLE', exitCode: 2, cause });
  }
}

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
  private dirReady = false;
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
    let text: Buffer;
    try {
      text = readFileSync(this.file);
    } catch (error) {
      throw new StateReadError(this.file, error);
    }
    try {
      const json: unknown = JSON.parse(text.toString('utf8'));
      const version = (json as { schema_version?: unknown } | null)?.schema_version;
      if (typeof version === 'number' && version > STATE_SCHEMA_VERSION) throw new StateVersionError(this.file, version);
      const parsed = Run4StateSchema.safeParse(json);
      if (parsed.success) return parsed.data;
      const issue = parsed.error.issues[0]!;
      reason = `field ${issue.path.join('.') || '(root)'}: ${issue.message}`;
    } catch (error) {
      if (error instanceof StateVersionError) throw error;
      reason = `not valid JSON: ${(error as Error).message}`;
    }
    this.lastCorruption = { corruptCopy: this.keepCorruptCopy(text), reason };
    this.onCorrupt(this.lastCorruption);
    return null;
  }

  /** Keep one copy per distinct corrupt content: loading the same corrupt file twice adds no copy. */
  private keepCorruptCopy(text: Buffer): string {
    const first = `${this.file}.corrupt`;
    const same = (f: string) => {
      try {
        return readFileSync(f).equals(text);
      } catch {
        return false;
      }
    };
    if (same(first)) return first;
    const copy = existsSync(first) ? `${this.file}.${Date.now()}.corrupt` : first;
    try {
      copyFileSync(this.file, copy);
    } catch (error) {
      throw new StateReadError(copy, error);
    }
    return copy;
  }

  /** Create the directory once, as prepareOutputDir does (exit 2 when it cannot be used). */
  private ensureDir(): void {
    if (this.dirReady) return;
    prepareOutputDir(this.dir);
    this.dirReady = true;
  }

  /** Atomic write: `RUN4_STATE.json.tmp` then rename. Call under the lock. */
  private write(state: Run4State): Run4State {
    this.ensureDir();
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
    const release = await this.lock();
    try {
      const current = this.load() ?? newState();
      const result = mutate(current);
      return this.write(result ?? current);
    } finally {
      await release();
    }
  }

  /**
   * Start over: replace whatever is on disk (missing, corrupt, or written by
   * another version) with `state`, under the lock, without reading it.
   */
  async reset(state: Run4State = newState()): Promise<Run4State> {
    const release = await this.lock();
    try {
      return this.write(state);
    } finally {
      await release();
    }
  }

  /** Take the file lock; only "held by another process" is waited on, any other error fails at once. */
  private async lock(): Promise<() => Promise<void>> {
    this.ensureDir();
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let wait = 5; ; wait = Math.min(100, wait * 1.2)) {
      try {
        return await lockfile.lock(this.file, { ...LOCK_OPTIONS, lockfilePath: `${this.file}.lock` });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ELOCKED' || Date.now() > deadline) throw new StateLockError(this.file, error);
        await sleep(wait);
      }
    }
  }

  /**
   * Synchronous read-modify-write for signal handlers, where the event loop
   * may not get another turn. Waits up to ~2 s for the lock.
   */
  updateSync(mutate: (state: Run4State) => void | Run4State): Run4State {
    this.ensureDir();
    const lockPath = `${this.file}.lock`;
    let release: (() => void) | undefined;
    for (let attempt = 0; attempt < 100 && !release; attempt++) {
      try {
        release = lockfile.lockSync(this.file, { realpath: false, stale: LOCK_OPTIONS.stale, lockfilePath: lockPath });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw new StateLockError(this.file, error);
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
