import { Run4Error } from '@run4/checks';

/** Scoring input (check records, reports) does not fit its schema. `issues` lists `path: message` lines. */
export class ScoringInputError extends Run4Error {
  readonly issues: string[];

  constructor(issues: string[]) {
    super(`invalid scoring input: ${issues.length} problem(s):\n${issues.map((i) => `  - ${i}`).join('\n')}\nFix the records/reports passed to computeScores and run it again.`, {
      code: 'SCORING_INPUT_INVALID',
      exitCode: 2,
    });
    this.issues = issues;
  }
}
