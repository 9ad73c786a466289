import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  isProcessAlive,
  isProcessGroupAlive,
  signalProcessGroup,
  terminateProcessGroup,
  trackProcessGroup,
  trackedProcessGroups,
  waitProcessGroupGone,
} from '../src/index.js';

const DEADLINE_MS = 30_000;
const SOURCE = pathToFileURL(fileURLToPath(new URL('../src/process-group.ts', import.meta.url))).href;
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

async function waitFor(condition: () => boolean, what: string, ms = DEADLINE_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** First line a child prints on stdout. */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const nl = buffer.indexOf('\n');
      // A pid, printed as plain text: console.log of a number is coloured when FORCE_COLOR is set (as under Nx), which is no pid.
      if (nl < 0) return;
      const line = buffer.slice(0, nl);
      if (/^\d+$/.test(line)) resolve(line);
      else reject(new Error(`not a pid: ${JSON.stringify(line)}`));
    });
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before printing a line: ${buffer}`)));
  });
}

const groups: number[] = [];
afterEach(() => {
  for (const pgid of groups.splice(0)) signalProcessGroup(pgid, 'SIGKILL');
});

/**
 * A group leader (sh) with a grandchild (node) that prints its pid; with
 * `stubborn`, both ignore SIGTERM.
 */
async function startGroup(stubborn = false): Promise<{ leader: number; grandchild: number }> {
  const trap = stubborn ? "trap '' TERM; " : '';
  const node = `${JSON.stringify(process.execPath)} -e ${JSON.stringify(`${stubborn ? "process.on('SIGTERM', () => {});" : ''} process.stdout.write(String(process.pid) + '\\n'); setInterval(() => {}, 1000);`)}`;
  const child = spawn('sh', ['-c', `${trap}${node} & wait`], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  groups.push(child.pid!);
  const grandchild = Number(await firstLine(child));
  return { leader: child.pid!, grandchild };
}

describe('process groups', () => {
  it('sees a running group with its grandchild as alive and ends all of it with SIGTERM', async () => {
    const { leader, grandchild } = await startGroup();
    expect(isProcessGroupAlive(leader)).toBe(true);
    expect(isProcessAlive(grandchild)).toBe(true);
    expect(await terminateProcessGroup(leader, DEADLINE_MS)).toBe(true);
    expect(isProcessGroupAlive(leader)).toBe(false);
    expect(isProcessAlive(grandchild)).toBe(false);
  }, 60_000);

  it('SIGKILLs a group that ignores SIGTERM once the grace period is over', async () => {
    const { leader, grandchild } = await startGroup(true);
    signalProcessGroup(leader, 'SIGTERM');
    // a SIGTERM alone does not end it
    expect(await waitProcessGroupGone(leader, 300)).toBe(false);
    expect(await terminateProcessGroup(leader, 300)).toBe(true);
    expect(isProcessAlive(grandchild)).toBe(false);
  }, 60_000);

  it('ends a stopped group (SIGSTOP) too', async () => {
    const { leader, grandchild } = await startGroup();
    expect(signalProcessGroup(leader, 'SIGSTOP')).toBe(true);
    expect(await terminateProcessGroup(leader, DEADLINE_MS)).toBe(true);
    expect(isProcessAlive(grandchild)).toBe(false);
  }, 60_000);

  it('reports a group that no longer exists as gone and a signal to it as not delivered', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
    groups.push(child.pid!);
    const reaped = new Promise((resolve) => child.once('exit', resolve));
    expect(signalProcessGroup(child.pid!, 'SIGTERM')).toBe(true);
    await reaped;
    expect(isProcessGroupAlive(child.pid!)).toBe(false);
    expect(isProcessAlive(child.pid!)).toBe(false);
    expect(signalProcessGroup(child.pid!, 'SIGTERM')).toBe(false);
    expect(await terminateProcessGroup(child.pid!, 10)).toBe(true);
  }, 60_000);

  it('tracks a group until the returned function is called', () => {
    const untrack = trackProcessGroup(4_000_000);
    expect(trackedProcessGroups()).toContain(4_000_000);
    untrack();
    expect(trackedProcessGroups()).not.toContain(4_000_000);
  });
});

/** A node process that starts a group, tracks it, prints its pgid, then does `then`. */
function tracker(then: string): ChildProcess {
  const script = `
    import { spawn } from 'node:child_process';
    import { trackProcessGroup } from ${JSON.stringify(SOURCE)};
    const child = spawn(${JSON.stringify(process.execPath)}, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
    trackProcessGroup(child.pid);
    process.stdout.write(String(child.pid) + '\\n');
    ${then}
  `;
  return spawn(process.execPath, ['--import', TSX, '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
}

describe('trackProcessGroup when its owner ends', () => {
  it('kills the tracked group when the owner calls process.exit', async () => {
    const owner = tracker('setTimeout(() => process.exit(0), 50);');
    const pgid = Number(await firstLine(owner));
    groups.push(pgid);
    await waitFor(() => !isProcessGroupAlive(pgid), 'the tracked group to end after its owner exited');
  }, 60_000);

  it('kills the tracked group when the owner is stopped by a SIGTERM nobody handles, and the owner still dies of it', async () => {
    const owner = tracker('setInterval(() => {}, 1000);');
    const exited = new Promise<NodeJS.Signals | null>((resolve) => owner.once('exit', (_code, signal) => resolve(signal)));
    const pgid = Number(await firstLine(owner));
    groups.push(pgid);
    owner.kill('SIGTERM');
    expect(await exited).toBe('SIGTERM');
    await waitFor(() => !isProcessGroupAlive(pgid), 'the tracked group to end after its owner was signalled');
  }, 60_000);

  it('leaves an untracked group running when its owner exits (the planted defect the hook exists for)', async () => {
    const owner = spawn(
      process.execPath,
      ['-e', `const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' }); c.unref(); process.stdout.write(String(c.pid) + '\\n'); process.exit(0);`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const pgid = Number(await firstLine(owner));
    groups.push(pgid);
    await new Promise((resolve) => (owner.exitCode === null ? owner.once('exit', resolve) : resolve(null)));
    expect(isProcessGroupAlive(pgid)).toBe(true);
  }, 60_000);
});
