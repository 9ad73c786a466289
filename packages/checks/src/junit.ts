import type { CheckRecord } from './check-record.js';

/** A named group of checks, written as one `<testsuite>`. */
export interface CheckSuite {
  name: string;
  checks: readonly CheckRecord[];
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escape text for XML and drop characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/**
 * Render check suites as JUnit XML that CI systems (GitHub, GitLab, Jenkins)
 * read: FAIL becomes `<failure>`, SKIP `<skipped>`, WARN passes with a
 * `<system-out>` note; requirement ids go in `<properties>`.
 *
 * @example
 * const xml = toJUnitXml([{ name: 'm1', checks: records }]);
 */
export function toJUnitXml(suites: readonly CheckSuite[], name = 'run4'): string {
  const all = suites.flatMap((s) => s.checks);
  const totalTime = all.reduce((sum, c) => sum + c.durationMs, 0);
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(
    `<testsuites name="${escapeXml(name)}" tests="${all.length}" failures="${all.filter((c) => c.status === 'FAIL').length}" skipped="${all.filter((c) => c.status === 'SKIP').length}" time="${seconds(totalTime)}">`,
  );
  for (const suite of suites) {
    const failures = suite.checks.filter((c) => c.status === 'FAIL').length;
    const skipped = suite.checks.filter((c) => c.status === 'SKIP').length;
    const time = suite.checks.reduce((sum, c) => sum + c.durationMs, 0);
    lines.push(
      `  <testsuite name="${escapeXml(suite.name)}" tests="${suite.checks.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(time)}">`,
    );
    for (const c of suite.checks) {
      lines.push(`    <testcase classname="${escapeXml(suite.name)}" name="${escapeXml(`${c.id}: ${c.name}`)}" time="${seconds(c.durationMs)}">`);
      if (c.requirementIds.length > 0) {
        lines.push('      <properties>');
        for (const id of c.requirementIds) lines.push(`        <property name="requirement" value="${escapeXml(id)}"/>`);
        lines.push('      </properties>');
      }
      if (c.status === 'FAIL') lines.push(`      <failure message="${escapeXml(c.evidence.slice(0, 200))}">${escapeXml(c.evidence)}</failure>`);
      else if (c.status === 'SKIP') lines.push(`      <skipped message="${escapeXml(c.evidence)}"/>`);
      else if (c.status === 'WARN') lines.push(`      <system-out>${escapeXml(`WARN: ${c.evidence}`)}</system-out>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
