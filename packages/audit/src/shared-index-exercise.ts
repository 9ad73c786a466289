import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCheck, type CheckRecord } from '@run4/checks';

/** One session with a codebase-intelligence server: a tool call answers its JSON body, or null when the call failed. */
export interface ToolSession {
  call(tool: string, args: Record<string, unknown>): Promise<unknown>;
  close(): Promise<void>;
}

/** How to reach servers that all index into one shared database (injected: audit speaks no protocol of its own). */
export interface SharedIndexSessions {
  /** Why no session can be opened (e.g. no server for the role), or null when `open` works. */
  unavailable(): string | null;
  /** A fresh server process and session on the shared index. */
  open(): Promise<ToolSession>;
}

/** Options of {@link sharedIndexExercise}. */
export interface SharedIndexOptions {
  /** Id of the check record. */
  id: string;
  /** Scratch folder: the source files are written under `<dir>/src`, the index lives where the servers put it. */
  dir: string;
  sessions: SharedIndexSessions;
}

const WRITERS = ['a', 'b'] as const;
const FILES_PER_WRITER = 8;

/**
 * Dark corner DC-3 (R4-M6-008): two writers indexing into the same
 * codebase-intelligence index at once. Two server sessions (two processes
 * sharing one database) register different files concurrently
 * (`register_artifact`); a third session must then find the symbols of
 * both (`find_definition`), with no call failing (no SQLITE_BUSY, no lost
 * writes). FAIL on a write not indexed, a symbol lost, or a server that did
 * not start.
 *
 * @example
 * const rec = await sharedIndexExercise({ id: 'audit.shared-index', dir: '/tmp/shared', sessions });
 */
export async function sharedIndexExercise(o: SharedIndexOptions): Promise<CheckRecord> {
  return runCheck({ id: o.id, name: 'two builders writing the same index at once', requirementIds: ['DC-3', 'R4-M6-008'] }, async () => {
    const src = path.join(o.dir, 'src');
    mkdirSync(src, { recursive: true });
    const files: Record<'a' | 'b', string[]> = { a: [], b: [] };
    for (const w of WRITERS) {
      for (let i = 0; i < FILES_PER_WRITER; i++) {
        const file = path.join(src, `${w}-module-${i}.ts`);
        writeFileSync(file, `/** Writer ${w}, module ${i}. */\nexport class Writer${w.toUpperCase()}Model${i} {\n  id = ${i};\n}\nexport function writer${w.toUpperCase()}Helper${i}(x: number): number {\n  return x + ${i};\n}\n`);
        files[w].push(file);
      }
    }
    const why = o.sessions.unavailable();
    if (why) return { status: 'FAIL', evidence: why };
    // allSettled: when one server fails to start, the other must still be closed.
    const opened = await Promise.allSettled([o.sessions.open(), o.sessions.open()]);
    const failed = opened.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await Promise.all(opened.map((r) => (r.status === 'fulfilled' ? r.value.close() : undefined)));
      return { status: 'FAIL', evidence: `two servers on one index did not both start: ${(failed.reason as Error).message}` };
    }
    const [a, b] = opened.map((r) => (r as PromiseFulfilledResult<ToolSession>).value) as [ToolSession, ToolSession];
    const errors: string[] = [];
    try {
      const write = async (session: ToolSession, list: string[], w: string) => {
        for (const file of list) {
          const body = (await session.call('register_artifact', { file_path: file, service_name: `writer-${w}` })) as { indexed?: boolean } | null;
          if (!body?.indexed) errors.push(`${w}: ${path.basename(file)} not indexed`);
        }
      };
      await Promise.all([write(a, files.a, 'a'), write(b, files.b, 'b')]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
    const reader = await o.sessions.open();
    const missing: string[] = [];
    try {
      for (const w of WRITERS) {
        for (let i = 0; i < FILES_PER_WRITER; i++) {
          const symbol = `Writer${w.toUpperCase()}Model${i}`;
          const def = (await reader.call('find_definition', { symbol })) as { file_path?: string } | null;
          if (!def?.file_path) missing.push(symbol);
        }
      }
    } finally {
      await reader.close();
    }
    if (errors.length || missing.length) return { status: 'FAIL', evidence: `${errors.length} write errors (${errors.slice(0, 3).join('; ')}), ${missing.length} symbols lost (${missing.slice(0, 4).join(', ')})` };
    return { status: 'PASS', evidence: `2 server processes wrote ${2 * FILES_PER_WRITER} files concurrently into one symbols.db; all ${2 * FILES_PER_WRITER} classes found afterwards by a third session` };
  });
}
