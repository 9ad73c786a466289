import { describe, expect, it } from 'vitest';
import { latencyStats, percentile, toolLatency } from '../src/index.js';

describe('latency percentiles', () => {
  it('uses nearest rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 95)).toBe(95);
    expect(percentile(xs, 99)).toBe(99);
    expect(latencyStats([3, 1, 2])).toEqual({ n: 3, p50: 2, p95: 3, p99: 3, max: 3 });
  });

  it('is zero for no samples', () => {
    expect(latencyStats([])).toEqual({ n: 0, p50: 0, p95: 0, p99: 0, max: 0 });
  });
});

describe('toolLatency', () => {
  it('keeps the first (cold) call out of the percentiles when there are 2+ samples', () => {
    expect(latencyStats([1])).toEqual({ n: 1, p50: 1, p95: 1, p99: 1, max: 1 });
    expect(toolLatency([900, 3, 1, 2])).toEqual({ n: 3, p50: 2, p95: 3, p99: 3, max: 3, first: 900 });
    expect(toolLatency([7])).toEqual({ n: 1, p50: 7, p95: 7, p99: 7, max: 7 });
  });
});
