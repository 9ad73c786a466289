import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { prepareBuilderDir } from '@run4/builder-runner';
import { execa } from 'execa';
import { tasktrackerServices } from '../../../../fixtures/tasktracker/services.js';

const REPO = resolve(import.meta.dirname, '../../../..');
export const BUILDER_CLI = join(REPO, 'apps/builder/dist/cli.js');
export const TRIO = ['auth-service', 'order-service', 'notification-service'] as const;

/**
 * Build the three TaskTracker services (auth, order, notification) with the reference builder into
 * `<root>/<service>`, staged the way @run4/builder-runner stages a builder dir (contracts + config.yaml).
 * Throws a clear error when apps/builder/dist is missing.
 */
export async function buildTaskTrackerTrio(root: string): Promise<void> {
  if (!existsSync(BUILDER_CLI)) {
    throw new Error(`Reference builder not built: ${BUILDER_CLI} is missing. Run "NX_DAEMON=false npx nx run builder:build" first.`);
  }
  for (const service of tasktrackerServices(join(REPO, 'fixtures/tasktracker'))) {
    const dir = join(root, service.name);
    mkdirSync(dir, { recursive: true });
    await prepareBuilderDir(dir, service, 'standard');
    await execa('node', [BUILDER_CLI, '--cwd', dir, '--depth', 'standard'], { timeout: 90_000, forceKillAfterDelay: 2_000, env: { PORT: '0' } });
  }
}
