import { Run4Error } from '@run4/checks';

/** Base class of every error thrown by @run4/fix-loop. */
export class FixLoopError extends Run4Error {}

/**
 * Input to the fix loop (check records, scan violations, options) does not
 * fit its schema. `issues` lists one line per problem (`path: message`).
 */
export class FixLoopInputError extends FixLoopError {
  readonly issues: string[];
  readonly source: string;

  constructor(source: string, issues: string[]) {
    super(
      `invalid ${source}: ${issues.length} problem(s):\n${issues.map((i) => `  - ${i}`).join('\n')}\nFix the ${source} passed to the fix loop and run it again.`,
      { code: 'FIX_LOOP_INPUT_INVALID', exitCode: 2 },
    );
    this.issues = issues;
    this.source = source;
  }
}

/** An injected dependency (applyFixes, rescan, verifyFinding, score) threw during a pass. */
export class FixPassError extends FixLoopError {
  readonly passNumber: number;
  readonly step: 'apply' | 'rescan' | 'verify' | 'score' | 'snapshot';

  constructor(passNumber: number, step: FixPassError['step'], cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`fix pass ${passNumber} failed at step "${step}": ${why}`, { code: 'FIX_PASS_FAILED', exitCode: 1, cause });
    this.passNumber = passNumber;
    this.step = step;
  }
}
