import type { HealthCheckResult } from './health-check.js';

/** Seed 002 §4.4 HealthAggregation, plus per-service response times and errors. */
export interface HealthAggregation {
  total_services: number;
  healthy_services: number;
  unhealthy_services: string[];
  all_healthy: boolean;
  results: Record<string, HealthCheckResult>;
  response_times_ms: Record<string, number>;
  errors: Record<string, string>;
}

/**
 * Summarise health results: how many are healthy, which are not and why.
 *
 * @example
 * const agg = aggregateHealth(outcome.results);
 * if (!agg.all_healthy) console.error(agg.unhealthy_services, agg.errors);
 */
export function aggregateHealth(results: Record<string, HealthCheckResult>): HealthAggregation {
  const unhealthy = Object.entries(results).filter(([, r]) => !r.healthy).map(([n]) => n);
  return {
    total_services: Object.keys(results).length,
    healthy_services: Object.keys(results).length - unhealthy.length,
    unhealthy_services: unhealthy,
    all_healthy: unhealthy.length === 0,
    results,
    response_times_ms: Object.fromEntries(Object.entries(results).map(([n, r]) => [n, r.response_time_ms])),
    errors: Object.fromEntries(Object.entries(results).filter(([, r]) => !r.healthy).map(([n, r]) => [n, r.error || `HTTP ${r.status_code}`])),
  };
}
