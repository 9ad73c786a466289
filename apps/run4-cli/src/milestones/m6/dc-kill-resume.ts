import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { runCheck, type CheckRecord } from '@run4/checks';
import { Run4StateSchema } from '../../state/index.js';
import type { MilestoneContext } from '../types.js';

/** PIDs of processes whose command line mentions `needle` (builders orphaned by a kill -9). */
async function processesMentioning(needle: string): Promise<number[]> {
  const { stdout } = await execa('ps', ['-eo', 'pid=,args='], { reject: false });
  return stdout
    .split('\n')
    .filter((l) => l.includes(needle) && !l.includes('ps -eo'))
    .map((l) => Number(l.trim().split(/\s+/)[0]))
    .filter((n) => Number.isInteger(n) && n !== process.pid);
}

/**
 * Dark corner DC-4 (R4-M6-008): kill -9 mid-build, then resume. In a
 * scratch output dir: M1, then M3 killed with SIGKILL while its builders
 * run; RUN4_STATE.json must still parse with M3 unfinished; orphaned
 * builders are found and reaped; running M3 again completes it.
 */
export async function darkCornerKillResume(ctx: MilestoneContext, cliPath: string): Promise<CheckRecord> {
  return runCheck({ id: 'm6.dark-corner.kill-resume', name: 'kill -9 mid-build, then resume', requirementIds: ['DC-4', 'R4-M6-008', 'B3-09'] }, async () => {
    const out = path.join(ctx.outputDir, 'm6', 'kill-resume');
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    const args = (m: string) => [cliPath, 'milestone', m, '--output-dir', out];
    const m1 = await execa('node', args('m1'), { reject: false, cwd: ctx.installRoot });
    if (!existsSync(path.join(out, 'RUN4_STATE.json'))) return { status: 'FAIL', evidence: `M1 in the scratch dir wrote no state: ${m1.stderr.slice(-300)}` };
    const child = execa('node', args('m3'), { reject: false, cwd: ctx.installRoot, stderr: 'pipe' });
    let seen = '';
    const builderStarted = new Promise<void>((resolve) => {
      child.stderr!.on('data', (d: Buffer) => {
        seen += d.toString();
        if (seen.includes(': started')) resolve();
      });
    });
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 60_000));
    if ((await Promise.race([builderStarted, timer])) === 'timeout') {
      child.kill('SIGKILL');
      return { status: 'FAIL', evidence: 'M3 started no builder within 60 s' };
    }
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGKILL');
    await child;
    const raw = JSON.parse(readFileSync(path.join(out, 'RUN4_STATE.json'), 'utf8'));
    const parsed = Run4StateSchema.safeParse(raw);
    if (!parsed.success) return { status: 'FAIL', evidence: `RUN4_STATE.json invalid after kill -9: ${parsed.error.issues[0]?.message}` };
    const killedState = `current M${parsed.data.current_milestone} ${parsed.data.current_phase}, completed [${parsed.data.completed_milestones.join(',')}]`;
    if (parsed.data.completed_milestones.includes(3)) return { status: 'FAIL', evidence: `M3 recorded complete although it was killed (${killedState})` };
    const orphans = await processesMentioning(out);
    for (const pid of orphans) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    const again = await execa('node', args('m3'), { reject: false, cwd: ctx.installRoot });
    const after = Run4StateSchema.parse(JSON.parse(readFileSync(path.join(out, 'RUN4_STATE.json'), 'utf8')));
    const ok = after.completed_milestones.includes(3) && after.b2_b3_wiring_passed && again.exitCode === 0;
    const evidence = `after kill -9: state valid (${killedState}); ${orphans.length} orphaned builder process(es) reaped; M3 re-run exit ${again.exitCode}, completed [${after.completed_milestones.join(',')}], b2_b3_wiring_passed=${after.b2_b3_wiring_passed}`;
    return { status: ok ? 'PASS' : 'FAIL', evidence, data: { orphans: orphans.length } };
  });
}
