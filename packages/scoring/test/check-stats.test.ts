import { describe, expect, it } from 'vitest';
import { countChecks, describeCounts, passRate, tagStatus } from '../src/index.js';
import { rec } from './helpers.js';

describe('countChecks / passRate', () => {
  it('counts only PASS as passed; WARN and SKIP stay in the total', () => {
    const c = countChecks([rec('a', 'PASS', []), rec('b', 'WARN', []), rec('c', 'FAIL', []), rec('d', 'SKIP', [])]);
    expect(c).toMatchObject({ passed: 1, warned: 1, failed: 1, skipped: 1, ran: 3, total: 4 });
    expect(passRate(c)).toBe(0.25);
    expect(describeCounts(c, 'checks')).toBe('1/4 checks passed (1 FAIL, 1 WARN, 1 SKIP: not counted as passed)');
  });
  it('has no rate when nothing ran', () => {
    expect(passRate(countChecks([rec('d', 'SKIP', [])]))).toBeNull();
    expect(passRate(countChecks([]))).toBeNull();
  });
});

describe('tagStatus', () => {
  it('is the worst status that ran: FAIL, then WARN, then PASS; SKIP-only is UNTESTED with its reason', () => {
    const checks = [rec('p', 'PASS', ['A']), rec('w', 'WARN', ['A', 'B']), rec('f', 'FAIL', ['C']), rec('p2', 'PASS', ['C']), rec('s', 'SKIP', ['D'])];
    expect(tagStatus(checks, ['A'])).toMatchObject({ status: 'WARN', reason: 'w WARN: w warn' });
    expect(tagStatus(checks, ['C'])).toMatchObject({ status: 'FAIL', reason: 'f FAIL: f fail' });
    expect(tagStatus(checks, ['D'])).toMatchObject({ status: 'UNTESTED', reason: 's SKIP: s skip' });
    expect(tagStatus(checks, ['E'])).toMatchObject({ status: 'UNTESTED', reason: 'no check carries E' });
    expect(tagStatus([rec('p', 'PASS', ['A'])], ['A'])).toMatchObject({ status: 'PASS', reason: '' });
  });
});
