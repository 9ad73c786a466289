import { setTimeout as sleep } from 'node:timers/promises';
import { checkAllServices, type HealthCheckResult } from './health-check.js';

/** Options of {@link pollUntilHealthy} (seed 002 §4.3). */
export interface PollOptions {
  /** Give up after this many ms (default 120 000). */
  timeout?: number;
  /** Pause between rounds in ms (default 3000). */
  interval?: number;
  /** Consecutive 200s needed per service (default 2). */
  requiredConsecutive?: number;
  /** Per-request timeout in ms (default 5000). */
  requestTimeout?: number;
  /** Stop early (e.g. a process died); the last results are returned. */
  signal?: AbortSignal;
  /** Called after each round, e.g. for progress output or fail-fast checks. */
  onRound?: (results: Record<string, HealthCheckResult>, round: number) => void;
}

/** What {@link pollUntilHealthy} returns: the last result per service plus how the wait ended. */
export interface PollOutcome {
  results: Record<string, HealthCheckResult>;
  allHealthy: boolean;
  rounds: number;
  elapsedMs: number;
  /** Per service, the ms from the start until its streak of successes was complete. */
  healthyAfterMs: Record<string, number>;
  endedBy: 'healthy' | 'timeout' | 'aborted';
}

/**
 * Poll every URL until each one answered 200 `requiredConsecutive` times in a
 * row, or the timeout passes. A failure resets that service's streak.
 *
 * @example
 * const outcome = await pollUntilHealthy({ api: 'http://127.0.0.1:8080/health' }, { timeout: 30_000, interval: 500, requiredConsecutive: 2 });
 * if (!outcome.allHealthy) console.error(aggregateHealth(outcome.results).unhealthy_services);
 */
export async function pollUntilHealthy(urls: Record<string, string>, options: PollOptions = {}): Promise<PollOutcome> {
  const timeout = options.timeout ?? 120_000;
  const interval = options.interval ?? 3000;
  const required = Math.max(1, options.requiredConsecutive ?? 2);
  const started = performance.now();
  const deadline = started + timeout;
  const streak: Record<string, number> = Object.fromEntries(Object.keys(urls).map((s) => [s, 0]));
  const healthyAfterMs: Record<string, number> = {};
  const results: Record<string, HealthCheckResult> = {};
  let rounds = 0;
  const outcome = (endedBy: PollOutcome['endedBy']): PollOutcome => ({
    results, allHealthy: Object.keys(urls).every((s) => streak[s]! >= required), rounds,
    elapsedMs: Math.round(performance.now() - started), healthyAfterMs, endedBy,
  });
  if (Object.keys(urls).length === 0) return outcome('healthy');

  for (;;) {
    if (options.signal?.aborted) return outcome('aborted');
    const pending = Object.fromEntries(Object.entries(urls).filter(([s]) => streak[s]! < required));
    // never less than 500 ms per request: a round at the deadline still gets a real answer
    const remaining = Math.max(500, deadline - performance.now());
    rounds++;
    for (const r of await checkAllServices(pending, Math.min(options.requestTimeout ?? 5000, remaining))) {
      results[r.service] = r;
      streak[r.service] = r.healthy ? streak[r.service]! + 1 : 0;
      if (streak[r.service]! >= required) healthyAfterMs[r.service] = Math.round(performance.now() - started);
    }
    options.onRound?.(results, rounds);
    if (Object.values(streak).every((n) => n >= required)) return outcome('healthy');
    if (performance.now() + interval > deadline) return outcome('timeout');
    try {
      await sleep(interval, undefined, options.signal ? { signal: options.signal } : undefined);
    } catch {
      return outcome('aborted');
    }
  }
}
