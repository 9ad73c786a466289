import type { RunningStep } from './interrupt-exercise.js';

/** A started subprocess, as far as {@link startUntilOutput} uses it (an execa child fits). */
export interface StepProcess extends PromiseLike<{ exitCode?: number | undefined }> {
  stderr: { on(event: 'data', listener: (chunk: Buffer) => void): unknown } | null;
  kill(signal: NodeJS.Signals): unknown;
}

/** Options of {@link startUntilOutput}. */
export interface StartUntilOutputOptions {
  /** The text on stderr that says a builder is running. */
  marker: string;
  /** How the failure evidence names the step. */
  label: string;
  /** How long to wait for the marker (default 60 s). */
  timeoutMs?: number;
  /** Pause after the marker before the step counts as mid-build (default 500 ms). */
  settleMs?: number;
}

/**
 * Start a step in the background and resolve once its stderr shows
 * `marker` (a builder started), as a {@link RunningStep} to interrupt; or,
 * after killing it, to why it never got there (it ended first, or the
 * marker did not come in time).
 *
 * @example
 * const step = await startUntilOutput(() => execa('node', [cli, 'build'], { reject: false }), { marker: ': started', label: 'the build' });
 */
export async function startUntilOutput(spawn: () => StepProcess, o: StartUntilOutputOptions): Promise<RunningStep | string> {
  const timeoutMs = o.timeoutMs ?? 60_000;
  const child = spawn();
  let seen = '';
  const started = new Promise<'started'>((resolve) => {
    child.stderr?.on('data', (d: Buffer) => {
      seen += d.toString();
      if (seen.includes(o.marker)) resolve('started');
    });
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
  const outcome = await Promise.race([started, timeout, Promise.resolve(child).then(() => 'exited' as const)]);
  clearTimeout(timer);
  if (outcome === 'started') {
    await new Promise((r) => setTimeout(r, o.settleMs ?? 500));
    // Wrapped: returning the (thenable) child itself would wait for it to end.
    return {
      stop: async (signal) => {
        child.kill(signal);
        return { exitCode: (await child).exitCode };
      },
    };
  }
  child.kill('SIGKILL');
  await child;
  return outcome === 'exited' ? `${o.label} ended before a builder started: ${seen.slice(-300)}` : `${o.label} started no builder within ${timeoutMs / 1000} s`;
}
