import type { CheckRecord } from '@run4/checks';
import { z } from 'zod';
import { tagStatus } from './check-stats.js';

/**
 * The data flows of seed 001 section 2.6, by id. A stack's own flows come
 * from its checks: every `DF-n` a check carries, and every flow check
 * (`m4.flow.<id>`) that carries none. These five are listed (UNTESTED when
 * no check carries them) unless the stack's flows are all its own.
 */
export const SEED_DATA_FLOWS = ['DF-1', 'DF-2', 'DF-3', 'DF-4', 'DF-5'] as const;

const isFlowId = (id: string) => /^DF-\d+$/.test(id);

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
  const tagged = [...new Set(checks.flatMap((c) => c.requirementIds.filter(isFlowId)))].sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
  const own = [...new Set(checks.filter((c) => c.id.startsWith('m4.flow.') && !c.requirementIds.some(isFlowId)).map((c) => c.id))];
  // The seed's flows are listed whenever the stack speaks of them (or speaks of no flow at all).
  const ids = tagged.length || !own.length ? [...new Set([...SEED_DATA_FLOWS, ...tagged])] : [];
  const byTag = ids.map((id) => ({ id, ...tagStatus(checks, [id]) }));
  // A stack's own flow without a seed id: its one flow check is the evidence (tagged under its own id).
  const byCheck = own.map((checkId) => {
    const mine = checks.filter((c) => c.id === checkId).map((c) => ({ ...c, requirementIds: [...c.requirementIds, checkId] }));
    return { id: checkId.slice('m4.flow.'.length), ...tagStatus(mine, [checkId]) };
  });
  return [...byTag, ...byCheck].map(({ id, status, checks: evidence }) => ({
    id,
    title: (evidence.find((c) => c.id.startsWith('m4.flow.')) ?? evidence[0])?.name ?? `data flow ${id}`,
    tested: status !== 'UNTESTED',
    status,
    checkIds: evidence.map((c) => c.id),
    evidence: evidence.length ? evidence.map((c) => `${c.id} ${c.status}: ${c.evidence}`).join('; ') : `no check carries ${id}`,
  }));
}
