/**
 * Run a command body and turn errors into exit codes: an error carrying an
 * `exitCode` (bad input: 2) prints one line; anything else is 1.
 *
 * @example
 * process.exitCode = await guarded(() => statusCommand(opts));
 */
export async function guarded(body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof Error && 'exitCode' in error && typeof (error as { exitCode: unknown }).exitCode === 'number') {
      const e = error as Error & { exitCode: number; shortMessage?: string };
      process.stderr.write(`super-orchestrator: ${e.shortMessage ?? e.message.split('\n')[0]}\n`);
      return e.exitCode;
    }
    process.stderr.write(`super-orchestrator: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
