import { z } from 'zod';
import { HealthCheckResultSchema } from '../health/health-check.js';

export const BackendNameSchema = z.enum(['docker', 'process']);
export type BackendName = z.infer<typeof BackendNameSchema>;

/** One service of a deployment, as reported. */
export const DeployedServiceSchema = z.object({
  name: z.string(),
  /** docker: container health status (`healthy`, `unhealthy`, `starting`, `none`); process: `running`/`exited`. */
  state: z.string(),
  healthy: z.boolean(),
  /** Base URL reachable from this host (loopback), when the service has an HTTP port. */
  url: z.string().optional(),
  healthUrl: z.string().optional(),
  containerPort: z.number().int().optional(),
  hostPort: z.number().int().optional(),
  /** docker: container id; process: pid. */
  id: z.string().optional(),
  health: HealthCheckResultSchema.optional(),
  healthyAfterMs: z.number().optional(),
});
export type DeployedService = z.infer<typeof DeployedServiceSchema>;

/** The report of one deployment; the backend is always named. */
export const DeploymentReportSchema = z.object({
  backend: BackendNameSchema,
  /** Why this backend was chosen (auto selection, or explicit). */
  backendReason: z.string(),
  projectName: z.string(),
  files: z.array(z.string()),
  composeCommand: z.string().optional(),
  services: z.array(DeployedServiceSchema),
  /** Services in the compose files that were not deployed, with the reason (e.g. image not available offline). */
  skipped: z.array(z.object({ service: z.string(), reason: z.string() })),
  startedAt: z.string(),
  /** ms from `up()` start until every service was healthy. */
  deployToHealthyMs: z.number().optional(),
  tornDown: z.boolean(),
});
export type DeploymentReport = z.infer<typeof DeploymentReportSchema>;

/** Result of running a command inside a service (docker exec, or in the process backend's environment). */
export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Options shared by every backend. */
export interface DeploymentOptions {
  /** Compose files in merge order (see tierFiles). */
  files: string[];
  /** Compose project name; isolates containers, networks and volumes (default: run4-<random>). */
  projectName?: string;
  /** Only these services (plus what they depend on). */
  services?: string[];
  /** Variables for interpolation (default process.env). */
  env?: Record<string, string | undefined>;
  /** Max ms to wait for health (default 180 000). */
  healthTimeoutMs?: number;
  /** Poll interval in ms (default 1000). */
  healthIntervalMs?: number;
  /**
   * Keep a deployment whose services run but do not all become healthy
   * (default false: such a deploy fails and is torn down). The unhealthy
   * ones are reported with `healthy: false` and stay reachable, so a gate can
   * still test them (e.g. a service built without its health route); so are
   * containers whose healthcheck is still in its start period when the wait
   * ends. A service that exits still fails the deploy.
   */
  allowUnhealthy?: boolean;
  /** Consecutive HTTP 200s per service (default 2). */
  requiredConsecutive?: number;
  /** Host ports: as declared in the files (default), or `ephemeral` = 127.0.0.1 with an engine-picked port. */
  hostPorts?: 'as-declared' | 'ephemeral';
  /** Health path per service when it cannot be read from the healthcheck (default: from the healthcheck, else /health). */
  healthPaths?: Record<string, string>;
  /** Last log lines put into a failure (default 40). */
  logTail?: number;
  /** Directory for the merged compose file / process data (default a temp dir). */
  workDir?: string;
  /** process backend: the HOST every service gets (default 127.0.0.1: loopback only; e.g. 0.0.0.0 to expose them on every interface). */
  bindHost?: string;
  /** Tear down on SIGINT/SIGTERM while deployed (default true). */
  handleSignals?: boolean;
  /** docker backend: which compose to use (default `auto`: the v2 plugin when present, else the v1 binary). */
  compose?: 'auto' | 'v2' | 'v1';
  /** Progress lines. */
  onProgress?: (line: string) => void;
}

/**
 * One interface, two backends (docker, process). `up` deploys and waits for
 * health, throwing DeployError (after tearing down) on failure; `down` always
 * removes everything the deployment started and is safe to call twice.
 */
export interface Deployment {
  readonly backend: BackendName;
  readonly projectName: string;
  up(): Promise<DeploymentReport>;
  ps(): Promise<DeployedService[]>;
  logs(service: string, tail?: number): Promise<string>;
  /** Run a command in a service's environment (docker: `compose exec`; process: child process with the service's env and cwd). */
  exec(service: string, command: string[]): Promise<ExecResult>;
  down(): Promise<void>;
  report(): DeploymentReport;
}
