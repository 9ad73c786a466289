/**
 * Seed 004 section 3.9 `GracefulShutdown`: on SIGINT/SIGTERM it records the
 * signal, aborts `signal` (builders and deployments listen to it and stop
 * their children) and runs the emergency save at once, synchronously, so the
 * state is on disk even if cleanup then hangs. A second signal exits
 * immediately (130 / 143) after saving again.
 *
 * @example
 * const shutdown = new GracefulShutdown(() => saveInterrupted());
 * shutdown.install();
 * try { await pipeline.run(shutdown.signal); } finally { shutdown.uninstall(); }
 */
export class GracefulShutdown {
  private readonly controller = new AbortController();
  private received: NodeJS.Signals | null = null;
  private readonly emergencySave: (signal: NodeJS.Signals) => void;
  private readonly handlers = new Map<NodeJS.Signals, () => void>();

  constructor(emergencySave: (signal: NodeJS.Signals) => void) {
    this.emergencySave = emergencySave;
  }

  /** Aborted once a signal arrived. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Seed `should_stop`. */
  get shouldStop(): boolean {
    return this.received !== null;
  }

  /** The signal received, if any. */
  get receivedSignal(): NodeJS.Signals | null {
    return this.received;
  }

  /** Listen to SIGINT and SIGTERM. */
  install(): void {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      const handler = () => this.handleSignal(sig);
      this.handlers.set(sig, handler);
      process.on(sig, handler);
    }
  }

  /** Stop listening. */
  uninstall(): void {
    for (const [sig, handler] of this.handlers) process.off(sig, handler);
    this.handlers.clear();
  }

  /** What a signal does (public so tests can drive it without signals). */
  handleSignal(sig: NodeJS.Signals): void {
    if (this.received !== null) {
      this.safeSave(sig);
      process.exit(sig === 'SIGTERM' ? 143 : 130);
    }
    this.received = sig;
    this.safeSave(sig);
    this.controller.abort(new Error(`${sig} received`));
  }

  private safeSave(sig: NodeJS.Signals): void {
    try {
      this.emergencySave(sig);
    } catch (error) {
      process.stderr.write(`super-orchestrator: could not save state on ${sig}: ${(error as Error).message}\n`);
    }
  }
}
