/**
 * Teardown actions registered by milestones (stop servers, `compose down`,
 * kill builders). They run once, in reverse order, on normal end, failure
 * or Ctrl+C.
 *
 * @example
 * ctx.cleanup.add('compose down', () => deployment.down());
 */
export class CleanupRegistry {
  private readonly actions: { name: string; fn: () => Promise<void> | void }[] = [];
  private running: Promise<string[]> | null = null;

  add(name: string, fn: () => Promise<void> | void): () => void {
    const entry = { name, fn };
    this.actions.push(entry);
    return () => {
      const i = this.actions.indexOf(entry);
      if (i >= 0) this.actions.splice(i, 1);
    };
  }

  get size(): number {
    return this.actions.length;
  }

  /** Run every action (reverse order); returns the errors as messages. */
  runAll(): Promise<string[]> {
    if (this.running) return this.running;
    this.running = (async () => {
      const errors: string[] = [];
      while (this.actions.length > 0) {
        const { name, fn } = this.actions.pop()!;
        try {
          await fn();
        } catch (error) {
          errors.push(`${name}: ${(error as Error).message}`);
        }
      }
      this.running = null;
      return errors;
    })();
    return this.running;
  }
}
