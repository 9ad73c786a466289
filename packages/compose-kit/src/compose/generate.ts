import path from 'node:path';
import { z } from 'zod';
import { writeComposeFile } from './load.js';
import type { ComposeFile } from './model.js';
import { traefikLabels } from './traefik-labels.js';

/** Default compose project name (seed 001 §8.7 `-p super-team-run4`). */
export const DEFAULT_PROJECT_NAME = 'super-team-run4';

/**
 * One generated service, as a builder reports it. Structurally compatible with
 * @run4/builder-runner's BuilderResult (`service_id`, `output_dir`, `success`),
 * plus optional per-service settings.
 */
export const GeneratedServiceInputSchema = z.looseObject({
  service_id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'a compose service name: lower case letters, digits, "-" and "_"'),
  output_dir: z.string().min(1),
  success: z.boolean().default(true),
  port: z.number().int().min(1).max(65535).default(8080),
  health_path: z.string().startsWith('/').default('/health'),
  path_prefix: z.string().startsWith('/').optional(),
  environment: z.record(z.string(), z.string()).default({}),
  depends_on: z.record(z.string(), z.enum(['service_started', 'service_healthy', 'service_completed_successfully'])).optional(),
  memory: z.string().default('512M'),
  /** Where the service keeps its data inside the container (a named volume is mounted there). */
  data_dir: z.string().startsWith('/').default('/app/data'),
});
export type GeneratedServiceInput = z.input<typeof GeneratedServiceInputSchema>;

/** Options of {@link generateComposeModel}. */
export interface GenerateOptions {
  /** Compose project name; the Traefik network label is `<project>_frontend`. */
  projectName?: string;
  /** Directory the generated file will live in; build contexts are written relative to it. */
  outputDir?: string;
  /** Build args of every service's Dockerfile (e.g. an offline base image: `{ PYTHON_IMAGE: 'run4/python:3.11-offline' }`). */
  buildArgs?: Record<string, string>;
  /** Extra environment of every service (e.g. a shared JWT secret). */
  environment?: Record<string, string>;
  /**
   * The compose healthcheck test of a service, or undefined to keep the
   * image's own HEALTHCHECK (the default: Run 4 judges health by polling
   * each service from the host, whatever runtime the image has).
   */
  healthcheckTest?: (service: { port: number; healthPath: string }) => string[] | undefined;
  /** Dependencies of every generated service (default postgres healthy, per seed 003 §6.3). */
  commonDependsOn?: Record<string, 'service_started' | 'service_healthy'>;
  /** Publish each service's port on the host: `ephemeral` (127.0.0.1, random port; default) or `none`. */
  publish?: 'ephemeral' | 'none';
}

/**
 * The environment variable through which services find each other:
 * `payments-api` → `ORDER_SERVICE_URL`.
 *
 * @example
 * serviceUrlVariable('payments-api'); // 'ORDER_SERVICE_URL'
 */
export function serviceUrlVariable(service: string): string {
  return `${service.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_URL`;
}

/**
 * Build the compose model of the generated tier from builder results: build
 * context + build args, env (every peer's `<NAME>_URL`), depends_on with conditions,
 * frontend + backend networks, a data volume, a memory limit and Traefik v3
 * labels. Failed builders are left out.
 *
 * @example
 * const model = generateComposeModel([{ service_id: 'accounts-api', output_dir: '/tmp/out/accounts-api', success: true }]);
 */
export function generateComposeModel(results: GeneratedServiceInput[], options: GenerateOptions = {}): ComposeFile {
  const project = options.projectName ?? DEFAULT_PROJECT_NAME;
  const parsed = results.map((r) => GeneratedServiceInputSchema.parse(r)).filter((r) => r.success);
  // Every service learns every other service's URL by the same convention (never by a stack's own names).
  const peers = Object.fromEntries(parsed.map((r) => [serviceUrlVariable(r.service_id), `http://${r.service_id}:${r.port}`]));
  const services: Record<string, unknown> = {};
  const volumes: Record<string, unknown> = {};
  for (const r of parsed) {
    const svc = r.service_id;
    const short = svc.replace(/-service$/, '');
    const context = options.outputDir ? path.relative(options.outputDir, path.resolve(r.output_dir)) || '.' : path.resolve(r.output_dir);
    const env: Record<string, string> = {
      PORT: String(r.port),
      SERVICE_NAME: svc,
      LOG_LEVEL: '${LOG_LEVEL:-info}',
      DATA_DIR: r.data_dir,
      ...peers,
      ...options.environment,
      ...r.environment,
    };
    const dependsOn = r.depends_on ?? options.commonDependsOn ?? { postgres: 'service_healthy' };
    const healthcheck = options.healthcheckTest?.({ port: r.port, healthPath: r.health_path });
    services[svc] = {
      build: { context: context.startsWith('.') || path.isAbsolute(context) ? context : `./${context}`, ...(options.buildArgs && Object.keys(options.buildArgs).length ? { args: options.buildArgs } : {}) },
      environment: env,
      ...(options.publish === 'none' ? {} : { ports: [`127.0.0.1::${r.port}`] }),
      volumes: [`${svc}-data:${r.data_dir}`],
      ...(healthcheck ? { healthcheck: { test: healthcheck, interval: '5s', timeout: '5s', retries: 5, start_period: '10s' } } : {}),
      ...(Object.keys(dependsOn).length > 0 ? { depends_on: Object.fromEntries(Object.entries(dependsOn).map(([d, c]) => [d, { condition: c }])) } : {}),
      networks: ['frontend', 'backend'],
      labels: traefikLabels(svc, { port: r.port, pathPrefix: r.path_prefix ?? `/api/${short}`, network: `${project}_frontend` }),
      restart: 'unless-stopped',
      deploy: { resources: { limits: { memory: r.memory } } },
    };
    volumes[`${svc}-data`] = {};
  }
  return { services: services as ComposeFile['services'], networks: { frontend: { driver: 'bridge' }, backend: { driver: 'bridge' } }, volumes };
}

/**
 * Generate `docker-compose.generated.yml` (validated against the compose-spec
 * schema before it is written, atomically) and return its path.
 *
 * @example
 * const file = generateComposeFile(results, '.run4/docker-compose.generated.yml');
 */
export function generateComposeFile(results: GeneratedServiceInput[], file: string, options: GenerateOptions = {}): string {
  const model = generateComposeModel(results, { ...options, outputDir: options.outputDir ?? path.dirname(path.resolve(file)) });
  return writeComposeFile(file, model, 'Tier 3: generated services (written by @run4/compose-kit generateComposeFile; do not edit)');
}
