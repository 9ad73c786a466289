import { getRequirement, type CheckRecord } from '@run4/checks';
import { isContractCode, type FixLoopViolation } from './violation.js';

export type Priority = 'P0' | 'P1' | 'P2' | 'P3';
export const PRIORITIES: readonly Priority[] = ['P0', 'P1', 'P2', 'P3'];

/** The questions of the decision tree of seed 001 section 5.1, step 2 (CLASSIFY). */
export interface PriorityFacts {
  /** The system cannot start or deploy (blocks everything). */
  systemCannotStart: boolean;
  /** A primary use case fails. */
  primaryUseCaseFails: boolean;
  /** A workaround exists for the failing primary use case. */
  workaroundExists: boolean;
  /** A secondary feature fails. */
  secondaryFeatureFails: boolean;
  /** The failing secondary feature affects integration between systems. */
  affectsIntegration: boolean;
  /** Cosmetic, performance or documentation only. */
  cosmetic: boolean;
}

/** A priority together with the branch of the tree that chose it. */
export interface Classification {
  priority: Priority;
  reason: string;
}

/**
 * Walk the decision tree of seed 001 section 5.1, in the seed's order:
 * cannot start → P0; primary fails without workaround → P0; primary fails
 * with workaround → P1; secondary fails affecting integration → P1;
 * secondary fails without integration impact → P2; cosmetic/perf/docs → P3.
 * Nothing true at all is treated as cosmetic (P3).
 *
 * @example
 * classifyPriority({ systemCannotStart: false, primaryUseCaseFails: true, workaroundExists: true,
 *   secondaryFeatureFails: false, affectsIntegration: false, cosmetic: false }).priority; // 'P1'
 */
export function classifyPriority(facts: PriorityFacts): Classification {
  if (facts.systemCannotStart) return { priority: 'P0', reason: 'system cannot start/deploy' };
  if (facts.primaryUseCaseFails && !facts.workaroundExists) return { priority: 'P0', reason: 'primary use case fails, no workaround' };
  if (facts.primaryUseCaseFails) return { priority: 'P1', reason: 'primary use case fails, workaround exists' };
  if (facts.secondaryFeatureFails && facts.affectsIntegration) return { priority: 'P1', reason: 'secondary feature fails, affects integration' };
  if (facts.secondaryFeatureFails) return { priority: 'P2', reason: 'secondary feature fails, no integration impact' };
  return { priority: 'P3', reason: facts.cosmetic ? 'cosmetic/performance/docs' : 'no functional impact found' };
}

const NO_FACTS: PriorityFacts = {
  systemCannotStart: false,
  primaryUseCaseFails: false,
  workaroundExists: false,
  secondaryFeatureFails: false,
  affectsIntegration: false,
  cosmetic: false,
};

/**
 * Requirement ids whose failure means a system cannot start or deploy:
 * service deploy/health (SC-02, SC-03, B1-01, B1-02, B3-02), the MCP
 * handshakes (B1-09..11) and the Build 1 health phase of M4 (R4-M4-001).
 * (R4-M4-006 is not here: its checks are mostly contract compliance.)
 */
export const STARTUP_REQUIREMENTS: ReadonlySet<string> = new Set([
  'SC-02', 'SC-03', 'B1-01', 'B1-02', 'B1-09', 'B1-10', 'B1-11', 'B3-02', 'R4-M4-001',
]);

/** Requirement ids about speed only (performance → P3): SC-08 duration, B1-06 indexing speed, R4-M2-007 latency. */
export const PERFORMANCE_REQUIREMENTS: ReadonlySet<string> = new Set(['SC-08', 'B1-06', 'R4-M2-007']);

/**
 * Decision-tree answers for a scan violation:
 * - HEALTH-* (no health endpoint: the deploy health gate cannot pass) → cannot start;
 * - critical/high, or `error` in security/secrets → primary use case fails, no workaround;
 * - other `error` → primary use case fails, a workaround exists;
 * - contract codes (SCHEMA/PACT/CONTRACT) and `trace` warnings → secondary feature, affects integration;
 * - other warnings → secondary feature, no integration impact;
 * - info → cosmetic.
 *
 * @example
 * classifyPriority(factsForViolation(v)).priority;
 */
export function factsForViolation(v: FixLoopViolation): PriorityFacts {
  const facts = { ...NO_FACTS };
  const severe = v.severity === 'critical' || v.severity === 'high';
  if (v.code.startsWith('HEALTH-') || v.category === 'health') facts.systemCannotStart = true;
  else if (severe || (v.severity === 'error' && (v.category === 'security' || v.category === 'secrets'))) facts.primaryUseCaseFails = true;
  else if (v.severity === 'error' && !isContractCode(v.code)) {
    facts.primaryUseCaseFails = true;
    facts.workaroundExists = true;
  } else if (isContractCode(v.code) || (v.severity !== 'info' && v.category === 'trace')) {
    facts.secondaryFeatureFails = true;
    facts.affectsIntegration = true;
  } else if (v.severity === 'warning' || v.severity === 'error') facts.secondaryFeatureFails = true;
  else facts.cosmetic = true;
  return facts;
}

/**
 * Decision-tree answers for a FAIL check record, from the seed priorities of
 * the requirement ids it gives evidence for:
 * - any startup/deploy requirement → cannot start;
 * - only performance requirements → cosmetic/performance;
 * - a P0 requirement → primary use case fails, no workaround;
 * - a P1 requirement → primary use case fails, workaround exists when it is
 *   not cross-build (X-*, SC-*); cross-build P1 → secondary, affects integration;
 * - anything else (P2, milestone ids, unknown) → secondary feature, affecting
 *   integration when a cross-build id (X-*, SC-*, DF-*, R4-M2..M4) is among them.
 *
 * @example
 * classifyPriority(factsForCheck(check('x', 'X', 'FAIL', 'down', ['B1-02']))).priority; // 'P0'
 */
export function factsForCheck(c: Pick<CheckRecord, 'requirementIds'>): PriorityFacts {
  const facts = { ...NO_FACTS };
  const ids = c.requirementIds;
  const priorities = ids.map((id) => getRequirement(id)?.priority);
  const crossBuild = ids.some((id) => /^(X-|SC-|DF-|R4-M[234]-)/.test(id));
  if (ids.some((id) => STARTUP_REQUIREMENTS.has(id))) facts.systemCannotStart = true;
  else if (ids.length > 0 && ids.every((id) => PERFORMANCE_REQUIREMENTS.has(id))) facts.cosmetic = true;
  else if (priorities.includes('P0')) facts.primaryUseCaseFails = true;
  else if (priorities.includes('P1') && !crossBuild) {
    facts.primaryUseCaseFails = true;
    facts.workaroundExists = true;
  } else {
    facts.secondaryFeatureFails = true;
    facts.affectsIntegration = crossBuild;
  }
  return facts;
}
