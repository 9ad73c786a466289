import { describe, expect, it } from 'vitest';
import { CheckRecordSchema, check, runCheck } from '../src/index.js';

describe('check record', () => {
  it('accepts the four statuses and rejects anything else', () => {
    expect(check('a', 'A', 'PASS', 'ok').status).toBe('PASS');
    expect(() => check('a', 'A', 'OK' as never, 'ok')).toThrow();
    expect(CheckRecordSchema.safeParse({ id: 'a', name: 'A', status: 'PASS', evidence: '', durationMs: 1, requirementIds: [], extra: 1 }).success).toBe(false);
  });

  it('runCheck turns a thrown error into a FAIL with the message as evidence', async () => {
    const rec = await runCheck({ id: 'x', name: 'X', requirementIds: ['SC-01'] }, () => {
      throw new Error('boom');
    });
    expect(rec.status).toBe('FAIL');
    expect(rec.evidence).toContain('boom');
    expect(rec.requirementIds).toEqual(['SC-01']);
    expect(rec.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('runCheck records the outcome and its data', async () => {
    const rec = await runCheck({ id: 'y', name: 'Y' }, async () => ({ status: 'WARN', evidence: 'slow', data: { ms: 5 } }));
    expect(rec).toMatchObject({ id: 'y', status: 'WARN', evidence: 'slow', data: { ms: 5 }, requirementIds: [] });
  });
});
