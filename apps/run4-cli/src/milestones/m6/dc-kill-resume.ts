import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import path from 'node:path';
import { execa } from 'execa';
import { interruptExercises, processesWorkingIn, reapProcesses, startUntilOutput } from '@run4/audit';
import type { CheckRecord } from '@run4/checks';
import { Run4StateSchema } from '../../state/index.js';
import type { MilestoneContext } from '../types.js';

/**
 * Ctrl+C and kill -9 of `run4 milestone m3` mid-build, for real, in a
 * scratch output dir (after M1), with the run's own config resolved (the
 * configured stack, never the reference one); judged by @run4/audit's
 * `interruptExercises` (Build 3's own Ctrl+C is B3-09 in build3-exercises.ts).
 *
 * @example
 * const [sigint, killResume] = await darkCornerKillResume(ctx, 'apps/run4-cli/dist/main.js');
 */
export async function darkCornerKillResume(ctx: MilestoneContext, cliPath: string): Promise<CheckRecord[]> {
  const out = path.join(ctx.outputDir, 'm6', 'interrupts');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const configFile = path.join(out, 'run4.config.yaml');
  const { output_dir: _outputDir, ...config } = ctx.config;
  writeFileSync(configFile, stringify(config));
  const cli = (m: string) => execa('node', [cliPath, '--config', configFile, 'milestone', m, '--output-dir', out], { reject: false, cwd: ctx.installRoot, stderr: 'pipe' });
  const readState = () => {
    const parsed = Run4StateSchema.safeParse(JSON.parse(readFileSync(path.join(out, 'RUN4_STATE.json'), 'utf8')));
    if (!parsed.success) return { state: null, error: parsed.error.issues[0]?.message };
    const s = parsed.data;
    const position = `current M${s.current_milestone} ${s.current_phase}, completed [${s.completed_milestones.join(',')}]`;
    return { state: { interrupted: s.interrupted, phase: s.current_phase, position, completed: s.completed_milestones, stepDone: s.completed_milestones.includes(3), outcome: s.b2_b3_wiring_passed } };
  };
  const harness = {
    prepare: async () => {
      const m1 = await cli('m1');
      return { ok: existsSync(path.join(out, 'RUN4_STATE.json')), detail: String(m1.stderr).slice(-300) };
    },
    start: () => startUntilOutput(() => cli('m3'), { marker: ': started', label: 'M3' }),
    rerun: async () => ({ exitCode: (await cli('m3')).exitCode }),
    readState,
    leftovers: () => processesWorkingIn(out),
    reap: reapProcesses,
  };
  const labels = { prepare: 'M1', step: 'M3', stateFile: 'RUN4_STATE.json', outcome: 'b2_b3_wiring_passed' };
  return interruptExercises({ harness, ids: { sigint: 'm6.interrupt.sigint', killResume: 'm6.dark-corner.kill-resume' }, labels, expectedOutcome: ctx.store.load()?.b2_b3_wiring_passed });
}
