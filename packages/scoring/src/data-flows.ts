import type { CheckRecord } from '@run4/checks';
import { z } from 'zod';
import { tagStatus } from './check-stats.js';

/** The cross-service data flows of seed 001 section 2.6; a check gives evidence for one by carrying its id in `requirementIds`. */
export const DATA_FLOWS = [
  { id: 'DF-1', title: 'User registers: Client → auth-service' },
  { id: 'DF-2', title: 'User logs in: Client → auth-service' },
  { id: 'DF-3', title: 'Create order (JWT): Client → order-service' },
  { id: 'DF-4', title: 'Order created event: order-service → notification-service' },
  { id: 'DF-5', title: 'Send notification: notification-service → (mock)' },
] as const;

export const FlowResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  tested: z.boolean(),
  /** WARN: every check that ran passed, one only with a caveat; it is not a passing flow. */
  status: z.enum(['PASS', 'WARN', 'FAIL', 'UNTESTED']),
  checkIds: z.array(z.string()),
  evidence: z.string(),
});
export type FlowResult = z.infer<typeof FlowResultSchema>;

/**
 * Status of every data flow DF-1..DF-5 from the checks tagged with it
 * (worst status wins: FAIL, then WARN, then PASS; SKIP-only is UNTESTED).
 *
 * @example
 * evaluateDataFlows(checks).filter((f) => f.status === 'PASS').length;
 */
export function evaluateDataFlows(checks: readonly CheckRecord[]): FlowResult[] {
  return DATA_FLOWS.map((flow) => {
    const { status, checks: tagged } = tagStatus(checks, [flow.id]);
    return {
      id: flow.id,
      title: flow.title,
      tested: status !== 'UNTESTED',
      status,
      checkIds: tagged.map((c) => c.id),
      evidence: tagged.length ? tagged.map((c) => `${c.id} ${c.status}: ${c.evidence}`).join('; ') : `no check carries ${flow.id}`,
    };
  });
}
