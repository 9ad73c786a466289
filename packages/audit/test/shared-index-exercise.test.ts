import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedIndexExercise, type SharedIndexSessions, type ToolSession } from '../src/index.js';

/** Sessions on one in-memory index; `drop` loses every `drop`-th write (a lost write under concurrency). */
function sessions(opts: { drop?: number; failOpen?: number } = {}): SharedIndexSessions & { opened: number; closed: number } {
  const index = new Map<string, string>();
  let writes = 0;
  const s = {
    opened: 0,
    closed: 0,
    unavailable: () => null,
    open: async (): Promise<ToolSession> => {
      s.opened++;
      if (opts.failOpen === s.opened) throw new Error('database is locked');
      return {
        call: async (tool, args) => {
          if (tool === 'register_artifact') {
            writes++;
            if (opts.drop && writes % opts.drop === 0) return null;
            const file = String(args.file_path);
            const cls = /(\w)-module-(\d+)/.exec(path.basename(file))!;
            index.set(`Writer${cls[1]!.toUpperCase()}Model${cls[2]}`, file);
            return { indexed: true };
          }
          const file = index.get(String(args.symbol));
          return file ? { file_path: file } : null;
        },
        close: async () => {
          s.closed++;
        },
      };
    },
  };
  return s;
}

const dir = () => mkdtempSync(path.join(tmpdir(), 'shared-index-'));

describe('sharedIndexExercise', () => {
  it('passes when both writers\' symbols are all found by a third session', async () => {
    const s = sessions();
    const rec = await sharedIndexExercise({ id: 'audit.shared-index', dir: dir(), sessions: s });
    expect(rec).toMatchObject({ id: 'audit.shared-index', status: 'PASS', requirementIds: ['DC-3', 'R4-M6-008'] });
    expect([s.opened, s.closed]).toEqual([3, 3]);
  });

  it('fails on a lost write, naming it and the symbols lost', async () => {
    const rec = await sharedIndexExercise({ id: 'x', dir: dir(), sessions: sessions({ drop: 5 }) });
    expect(rec.status).toBe('FAIL');
    expect(rec.evidence).toMatch(/^3 write errors \(.*not indexed.*\), 3 symbols lost/);
  });

  it('fails when a server does not start, and still closes the other', async () => {
    const s = sessions({ failOpen: 2 });
    const rec = await sharedIndexExercise({ id: 'x', dir: dir(), sessions: s });
    expect(rec).toMatchObject({ status: 'FAIL', evidence: 'two servers on one index did not both start: database is locked' });
    expect(s.closed).toBe(1);
  });

  it('fails when no server can be reached', async () => {
    const rec = await sharedIndexExercise({ id: 'x', dir: dir(), sessions: { unavailable: () => 'no server for the role', open: () => Promise.reject(new Error('unused')) } });
    expect(rec).toMatchObject({ status: 'FAIL', evidence: 'no server for the role' });
  });
});
