import { z } from 'zod';

/** Outcome of one check, as in the official MCP conformance suite. */
export const CheckStatusSchema = z.enum(['PASS', 'FAIL', 'WARN', 'SKIP']);
export type CheckStatus = z.infer<typeof CheckStatusSchema>;

/**
 * The one record every check in Run 4 produces. Scoring, the traceability
 * matrix and the audit read these records; nothing is scored from a table.
 */
export const CheckRecordSchema = z
  .object({
    /** Stable identifier, e.g. `mcp.handshake.architect`. */
    id: z.string().min(1),
    /** Human-readable name. */
    name: z.string().min(1),
    status: CheckStatusSchema,
    /** What was observed: the reason for FAIL/WARN/SKIP, a short proof for PASS. */
    evidence: z.string(),
    durationMs: z.number().nonnegative(),
    /** Seed requirement ids this check gives evidence for (SC-01, B1-07, R4-M2-002, ...). */
    requirementIds: z.array(z.string()),
    /** Optional structured data (measurements, counts) for reports. */
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type CheckRecord = z.infer<typeof CheckRecordSchema>;

export interface CheckOutcome {
  status: CheckStatus;
  evidence: string;
  data?: Record<string, unknown>;
}

/**
 * Build a check record by hand.
 *
 * @example
 * const rec = check('m1.node-version', 'Node version', 'PASS', 'v20.20.2', ['R4-M1-001']);
 */
export function check(
  id: string,
  name: string,
  status: CheckStatus,
  evidence: string,
  requirementIds: string[] = [],
  durationMs = 0,
  data?: Record<string, unknown>,
): CheckRecord {
  return CheckRecordSchema.parse({ id, name, status, evidence, durationMs, requirementIds, ...(data ? { data } : {}) });
}

/**
 * Run a probe function and turn its outcome into a timed check record. A
 * thrown error becomes a FAIL with the error message as evidence, so one
 * broken check never loses the others.
 *
 * @example
 * const rec = await runCheck({ id: 'x', name: 'X', requirementIds: ['SC-01'] }, async () => ({
 *   status: 'PASS', evidence: 'ok',
 * }));
 */
export async function runCheck(
  meta: { id: string; name: string; requirementIds?: string[] },
  fn: () => Promise<CheckOutcome> | CheckOutcome,
): Promise<CheckRecord> {
  const started = performance.now();
  let outcome: CheckOutcome;
  try {
    outcome = await fn();
  } catch (error) {
    outcome = { status: 'FAIL', evidence: `threw: ${error instanceof Error ? error.message : String(error)}` };
  }
  const durationMs = Math.round((performance.now() - started) * 1000) / 1000;
  return check(meta.id, meta.name, outcome.status, outcome.evidence, meta.requirementIds ?? [], durationMs, outcome.data);
}
