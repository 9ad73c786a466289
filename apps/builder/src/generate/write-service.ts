import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { ServiceModel } from '../model/service-model.js';
import { emitHandlers } from './emit-handlers.js';
import { emitDockerfile, emitDockerignore, emitPackageJson, emitRoutes } from './emit-files.js';
import { emitModel } from './emit-models.js';
import { plantHandlers, type PlantCode, type Planted } from './plant.js';
import { RUNTIME_FILES, templatesDir } from './templates.js';

export interface GeneratedService {
  /** Files written, relative to the service dir. */
  files: string[];
  planted: Planted[];
}

const posix = (p: string): string => p.split(sep).join('/');

/**
 * Test files emitted beyond the always-present contract tests.
 *
 * @example
 * extraTests(orderModel); // ['test/state-machine.test.js', 'test/events.test.js', 'test/auth.test.js']
 */
export function extraTests(model: ServiceModel): string[] {
  const tests: string[] = [];
  if (model.service.stateMachine && model.operations.some((op) => op.behaviour === 'update' && op.entity === model.service.stateMachine?.entity)) {
    tests.push('test/state-machine.test.js');
  }
  if (model.service.events.publish.length > 0 || model.service.events.ingest) tests.push('test/events.test.js');
  if (model.service.issuer ? model.operations.some((op) => op.behaviour === 'register') : model.operations.some((op) => op.secured)) {
    tests.push('test/auth.test.js');
  }
  return tests;
}

async function put(dir: string, file: string, text: string, files: string[]): Promise<void> {
  const target = join(dir, file);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, text, 'utf8');
  files.push(file);
}

/**
 * Copy the service's contracts into `{dir}/contracts/` (unless already
 * there) and return their paths relative to `dir`.
 *
 * @example
 * await placeContracts('/tmp/b/order-service', ['/repo/fixtures/tasktracker/sample_openapi_order.yaml']);
 * // ['contracts/sample_openapi_order.yaml']
 */
export async function placeContracts(dir: string, contractFiles: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const file of contractFiles) {
    const abs = resolve(dir, file);
    const rel = posix(relative(dir, abs));
    if (rel.startsWith('contracts/')) {
      out.push(rel);
      continue;
    }
    const target = `contracts/${basename(abs)}`;
    await mkdir(join(dir, 'contracts'), { recursive: true });
    await copyFile(abs, join(dir, target));
    out.push(target);
  }
  return out;
}

/**
 * Write the runnable service into `dir`: package.json, src/ (runtime,
 * routes.js, handlers.js, one model module per contract entity), test/, Dockerfile, .dockerignore, data/.keep.
 * Previously generated src/ and test/ are replaced. `plant` selects the
 * seed violations to build in.
 *
 * @example
 * await writeService('/tmp/b/order-service', model, ['LOG-001']);
 */
export async function writeService(dir: string, model: ServiceModel, plant: readonly PlantCode[] = []): Promise<GeneratedService> {
  // Everything is rendered first, so a contract the generator cannot handle leaves the directory untouched.
  const templates = join(templatesDir(), 'service');
  const outputs: [string, string][] = [];
  for (const file of [...RUNTIME_FILES, ...extraTests(model)]) outputs.push([file, await readFile(join(templates, file), 'utf8')]);
  const health = model.operations.find((op) => op.behaviour === 'health');
  const skip = new Set<string>(plant.includes('HEALTH-001') && health ? [health.key] : []);
  const planted: Planted[] = [];
  if (health && skip.size > 0) {
    planted.push({ code: 'HEALTH-001', file: 'src/handlers.js', operation: health.key, description: `no ${health.path} route is served (the Dockerfile HEALTHCHECK still probes it)` });
  }
  const handlers = plantHandlers(emitHandlers(model.operations, skip, model.models), model.operations, plant.filter((c) => c !== 'HEALTH-001'));
  planted.push(...handlers.planted);
  // A planted HEALTH-001 leaves the route out of the operation table too, so no source file names it.
  const emitted = {
    ...model,
    service: plant.includes('SCHEMA-001') ? { ...model.service, tolerantResponses: true } : model.service,
    operations: model.operations.filter((op) => !skip.has(op.key)),
  };
  outputs.push(
    ['src/handlers.js', handlers.text],
    ['src/routes.js', emitRoutes(emitted)],
    ...model.models.map((m): [string, string] => [m.file, emitModel(m)]),
    ['package.json', emitPackageJson(model)],
    ['Dockerfile', emitDockerfile(model, health?.path ?? '/health')],
    ['.dockerignore', emitDockerignore()],
    ['data/.keep', ''],
  );
  await rm(join(dir, 'src'), { recursive: true, force: true });
  await rm(join(dir, 'test'), { recursive: true, force: true });
  const files: string[] = [];
  for (const [file, text] of outputs) await put(dir, file, text, files);
  return { files, planted };
}
