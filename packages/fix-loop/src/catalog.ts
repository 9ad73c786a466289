import { CheckRecordSchema, type CheckRecord } from '@run4/checks';
import { z } from 'zod';
import { classifyPriority, factsForCheck, factsForViolation, PRIORITIES } from './classify.js';
import { findingId, type Finding, type FindingOccurrence } from './finding.js';
import { parseOrThrow } from './parse-input.js';
import { FixLoopViolationSchema, isContractCode, locateViolation, type FixLoopViolation, type FixLoopViolationInput } from './violation.js';

/** The result of one scan of the whole system: check records and scan violations. */
export interface ScanResult {
  checks: readonly CheckRecord[];
  violations: readonly FixLoopViolationInput[];
}

export interface BuildFindingsOptions {
  /**
   * Generated service names: a violation whose path starts with `<service>/`
   * and a check whose id names exactly one of them (`l2.<service>.health`)
   * are attributed to that service (and to its builder).
   */
  services?: readonly string[];
  /**
   * Ids of checks no re-scan repeats (earlier milestones' checks): their
   * findings are routed to their owner, never to a builder, since no fix
   * pass could verify them.
   */
  standing?: ReadonlySet<string>;
  /** Override the seed system ("Build 1", "Build 2", "Build 3", "Integration") of a finding. */
  systemOf?: (source: Finding['source']) => string | undefined;
  /** Number of the first new finding (default 1). */
  firstNumber?: number;
  /** Findings already catalogued: a finding with the same key keeps its entry and is not repeated. */
  existing?: readonly Finding[];
}

/** Identity of a violation finding across passes: code, service and file (line numbers move when code is fixed). */
export function violationKey(code: string, service: string | undefined, file: string): string {
  return `violation:${code}:${service ?? '-'}:${file}`;
}

/** Identity of a check finding across passes: its check id. */
export function checkKey(checkId: string): string {
  return `check:${checkId}`;
}

/**
 * The seed system that owns a check's failure, from its requirement ids:
 * the one build whose ids it carries (B1-* → Build 1, B2-* → Build 2,
 * B3-* → Build 3), also when cross-build ids (X-*, SC-*) come with it;
 * Integration when it carries none or several builds' ids.
 *
 * @example
 * systemOfCheck(['B1-07', 'R4-M2-002', 'X-03']); // 'Build 1'
 * systemOfCheck(['R4-M4-006']); // 'Integration'
 */
export function systemOfCheck(requirementIds: readonly string[]): string {
  const prefixes = new Set(requirementIds.map((id) => id.split('-')[0]));
  const builds = (['B1', 'B2', 'B3'] as const).filter((p) => prefixes.has(p));
  if (builds.length === 1) return `Build ${builds[0]?.slice(1)}`;
  return 'Integration';
}

/**
 * The generated service a check is about: the one of `services` its id
 * names as a dot-separated segment (`l2.billing-service.health`), else its
 * `data.service` when that is one of them; undefined when it names none or
 * several (e.g. a pact between two services).
 *
 * @example
 * serviceOfCheck(check('l1.accounts-service.build', 'build', 'FAIL', 'exit 1', ['X-09']), ['accounts-service', 'billing-service']); // 'accounts-service'
 */
export function serviceOfCheck(c: Pick<CheckRecord, 'id' | 'data'>, services: readonly string[]): string | undefined {
  const segments = new Set(c.id.split('.'));
  const named = services.filter((s) => segments.has(s));
  if (named.length === 1) return named[0];
  if (named.length > 1) return undefined;
  const declared = (c.data as { service?: unknown } | undefined)?.service;
  return typeof declared === 'string' && services.includes(declared) ? declared : undefined;
}

/** Group scan violations into one entry per (code, service, file), keeping every occurrence. */
export function groupViolations(
  violations: readonly FixLoopViolation[],
  services: readonly string[] = [],
): Map<string, { code: string; service: string | undefined; file: string; items: FindingOccurrence[]; worst: FixLoopViolation }> {
  const groups = new Map<string, { code: string; service: string | undefined; file: string; items: FindingOccurrence[]; worst: FixLoopViolation }>();
  const rank = { critical: 4, high: 3, error: 2, warning: 1, info: 0 } as const;
  for (const v of violations) {
    const { service, file } = locateViolation(v, services);
    const key = violationKey(v.code, service, file);
    const item: FindingOccurrence = {
      code: v.code,
      severity: v.severity,
      file,
      line: v.line,
      message: v.message,
      ...(v.remediation ? { remediation: v.remediation } : {}),
    };
    const group = groups.get(key);
    if (!group) groups.set(key, { code: v.code, service, file, items: [item], worst: v });
    else {
      group.items.push(item);
      if (rank[v.severity] > rank[group.worst.severity]) group.worst = v;
    }
  }
  return groups;
}

/**
 * Build the defect catalog (R4-M5-001) from every FAIL check record and
 * every scan violation: one FINDING-NNN per failing check and per
 * (code, service, file) of violations, classified P0..P3 by the decision
 * tree of seed 001 section 5.1, ordered P0 first. Findings whose key is in
 * `existing` are not repeated.
 *
 * @example
 * const findings = buildFindings({ checks, violations }, { services: ['accounts-service', 'billing-service'] });
 * findings[0].finding_id; // 'FINDING-001'
 */
export function buildFindings(scan: ScanResult, options: BuildFindingsOptions = {}): Finding[] {
  const checks = parseOrThrow(z.array(CheckRecordSchema), scan.checks, 'check records');
  const violations = parseOrThrow(z.array(FixLoopViolationSchema), scan.violations, 'scan violations');
  const known = new Set((options.existing ?? []).map((f) => f.key));
  const drafts: Omit<Finding, 'finding_id'>[] = [];

  for (const c of checks) {
    if (c.status !== 'FAIL') continue;
    const key = checkKey(c.id);
    if (known.has(key)) continue;
    known.add(key);
    const { priority, reason } = classifyPriority(factsForCheck(c));
    const service = serviceOfCheck(c, options.services ?? []);
    const source = { kind: 'check' as const, check_id: c.id, requirement_ids: [...c.requirementIds], ...(service ? { service } : {}) };
    // A check about one generated service is that service's builder's (Build 2) to fix; any other belongs to the build its requirement ids name.
    const system = options.systemOf?.(source) ?? (service ? 'Build 2' : systemOfCheck(c.requirementIds));
    const route = service && !options.standing?.has(c.id) ? 'builder' : 'owner';
    drafts.push({
      priority,
      priority_reason: reason,
      route,
      system,
      component: service ? `${service}: ${c.id}` : c.id,
      evidence: `check ${c.id} (${c.name}) FAILED: ${c.evidence}`,
      recommendation: `${route === 'owner' ? `For ${system} (no builder can be given this): make` : 'Make'} check "${c.name}" pass${c.requirementIds.length ? ` (requirements ${c.requirementIds.join(', ')})` : ''}: ${c.evidence}`,
      resolution: 'OPEN',
      fix_pass_number: 0,
      fix_verification: '',
      key,
      source,
    });
  }

  for (const [key, g] of groupViolations(violations, options.services)) {
    if (known.has(key)) continue;
    known.add(key);
    const { priority, reason } = classifyPriority(factsForViolation(g.worst));
    const source = { kind: 'violation' as const, code: g.code, ...(g.service ? { service: g.service } : {}), file: g.file, occurrences: g.items };
    const where = (o: FindingOccurrence) => `${g.service ? `${g.service}/` : ''}${o.file || '(no file)'}${o.line ? `:${o.line}` : ''}`;
    const fixes = [...new Set(g.items.map((o) => o.remediation).filter((r): r is string => Boolean(r)))];
    drafts.push({
      priority,
      priority_reason: reason,
      // A violation in a generated service's files goes to that service's builder; one outside every service has no builder.
      route: g.service ? 'builder' : 'owner',
      system: options.systemOf?.(source) ?? (isContractCode(g.code) ? 'Integration' : g.service ? 'Build 2' : 'Build 3'),
      component: `${g.service ?? '(no service)'}:${g.file || '(no file)'} [${g.code}]`,
      evidence: g.items.map((o) => `[${o.code}] ${where(o)} — ${o.message}`).join('\n'),
      recommendation: fixes.length ? fixes.join('; ') : `Remove the ${g.code} violation(s) listed in the evidence.`,
      resolution: 'OPEN',
      fix_pass_number: 0,
      fix_verification: '',
      key,
      source,
    });
  }

  const order = (p: string) => PRIORITIES.indexOf(p as (typeof PRIORITIES)[number]);
  const sorted = drafts.map((d, i) => ({ d, i })).sort((a, b) => order(a.d.priority) - order(b.d.priority) || a.i - b.i);
  const first = options.firstNumber ?? 1;
  return sorted.map(({ d }, i) => ({ finding_id: findingId(first + i), ...d }));
}

/** Count open findings per priority. */
export function countOpenByPriority(findings: readonly Finding[]): Record<'P0' | 'P1' | 'P2' | 'P3', number> {
  const counts = { P0: 0, P1: 0, P2: 0, P3: 0 };
  for (const f of findings) if (f.resolution === '' || f.resolution === 'OPEN') counts[f.priority] += 1;
  return counts;
}
