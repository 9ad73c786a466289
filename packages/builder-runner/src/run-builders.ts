import { resolve, sep } from 'node:path';
import pLimit from 'p-limit';
import { type FleetResult, FleetResultSchema } from './builder-result.js';
import { BuilderRunnerError } from './errors.js';
import { type BuilderSpec, failedBuilderResult, resolveCommand, runBuilder, type RunBuilderOptions } from './run-builder.js';

export interface RunBuildersOptions extends RunBuilderOptions {
  /** Most builders running at once; default 3 (seed: `builder.max_concurrent`). */
  maxConcurrent?: number;
}

function assertIsolatedDirs(specs: readonly BuilderSpec[]): void {
  const dirs = specs.map((s) => resolve(s.dir));
  for (let i = 0; i < dirs.length; i += 1) {
    for (let j = 0; j < dirs.length; j += 1) {
      const a = dirs[i] as string;
      const b = dirs[j] as string;
      if (i !== j && (a === b || b.startsWith(a + sep))) {
        throw new BuilderRunnerError(
          `builders ${specs[i]?.service_id} and ${specs[j]?.service_id} share a directory (${a} contains ${b}); give each builder its own directory`,
          { code: 'BUILDER_DIRS_OVERLAP', exitCode: 2 },
        );
      }
    }
  }
}

/**
 * Run builders in parallel, at most `maxConcurrent` at a time, each in its
 * own directory and process group, and aggregate a {@link FleetResult}. A
 * builder's crash, timeout or bad STATE.json becomes its own failed result;
 * the others still finish. Aborting `signal` kills running builders and
 * marks those not yet started as aborted. Bad input (overlapping dirs, a bad
 * template) throws before anything starts.
 *
 * @example
 * const fleet = await runBuilders(
 *   ['accounts-api', 'payments-api', 'mailer-api'].map((s) => ({ service_id: s, dir: `/tmp/b/${s}` })),
 *   { command: 'node apps/builder/dist/cli.js --cwd {dir} --depth {depth}', depth: 'thorough', maxConcurrent: 3 },
 * );
 * console.log(`${fleet.succeeded}/${fleet.total} builders succeeded`);
 */
export async function runBuilders(specs: readonly BuilderSpec[], options: RunBuildersOptions = {}): Promise<FleetResult> {
  const maxConcurrent = options.maxConcurrent ?? 3;
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) {
    throw new BuilderRunnerError(`maxConcurrent must be a positive integer, got ${String(maxConcurrent)}`, {
      code: 'BUILDER_OPTIONS_INVALID',
      exitCode: 2,
    });
  }
  assertIsolatedDirs(specs);
  for (const spec of specs) resolveCommand(spec, options); // template errors surface before any start
  const limit = pLimit(maxConcurrent);
  const startedAt = new Date();
  const t0 = performance.now();
  let running = 0;
  let peak = 0;
  const results = await Promise.all(
    specs.map((spec) =>
      limit(async () => {
        running += 1;
        peak = Math.max(peak, running);
        try {
          return await runBuilder(spec, options);
        } catch (error) {
          const result = failedBuilderResult(
            spec,
            'spawn_error',
            `builder ${spec.service_id} could not run in ${resolve(spec.dir)}: ${(error as Error).message}`,
            resolveCommand(spec, options),
          );
          options.onProgress?.({ type: 'finished', service_id: spec.service_id, result, at: result.finished_at });
          return result;
        } finally {
          running -= 1;
        }
      }),
    ),
  );
  const succeeded = results.filter((r) => r.success).length;
  return FleetResultSchema.parse({
    results,
    total: results.length,
    succeeded,
    failed: results.length - succeeded,
    total_cost: results.reduce((sum, r) => sum + r.cost, 0),
    max_concurrent: maxConcurrent,
    peak_concurrency: peak,
    started_at: startedAt.toISOString(),
    finished_at: new Date().toISOString(),
    duration_ms: Math.round(performance.now() - t0),
  });
}
