import { formatFixInstructions, writeFixInstructions, type FixViolationInput } from '@run4/builder-runner';
import { countOpenByPriority } from './catalog.js';
import { isOpen, type Finding } from './finding.js';

/**
 * Choose the findings one FIX_INSTRUCTIONS.md lists (seed 001 section 5.1,
 * GENERATE FIX): every open P0, then every open P1, P2 only when
 * P0 + P1 < 5, never P3. The P0 + P1 count is over scan violations, the
 * items section 5.1 classifies: a failed check about the service rides
 * along (it mostly restates a violation the gate itemised, e.g. a 404 on
 * /health beside HEALTH-001) and does not push the P2 fixes out.
 * {@link planFixInstructions} applies it per service.
 *
 * @example
 * selectForInstructions(findings).map((f) => f.priority); // ['P0', 'P1', 'P2']
 */
export function selectForInstructions(findings: readonly Finding[]): Finding[] {
  const open = findings.filter(isOpen);
  const counts = countOpenByPriority(open.filter((f) => f.source.kind === 'violation'));
  const includeP2 = counts.P0 + counts.P1 < 5;
  const pick = (p: Finding['priority']) => open.filter((f) => f.priority === p);
  return [...pick('P0'), ...pick('P1'), ...(includeP2 ? pick('P2') : [])];
}

/** The service whose builder a finding can be handed to (route `builder`), or undefined for findings that stay with their owner. */
export function serviceOf(finding: Finding): string | undefined {
  return finding.route === 'builder' ? finding.source.service : undefined;
}

/** A scan-code-shaped name for a failed check in FIX_INSTRUCTIONS.md: its first requirement id that has that shape (e.g. R4-M4-006), else CHECK-FAILED. */
export function checkCode(requirementIds: readonly string[]): string {
  return requirementIds.find((id) => /^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$/.test(id)) ?? 'CHECK-FAILED';
}

/**
 * The FIX_INSTRUCTIONS.md violations of one finding, in builder-runner's
 * `FixViolationInput` shape: one per occurrence of a violation (file
 * relative to the service's builder directory; `.` when it names no file),
 * one for a failed check (coded by its requirement id, file `.`, the
 * check's evidence as the message).
 *
 * @example
 * toFixViolations(finding); // [{ code: 'LOG-001', priority: 'P2', file_path: 'src/server.js', line: 12, message: '...' }]
 */
export function toFixViolations(finding: Finding): FixViolationInput[] {
  if (finding.source.kind === 'check') {
    return [{ code: checkCode(finding.source.requirement_ids), priority: finding.priority, file_path: '.', message: `${finding.finding_id}: ${finding.evidence}` }];
  }
  return finding.source.occurrences.map((o) => ({
    code: o.code,
    priority: finding.priority,
    severity: o.severity,
    file_path: o.file || '.',
    ...(o.line > 0 ? { line: o.line } : {}),
    message: `${finding.finding_id}: ${o.message}`,
    ...(o.remediation ? { remediation: o.remediation } : {}),
  }));
}

/** What one service's builder receives in a fix pass. */
export interface ServiceFixInstructions {
  service: string;
  findings: Finding[];
  /** The violations to pass to builder-runner's `writeFixInstructions(dir, violations)`. */
  violations: FixViolationInput[];
  /** The FIX_INSTRUCTIONS.md text those violations render to. */
  markdown: string;
}

/**
 * Per-service FIX_INSTRUCTIONS.md content for a fix pass: the open findings
 * routed to each service's builder (violations in its files, failed checks
 * about it that a re-scan repeats), selected by {@link selectForInstructions}
 * for that service's file (so P2 is included when that service has fewer
 * than 5 P0 + P1). Findings routed to their owner (Build 1, Build 3,
 * integration, checks no re-scan repeats) are never handed to a builder.
 *
 * @example
 * for (const s of planFixInstructions(findings)) await writeFixInstructions(dirOf(s.service), s.violations);
 */
export function planFixInstructions(findings: readonly Finding[]): ServiceFixInstructions[] {
  const byService = new Map<string, Finding[]>();
  for (const f of findings.filter(isOpen)) {
    const service = serviceOf(f);
    if (!service) continue;
    byService.set(service, [...(byService.get(service) ?? []), f]);
  }
  return [...byService.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([service, all]) => ({ service, list: selectForInstructions(all) }))
    .filter(({ list }) => list.length > 0)
    .map(({ service, list }) => {
      const violations = list.flatMap(toFixViolations);
      return { service, findings: list, violations, markdown: formatFixInstructions(violations) };
    });
}

/**
 * Write `{dir}/FIX_INSTRUCTIONS.md` for one service through builder-runner's
 * `writeFixInstructions` and return its path.
 *
 * @example
 * await writeServiceFixInstructions('/tmp/out/billing-service', plan[0]);
 */
export async function writeServiceFixInstructions(dir: string, instructions: ServiceFixInstructions): Promise<string> {
  return writeFixInstructions(dir, instructions.violations);
}
