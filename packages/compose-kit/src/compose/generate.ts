import path from 'node:path';
import { z } from 'zod';
import { writeComposeFile } from './load.js';
import type { ComposeFile } from './model.js';
import { traefikLabels } from './traefik-labels.js';

/** Default compose project name (seed 001 §8.7 `-p super-team-run4`). */
export const DEFAULT_PROJECT_NAME = 'super-team-run4';
/** The offline base image built by tools/base-image.sh, passed as build arg NODE_IMAGE. */
export const OFFLINE_NODE_IMAGE = 'run4/node:20-offline';

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
  /** NODE_IMAGE build arg (default `${NODE_IMAGE:-run4/node:20-offline}`). */
  nodeImage?: string;
  /** Dependencies of every generated service (default postgres healthy, per seed 003 §6.3). */
  commonDependsOn?: Record<string, 'service_started' | 'service_healthy'>;
  /** Publish each service's port on the host: `ephemeral` (127.0.0.1, random port; default) or `none`. */
  publish?: 'ephemeral' | 'none';
}

/** The node-only healthcheck of the reference Dockerfiles (no curl in the offline image). */
export function nodeHealthcheckTest(port: number, healthPath: string): string[] {
  return ['CMD', 'node', '-e', `fetch('http://127.0.0.1:'+(process.env.PORT||${port})+'${healthPath}').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))`];
}

/**
 * Build the compose model of the generated tier from builder results: build
 * context + NODE_IMAGE arg, env, healthcheck, depends_on with conditions,
 * frontend + backend networks, a data volume, a memory limit and Traefik v3
 * labels. Failed builders are left out.
 *
 * @example
 * const model = generateComposeModel([{ service_id: 'auth-service', output_dir: '/tmp/out/auth-service', success: true }]);
 */
export function generateComposeModel(results: GeneratedServiceInput[], options: GenerateOptions = {}): ComposeFile {
  const project = options.projectName ?? DEFAULT_PROJECT_NAME;
  const parsed = results.map((r) => GeneratedServiceInputSchema.parse(r)).filter((r) => r.success);
  const names = new Set(parsed.map((r) => r.service_id));
  const urlOf = (svc: string) => {
    const r = parsed.find((p) => p.service_id === svc);
    return `http://${svc}:${r?.port ?? 8080}`;
  };
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
      JWT_SECRET: '${JWT_SECRET:-run4-local-jwt-secret}',
      ...(names.has('auth-service') ? { AUTH_SERVICE_URL: urlOf('auth-service') } : {}),
      ...(names.has('notification-service') ? { NOTIFICATION_SERVICE_URL: urlOf('notification-service') } : {}),
      ...r.environment,
    };
    const dependsOn = r.depends_on ?? options.commonDependsOn ?? { postgres: 'service_healthy' };
    services[svc] = {
      build: { context: context.startsWith('.') || path.isAbsolute(context) ? context : `./${context}`, args: { NODE_IMAGE: options.nodeImage ?? `\${NODE_IMAGE:-${OFFLINE_NODE_IMAGE}}` } },
      environment: env,
      ...(options.publish === 'none' ? {} : { ports: [`127.0.0.1::${r.port}`] }),
      volumes: [`${svc}-data:${r.data_dir}`],
      healthcheck: { test: nodeHealthcheckTest(r.port, r.health_path), interval: '5s', timeout: '5s', retries: 5, start_period: '10s' },
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
