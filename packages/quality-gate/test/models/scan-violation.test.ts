import { describe, expect, it } from 'vitest';
import {
  ALL_SCAN_CODES,
  LAYER3_SCANNERS,
  LAYER3_SCAN_CODES,
  LAYER4_SCAN_CODES,
  ScanViolationSchema,
  getScanCode,
  securitySeverityScore,
  toScanSeverity,
} from '../../src/models/index.js';

describe('ScanViolationSchema', () => {
  const base = { code: 'SEC-SECRET-007', severity: 'error', category: 'secrets', file_path: 'a/db.py', line: 3, message: 'Hard-coded password.' };
  it('accepts the seed fields plus the Run 4 extras', () => {
    expect(ScanViolationSchema.parse({ ...base, column: 5, rule_id: 'run4/SEC-SECRET-007', remediation: 'Use env', snippet: 'PW = "hunt…"', service: 'db' })).toMatchObject(base);
  });
  it('rejects unknown severities, malformed codes and unknown keys', () => {
    expect(() => ScanViolationSchema.parse({ ...base, severity: 'critical' })).toThrow();
    expect(() => ScanViolationSchema.parse({ ...base, code: 'sec1' })).toThrow();
    expect(() => ScanViolationSchema.parse({ ...base, secret: 'x' })).toThrow();
    expect(() => ScanViolationSchema.parse({ ...base, line: -1 })).toThrow();
  });
});

describe('scan code catalogue (seed 004 sections 6.4-6.5)', () => {
  it('lists the 34 Layer 3 codes and ADV-001..006 with seed severities mapped onto error/warning/info', () => {
    expect(LAYER3_SCAN_CODES).toHaveLength(34);
    expect(LAYER4_SCAN_CODES.map((c) => c.code)).toEqual(['ADV-001', 'ADV-002', 'ADV-003', 'ADV-004', 'ADV-005', 'ADV-006']);
    expect(new Set(ALL_SCAN_CODES.map((c) => c.code)).size).toBe(40);
    expect(getScanCode('SEC-002')).toMatchObject({ seedSeverity: 'critical', severity: 'error', category: 'security' });
    expect(getScanCode('DOCKER-003')).toMatchObject({ seedSeverity: 'warning', severity: 'warning' });
    expect(getScanCode('ADV-004')?.severity).toBe('info');
    expect(getScanCode('NOPE-001')).toBeUndefined();
    expect(toScanSeverity('high')).toBe('error');
    expect(securitySeverityScore('critical')).toBe('9.5');
  });
  it('maps each layer3_scanners name to its category codes', () => {
    expect(Object.keys(LAYER3_SCANNERS)).toEqual(['security', 'cors', 'logging', 'trace', 'secrets', 'docker', 'health']);
    expect(LAYER3_SCANNERS.secrets).toHaveLength(12);
    expect(LAYER3_SCANNERS.docker).toHaveLength(8);
    expect(Object.values(LAYER3_SCANNERS).flat()).toHaveLength(34);
  });
});
