/**
 * Base class of every typed error in Run 4. `exitCode` is what the CLI exits
 * with when the error reaches it: 2 for usage/config/input errors, 1 for a
 * verification failure.
 *
 * @example
 * throw new Run4Error('config file not found: run4.config.yaml', { code: 'CONFIG_NOT_FOUND', exitCode: 2 });
 */
export class Run4Error extends Error {
  readonly code: string;
  readonly exitCode: number;
  /** The message without context, for one-line output. */
  readonly shortMessage: string;

  constructor(message: string, options: { code: string; exitCode?: number; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.exitCode = options.exitCode ?? 1;
    this.shortMessage = message.split('\n')[0] ?? message;
  }
}

/** Exit codes shared by every command. */
export const ExitCode = { OK: 0, VERIFICATION_FAILED: 1, USAGE: 2, INTERRUPTED: 130 } as const;
