import { existsSync, mkdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { check, runCheck, type CheckRecord } from '@run4/checks';
import { Run4StateSchema, type Run4State } from '../../state/index.js';
import type { MilestoneContext } from '../types.js';

/** The process group of a pid (from /proc), or null when it is gone. */
function pgidOf(pid: number): number | null {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces, so read after its ")".
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return null;
  }
}

/**
 * PIDs of processes working in the scratch dir: their command line mentions
 * it (builders), or their working directory is inside it (whatever a
 * builder started there, such as the service its tests run).
 */
async function processesMentioning(needle: string): Promise<number[]> {
  const { stdout } = await execa('ps', ['-eo', 'pid=,args='], { reject: false });
  const byArgs = stdout
    .split('\n')
    .filter((l) => l.includes(needle) && !l.includes('ps -eo'))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
  const byCwd = stdout.split('\n').map((l) => Number(l.trim().split(/\s+/)[0])).filter((pid) => {
    try {
      return readlinkSync(`/proc/${pid}/cwd`).startsWith(needle);
    } catch {
      return false;
    }
  });
  return [...new Set([...byArgs, ...byCwd])].filter((n) => Number.isInteger(n) && n > 0 && n !== process.pid);
}

/** End left-over processes and their process groups (never this process's own group). */
function reap(pids: readonly number[]): void {
  const own = pgidOf(process.pid);
  for (const pid of pids) {
    const group = pgidOf(pid);
    try {
      if (group && group !== own && group > 1) process.kill(-group, 'SIGKILL');
      else process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

function readState(out: string): { state: Run4State | null; error?: string } {
  const parsed = Run4StateSchema.safeParse(JSON.parse(readFileSync(path.join(out, 'RUN4_STATE.json'), 'utf8')));
  return parsed.success ? { state: parsed.data } : { state: null, error: parsed.error.issues[0]?.message };
}

/**
 * The run's own config, resolved (absolute paths, the same stack profile),
 * written for the scratch runs: the dark corners exercise the configured
 * stack, never the reference one.
 */
function writeScratchConfig(ctx: MilestoneContext, out: string): string {
  const file = path.join(out, 'run4.config.yaml');
  const { output_dir: _outputDir, ...config } = ctx.config;
  writeFileSync(file, stringify(config));
  return file;
}

/** Start `run4 milestone m3` in `out` and resolve once a builder is running. */
async function m3Started(cliPath: string, out: string, cwd: string, configFile: string): Promise<{ child: ResultPromise } | string> {
  const child = execa('node', [cliPath, '--config', configFile, 'milestone', 'm3', '--output-dir', out], { reject: false, cwd, stderr: 'pipe' });
  let seen = '';
  const started = new Promise<'started'>((resolve) => {
    child.stderr!.on('data', (d: Buffer) => {
      seen += d.toString();
      if (seen.includes(': started')) resolve('started');
    });
  });
  const outcome = await Promise.race([started, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 60_000)), child.then(() => 'exited' as const)]);
  if (outcome === 'started') {
    await new Promise((r) => setTimeout(r, 500));
    // Wrapped: returning the (thenable) child itself would wait for it to end.
    return { child };
  }
  child.kill('SIGKILL');
  await child;
  return outcome === 'exited' ? `M3 ended before a builder started: ${seen.slice(-300)}` : 'M3 started no builder within 60 s';
}

/**
 * Interrupting a run mid-build, for real, in a scratch output dir (after M1):
 * - Ctrl+C (SIGINT) while M3's builders run (Run 4's own; Build 3's is B3-09 in build3-exercises.ts): exit 130, the state saved
 *   with `interrupted: true`, and no builder left running;
 * - DC-4: kill -9 while the builders run: RUN4_STATE.json still valid with M3
 *   unfinished; orphaned builders (nothing could stop them) are found and
 *   reaped; running M3 again completes it.
 *
 * @example
 * const [sigint, killResume] = await darkCornerKillResume(ctx, 'apps/run4-cli/dist/main.js');
 */
export async function darkCornerKillResume(ctx: MilestoneContext, cliPath: string): Promise<CheckRecord[]> {
  const out = path.join(ctx.outputDir, 'm6', 'interrupts');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const cwd = ctx.installRoot;
  const configFile = writeScratchConfig(ctx, out);
  const m1 = await execa('node', [cliPath, '--config', configFile, 'milestone', 'm1', '--output-dir', out], { reject: false, cwd });
  if (!existsSync(path.join(out, 'RUN4_STATE.json'))) {
    const why = `M1 in the scratch dir wrote no state: ${m1.stderr.slice(-300)}`;
    return [check('m6.interrupt.sigint', 'Ctrl+C mid-build saves the state', 'FAIL', why, ['R4-M6-008']), check('m6.dark-corner.kill-resume', 'kill -9 mid-build, then resume', 'FAIL', why, ['DC-4', 'R4-M6-008'])];
  }

  const sigint = await runCheck({ id: 'm6.interrupt.sigint', name: 'Ctrl+C mid-build saves the state and leaves no builder', requirementIds: ['R4-M6-008'] }, async () => {
    const started = await m3Started(cliPath, out, cwd, configFile);
    if (typeof started === 'string') return { status: 'FAIL', evidence: started };
    const { child } = started;
    child.kill('SIGINT');
    const r = await child;
    // Builders get a grace period to end after Ctrl+C: wait (up to 30 s) for them to be gone, then count what is left.
    let left = await processesMentioning(out);
    for (const end = Date.now() + 30_000; left.length > 0 && Date.now() < end; left = await processesMentioning(out)) await new Promise((res) => setTimeout(res, 250));
    reap(left);
    const { state, error } = readState(out);
    const ok = r.exitCode === 130 && state?.interrupted === true && left.length === 0;
    return { status: ok ? 'PASS' : 'FAIL', evidence: `exit ${r.exitCode}; state ${state ? `interrupted=${state.interrupted}, phase ${state.current_phase}` : `invalid: ${error}`}; ${left.length} builder process(es) left running` };
  });

  const killResume = await runCheck({ id: 'm6.dark-corner.kill-resume', name: 'kill -9 mid-build, then resume', requirementIds: ['DC-4', 'R4-M6-008'] }, async () => {
    const started = await m3Started(cliPath, out, cwd, configFile);
    if (typeof started === 'string') return { status: 'FAIL', evidence: started };
    const { child } = started;
    child.kill('SIGKILL');
    await child;
    const { state: killed, error } = readState(out);
    if (!killed) return { status: 'FAIL', evidence: `RUN4_STATE.json invalid after kill -9: ${error}` };
    const at = `current M${killed.current_milestone} ${killed.current_phase}, completed [${killed.completed_milestones.join(',')}]`;
    if (killed.completed_milestones.includes(3)) return { status: 'FAIL', evidence: `M3 recorded complete although it was killed (${at})` };
    const orphans = await processesMentioning(out);
    reap(orphans);
    const again = await execa('node', [cliPath, '--config', configFile, 'milestone', 'm3', '--output-dir', out], { reject: false, cwd });
    const after = readState(out).state;
    // The resumed M3 must reach the verdict the uninterrupted M3 of this run reached (a stack with M3 defects fails both).
    const expected = ctx.store.load()?.b2_b3_wiring_passed;
    const ok = !!after && after.completed_milestones.includes(3) && (expected === undefined || after.b2_b3_wiring_passed === expected);
    const evidence = `after kill -9: state valid (${at}); ${orphans.length} orphaned builder process(es) reaped; M3 re-run exit ${again.exitCode}, completed [${after?.completed_milestones.join(',')}], b2_b3_wiring_passed=${after?.b2_b3_wiring_passed} (uninterrupted run: ${expected})`;
    return { status: ok ? 'PASS' : 'FAIL', evidence, data: { orphans: orphans.length } };
  });
  return [sigint, killResume];
}
