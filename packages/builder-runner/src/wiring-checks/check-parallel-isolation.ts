import { join, resolve } from 'node:path';
import { type CheckRecord, runCheck } from '@run4/checks';
import type { BuilderDepth } from '../builder-config.js';
import type { FleetResult } from '../builder-result.js';
import { diffSnapshots, snapshotDir } from '../dir-snapshot.js';
import { prepareBuilderDir, type ServiceInput } from '../prepare-builder-dir.js';
import { runBuilders, type RunBuildersOptions } from '../run-builders.js';

/**
 * R4-M3-004 / B2-05: run one builder per service at once (bounded by
 * `maxConcurrent`), snapshot the shared parent directory before and after,
 * and require that every file written lies inside the writing builder's own
 * directory tree, that no builder's staged inputs (config.yaml, contracts/)
 * changed, that all builders succeeded, that they overlapped in time, and
 * that no more than `maxConcurrent` ran at once.
 *
 * @example
 * const { check, fleet } = await checkParallelIsolation('/tmp/wiring/parallel', services, 'standard', { command });
 */
export async function checkParallelIsolation(
  parent: string,
  services: ServiceInput[],
  depth: BuilderDepth,
  options: RunBuildersOptions,
): Promise<{ check: CheckRecord; fleet: FleetResult | null }> {
  let fleet: FleetResult | null = null;
  const maxConcurrent = options.maxConcurrent ?? 3;
  const check = await runCheck(
    { id: 'm3.parallel-isolation', name: `${services.length} builders in parallel, each isolated in its own dir`, requirementIds: ['R4-M3-004', 'B2-05'] },
    async () => {
      const dirs = services.map((s) => resolve(parent, s.name));
      for (const [i, service] of services.entries()) await prepareBuilderDir(dirs[i] as string, service, depth);
      const before = await snapshotDir(parent);
      fleet = await runBuilders(
        services.map((s, i) => ({ service_id: s.name, dir: dirs[i] as string, depth })),
        { ...options, maxConcurrent },
      );
      const after = await snapshotDir(parent);
      const diff = diffSnapshots(before, after);
      const touched = [...diff.added, ...diff.changed, ...diff.removed];
      const names = services.map((s) => s.name);
      const outside = touched.filter((p) => !names.some((n) => p.startsWith(`${n}/`)));
      const inputsChanged = [...diff.changed, ...diff.removed].filter((p) => /^[^/]+\/(config\.yaml|contracts\/)/.test(p));
      const failed = fleet.results.filter((r) => !r.success);
      const windows = fleet.results.map((r) => [Date.parse(r.started_at), Date.parse(r.finished_at)] as const);
      const overlapped = windows.length < 2 || Math.max(...windows.map((w) => w[0])) < Math.min(...windows.map((w) => w[1]));
      const problems = [
        ...outside.map((p) => `file written outside any builder dir: ${join(parent, p)}`),
        ...inputsChanged.map((p) => `staged input changed: ${join(parent, p)}`),
        ...failed.map((r) => `${r.service_id} failed (${r.failure}): ${r.error}`),
        ...(fleet.peak_concurrency > maxConcurrent ? [`${fleet.peak_concurrency} builders ran at once, limit ${maxConcurrent}`] : []),
        ...(overlapped || maxConcurrent < services.length ? [] : ['the builders did not run at the same time']),
      ];
      const data = {
        files_written: diff.added.length + diff.changed.length,
        outside,
        peak_concurrency: fleet.peak_concurrency,
        duration_ms: fleet.duration_ms,
        results: fleet.results.map((r) => ({ service_id: r.service_id, success: r.success, duration_ms: r.duration_ms, failure: r.failure })),
      };
      if (problems.length > 0) return { status: 'FAIL', evidence: problems.join('; '), data };
      return {
        status: 'PASS',
        evidence: `${fleet.total}/${fleet.total} builders succeeded running at once (peak ${fleet.peak_concurrency}, limit ${maxConcurrent}, ${fleet.duration_ms} ms); ${data.files_written} files written, all inside their own builder dir; staged inputs untouched`,
        data,
      };
    },
  );
  return { check, fleet };
}
