import { describe, expect, it } from 'vitest';
import { classifyPriority, factsForCheck, factsForViolation, FixLoopViolationSchema, type PriorityFacts } from '../src/index.js';
import { fail, HEALTH, LOG, SCHEMA, v } from './helpers.js';

const none: PriorityFacts = {
  systemCannotStart: false,
  primaryUseCaseFails: false,
  workaroundExists: false,
  secondaryFeatureFails: false,
  affectsIntegration: false,
  cosmetic: false,
};
const classifyV = (input: Parameters<typeof FixLoopViolationSchema.parse>[0]) => classifyPriority(factsForViolation(FixLoopViolationSchema.parse(input))).priority;

describe('classifyPriority walks the seed 5.1 decision tree in order', () => {
  it.each([
    [{ systemCannotStart: true, cosmetic: true }, 'P0'],
    [{ primaryUseCaseFails: true }, 'P0'],
    [{ primaryUseCaseFails: true, workaroundExists: true }, 'P1'],
    [{ secondaryFeatureFails: true, affectsIntegration: true }, 'P1'],
    [{ secondaryFeatureFails: true }, 'P2'],
    [{ cosmetic: true }, 'P3'],
    [{}, 'P3'],
  ] as const)('%o → %s', (facts, expected) => {
    expect(classifyPriority({ ...none, ...facts }).priority).toBe(expected);
  });
});

describe('violations are classified from code, category and severity', () => {
  it('puts the three planted violations at P0 (no health endpoint), P1 (contract) and P2 (print)', () => {
    expect([classifyV(HEALTH), classifyV(SCHEMA), classifyV(LOG)]).toEqual(['P0', 'P1', 'P2']);
  });
  it('makes critical secrets P0, docker errors P1 and info findings P3', () => {
    expect(classifyV(v('SEC-SECRET-001', 's', 'a.js', 'critical', 1, 'secrets'))).toBe('P0');
    expect(classifyV(v('SEC-001', 's', 'a.js', 'error', 1, 'security'))).toBe('P0');
    expect(classifyV(v('DOCKER-001', 's', 'Dockerfile', 'error', 1, 'docker'))).toBe('P1');
    expect(classifyV(v('TRACE-001', 's', 'a.js', 'warning', 1, 'trace'))).toBe('P1');
    expect(classifyV(v('ADV-004', 's', 'a.js', 'info', 1, 'adversarial'))).toBe('P3');
  });
});

describe('failed checks are classified from their requirement priorities', () => {
  const p = (ids: string[]) => classifyPriority(factsForCheck(fail('c', ids))).priority;
  it('treats deploy/health and MCP handshake failures as cannot-start P0', () => {
    expect(p(['B1-02'])).toBe('P0');
    expect(p(['B1-09'])).toBe('P0');
  });
  it('maps P0 requirements to P0, P1 requirements to P1, performance to P3, untagged to P2', () => {
    expect(p(['B1-07'])).toBe('P0');
    expect(p(['B1-05'])).toBe('P1');
    expect(p(['X-07'])).toBe('P1');
    expect(p(['SC-08'])).toBe('P3');
    expect(p([])).toBe('P2');
  });
});
