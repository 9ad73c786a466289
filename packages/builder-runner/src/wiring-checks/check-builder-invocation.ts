import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type CheckRecord, runCheck } from '@run4/checks';
import type { BuilderDepth } from '../builder-config.js';
import type { BuilderResult } from '../builder-result.js';
import { STATE_FILE_RELATIVE } from '../builder-state.js';
import { prepareBuilderDir, type ServiceInput } from '../prepare-builder-dir.js';
import { runBuilder, type RunBuilderOptions } from '../run-builder.js';

/**
 * R4-M3-001 / X-04: stage one builder dir, run the builder subprocess, and
 * require exit 0, a STATE.json with `summary`, and captured stdout/stderr files.
 *
 * @example
 * const { check, result } = await checkBuilderInvocation('/tmp/wiring/invoke/payments-api', service, 'standard', { command });
 */
export async function checkBuilderInvocation(
  dir: string,
  service: ServiceInput,
  depth: BuilderDepth,
  options: RunBuilderOptions,
): Promise<{ check: CheckRecord; result: BuilderResult | null }> {
  let result: BuilderResult | null = null;
  const check = await runCheck(
    { id: 'm3.builder-invocation', name: `Builder subprocess invocation (${service.name}, depth ${depth})`, requirementIds: ['R4-M3-001', 'X-04'] },
    async () => {
      await prepareBuilderDir(dir, service, depth);
      result = await runBuilder({ service_id: service.name, dir, depth }, options);
      const logs = await Promise.all([stat(result.stdout_file), stat(result.stderr_file)]);
      const data = {
        command: result.command,
        exit_code: result.exit_code,
        duration_ms: result.duration_ms,
        stdout_bytes: logs[0].size,
        stderr_bytes: logs[1].size,
        failure: result.failure,
      };
      if (result.exit_code !== 0 || (result.failure !== null && result.failure !== 'reported_failure')) {
        return { status: 'FAIL', evidence: result.error || `exit code ${String(result.exit_code)}`, data };
      }
      return {
        status: 'PASS',
        evidence: `${result.command.join(' ')} exited 0 in ${result.duration_ms} ms; wrote ${join(dir, STATE_FILE_RELATIVE)} with summary (tests ${result.test_passed}/${result.test_total}); stdout ${logs[0].size} B and stderr ${logs[1].size} B captured under .run4/`,
        data,
      };
    },
  );
  return { check, result };
}
