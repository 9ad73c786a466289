import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { signalProcessGroup } from '@run4/checks';
import { execa, type ResultPromise } from 'execa';
import getPort from 'get-port';
import { type ComposeService, dependsOnMap, toStringMap } from '../compose/model.js';
import { DeployError } from '../errors.js';
import { pollUntilHealthy } from '../health/poll.js';
import { readDockerfileCommand } from './dockerfile-command.js';
import { onInterruptTeardown } from './signal-teardown.js';
import { planStack, topologicalOrder } from './stack-plan.js';
import type { DeployedService, Deployment, DeploymentOptions, DeploymentReport, ExecResult } from './types.js';

interface Proc {
  name: string;
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  port: number;
  child?: ResultPromise;
  exited?: { code: number | undefined; signal: string | undefined };
  lines: string[];
}

const MAX_LINES = 500;

/** Environment variable every service process gets: a per-deployment random token that proves, later, that a process is ours. */
export const OWNER_TOKEN_ENV = 'RUN4_DEPLOYMENT_TOKEN';

/**
 * What a deployment tells spawn observers: `spawning` before a service
 * process starts (its token is already in the child's environment),
 * `spawned` right after (pid = process group id, the child leads its own
 * group), `compose-project` when a docker deployment is created, and
 * `released` once `down()` has stopped everything of a project.
 */
export type SpawnNotice =
  | { kind: 'spawning'; project: string; service: string; token: string; argv: string[]; cwd: string }
  | { kind: 'spawned'; project: string; service: string; token: string; argv: string[]; cwd: string; pid: number; pgid: number }
  | { kind: 'compose-project'; project: string; files: string[] }
  | { kind: 'released'; project: string };

const spawnObservers = new Set<(notice: SpawnNotice) => void>();

/**
 * Be told, synchronously, about every process group and compose project a
 * deployment of this process starts, so a host program can record them
 * before they exist (and reap them after a crash). Returns the unsubscribe.
 *
 * @example
 * const stop = observeDeploymentSpawns((n) => ledger.record(n));
 * try { await deployment.up(); } finally { stop(); }
 */
export function observeDeploymentSpawns(observer: (notice: SpawnNotice) => void): () => void {
  spawnObservers.add(observer);
  return () => {
    spawnObservers.delete(observer);
  };
}

/** Tell every observer; an observer that throws stops the spawn (nothing unrecorded may start). */
export function notifyDeploymentSpawn(notice: SpawnNotice): void {
  for (const observer of spawnObservers) observer(notice);
}

function volumeTargets(svc: ComposeService): string[] {
  return (svc.volumes ?? []).map((v) => (typeof v === 'string' ? (v.split(':')[1] ?? v.split(':')[0]!) : (v.target ?? ''))).filter((t) => t.startsWith('/'));
}

/**
 * The `process` backend: each service with a build context runs as a child
 * process of this machine's node — the Dockerfile's final CMD, in the build
 * context directory, on a free 127.0.0.1 port given as PORT, with the
 * compose environment, and HOST=127.0.0.1 (`bindHost`) so services that
 * read HOST listen on loopback only. `http://<service>:<port>` URLs in the environment are
 * rewritten to the other services' loopback addresses, and volume mount
 * paths to per-run temp directories. Image-only services are skipped.
 *
 * @example
 * const d = new ProcessDeployment({ files }, 'no engine answers');
 * try { await d.up(); } finally { await d.down(); }
 */
export class ProcessDeployment implements Deployment {
  readonly backend = 'process' as const;
  readonly projectName: string;
  private readonly options: DeploymentOptions;
  private readonly backendReason: string;
  private readonly procs = new Map<string, Proc>();
  /** Put in every service's environment ({@link OWNER_TOKEN_ENV}). */
  readonly ownerToken = randomUUID();
  private services: DeployedService[] = [];
  private skipped: { service: string; reason: string }[] = [];
  private workDir?: string;
  private ownsWorkDir = false;
  private tornDown = false;
  private disposeSignal?: () => void;
  private startedAt = new Date().toISOString();
  private deployToHealthyMs?: number;
  private health: Record<string, { containerPort: number; path: string } | undefined> = {};

  constructor(options: DeploymentOptions, backendReason: string) {
    this.options = options;
    this.backendReason = backendReason;
    this.projectName = options.projectName ?? `run4-${process.pid}-${Date.now().toString(36)}`;
  }

  private progress(line: string): void {
    this.options.onProgress?.(`[process] ${line}`);
  }

  async up(): Promise<DeploymentReport> {
    const t0 = performance.now();
    this.startedAt = new Date().toISOString();
    if (this.options.handleSignals !== false) this.disposeSignal = onInterruptTeardown(() => this.down());
    const exitAbort = new AbortController();
    try {
      const plan = planStack(this.options, this.projectName);
      this.health = plan.health;
      this.workDir = this.options.workDir ?? mkdtempSync(path.join(os.tmpdir(), 'run4-proc-'));
      this.ownsWorkDir = !this.options.workDir;
      const services = plan.model.services ?? {};
      const runnable = topologicalOrder(plan.model).filter((name) => {
        const svc = services[name]!;
        if (svc.build) return true;
        this.skipped.push({ service: name, reason: `image-only service (${svc.image ?? 'no image'}): the process backend runs only services built from a Dockerfile` });
        return false;
      });
      // ports first, so every service's env can point at the others
      for (const name of runnable) {
        const svc = services[name]!;
        const build = typeof svc.build === 'string' ? { context: svc.build } : svc.build!;
        const df = readDockerfileCommand(build.context ?? '.', build.dockerfile ?? 'Dockerfile');
        const argv = df.argv[0] === 'node' ? [process.execPath, ...df.argv.slice(1)] : df.argv;
        this.procs.set(name, { name, argv, cwd: build.context ?? '.', env: { ...df.env, ...toStringMap(svc.environment as never) }, port: await getPort({ host: '127.0.0.1' }), lines: [] });
      }
      for (const p of this.procs.values()) this.rewriteEnv(p, services[p.name]!);

      for (const name of runnable) {
        const svc = services[name]!;
        const waitFor = Object.entries(dependsOnMap(svc)).filter(([d, c]) => c === 'service_healthy' && this.procs.has(d)).map(([d]) => d);
        if (waitFor.length > 0) await this.waitHealthy(waitFor, t0, exitAbort.signal);
        this.start(this.procs.get(name)!, exitAbort);
      }
      await this.waitHealthy(runnable, t0, exitAbort.signal, true);
      this.deployToHealthyMs = Math.round(performance.now() - t0);
      this.progress(`all ${runnable.length} services healthy after ${this.deployToHealthyMs} ms`);
      return this.report();
    } catch (error) {
      await this.down();
      if (error instanceof DeployError) throw error;
      throw new DeployError(`deploy of ${this.options.files.join(', ')} failed: ${(error as Error).message}`, { backend: 'process', services: [], cause: error });
    }
  }

  private rewriteEnv(p: Proc, svc: ComposeService): void {
    const dataRoot = path.join(this.workDir!, p.name);
    const targets = volumeTargets(svc);
    for (const [key, value] of Object.entries(p.env)) {
      let v = value;
      for (const other of this.procs.values()) {
        const port = this.health[other.name]?.containerPort;
        const hostRef = port ? new RegExp(`\\b${other.name}:${port}\\b`, 'g') : new RegExp(`//${other.name}(?=[/:]|$)`, 'g');
        v = v.replace(hostRef, port ? `127.0.0.1:${other.port}` : '//127.0.0.1');
      }
      for (const t of targets) {
        if (v === t || v.startsWith(`${t}/`)) v = path.join(dataRoot, v);
      }
      p.env[key] = v;
    }
    for (const t of targets) mkdirSync(path.join(dataRoot, t), { recursive: true });
    p.env.PORT = String(p.port);
    // Loopback only unless the caller asks otherwise: a Dockerfile's `ENV HOST=0.0.0.0` is meant for a container's
    // own network namespace; on this machine it would expose test services on every interface.
    p.env.HOST = this.options.bindHost ?? '127.0.0.1';
    p.env[OWNER_TOKEN_ENV] = this.ownerToken;
  }

  private start(p: Proc, exitAbort: AbortController): void {
    this.progress(`start ${p.name}: ${p.argv.join(' ')} (cwd ${p.cwd}, port ${p.port})`);
    const owner = { project: this.projectName, service: p.name, token: this.ownerToken, argv: p.argv, cwd: p.cwd };
    notifyDeploymentSpawn({ kind: 'spawning', ...owner });
    const child = execa(p.argv[0]!, p.argv.slice(1), {
      cwd: p.cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? os.tmpdir(), ...p.env },
      extendEnv: false, detached: true, reject: false, buffer: false, stdin: 'ignore', all: true, cleanup: true,
    });
    p.child = child;
    // detached: the child leads its own process group (pgid = pid)
    if (child.pid) notifyDeploymentSpawn({ kind: 'spawned', ...owner, pid: child.pid, pgid: child.pid });
    child.all?.on('data', (chunk: Buffer) => {
      p.lines.push(...chunk.toString('utf8').split('\n').filter((l) => l.length > 0));
      if (p.lines.length > MAX_LINES) p.lines.splice(0, p.lines.length - MAX_LINES);
    });
    void child.then((r) => {
      p.exited = { code: r.exitCode, signal: r.signal };
      if (!this.tornDown) exitAbort.abort();
    });
  }

  private async waitHealthy(names: string[], t0: number, signal: AbortSignal, record = false): Promise<void> {
    const urls: Record<string, string> = {};
    for (const n of names) {
      const target = this.health[n];
      if (target) urls[n] = `http://127.0.0.1:${this.procs.get(n)!.port}${target.path}`;
    }
    const remaining = Math.max(1000, t0 + (this.options.healthTimeoutMs ?? 180_000) - performance.now());
    const outcome = await pollUntilHealthy(urls, { timeout: remaining, interval: this.options.healthIntervalMs ?? 500, requiredConsecutive: this.options.requiredConsecutive ?? 2, signal });
    const dead = [...this.procs.values()].filter((p) => p.exited);
    if (record || dead.length > 0 || !outcome.allHealthy) {
      this.services = [...this.procs.values()].map((p) => ({
        name: p.name, state: p.exited ? `exited (${p.exited.code ?? p.exited.signal})` : p.child ? 'running' : 'not started',
        healthy: !p.exited && !!outcome.results[p.name]?.healthy, id: String(p.child?.pid ?? ''), ...(this.health[p.name] ? { containerPort: this.health[p.name]!.containerPort } : {}), hostPort: p.port,
        url: `http://127.0.0.1:${p.port}`, ...(urls[p.name] ? { healthUrl: urls[p.name] } : {}),
        ...(outcome.results[p.name] ? { health: outcome.results[p.name] } : {}),
        ...(outcome.healthyAfterMs[p.name] !== undefined ? { healthyAfterMs: outcome.healthyAfterMs[p.name] } : {}),
      }));
    }
    if (dead.length > 0) {
      await sleep(100); // let the last output arrive
      throw this.failure(`service(s) ${dead.map((p) => `${p.name} (exit ${p.exited!.code ?? p.exited!.signal})`).join(', ')} exited before becoming healthy`, dead.map((p) => p.name));
    }
    if (!outcome.allHealthy) {
      const bad = names.filter((n) => !outcome.results[n]?.healthy);
      if (record && this.options.allowUnhealthy) {
        this.progress(`kept running although not healthy (allowUnhealthy): ${bad.join(', ')}`);
        return;
      }
      throw this.failure(`timed out after ${Math.round(remaining)} ms waiting for ${bad.map((n) => `${n} (${outcome.results[n]?.error || outcome.results[n]?.status_code || 'no answer'})`).join(', ')} to become healthy`, bad);
    }
  }

  private failure(message: string, services: string[]): DeployError {
    const tail = this.options.logTail ?? 40;
    const logs = Object.fromEntries(services.map((s) => [s, (this.procs.get(s)?.lines ?? []).slice(-tail).join('\n')]));
    return new DeployError(message, { backend: 'process', services, logs });
  }

  async ps(): Promise<DeployedService[]> {
    return [...this.procs.values()].map((p) => ({
      name: p.name, state: p.exited ? 'exited' : p.child ? 'running' : 'not started', healthy: !!p.child && !p.exited,
      id: String(p.child?.pid ?? ''), hostPort: p.port, url: `http://127.0.0.1:${p.port}`,
    }));
  }

  async logs(service: string, tail = 40): Promise<string> {
    return (this.procs.get(service)?.lines ?? []).slice(-tail).join('\n');
  }

  /** Runs the command with the service's environment and working directory (there is no container to enter). */
  async exec(service: string, command: string[]): Promise<ExecResult> {
    const p = this.procs.get(service);
    if (!p) return { exitCode: 1, stdout: '', stderr: `no such service in this deployment: ${service}` };
    const argv = command[0] === 'node' ? [process.execPath, ...command.slice(1)] : command;
    const r = await execa(argv[0]!, argv.slice(1), { cwd: p.cwd, env: { PATH: process.env.PATH ?? '', ...p.env }, extendEnv: false, reject: false, timeout: 60_000 });
    return { exitCode: r.exitCode ?? 1, stdout: r.stdout, stderr: r.stderr };
  }

  async down(): Promise<void> {
    if (this.tornDown) return;
    this.tornDown = true;
    try {
      const running = [...this.procs.values()].filter((p) => p.child?.pid && !p.exited);
      for (const p of running) killGroup(p.child!.pid!, 'SIGTERM');
      const deadline = Date.now() + 5000;
      while (running.some((p) => !p.exited) && Date.now() < deadline) await sleep(50);
      for (const p of running) if (!p.exited) killGroup(p.child!.pid!, 'SIGKILL');
      await Promise.all(running.map((p) => p.child));
      if (running.length > 0) this.progress(`stopped ${running.map((p) => p.name).join(', ')}`);
      notifyDeploymentSpawn({ kind: 'released', project: this.projectName });
    } finally {
      this.disposeSignal?.();
      if (this.ownsWorkDir && this.workDir) rmSync(this.workDir, { recursive: true, force: true });
    }
  }

  report(): DeploymentReport {
    return {
      backend: 'process', backendReason: this.backendReason, projectName: this.projectName, files: this.options.files,
      services: this.services, skipped: this.skipped, startedAt: this.startedAt,
      ...(this.deployToHealthyMs !== undefined ? { deployToHealthyMs: this.deployToHealthyMs } : {}), tornDown: this.tornDown,
    };
  }
}

/** Signal a service's process group (it leads its own), else the process alone. */
function killGroup(pid: number, signal: NodeJS.Signals): void {
  if (signalProcessGroup(pid, signal)) return;
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}
