import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckRecord } from '@run4/checks';
import { runLiveCompliance, scanLayer3 } from '@run4/quality-gate';
import { execa } from 'execa';
import getPort from 'get-port';
import type { FixLoopViolationInput } from '../../src/index.js';

/** Wait until something answers HTTP on `baseUrl` (any status: the planted build has no /health). */
async function waitForHttp(baseUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(new URL('/', baseUrl), { signal: AbortSignal.timeout(1000) });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`service at ${baseUrl} did not answer within ${timeoutMs} ms: ${(error as Error).message}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}

/**
 * The real re-scan of one generated service: Layer 3 of the quality gate on
 * its files, then the service started with node on a loopback port and
 * Layer 2 live contract compliance against its OpenAPI contract. The
 * process is always stopped.
 */
export async function scanService(dir: string, service: string): Promise<{ checks: CheckRecord[]; violations: FixLoopViolationInput[] }> {
  const l3 = await scanLayer3(dir);
  const port = await getPort({ host: '127.0.0.1' });
  const dataDir = await mkdtemp(join(tmpdir(), 'fixloop-data-'));
  const child = execa('node', ['src/server.js'], {
    cwd: dir,
    env: { PORT: String(port), HOST: '127.0.0.1', JWT_SECRET: 'fix-loop-integration-secret', DATA_DIR: dataDir, SERVICE_NAME: service, LOG_LEVEL: 'error' },
    reject: false,
    forceKillAfterDelay: 2000,
  });
  try {
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForHttp(baseUrl, 15_000);
    const live = await runLiveCompliance({ service, baseUrl, openapi: join(dir, 'contracts/openapi.yaml'), contractPath: 'contracts/openapi.yaml', maxExamples: 2 });
    const violations: FixLoopViolationInput[] = [
      ...l3.violations.map((v) => ({ ...v, service })),
      ...live.violations.map((v) => ({
        code: v.code,
        severity: v.severity,
        category: 'contract',
        file_path: v.file_path || 'contracts/openapi.yaml',
        line: 0,
        message: `${v.endpoint}: ${v.message}`,
        service,
      })),
    ];
    return { checks: live.checks, violations };
  } finally {
    child.kill('SIGTERM');
    await child;
  }
}
