import type { CheckRecord } from '@run4/checks';
import { PIPELINE_PHASE_IDS, SYSTEM_EVIDENCE, SYSTEM_IDS } from '@run4/scoring';

/** Where a check belongs, for filtering the audit's check list. */
export interface CheckFacets {
  /** `M1`..`M6`, or `unassigned` when neither its id nor its requirement ids name a milestone. */
  milestone: string;
  /** `Build 1`, `Build 2`, `Build 3`, `Integration`: every system its requirement ids give evidence for (may be empty). */
  systems: string[];
}

const ID_MILESTONE_RE = /^m([1-6])\./;
const REQ_MILESTONE_RE = /^R4-M([1-6])-\d{3}$/;

/**
 * The milestone and systems of a check record, read from what it carries:
 * the milestone from an `m<n>.` id prefix, else the first `R4-M<n>-…`
 * requirement id; the systems from the same evidence rules scoring uses
 * (`SYSTEM_EVIDENCE`: B1-/B2-/B3- prefixes and their contract/health ids)
 * and Integration for X-*, DF-*, DC-* and the pipeline phase ids.
 *
 * @example
 * checkFacets(check('mcp.architect.decompose.valid', '…', 'PASS', '…', ['B1-07', 'R4-M2-002'])); // { milestone: 'M2', systems: ['Build 1'] }
 */
export function checkFacets(c: CheckRecord): CheckFacets {
  const fromId = ID_MILESTONE_RE.exec(c.id)?.[1];
  const fromReq = c.requirementIds.map((id) => REQ_MILESTONE_RE.exec(id)?.[1]).find((m) => m !== undefined);
  const milestone = fromId ?? fromReq;
  const systems: string[] = [];
  for (const id of SYSTEM_IDS) {
    const ev = SYSTEM_EVIDENCE[id];
    if (c.requirementIds.some((r) => r.startsWith(ev.prefix) || ev.contractIds.includes(r) || ev.healthIds.includes(r))) systems.push(ev.label);
  }
  if (c.requirementIds.some((r) => /^(?:X|DF|DC)-/.test(r) || PIPELINE_PHASE_IDS.includes(r))) systems.push('Integration');
  return { milestone: milestone ? `M${milestone}` : 'unassigned', systems };
}
