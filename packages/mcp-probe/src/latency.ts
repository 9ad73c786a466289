import { z } from 'zod';

export const LatencyStatsSchema = z.object({
  /** Number of calls the percentiles are over. */
  n: z.number().int(),
  p50: z.number(),
  p95: z.number(),
  p99: z.number(),
  max: z.number(),
  /** Latency of the first (cold) call, when it is kept out of the percentiles. */
  first: z.number().optional(),
});
export type LatencyStats = z.infer<typeof LatencyStatsSchema>;

const round = (x: number) => Math.round(x * 100) / 100;

/**
 * Nearest-rank percentile of a sample (ms), as latency reports use.
 *
 * @example
 * percentile([1, 2, 3, 4], 50); // 2
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? 0;
}

/**
 * p50/p95/p99/max of a sample, rounded to 0.01 ms.
 *
 * @example
 * latencyStats([3, 1, 2]); // { n: 3, p50: 2, p95: 3, p99: 3, max: 3 }
 */
export function latencyStats(samples: readonly number[]): LatencyStats {
  return {
    n: samples.length,
    p50: round(percentile(samples, 50)),
    p95: round(percentile(samples, 95)),
    p99: round(percentile(samples, 99)),
    max: round(samples.length ? Math.max(...samples) : 0),
  };
}

/**
 * Per-tool latency of successful calls: the first call of a tool is cold
 * (module loading, caches), so with 2+ samples it is reported as `first`
 * and the percentiles are over the warm calls that follow.
 *
 * @example
 * toolLatency([900, 3, 1, 2]); // { n: 3, p50: 2, p95: 3, p99: 3, max: 3, first: 900 }
 */
export function toolLatency(samples: readonly number[]): LatencyStats {
  if (samples.length < 2) return latencyStats(samples);
  return { ...latencyStats(samples.slice(1)), first: Math.round(samples[0]! * 100) / 100 };
}
