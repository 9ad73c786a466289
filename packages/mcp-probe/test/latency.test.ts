import { describe, expect, it } from 'vitest';
import { latencyStats, percentile } from '../src/index.js';

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
