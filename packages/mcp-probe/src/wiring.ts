import type { ProbeReport } from './report.js';

/**
 * Whether a probe shows the Build 1 servers wired for a client: every server
 * healthy, the probe not aborted, and no functional check FAILed. A check
 * that gives evidence only for the timing thresholds (R4-M2-007) does not
 * clear it; it stays in the report.
 *
 * @example
 * probeWiringPassed(await probeServers({ servers, profile: 'build1' })); // true
 */
export function probeWiringPassed(report: ProbeReport): boolean {
  const functionalFail = report.checks.some((c) => c.status === 'FAIL' && !c.requirementIds.every((id) => id === 'R4-M2-007'));
  return report.servers.length > 0 && report.servers.every((s) => s.status === 'healthy') && !functionalFail && !report.aborted;
}
