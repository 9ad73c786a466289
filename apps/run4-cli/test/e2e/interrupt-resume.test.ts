import { execa, type ResultPromise } from 'execa';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../../..');
const cli = path.join(root, 'apps/run4-cli/dist/main.js');

type State = { current_phase: string; completed_milestones: number[]; interrupted: boolean; aggregate_score: number; milestone_artifacts: Record<string, { status?: string; verdict?: string }> };
const stateOf = (cwd: string): State | null => {
  const file = path.join(cwd, '.run4', 'RUN4_STATE.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as State) : null;
};

async function waitForPhase(cwd: string, child: ResultPromise, phase: RegExp, timeoutMs: number): Promise<string> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const current = stateOf(cwd)?.current_phase ?? '';
    if (phase.test(current)) return current;
    if (child.exitCode !== null) throw new Error(`run ended before reaching ${phase}: ${current}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`phase ${phase} not reached in ${timeoutMs} ms (at ${stateOf(cwd)?.current_phase})`);
}

function killIfAlive(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Poll `condition` every 200 ms until it holds or `timeoutMs` passes (the caller then asserts it). */
async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end && !(await condition())) await new Promise((r) => setTimeout(r, 200));
}

/** Processes whose command line, working directory or environment points under `dir`. */
async function processesUnder(dir: string): Promise<string[]> {
  const { stdout } = await execa('ps', ['-eo', 'pid=,args='], { reject: false });
  const own = stdout.split('\n').filter((l) => l.includes(dir) && !l.includes('ps -eo'));
  // Also processes started elsewhere whose environment points into `dir` (data dirs, databases).
  const script = `for p in /proc/[0-9]*; do [ "$(basename $p)" = "$$" ] && continue; c=$(readlink $p/cwd 2>/dev/null); case "$c" in ${dir}*) echo "$(basename $p) cwd $c"; continue;; esac; if tr '\\0' '\\n' < $p/environ 2>/dev/null | grep -q "${dir}"; then echo "$(basename $p) env"; fi; done`;
  const { stdout: cwds } = await execa('bash', ['-c', script], { reject: false });
  return [...own, ...cwds.split('\n').filter(Boolean)];
}

const verdictOf = (cwd: string) => {
  const s = stateOf(cwd)!;
  return { completed: s.completed_milestones, statuses: [1, 2, 3, 4, 5, 6].map((n) => s.milestone_artifacts[`m${n}`]?.status), verdict: s.milestone_artifacts.scores?.verdict };
};

describe('interrupting a run (process backend)', () => {
  it('kill -9 during M4, then run4 resume, ends with the verdict of an uninterrupted run', async () => {
    const straight = mkdtempSync(path.join(tmpdir(), 'run4-straight-'));
    const full = await execa('node', [cli, 'run', '--backend', 'process'], { cwd: straight, reject: false, timeout: 900_000 });
    const expected = verdictOf(straight);
    expect(expected.completed, full.stderr.slice(-2000)).toEqual([1, 2, 3, 4, 5, 6]);

    const cwd = mkdtempSync(path.join(tmpdir(), 'run4-killed-'));
    const child = execa('node', [cli, 'run', '--backend', 'process'], { cwd, reject: false });
    const at = await waitForPhase(cwd, child, /^m4:(contracts|builders|orchestrate|deploy)$/, 600_000);
    child.kill('SIGKILL');
    await child;
    const killed = stateOf(cwd)!;
    expect(killed.completed_milestones).not.toContain(4);
    // Killing one process can end others of the list before their turn: a pid already gone is fine.
    for (const line of await processesUnder(cwd)) killIfAlive(Number(line.trim().split(/\s+/)[0]));

    const resumed = await execa('node', [cli, 'resume', '--backend', 'process'], { cwd, reject: false, timeout: 900_000 });
    expect(resumed.stderr, `killed at ${at}`).toContain('resuming M4');
    expect(verdictOf(cwd)).toEqual(expected);
    expect(resumed.exitCode).toBe(full.exitCode);
  }, 2_000_000);

  it('Ctrl+C during the deploy saves interrupted: true and leaves no process behind', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'run4-sigint-'));
    const child = execa('node', [cli, 'run', '--backend', 'process'], { cwd, reject: false });
    await waitForPhase(cwd, child, /^m4:(deploy|index|gate)$/, 600_000);
    // the deploy phase starts its service processes a moment after it is recorded: wait for them
    await waitUntil(async () => (await processesUnder(cwd)).length > 0, 60_000);
    expect((await processesUnder(cwd)).length).toBeGreaterThan(0);
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(stateOf(cwd)!.interrupted).toBe(true);
    // the kernel may take a moment to reap what the teardown killed: wait for the condition, then assert it
    await waitUntil(async () => (await processesUnder(cwd)).length === 0, 30_000);
    expect(await processesUnder(cwd)).toEqual([]);
  }, 900_000);
});
