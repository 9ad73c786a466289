/**
 * Typed error of the reference builder. `exitCode` is what the CLI exits
 * with: 2 for bad arguments, config or contracts; 1 for a build that failed.
 * (The builder is a system under test and imports no @run4 package, so it
 * carries its own copy of the Run4Error shape.)
 *
 * @example
 * throw new BuilderError('config.yaml: service.name is required', { code: 'CONFIG_INVALID', exitCode: 2 });
 */
export class BuilderError extends Error {
  readonly code: string;
  readonly exitCode: number;
  /** The message's first line, for one-line output. */
  readonly shortMessage: string;

  constructor(message: string, options: { code: string; exitCode?: number; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.exitCode = options.exitCode ?? 1;
    this.shortMessage = message.split('\n')[0] ?? message;
  }
}

/** A bad config.yaml (exit 2). */
export class ConfigError extends BuilderError {
  readonly field: string;
  constructor(message: string, field: string) {
    super(message, { code: 'CONFIG_INVALID', exitCode: 2 });
    this.field = field;
  }
}

/** An unreadable or invalid OpenAPI/AsyncAPI contract (exit 2). */
export class ContractError extends BuilderError {
  readonly file: string;
  constructor(message: string, file: string, cause?: unknown) {
    super(message, { code: 'CONTRACT_INVALID', exitCode: 2, cause });
    this.file = file;
  }
}
