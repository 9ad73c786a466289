import { z } from 'zod';

/** Result of one HTTP health probe (seed 002 §4.1 HealthCheckResult). */
export const HealthCheckResultSchema = z.object({
  service: z.string(),
  url: z.string(),
  healthy: z.boolean(),
  status_code: z.number().int(),
  response_time_ms: z.number().nonnegative(),
  error: z.string(),
});
export type HealthCheckResult = z.infer<typeof HealthCheckResultSchema>;

/**
 * GET one health URL; healthy means HTTP 200. Never throws: network errors and
 * timeouts become `healthy: false` with `error` set.
 *
 * @example
 * const r = await checkServiceHealth('architect', 'http://127.0.0.1:8001/api/health');
 * console.log(r.healthy, r.response_time_ms);
 */
export async function checkServiceHealth(service: string, url: string, timeoutMs = 5000): Promise<HealthCheckResult> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 1000) / 1000;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(Math.max(1, Math.ceil(timeoutMs))) });
    await res.arrayBuffer().catch(() => undefined);
    return { service, url, healthy: res.status === 200, status_code: res.status, response_time_ms: elapsed(), error: res.status === 200 ? '' : `HTTP ${res.status}` };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    const detail = e.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { service, url, healthy: false, status_code: 0, response_time_ms: elapsed(), error: detail };
  }
}

/**
 * Check several services at once (seed 002 §4.2).
 *
 * @example
 * const results = await checkAllServices({ a: 'http://127.0.0.1:8001/health' });
 */
export async function checkAllServices(urls: Record<string, string>, timeoutMs = 5000): Promise<HealthCheckResult[]> {
  return Promise.all(Object.entries(urls).map(([svc, url]) => checkServiceHealth(svc, url, timeoutMs)));
}
