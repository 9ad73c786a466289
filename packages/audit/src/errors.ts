import { Run4Error } from '@run4/checks';

/** Base class of every error thrown by @run4/audit. */
export class AuditError extends Run4Error {}

/** The audit inputs do not fit their schema; nothing was written. `issues` lists `path: message` lines. */
export class AuditInputError extends AuditError {
  readonly issues: string[];

  constructor(issues: string[]) {
    super(
      `invalid audit inputs: ${issues.length} problem(s):\n${issues.map((i) => `  - ${i}`).join('\n')}\nNothing was written; fix the inputs passed to writeAuditReport and run it again.`,
      { code: 'AUDIT_INPUT_INVALID', exitCode: 2 },
    );
    this.issues = issues;
  }
}

/** The report files could not be written (`path` names which). */
export class AuditWriteError extends AuditError {
  readonly path: string;

  constructor(path: string, cause: unknown) {
    super(`cannot write ${path}: ${cause instanceof Error ? cause.message : String(cause)}. Check that the output directory is writable.`, {
      code: 'AUDIT_WRITE_FAILED',
      exitCode: 1,
      cause,
    });
    this.path = path;
  }
}
