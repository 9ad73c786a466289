import { describe, expect, it } from 'vitest';
import { probeWiringPassed, type ProbeReport } from '../src/index.js';

/** Only the parts of a probe report the wiring verdict reads. */
const report = (over: Partial<Pick<ProbeReport, 'servers' | 'checks' | 'aborted'>> = {}) =>
  ({
    servers: [{ name: 'a', status: 'healthy' }],
    checks: [{ id: 'mcp.a.tool.valid', name: 'x', status: 'PASS', evidence: '', durationMs: 0, requirementIds: ['R4-M2-002'] }],
    aborted: false,
    ...over,
  }) as unknown as ProbeReport;
const fail = (requirementIds: string[]) => ({ id: 'x', name: 'x', status: 'FAIL' as const, evidence: '', durationMs: 0, requirementIds });

describe('probeWiringPassed', () => {
  it('holds for healthy servers and no failed check', () => {
    expect(probeWiringPassed(report())).toBe(true);
  });

  it('is cleared by a functional FAIL, an unhealthy server, an aborted probe or no server at all', () => {
    expect(probeWiringPassed(report({ checks: [fail(['R4-M2-002'])] }))).toBe(false);
    expect(probeWiringPassed(report({ checks: [fail(['R4-M2-007', 'R4-M2-004'])] }))).toBe(false);
    expect(probeWiringPassed(report({ servers: [{ name: 'a', status: 'unhealthy' }] as ProbeReport['servers'] }))).toBe(false);
    expect(probeWiringPassed(report({ aborted: true }))).toBe(false);
    expect(probeWiringPassed(report({ servers: [] }))).toBe(false);
  });

  it('is not cleared by a timing threshold miss alone (R4-M2-007)', () => {
    expect(probeWiringPassed(report({ checks: [fail(['R4-M2-007'])] }))).toBe(true);
  });
});
