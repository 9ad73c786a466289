import { describe, expect, it } from 'vitest';
import { byFamily, familyOf, matches, rates, scoreProject } from './score.js';

const labels = {
  findings: [
    { code: 'SEC-001', file: 'a/routes.py', line: 10 },
    { code: 'DOCKER-008', file: 'docker-compose.yml', lines: [4, 6] as [number, number] },
    { code: 'ADV-003', file: 'orphan', line: 0 },
  ],
  decoys: [{ code: 'SEC-001', file: 'a/routes.py', line: 20 }],
};

describe('corpus scoring', () => {
  it('matches on code, file (or directory) and line range', () => {
    expect(matches(labels.findings[1]!, { code: 'DOCKER-008', file_path: 'docker-compose.yml', line: 5 })).toBe(true);
    expect(matches(labels.findings[1]!, { code: 'DOCKER-008', file_path: 'docker-compose.yml', line: 7 })).toBe(false);
    expect(matches(labels.findings[2]!, { code: 'ADV-003', file_path: 'orphan/package.json', line: 1 })).toBe(true);
    expect(matches(labels.findings[0]!, { code: 'SEC-002', file_path: 'a/routes.py', line: 10 })).toBe(false);
  });

  it('fails the bar when a finding is missed or a decoy is hit', () => {
    const score = scoreProject(labels, [
      { code: 'SEC-001', file_path: 'a/routes.py', line: 20 },
      { code: 'DOCKER-008', file_path: 'docker-compose.yml', line: 4 },
    ]);
    expect(score.missed.map((m) => m.code)).toEqual(['SEC-001', 'ADV-003']);
    expect(score.falsePositives).toEqual([{ code: 'SEC-001', file_path: 'a/routes.py', line: 20, decoy: true }]);
    const fam = byFamily(score.perCode);
    expect(rates(fam.get('SEC')!)).toEqual({ recall: 0, precision: 0 });
    expect(rates(fam.get('DOCKER')!)).toEqual({ recall: 1, precision: 1 });
    expect(rates(fam.get('ADV')!).recall).toBe(0);
  });

  it('puts SEC-SECRET codes in their own family', () => {
    expect(familyOf('SEC-SECRET-012')).toBe('SEC-SECRET');
    expect(familyOf('SEC-006')).toBe('SEC');
    expect(() => familyOf('XYZ-001')).toThrow(/no family/);
  });
});
