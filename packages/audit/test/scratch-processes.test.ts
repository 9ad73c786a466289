import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { processesWorkingIn, reapProcesses } from '../src/index.js';

describe('processesWorkingIn / reapProcesses', () => {
  it('finds a process working in the dir and ends its group', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'scratch-'));
    const child = spawn('sleep', ['600'], { cwd: dir, detached: true, stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    try {
      let found: number[] = [];
      for (const end = Date.now() + 30_000; !found.includes(child.pid!) && Date.now() < end; found = await processesWorkingIn(dir)) await new Promise((r) => setTimeout(r, 50));
      expect(found).toContain(child.pid);
      expect(await processesWorkingIn(path.join(dir, 'other'))).not.toContain(child.pid);
      reapProcesses(found);
      await exited;
      expect(await processesWorkingIn(dir)).toEqual([]);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
