import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import getPort from 'get-port';
import { pollUntilHealthy } from '@run4/compose-kit';
import type { MilestoneContext } from '../types.js';

/**
 * The architect's hidden dependency (R4-M2-008): the Contract Engine's HTTP
 * API. When CONTRACT_ENGINE_URL is not set and the Build 1 root is the
 * reference foundation, start its contract-engine HTTP process on a free
 * loopback port, sharing the MCP server's database, and register its
 * teardown. Returns the URL to hand the architect, or null when none could
 * be started (the cross-server check then states the dependency as down).
 *
 * @example
 * const url = await startContractEngineHttp(ctx, '.run4/m2_data');
 */
export async function startContractEngineHttp(ctx: MilestoneContext, dataDir: string): Promise<string | null> {
  if (process.env.CONTRACT_ENGINE_URL) return process.env.CONTRACT_ENGINE_URL;
  const root = ctx.config.build1_project_root;
  const entry = path.join(root, 'dist/contract-engine/http.js');
  if (!existsSync(entry)) {
    ctx.progress.info(`no ${path.relative(ctx.installRoot, entry)}: the Contract Engine HTTP API is not started`);
    return null;
  }
  mkdirSync(dataDir, { recursive: true });
  const port = await getPort({ host: '127.0.0.1' });
  const child = execa('node', [entry], {
    cwd: root,
    env: { PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: path.join(dataDir, 'contracts.db'), LOG_LEVEL: 'warn' },
    reject: false,
    stdio: ['ignore', 'ignore', 'pipe'],
    cleanup: true,
  });
  ctx.cleanup.add('contract-engine HTTP', async () => {
    child.kill('SIGTERM');
    await child;
  });
  const url = `http://127.0.0.1:${port}`;
  const outcome = await pollUntilHealthy({ 'contract-engine': `${url}/api/health` }, { timeout: 30_000, interval: 250, requiredConsecutive: 1 });
  if (!outcome.allHealthy) {
    ctx.progress.info(`contract-engine HTTP did not become healthy on ${url}`);
    return null;
  }
  ctx.progress.detail(`contract-engine HTTP API on ${url}`);
  return url;
}
