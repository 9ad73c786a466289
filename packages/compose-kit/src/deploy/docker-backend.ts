import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { writeComposeFile } from '../compose/load.js';
import type { ComposeFile } from '../compose/model.js';
import { DeployError } from '../errors.js';
import { pollUntilHealthy } from '../health/poll.js';
import { type ComposeCommand, imagePresent } from './engine.js';
import { notifyDeploymentSpawn } from './process-backend.js';
import { onInterruptTeardown } from './signal-teardown.js';
import { planStack, type StackPlan, withoutServices } from './stack-plan.js';
import type { DeployedService, Deployment, DeploymentOptions, DeploymentReport, ExecResult } from './types.js';

interface ContainerState {
  id: string;
  service: string;
  status: string;
  health: string;
  exitCode: number;
  restartCount: number;
  ports: Record<string, { HostIp: string; HostPort: string }[] | null>;
}

/**
 * Republish every port on 127.0.0.1 with an engine-picked host port (mutates and returns the model).
 *
 * @example
 * ephemeralPorts({ services: { a: { ports: ['8001:8000'] } } }); // ports: ['127.0.0.1::8000']
 */
export function ephemeralPorts(model: ComposeFile): ComposeFile {
  for (const svc of Object.values(model.services ?? {})) {
    if (!svc.ports) continue;
    svc.ports = svc.ports.map((p) => {
      if (typeof p === 'object') return { ...p, published: undefined, host_ip: '127.0.0.1' };
      const m = /(\d+(?:-\d+)?)(\/\w+)?$/.exec(String(p));
      return m ? `127.0.0.1::${m[1]}${m[2] ?? ''}` : p;
    });
  }
  return model;
}

/**
 * The `docker` backend: the real engine through `docker compose` (v2) or
 * `docker-compose` (v1), isolated by project name. Services whose image is
 * not present locally (and that have no build) are skipped and reported.
 *
 * @example
 * const d = new DockerDeployment({ files }, engine.compose!, 'explicit');
 * try { console.log(await d.up()); } finally { await d.down(); }
 */
export class DockerDeployment implements Deployment {
  readonly backend = 'docker' as const;
  readonly projectName: string;
  private readonly options: DeploymentOptions;
  private readonly compose: ComposeCommand;
  private readonly backendReason: string;
  private plan?: StackPlan;
  private composeFile?: string;
  private workDir?: string;
  private ownsWorkDir = false;
  private started = false;
  private tornDown = false;
  private disposeSignal?: () => void;
  private services: DeployedService[] = [];
  private skipped: { service: string; reason: string }[] = [];
  private startedAt = new Date().toISOString();
  private deployToHealthyMs?: number;

  constructor(options: DeploymentOptions, compose: ComposeCommand, backendReason: string) {
    this.options = options;
    this.compose = compose;
    this.backendReason = backendReason;
    this.projectName = options.projectName ?? `run4-${process.pid}-${Date.now().toString(36)}`;
  }

  private progress(line: string): void {
    this.options.onProgress?.(`[docker] ${line}`);
  }

  private run(args: string[], timeout = 120_000) {
    const file = this.composeFile ?? '';
    return execa(this.compose.file, [...this.compose.args, '-p', this.projectName, '-f', file, ...args], {
      reject: false, timeout, all: true, env: { COMPOSE_PROJECT_NAME: this.projectName },
    });
  }

  async up(): Promise<DeploymentReport> {
    const t0 = performance.now();
    this.startedAt = new Date().toISOString();
    if (this.options.handleSignals !== false) this.disposeSignal = onInterruptTeardown(() => this.down());
    try {
      this.plan = planStack(this.options, this.projectName);
      let model = this.plan.model;
      const missing = new Set<string>();
      for (const [name, svc] of Object.entries(model.services ?? {})) {
        if (svc.build || !svc.image) continue;
        if (!(await imagePresent(svc.image))) {
          missing.add(name);
          this.skipped.push({ service: name, reason: `image ${svc.image} is not present locally and no registry is used; validated but not deployed` });
        }
      }
      if (missing.size > 0) model = withoutServices(model, missing);
      if (this.options.hostPorts === 'ephemeral') model = ephemeralPorts(model);
      this.workDir = this.options.workDir ?? mkdtempSync(path.join(os.tmpdir(), 'run4-compose-'));
      this.ownsWorkDir = !this.options.workDir;
      this.composeFile = writeComposeFile(path.join(this.workDir, `docker-compose.${this.projectName}.yml`), model,
        `merged by @run4/compose-kit from: ${this.options.files.join(', ')}`);
      const names = Object.keys(model.services ?? {});
      this.progress(`up ${names.join(', ')} (project ${this.projectName}, compose ${this.compose.version})`);
      this.started = true;
      const up = await this.run(['up', '-d', '--build', ...names], Math.max(this.options.healthTimeoutMs ?? 180_000, 600_000));
      if (up.exitCode !== 0) {
        const failing = await this.failingServices(names);
        throw await this.failure(`\`compose up\` failed for project ${this.projectName}: ${lastLines(up.all ?? '', 8)}`, failing.length > 0 ? failing : names);
      }
      await this.waitContainersHealthy(names, t0);
      await this.waitHttpHealthy(names, t0);
      this.deployToHealthyMs = Math.round(performance.now() - t0);
      this.progress(`all ${names.length} services healthy after ${this.deployToHealthyMs} ms`);
      return this.report();
    } catch (error) {
      await this.down();
      if (error instanceof DeployError) throw error;
      throw new DeployError(`deploy of ${this.options.files.join(', ')} failed: ${(error as Error).message}`, { backend: 'docker', services: [], cause: error });
    }
  }

  private async containerStates(): Promise<ContainerState[]> {
    const ids = await this.run(['ps', '-a', '-q'], 30_000);
    const list = (ids.stdout ?? '').split('\n').map((s) => s.trim()).filter(Boolean);
    if (list.length === 0) return [];
    const inspect = await execa('docker', ['inspect', ...list], { reject: false, timeout: 30_000 });
    if (inspect.exitCode !== 0) return [];
    const data = JSON.parse(inspect.stdout) as {
      Id: string; RestartCount: number; Config: { Labels: Record<string, string> };
      State: { Status: string; ExitCode: number; Health?: { Status: string } }; NetworkSettings: { Ports: ContainerState['ports'] };
    }[];
    return data.map((c) => ({
      id: c.Id.slice(0, 12), service: c.Config.Labels['com.docker.compose.service'] ?? '?', status: c.State.Status,
      health: c.State.Health?.Status ?? 'none', exitCode: c.State.ExitCode, restartCount: c.RestartCount, ports: c.NetworkSettings.Ports ?? {},
    }));
  }

  /** Services that failed themselves (unhealthy, exited, restarting); only when none did, those never started. */
  private async failingServices(names: string[]): Promise<string[]> {
    const states = await this.containerStates();
    const of = (n: string) => states.find((c) => c.service === n);
    const broken = names.filter((n) => {
      const s = of(n);
      return !!s && (s.health === 'unhealthy' || s.status === 'exited' || s.status === 'dead' || s.restartCount > 0);
    });
    if (broken.length > 0) return broken;
    return names.filter((n) => !of(n) || of(n)!.status === 'created');
  }

  private async waitContainersHealthy(names: string[], t0: number): Promise<void> {
    const deadline = t0 + (this.options.healthTimeoutMs ?? 180_000);
    for (;;) {
      const states = await this.containerStates();
      const allowUnhealthy = this.options.allowUnhealthy === true;
      const bad = states.filter((s) => names.includes(s.service) && ((s.health === 'unhealthy' && !allowUnhealthy) || s.status === 'exited' || s.status === 'dead' || (s.status === 'restarting' && s.restartCount > 0)));
      if (bad.length > 0) {
        throw await this.failure(`service(s) ${bad.map((b) => `${b.service} (${b.status}, health ${b.health}, exit ${b.exitCode})`).join(', ')} did not become healthy`, bad.map((b) => b.service));
      }
      const ready = names.every((n) => states.some((s) => s.service === n && s.status === 'running' && (s.health === 'healthy' || s.health === 'none' || (allowUnhealthy && s.health === 'unhealthy'))));
      if (ready) return;
      if (performance.now() > deadline) {
        // allowUnhealthy: a running container whose healthcheck is still starting is kept, like an unhealthy one.
        if (allowUnhealthy && names.every((n) => states.some((s) => s.service === n && s.status === 'running'))) {
          this.progress(`kept running although health is not settled (allowUnhealthy): ${names.filter((n) => states.some((s) => s.service === n && s.health === 'starting')).join(', ')}`);
          return;
        }
        const waiting = names.filter((n) => !states.some((s) => s.service === n && (s.health === 'healthy' || (s.health === 'none' && s.status === 'running'))));
        throw await this.failure(`timed out after ${this.options.healthTimeoutMs ?? 180_000} ms waiting for container health of ${waiting.join(', ')}`, waiting);
      }
      await sleep(this.options.healthIntervalMs ?? 1000);
    }
  }

  private async waitHttpHealthy(names: string[], t0: number): Promise<void> {
    const states = await this.containerStates();
    const urls: Record<string, string> = {};
    this.services = names.map((name) => {
      const s = states.find((c) => c.service === name);
      const target = this.plan?.health[name];
      const binding = target ? s?.ports[`${target.containerPort}/tcp`]?.[0] : undefined;
      const hostPort = binding ? Number(binding.HostPort) : undefined;
      const url = hostPort ? `http://127.0.0.1:${hostPort}` : undefined;
      if (url && target) urls[name] = `${url}${target.path}`;
      return { name, state: s?.health ?? 'missing', healthy: s?.health === 'healthy' || s?.health === 'none', id: s?.id,
        ...(target ? { containerPort: target.containerPort } : {}), ...(hostPort ? { hostPort, url, healthUrl: urls[name] } : {}) };
    });
    const remaining = Math.max(5000, t0 + (this.options.healthTimeoutMs ?? 180_000) - performance.now());
    const outcome = await pollUntilHealthy(urls, { timeout: remaining, interval: this.options.healthIntervalMs ?? 1000, requiredConsecutive: this.options.requiredConsecutive ?? 2 });
    for (const svc of this.services) {
      const r = outcome.results[svc.name];
      if (r) {
        svc.health = r;
        svc.healthy = svc.healthy && r.healthy;
        if (outcome.healthyAfterMs[svc.name] !== undefined) svc.healthyAfterMs = Math.round(outcome.healthyAfterMs[svc.name]! + (performance.now() - t0 - outcome.elapsedMs));
      }
    }
    if (!outcome.allHealthy) {
      const bad = Object.values(outcome.results).filter((r) => !r.healthy);
      if (this.options.allowUnhealthy) {
        this.progress(`kept running although not healthy (allowUnhealthy): ${bad.map((r) => r.service).join(', ')}`);
        return;
      }
      throw await this.failure(`HTTP health failed: ${bad.map((r) => `${r.service} ${r.url} → ${r.error || r.status_code}`).join('; ')}`, bad.map((r) => r.service));
    }
  }

  private async failure(message: string, services: string[]): Promise<DeployError> {
    const logs: Record<string, string> = {};
    for (const s of services) logs[s] = await this.logs(s, this.options.logTail ?? 40).catch((e: Error) => `(logs unavailable: ${e.message})`);
    return new DeployError(message, { backend: 'docker', services, logs });
  }

  async ps(): Promise<DeployedService[]> {
    const states = await this.containerStates();
    return states.map((s) => ({ name: s.service, state: s.health === 'none' ? s.status : s.health, healthy: s.health === 'healthy' || (s.health === 'none' && s.status === 'running'), id: s.id }));
  }

  async logs(service: string, tail = 40): Promise<string> {
    const r = await this.run(['logs', '--no-color', '--tail', String(tail), service], 30_000);
    return (r.all ?? '').replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
  }

  async exec(service: string, command: string[]): Promise<ExecResult> {
    const r = await this.run(['exec', '-T', service, ...command], 60_000);
    return { exitCode: r.exitCode ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  }

  async down(): Promise<void> {
    if (this.tornDown) return;
    this.tornDown = true;
    try {
      if (this.started && this.composeFile) {
        this.progress(`down --volumes --remove-orphans (project ${this.projectName})`);
        const r = await this.run(['down', '--volumes', '--remove-orphans', '--rmi', 'local', '--timeout', '5'], 180_000);
        if (r.exitCode !== 0) this.progress(`down failed: ${lastLines(r.all ?? '', 5)}`);
        else notifyDeploymentSpawn({ kind: 'released', project: this.projectName });
      }
    } finally {
      this.disposeSignal?.();
      if (this.ownsWorkDir && this.workDir) rmSync(this.workDir, { recursive: true, force: true });
    }
  }

  report(): DeploymentReport {
    return {
      backend: 'docker', backendReason: this.backendReason, projectName: this.projectName, files: this.options.files,
      composeCommand: `${[this.compose.file, ...this.compose.args].join(' ')} (${this.compose.version} ${this.compose.versionText})`,
      services: this.services, skipped: this.skipped, startedAt: this.startedAt,
      ...(this.deployToHealthyMs !== undefined ? { deployToHealthyMs: this.deployToHealthyMs } : {}), tornDown: this.tornDown,
    };
  }
}

function lastLines(text: string, n: number): string {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}
