import { type CheckRecord, runCheck } from '@run4/checks';
import { execa } from 'execa';
import { aggregateHealth } from '../health/aggregate.js';
import { checkAllServices } from '../health/health-check.js';
import type { Deployment, DeploymentReport } from '../deploy/types.js';
import { DeployError } from '../errors.js';

/** Outcome of {@link deployForChecks}: the deployment (to check and tear down) plus its report or failure. */
export interface DeployAttempt {
  deployment: Deployment;
  report?: DeploymentReport;
  error?: Error;
}

/**
 * Bring a deployment up without throwing: a failed `up` (already torn down by
 * the backend) is kept as `error` so the checks record it as FAIL with the
 * failing service's logs.
 *
 * @example
 * const attempt = await deployForChecks(await createDeployment({ backend: 'auto', files, services: ['architect', 'contract-engine'] }));
 */
export async function deployForChecks(deployment: Deployment): Promise<DeployAttempt> {
  try {
    return { deployment, report: await deployment.up() };
  } catch (error) {
    return { deployment, error: error as Error };
  }
}

function failureEvidence(attempt: DeployAttempt): string {
  const e = attempt.error;
  return e instanceof DeployError ? e.message : `deploy failed: ${e?.message ?? 'unknown error'}`;
}

/**
 * Check that every named service is deployed and healthy per `ps` (docker:
 * container health `healthy`; process: process running and HTTP-healthy).
 *
 * @example
 * const rec = await servicesUpCheck(attempt, ['architect', 'contract-engine', 'codebase-intelligence'], {
 *   id: 'm4.build1.deploy', name: 'Build 1 services deployed', requirementIds: ['B1-01', 'R4-M4-001'] });
 */
export async function servicesUpCheck(
  attempt: DeployAttempt,
  services: readonly string[],
  meta: { id: string; name: string; requirementIds: string[] },
): Promise<CheckRecord> {
  return runCheck(meta, async () => {
    if (attempt.error || !attempt.report) return { status: 'FAIL', evidence: failureEvidence(attempt), data: { backend: attempt.deployment.backend } };
    const ps = await attempt.deployment.ps();
    const rows = services.map((s) => ps.find((p) => p.name === s));
    const bad = services.filter((_, i) => !rows[i]?.healthy);
    const table = services.map((s, i) => `${s}=${rows[i]?.state ?? 'absent'}`).join(', ');
    const data = { backend: attempt.deployment.backend, backendReason: attempt.report.backendReason, ps: ps.map((p) => ({ name: p.name, state: p.state, healthy: p.healthy })), skipped: attempt.report.skipped };
    if (bad.length > 0) return { status: 'FAIL', evidence: `[${attempt.deployment.backend}] not healthy per ps: ${bad.join(', ')} (${table})`, data };
    return { status: 'PASS', evidence: `[${attempt.deployment.backend}] ${services.length}/${services.length} healthy per ps: ${table}`, data };
  });
}

/**
 * Fresh HTTP health round over the deployed services' health URLs: each must
 * answer 200 (with response times in `data`).
 *
 * @example
 * const rec = await servicesHttpHealthCheck(attempt, ['accounts-api'], { id: 'm4.generated.health', name: 'health', requirementIds: ['SC-03'] });
 */
export async function servicesHttpHealthCheck(
  attempt: DeployAttempt,
  services: readonly string[],
  meta: { id: string; name: string; requirementIds: string[] },
): Promise<CheckRecord> {
  return runCheck(meta, async () => {
    if (attempt.error || !attempt.report) return { status: 'FAIL', evidence: failureEvidence(attempt) };
    const urls: Record<string, string> = {};
    const missing: string[] = [];
    for (const s of services) {
      const url = attempt.report.services.find((d) => d.name === s)?.healthUrl;
      if (url) urls[s] = url;
      else missing.push(s);
    }
    const agg = aggregateHealth(Object.fromEntries((await checkAllServices(urls)).map((r) => [r.service, r])));
    const data = { backend: attempt.deployment.backend, response_times_ms: agg.response_times_ms, errors: agg.errors, urls };
    if (missing.length > 0 || !agg.all_healthy) {
      const why = [...missing.map((m) => `${m}: no reachable health URL`), ...agg.unhealthy_services.map((u) => `${u}: ${agg.errors[u]} (${urls[u]})`)];
      return { status: 'FAIL', evidence: `[${attempt.deployment.backend}] ${agg.healthy_services}/${services.length} answer 200: ${why.join('; ')}`, data };
    }
    return { status: 'PASS', evidence: `[${attempt.deployment.backend}] ${services.length}/${services.length} answer HTTP 200: ${Object.entries(urls).map(([s, u]) => `${s} ${u} ${agg.response_times_ms[s]}ms`).join(', ')}`, data };
  });
}

/** What {@link interContainerDnsCheck} checks: `from` reaches `to` by service name. */
export interface DnsCheckOptions {
  from: string;
  to: string;
  /** The port `to` listens on inside its container. */
  port: number;
  /** An HTTP path on `to` that answers 200 (its health route). */
  path: string;
  /**
   * Run 4's own probe image: joins `from`'s network namespace, so the name
   * is resolved exactly as `from` resolves it, whatever runtime `from`'s
   * image has. It must have `node` (default: the offline base image).
   */
  probeImage?: string;
  requirementIds?: string[];
}

/**
 * B1-20: one service reaches another by its service name. docker: a probe
 * container of Run 4's own shares `from`'s network namespace
 * (`--network container:<id>`) and fetches `http://<to>:<port><path>`, so
 * the check needs nothing inside `from`'s image. process: there is no
 * container DNS; the record is SKIP and says so.
 *
 * @example
 * const rec = await interContainerDnsCheck(attempt, { from: 'architect', to: 'contract-engine', port: 8000, path: '/api/health' });
 */
export async function interContainerDnsCheck(attempt: DeployAttempt, options: DnsCheckOptions): Promise<CheckRecord> {
  const { from, to, port, path } = options;
  return runCheck({ id: 'm4.build1.inter-container-dns', name: `${from} reaches ${to} by service name`, requirementIds: options.requirementIds ?? ['B1-20'] }, async () => {
    if (attempt.error || !attempt.report) return { status: 'FAIL', evidence: failureEvidence(attempt) };
    if (attempt.deployment.backend !== 'docker') {
      return { status: 'SKIP', evidence: `[${attempt.deployment.backend}] no container DNS on this backend: name resolution between services cannot be exercised (run with the docker backend)` };
    }
    const container = (await attempt.deployment.ps()).find((p) => p.name === from)?.id;
    if (!container) return { status: 'FAIL', evidence: `[docker] no running container for ${from}` };
    const url = `http://${to}:${port}${path}`;
    const script = `fetch(${JSON.stringify(url)}).then(r=>{console.log('HTTP '+r.status);process.exit(r.status===200?0:1)}).catch(e=>{console.error(String(e.cause?.code||e.message));process.exit(1)})`;
    const image = options.probeImage ?? 'run4/node:20-offline';
    const r = await execa('docker', ['run', '--rm', '--network', `container:${container}`, image, 'node', '-e', script], { reject: false, timeout: 60_000, all: true });
    const observed = (r.all ?? '').trim().split('\n').slice(-2).join(' ');
    if (r.exitCode !== 0) return { status: 'FAIL', evidence: `[docker] from ${from}'s network namespace, ${url}: exit ${r.exitCode}: ${observed}` };
    return { status: 'PASS', evidence: `[docker] from ${from}'s network namespace (probe ${image}), ${url} answered ${observed}` };
  });
}

/**
 * Tear the deployment down and prove nothing is left: docker — no container,
 * network or volume with the project's label; process — no service process alive.
 *
 * @example
 * const rec = await teardownCheck(attempt.deployment);
 */
export async function teardownCheck(deployment: Deployment, requirementIds: string[] = ['R4-M4-006']): Promise<CheckRecord> {
  return runCheck({ id: `m4.teardown.${deployment.projectName}`, name: 'deployment torn down, nothing left', requirementIds }, async () => {
    const before = await deployment.ps().catch(() => []);
    await deployment.down();
    if (deployment.backend === 'docker') {
      const label = `label=com.docker.compose.project=${deployment.projectName}`;
      const left: string[] = [];
      for (const [kind, args] of [['containers', ['ps', '-a', '-q', '--filter', label]], ['networks', ['network', 'ls', '-q', '--filter', label]], ['volumes', ['volume', 'ls', '-q', '--filter', label]]] as const) {
        const r = await execa('docker', [...args], { reject: false, timeout: 30_000 });
        if (r.exitCode !== 0) left.push(`${kind}: could not list (${r.stderr.split('\n')[0]})`);
        else if (r.stdout.trim()) left.push(`${kind}: ${r.stdout.trim().split('\n').join(' ')}`);
      }
      if (left.length > 0) return { status: 'FAIL', evidence: `[docker] project ${deployment.projectName} left behind ${left.join('; ')}` };
      return { status: 'PASS', evidence: `[docker] down --volumes --remove-orphans removed ${before.length} containers; no container, network or volume of project ${deployment.projectName} remains` };
    }
    const alive = before.filter((p) => p.id && isAlive(Number(p.id)));
    if (alive.length > 0) return { status: 'FAIL', evidence: `[process] still running: ${alive.map((p) => `${p.name} (pid ${p.id})`).join(', ')}` };
    return { status: 'PASS', evidence: `[process] ${before.length} service process groups stopped; none alive` };
  });
}

function isAlive(pid: number): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
