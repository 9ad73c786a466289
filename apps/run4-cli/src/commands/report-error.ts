import { ExitCode, Run4Error } from '@run4/checks';

/**
 * What `run4` does with an error no command handled: one line on stderr
 * (the stack too with `--verbose`) and the exit code. A Run4Error carries
 * its own code (2 for usage/config/input); a file-system refusal is a usage
 * error (2); anything else is unexpected (1).
 *
 * @example
 * process.exitCode = reportError(new Run4Error('config file not found', { code: 'CONFIG', exitCode: 2 }), false); // 2
 */
export function reportError(error: unknown, verbose: boolean): number {
  if (error instanceof Run4Error) {
    process.stderr.write(`run4: ${error.message}\n`);
    if (verbose && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const errno = error as NodeJS.ErrnoException;
  if (typeof errno?.code === 'string' && typeof errno.syscall === 'string') {
    // a file-system refusal that no command turned into its own message: still one line, exit 2
    process.stderr.write(`run4: ${errno.message} (fix: check that path and its permissions, or choose another --output-dir)\n`);
    if (verbose && errno.stack) process.stderr.write(`${errno.stack}\n`);
    return ExitCode.USAGE;
  }
  process.stderr.write(`run4: unexpected error: ${verbose ? ((error as Error)?.stack ?? String(error)) : `${(error as Error)?.message ?? String(error)} (run with --verbose for the stack trace)`}\n`);
  return ExitCode.VERIFICATION_FAILED;
}
