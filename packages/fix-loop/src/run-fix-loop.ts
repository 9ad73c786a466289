import { CheckRecordSchema, type CheckRecord } from '@run4/checks';
import { z } from 'zod';
import { buildFindings, checkKey, countOpenByPriority, groupViolations, type ScanResult } from './catalog.js';
import { convergenceScore } from './convergence.js';
import { FixPassError } from './errors.js';
import { isOpen, type Finding } from './finding.js';
import { planFixInstructions, type ServiceFixInstructions } from './instructions.js';
import { passMetrics, type FixPassRecord } from './metrics.js';
import { parseOrThrow } from './parse-input.js';
import { detectRegressions, type Regression } from './regressions.js';
import { takeSnapshot, writeSnapshot } from './snapshot.js';
import { evaluateStopRules, StopRuleOptionsSchema, type StopDecision, type StopRuleOptionsInput } from './stop-rules.js';
import { FixLoopViolationSchema, type FixLoopViolation } from './violation.js';

/** A scan after validation. */
export interface ParsedScan {
  checks: CheckRecord[];
  violations: FixLoopViolation[];
}

/** What `verifyFinding` answers: fixed or not, and the evidence (the re-run check's output). */
export interface VerifyOutcome {
  fixed: boolean;
  evidence: string;
}

/** What applying one service's fixes reports: its cost in USD and, optionally, whether the fixer succeeded. */
export interface ApplyOutcome {
  cost?: number;
  success?: boolean;
  error?: string;
}

/** The systems the loop drives, injected so the caller wires the real builder and gate. */
export interface FixLoopDeps {
  /** Apply one service's fixes: write FIX_INSTRUCTIONS.md and run the builder in quick mode. Returns the cost in USD. */
  applyFixes(service: string, instructions: ServiceFixInstructions): Promise<ApplyOutcome | void>;
  /** Re-run the full scan set (gate + checks). */
  rescan(): Promise<ScanResult>;
  /**
   * Re-run the check or rule that found `finding`. When omitted, a finding
   * is verified by its absence from the re-scan.
   */
  verifyFinding?(finding: Finding, rescan: ParsedScan): Promise<VerifyOutcome | boolean> | VerifyOutcome | boolean;
  /**
   * Aggregate score (0..100) of a scan, for score deltas and the "good
   * enough" rule; null when it cannot be computed (e.g. @run4/scoring's
   * UNTESTED aggregate).
   */
  score?(scan: ParsedScan): Promise<number | null> | number | null;
}

export type FixLoopEvent =
  | { type: 'pass-start'; passNumber: number; targeted: number; services: string[] }
  | { type: 'applied'; passNumber: number; service: string; success: boolean; error?: string; cost: number }
  | { type: 'pass-end'; record: FixPassRecord; regressions: Regression[] }
  | { type: 'stop'; decision: StopDecision };

export interface RunFixLoopOptions extends StopRuleOptionsInput {
  /** Output dir; snapshots go to `{outputDir}/m5_fix_snapshots/`. */
  outputDir: string;
  /** The scan M4 left that the re-scan repeats (check records and violations). */
  initial: ScanResult;
  /**
   * Check records of earlier milestones that no re-scan repeats (M2, M3 and
   * M4's other phases). Their FAILs enter the catalog, routed to their owner
   * system, never to a builder; they are part of every scan the loop
   * snapshots and scores, as they stand, so they are neither "fixed" by
   * their absence nor counted as regressions. A re-scan record with the
   * same id replaces one.
   */
  standing?: readonly CheckRecord[];
  deps: FixLoopDeps;
  /** Generated service names, to attribute violations whose path starts with `<service>/`. */
  services?: readonly string[];
  onProgress?: (event: FixLoopEvent) => void;
  now?: () => Date;
}

export interface FixLoopResult {
  /** The final defect catalog (`defect_catalog`). */
  findings: Finding[];
  /** One record per pass (`fix_passes`). */
  passes: FixPassRecord[];
  /** Regressions found in each pass, by pass number. */
  regressions: Record<number, Regression[]>;
  stop: StopDecision;
  /** `convergence_score` after the last pass (1 when there was nothing to fix). */
  convergence: number;
  totalCost: number;
  /** Paths of the before/after snapshot files, in order. */
  snapshots: string[];
  initialOpen: Record<'P0' | 'P1' | 'P2' | 'P3', number>;
  finalOpen: Record<'P0' | 'P1' | 'P2' | 'P3', number>;
  finalScan: ParsedScan;
  /** The aggregate `score` gave the scan before any pass and after the last one (null without a score function or when it gave none). */
  score: { initial: number | null; final: number | null };
}

function parseScan(scan: ScanResult, source: string): ParsedScan {
  return {
    checks: parseOrThrow(z.array(CheckRecordSchema), scan.checks, `${source} check records`),
    violations: parseOrThrow(z.array(FixLoopViolationSchema), scan.violations, `${source} scan violations`),
  };
}

/** Add the standing records a scan does not report itself. */
function withStanding(scan: ParsedScan, standing: readonly CheckRecord[]): ParsedScan {
  const own = new Set(scan.checks.map((c) => c.id));
  return { checks: [...standing.filter((c) => !own.has(c.id)), ...scan.checks], violations: scan.violations };
}

/** How a check came out in a scan: FAIL when any record failed, PASS when every one passed, else WARN or SKIP; `absent` when it did not run at all. */
function checkOutcome(scan: ParsedScan, checkId: string): CheckRecord['status'] | 'absent' {
  const records = scan.checks.filter((c) => c.id === checkId);
  if (records.length === 0) return 'absent';
  for (const s of ['FAIL', 'WARN', 'SKIP'] as const) if (records.some((c) => c.status === s)) return s;
  return 'PASS';
}

function presentKeys(scan: ParsedScan, services: readonly string[]): Set<string> {
  const keys = new Set<string>(groupViolations(scan.violations, services).keys());
  for (const c of scan.checks) if (c.status === 'FAIL') keys.add(checkKey(c.id));
  return keys;
}

function subjectOf(f: Finding): string | undefined {
  return f.source.kind === 'violation' ? `${f.source.code} ${f.source.service ? `${f.source.service}/` : ''}${f.source.file}` : undefined;
}

async function step<T>(passNumber: number, name: FixPassError['step'], fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw new FixPassError(passNumber, name, error);
  }
}

/**
 * Drive fix passes until a stop rule fires (R4-M5-003..006). Each pass:
 * pick P0, P1 (and P2 when P0 + P1 < 5) findings; snapshot the current scan
 * to `fix_pass_N_before.json`; hand each service its FIX_INSTRUCTIONS via
 * `applyFixes`; `rescan()`; verify every targeted finding (`verifyFinding`
 * or absence from the re-scan); snapshot `fix_pass_N_after.json`; detect
 * regressions; catalogue new defects; record metrics and convergence; then
 * evaluate the hard and soft stop rules.
 *
 * @example
 * const result = await runFixLoop({
 *   outputDir: '.run4',
 *   initial: { checks, violations },
 *   maxFixPasses: 3,
 *   deps: {
 *     applyFixes: async (service, instr) => { await writeFixInstructions(dirOf(service), instr.violations); await runQuickBuild(service); },
 *     rescan: async () => runGateAndChecks(),
 *   },
 * });
 * result.stop.reason; // 'zero-p0-p1'
 */
export async function runFixLoop(options: RunFixLoopOptions): Promise<FixLoopResult> {
  const rules = parseOrThrow(StopRuleOptionsSchema, options, 'fix loop options');
  const services = options.services ?? [];
  const now = options.now ?? (() => new Date());
  const { deps } = options;
  const standingRecords = parseOrThrow(z.array(CheckRecordSchema), options.standing ?? [], 'standing check records');
  const first = parseScan(options.initial, 'initial');
  const rescanned = new Set(first.checks.map((c) => c.id));
  const standingIds: ReadonlySet<string> = new Set(standingRecords.map((c) => c.id).filter((id) => !rescanned.has(id)));
  let scan = withStanding(first, standingRecords);
  let findings = buildFindings(scan, { services, standing: standingIds });
  const initialOpen = countOpenByPriority(findings);
  const passes: FixPassRecord[] = [];
  const regressionsByPass: Record<number, Regression[]> = {};
  const snapshots: string[] = [];
  let totalCost = 0;
  let convergence = convergenceScore(initialOpen, initialOpen);
  let score: number | null = deps.score ? await step(1, 'score', () => deps.score!(scan)) : null;
  const initialScore = score;
  let decision: StopDecision;

  for (;;) {
    const plan = planFixInstructions(findings);
    decision = evaluateStopRules(
      { passes, open: countOpenByPriority(findings), totalCost, convergence, aggregateScore: score, targetable: plan.reduce((n, p) => n + p.findings.filter((f) => f.priority === 'P0' || f.priority === 'P1').length, 0) },
      rules,
    );
    if (decision.stop) break;

    const passNumber = passes.length + 1;
    const started = performance.now();
    const targeted = plan.flatMap((p) => p.findings);
    options.onProgress?.({ type: 'pass-start', passNumber, targeted: targeted.length, services: plan.map((p) => p.service) });
    const before = takeSnapshot(passNumber, 'before', scan.checks, scan.violations, services, now());
    snapshots.push(await step(passNumber, 'snapshot', () => writeSnapshot(options.outputDir, before)));
    const scoreBefore = score;

    let passCost = 0;
    for (const instructions of plan) {
      const outcome = await step(passNumber, 'apply', () => deps.applyFixes(instructions.service, instructions));
      const cost = outcome && typeof outcome.cost === 'number' ? outcome.cost : 0;
      passCost += cost;
      options.onProgress?.({
        type: 'applied',
        passNumber,
        service: instructions.service,
        success: outcome?.success ?? true,
        ...(outcome?.error ? { error: outcome.error } : {}),
        cost,
      });
    }
    totalCost += passCost;

    const after = withStanding(parseScan(await step(passNumber, 'rescan', () => deps.rescan()), `pass ${passNumber} re-scan`), standingRecords);
    const keysAfter = presentKeys(after, services);
    const fixedEarlier = new Set(findings.filter((f) => f.resolution === 'FIXED').map(subjectOf).filter((s): s is string => Boolean(s)));

    let resolved = 0;
    const targetedKeys = new Set(targeted.map((f) => f.key));
    const updated: Finding[] = [];
    for (const f of findings) {
      const present = keysAfter.has(f.key);
      // A failed check is fixed only when the re-scan ran it and it PASSed: a WARN, a SKIP or no record at all verifies nothing.
      const ran = f.source.kind === 'check' && !present ? checkOutcome(after, f.source.check_id) : null;
      const gone = !present && (ran === null || ran === 'PASS');
      const absentNote = ran === null ? 'absent in re-scan' : ran === 'PASS' ? 'the check PASSed in the re-scan' : `not verified: the check ${ran === 'absent' ? 'did not run' : `was ${ran}`} in the re-scan`;
      if (targetedKeys.has(f.key)) {
        const verdict = deps.verifyFinding
          ? await step(passNumber, 'verify', () => deps.verifyFinding!(f, after))
          : { fixed: gone, evidence: present ? 'still present in re-scan' : absentNote };
        const outcome: VerifyOutcome = typeof verdict === 'boolean' ? { fixed: verdict, evidence: verdict ? 'verified fixed' : 'verified not fixed' } : verdict;
        const fixed = outcome.fixed && gone;
        if (fixed) resolved += 1;
        const note = outcome.fixed && !gone ? `${outcome.evidence}; but the full re-scan ${present ? 'still reports it' : absentNote.replace('not verified: ', 'shows ')}` : outcome.evidence;
        updated.push(fixed ? { ...f, resolution: 'FIXED', fix_pass_number: passNumber, fix_verification: `pass ${passNumber}: ${note}` } : { ...f, fix_verification: `pass ${passNumber}: not fixed: ${note}` });
      } else if (f.resolution === 'FIXED' && present) {
        updated.push({ ...f, resolution: 'OPEN', fix_verification: `REGRESSION: reappeared in the re-scan after pass ${passNumber} (fixed in pass ${f.fix_pass_number})` });
      } else if (isOpen(f) && gone) {
        updated.push({ ...f, resolution: 'FIXED', fix_pass_number: passNumber, fix_verification: `pass ${passNumber}: ${absentNote} (not targeted)` });
      } else updated.push(f);
    }
    const fresh = buildFindings(after, { services, standing: standingIds, existing: updated, firstNumber: updated.length + 1 });
    findings = [...updated, ...fresh];

    const afterSnap = takeSnapshot(passNumber, 'after', after.checks, after.violations, services, now());
    snapshots.push(await step(passNumber, 'snapshot', () => writeSnapshot(options.outputDir, afterSnap)));
    const regressions = detectRegressions(before, afterSnap, fixedEarlier);
    regressionsByPass[passNumber] = regressions;

    score = deps.score ? await step(passNumber, 'score', () => deps.score!(after)) : null;
    const openAfter = countOpenByPriority(findings);
    convergence = convergenceScore(openAfter, initialOpen);
    const record = passMetrics({
      passNumber,
      targeted: targeted.length,
      resolved,
      regressions: regressions.length,
      newDefects: fresh.length,
      scoreBefore,
      scoreAfter: score,
      cost: passCost,
      convergence,
      openAfter,
      durationMs: Math.round(performance.now() - started),
    });
    passes.push(record);
    options.onProgress?.({ type: 'pass-end', record, regressions });
    scan = after;
  }

  options.onProgress?.({ type: 'stop', decision });
  // What stays with an owner says so: the audit lists it OPEN for that system.
  findings = findings.map((f) =>
    f.route === 'owner' && isOpen(f) && !f.fix_verification
      ? { ...f, fix_verification: `not handed to a builder: OPEN for ${f.system}${f.source.kind === 'check' && standingIds.has(f.source.check_id) ? ' (no fix pass re-runs this check)' : ''}` }
      : f,
  );
  return {
    findings,
    passes,
    regressions: regressionsByPass,
    stop: decision,
    convergence,
    totalCost,
    snapshots,
    initialOpen,
    finalOpen: countOpenByPriority(findings),
    finalScan: scan,
    score: { initial: initialScore, final: score },
  };
}
