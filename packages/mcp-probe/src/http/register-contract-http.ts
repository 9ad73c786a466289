import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

/**
 * Register one OpenAPI contract with a Contract Engine's HTTP API
 * (`POST <url>/api/contracts`), so that a client looking the service up
 * (the architect's cross-reference) has something to find. The spec is the
 * given file, or a minimal valid document named after the service. Never
 * throws: returns `ok` or the HTTP status / error text, for a progress line.
 *
 * @example
 * await registerContractHttp('http://127.0.0.1:8002', 'accounts-api', 'contracts/accounts.yaml', { timeoutMs: 30_000, buildCycleId: 'run4-1' }); // 'ok'
 */
export async function registerContractHttp(url: string, service: string, openapiFile: string | undefined, options: { timeoutMs: number; buildCycleId: string }): Promise<string> {
  const spec = openapiFile ? (parseYaml(readFileSync(openapiFile, 'utf8')) as Record<string, unknown>) : { openapi: '3.1.0', info: { title: service, version: '1.0.0' }, paths: {} };
  const res = await fetch(`${url}/api/contracts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ service_name: service, type: 'openapi', version: '1.0.0', spec, build_cycle_id: options.buildCycleId }),
    signal: AbortSignal.timeout(options.timeoutMs),
  }).catch((error: Error) => ({ ok: false, status: 0, statusText: error.message }));
  return res.ok ? 'ok' : `HTTP ${res.status} ${res.statusText}`;
}
