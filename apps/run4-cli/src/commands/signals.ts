import type { MilestoneContext } from '../milestones/types.js';

/**
 * SIGINT/SIGTERM: abort running work, save the state with
 * `interrupted: true` (seed 001 section 7.2), run teardown (containers,
 * processes), then exit 130/143. A second signal exits at once.
 *
 * @example
 * const dispose = installSignalHandlers(ctx, controller);
 */
export function installSignalHandlers(ctx: MilestoneContext, controller: AbortController): () => void {
  let caught = false;
  const handler = (signal: NodeJS.Signals) => {
    const code = signal === 'SIGINT' ? 130 : 143;
    if (caught) process.exit(code);
    caught = true;
    ctx.progress.info(`${signal} received: saving state and tearing down (press again to exit at once)`);
    controller.abort(new Error(`interrupted by ${signal}`));
    try {
      ctx.store.updateSync((s) => {
        s.interrupted = true;
      });
    } catch (error) {
      ctx.progress.info(`could not save state: ${(error as Error).message}`);
    }
    const timer = setTimeout(() => process.exit(code), 30_000);
    timer.unref();
    void ctx.cleanup.runAll().then((errors) => {
      for (const e of errors) ctx.progress.info(`teardown: ${e}`);
      process.exit(code);
    });
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
