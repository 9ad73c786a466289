import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { check, type CheckRecord } from '@run4/checks';
import type { BuilderDepth } from './builder-config.js';
import type { BuilderResult } from './builder-result.js';
import { prepareBuilderDir } from './prepare-builder-dir.js';
import type { BuilderProgressEvent, BuilderSpec } from './run-builder.js';
import { runBuilders } from './run-builders.js';

/** Inputs of {@link buildServices}. */
export interface BuildServicesOptions {
  /** The planned services, in order. */
  services: readonly string[];
  /** Contract files per service (as read back from the Contract Engine); a service without `openapi` is not built. */
  contracts: Readonly<Record<string, { openapi?: string; asyncapi?: string } | undefined>>;
  /** Emptied, then one builder dir per service under it. */
  root: string;
  /** Where the fleet result is written. */
  resultsFile: string;
  command: string;
  depth: BuilderDepth;
  port: number;
  prd: string;
  /** Scan codes to plant in one service (`plantTarget`, else the first built), through the builder's `plantOption` (`{codes}`). */
  plant: readonly string[];
  plantTarget?: string | undefined;
  plantOption?: string | undefined;
  maxConcurrent: number;
  timeoutMs: number;
  signal: AbortSignal;
  /** Prefix of the check ids, e.g. `x` for `x.builders`. */
  idPrefix: string;
  info: (line: string) => void;
  onProgress: (event: BuilderProgressEvent) => void;
}

/** Checks, data for later phases and a failed gate, as a pipeline phase records them. */
export interface BuildServicesResult {
  checks: CheckRecord[];
  data: Record<string, unknown>;
  gateFailed?: string;
}

/**
 * One builder per planned service with an OpenAPI contract, in parallel,
 * each in its own directory with its contracts; planted codes go to the
 * plant target through the builder's plant option. Gate (R4-M4-005): at
 * least two thirds of the planned services built (2 of 3).
 *
 * @example
 * const r = await buildServices({ services: ['accounts'], contracts: { accounts: { openapi: 'accounts.yaml' } }, root: '/tmp/b', resultsFile: '/tmp/results.json',
 *   command: 'node builder.js --cwd {dir} --depth {depth}', depth: 'quick', port: 8080, prd: 'PRD.md', plant: [], maxConcurrent: 3, timeoutMs: 600_000,
 *   signal, idPrefix: 'x', info: console.log, onProgress: () => {} });
 * r.gateFailed; // undefined when the builder succeeded
 */
export async function buildServices(o: BuildServicesOptions): Promise<BuildServicesResult> {
  rmSync(o.root, { recursive: true, force: true });
  const buildable = o.services.filter((s) => o.contracts[s]?.openapi);
  const unbuildable = o.services.filter((s) => !o.contracts[s]?.openapi);
  const plantTarget = o.plant.length ? (o.plantTarget ?? buildable[0]) : undefined;
  const specs: BuilderSpec[] = [];
  for (const service of buildable) {
    const files = o.contracts[service]!;
    const dir = path.join(o.root, service);
    const config = await prepareBuilderDir(dir, { name: service, port: o.port, openapi: files.openapi!, ...(files.asyncapi ? { asyncapi: files.asyncapi } : {}), prd: o.prd }, o.depth);
    const command = o.plantOption && service === plantTarget ? `${o.command} ${o.plantOption.replaceAll('{codes}', o.plant.join(','))}` : o.command;
    specs.push({ service_id: service, dir, depth: o.depth, config, command });
  }
  const notBuilt = unbuildable.length ? `; not built (no OpenAPI contract): ${unbuildable.join(', ')}` : '';
  if (specs.length === 0) {
    const c = check(`${o.idPrefix}.builders`, 'parallel builders', 'FAIL', `no service has a registered OpenAPI contract (phase 4)${notBuilt}`, ['R4-M4-005']);
    return { checks: [c], data: {}, gateFailed: c.evidence };
  }
  o.info(`builders: ${specs.map((s) => s.service_id).join(', ')} at depth ${o.depth}${plantTarget ? `, planting ${o.plant.join(',')} in ${plantTarget}` : ''}`);
  const fleet = await runBuilders(specs, {
    maxConcurrent: o.maxConcurrent,
    timeoutMs: o.timeoutMs,
    signal: o.signal,
    onProgress: (e) => {
      o.onProgress(e);
      if (e.type === 'started') o.info(`builder ${e.service_id}: started`);
      else o.info(`builder ${e.service_id}: ${e.result.success ? 'succeeded' : `FAILED (${e.result.error})`} in ${(e.result.duration_ms / 1000).toFixed(1)}s, tests ${e.result.test_passed}/${e.result.test_total}`);
    },
  });
  writeFileSync(o.resultsFile, JSON.stringify(fleet, null, 2) + '\n');
  const need = Math.max(1, Math.ceil((fleet.total + unbuildable.length) * (2 / 3)));
  const row = (r: BuilderResult) => `${r.service_id}: ${r.success ? 'ok' : `failed (${r.error})`}, tests ${r.test_passed}/${r.test_total}, convergence ${r.convergence_ratio}`;
  const checks = [
    check(
      `${o.idPrefix}.builders`,
      'parallel builders from the ServiceMap',
      fleet.succeeded >= need ? 'PASS' : 'FAIL',
      `${fleet.succeeded}/${fleet.total + unbuildable.length} succeeded (gate >= ${need}); peak concurrency ${fleet.peak_concurrency}; ${fleet.results.map(row).join('; ')}${notBuilt}`,
      ['R4-M4-005', 'B2-05', 'X-04'],
      fleet.duration_ms,
    ),
    check(
      `${o.idPrefix}.builders.state-json`,
      'every builder wrote a valid STATE.json summary',
      fleet.results.every((r) => r.failure !== 'state_missing' && r.failure !== 'state_invalid') ? 'PASS' : 'FAIL',
      fleet.results.map((r) => `${r.service_id}: ${r.failure ?? 'summary parsed'}`).join('; '),
      ['X-05', 'R4-M4-005'],
    ),
  ];
  if (o.plant.length && !o.plantOption) {
    checks.push(check(`${o.idPrefix}.builders.plant`, 'planted scan codes handed to the builder', 'SKIP', `the stack profile names no plant option for this builder (build2.plant_option): ${o.plant.join(',')} not planted`, ['R4-M4-008']));
  }
  const gate = checks[0]!.status === 'FAIL' ? { gateFailed: checks[0]!.evidence } : {};
  return { checks, data: { resultsFile: o.resultsFile, results: fleet.results, plant: o.plantOption ? [...o.plant] : [], plantTarget: o.plantOption ? (plantTarget ?? null) : null }, ...gate };
}
