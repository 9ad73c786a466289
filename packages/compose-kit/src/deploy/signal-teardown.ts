const teardowns = new Set<() => Promise<void>>();
let installed = false;

function onSignal(signal: NodeJS.Signals): void {
  const code = signal === 'SIGINT' ? 130 : 143;
  process.stderr.write(`\n[compose-kit] ${signal}: tearing down ${teardowns.size} deployment(s)\n`);
  const all = [...teardowns].map((fn) => fn().catch(() => undefined));
  teardowns.clear();
  // exit only when nobody else listens: a host CLI with its own handler (saving state, say) decides when to exit
  void Promise.all(all).finally(() => {
    if (process.listenerCount(signal) <= 1) process.exit(code);
  });
}

/**
 * Run `teardown` if the process gets SIGINT (Ctrl+C) or SIGTERM, then exit
 * 130/143 — unless the host program has its own listener for that signal, in
 * which case exiting is left to it. Returns a function that unregisters it
 * (call it after a normal teardown).
 *
 * @example
 * const dispose = onInterruptTeardown(() => deployment.down());
 */
export function onInterruptTeardown(teardown: () => Promise<void>): () => void {
  teardowns.add(teardown);
  if (!installed) {
    installed = true;
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  return () => {
    teardowns.delete(teardown);
    if (teardowns.size === 0 && installed) {
      installed = false;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  };
}
