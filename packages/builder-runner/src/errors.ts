import { Run4Error } from '@run4/checks';

/** Base class of every error thrown by @run4/builder-runner. */
export class BuilderRunnerError extends Run4Error {}

/**
 * `{builder_dir}/.agent-team/STATE.json` is missing, is not JSON, or breaks
 * the seed 003 section 7.1 contract. `issues` lists one line per field
 * problem (`path: expected X, got Y`).
 */
export class BuilderStateError extends BuilderRunnerError {
  readonly statePath: string;
  readonly issues: string[];
  readonly reason: 'missing' | 'unreadable' | 'invalid_json' | 'invalid_schema';

  constructor(
    message: string,
    options: { statePath: string; reason: BuilderStateError['reason']; issues?: string[]; cause?: unknown },
  ) {
    super(message, { code: `STATE_${options.reason.toUpperCase()}`, exitCode: 1, cause: options.cause });
    this.statePath = options.statePath;
    this.reason = options.reason;
    this.issues = options.issues ?? [];
  }
}

/** A builder config.yaml (or the object meant to become one) is not valid. */
export class BuilderConfigError extends BuilderRunnerError {
  readonly source: string;
  readonly issues: string[];

  constructor(message: string, options: { source: string; issues?: string[]; cause?: unknown }) {
    super(message, { code: 'BUILDER_CONFIG_INVALID', exitCode: 2, cause: options.cause });
    this.source = options.source;
    this.issues = options.issues ?? [];
  }
}

/** A command template has an unknown placeholder or is empty. */
export class CommandTemplateError extends BuilderRunnerError {
  readonly template: string;

  constructor(message: string, options: { template: string }) {
    super(message, { code: 'COMMAND_TEMPLATE_INVALID', exitCode: 2 });
    this.template = options.template;
  }
}

/** FIX_INSTRUCTIONS.md input (violations or text) is not valid. */
export class FixInstructionsError extends BuilderRunnerError {
  readonly issues: string[];

  constructor(message: string, options: { issues?: string[]; cause?: unknown } = {}) {
    super(message, { code: 'FIX_INSTRUCTIONS_INVALID', exitCode: 2, cause: options.cause });
    this.issues = options.issues ?? [];
  }
}
