import { BuilderResultSchema } from '@run4/builder-runner';
import { describe, expect, it } from 'vitest';
import { evaluateLayer1 } from '../../src/layer1/layer1.js';

const good = { system_id: 'system-3', service_id: 'auth-service', success: true, test_passed: 9, test_total: 10, convergence_ratio: 0.9 };

describe('evaluateLayer1', () => {
  it('passes a service at exactly the 0.9 thresholds', () => {
    const r = evaluateLayer1([good]);
    expect(r.passed).toEqual(['auth-service']);
    expect(r.checks.map((c) => c.status)).toEqual(['PASS', 'PASS', 'PASS']);
    expect(r.checks.every((c) => c.requirementIds.includes('X-09'))).toBe(true);
  });

  it('fails a service on each condition separately and says why', () => {
    const r = evaluateLayer1([
      { ...good, service_id: 'a', success: false, error: 'tsc failed' },
      { ...good, service_id: 'b', test_passed: 8 },
      { ...good, service_id: 'c', convergence_ratio: 0.89 },
      { ...good, service_id: 'd', test_passed: 0, test_total: 0 },
    ]);
    expect(r.passed).toEqual([]);
    expect(r.services.map((s) => s.reasons)).toEqual([
      ['build failed: tsc failed'],
      ['test pass rate 0.800 < 0.9'],
      ['convergence 0.890 < 0.9'],
      ['no tests reported (test_total = 0)'],
    ]);
    expect(r.passed_checks).toBe(8);
    expect(r.total_checks).toBe(12);
  });

  it('fails a malformed BuilderResult instead of throwing', () => {
    const r = evaluateLayer1([{ service_id: 'x', success: 'yes' }]);
    expect(r.failed).toEqual(['x']);
    expect(r.services[0]!.reasons[0]).toMatch(/BuilderResult is malformed/);
  });

  it('reads the full BuilderResult that @run4/builder-runner produces', () => {
    const full = BuilderResultSchema.parse({
      ...good,
      cost: 0,
      error: '',
      output_dir: '/tmp/auth',
      artifacts: [],
      failure: null,
      exit_code: 0,
      signal: null,
      timed_out: false,
      command: ['node', 'cli.js'],
      started_at: '2026-01-01T00:00:00Z',
      finished_at: '2026-01-01T00:00:01Z',
      duration_ms: 1000,
      stdout_file: 'o',
      stderr_file: 'e',
      stdout_truncated: false,
      stderr_truncated: false,
      leftover_processes_killed: false,
      health: 'green',
      completed_phases: [],
    });
    expect(evaluateLayer1([full]).passed).toEqual(['auth-service']);
  });
});
