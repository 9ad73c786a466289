import type { ComposeIssue } from '../errors.js';
import { type ComposeFile, dependsOnMap, serviceNetworks } from './model.js';

/** One published host port of a service. */
export interface PublishedPort {
  service: string;
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: string;
  index: number;
}

/**
 * The host ports a service publishes (short and long syntax; ranges expanded;
 * ports without a published part are ephemeral and omitted).
 *
 * @example
 * publishedPorts('api', { ports: ['127.0.0.1:8001:8000'] }); // [{ hostIp: '127.0.0.1', hostPort: 8001, containerPort: 8000, ... }]
 */
export function publishedPorts(service: string, svc: { ports?: unknown[] }): PublishedPort[] {
  const out: PublishedPort[] = [];
  (svc.ports ?? []).forEach((entry, index) => {
    if (entry && typeof entry === 'object') {
      const p = entry as { published?: string | number; target?: number; host_ip?: string; protocol?: string };
      if (p.published === undefined || p.published === '') return;
      out.push({ service, hostIp: p.host_ip ?? '', hostPort: Number(p.published), containerPort: p.target ?? 0, protocol: p.protocol ?? 'tcp', index });
      return;
    }
    const text = String(entry);
    const [spec, protocol = 'tcp'] = text.split('/');
    const m = /^(?:(\[[^\]]+\]|[^:]+):)??(?:(\d+(?:-\d+)?)?:)?(\d+(?:-\d+)?)$/.exec(spec ?? '');
    if (!m || !m[2]) return;
    const [hs, he = hs] = m[2].split('-').map(Number);
    const [cs] = m[3]!.split('-').map(Number);
    for (let i = 0; hs! + i <= he! && i < 1000; i++) {
      out.push({ service, hostIp: m[1] ?? '', hostPort: hs! + i, containerPort: cs! + i, protocol, index });
    }
  });
  return out;
}

const ANY_IP = new Set(['', '0.0.0.0', '::', '[::]']);

function isNamedVolume(source: string): boolean {
  return source !== '' && !source.startsWith('/') && !source.startsWith('.') && !source.startsWith('~') && !source.includes('$');
}

/**
 * Cross-reference checks of a (merged) compose model: every `depends_on`
 * names a service, every service network and named volume is declared at the
 * top level, and no two services publish the same host port. `origins` maps
 * `/services/<svc>/<key>` to the file that set it, so each issue names a file.
 *
 * @example
 * checkComposeSemantics({ services: { a: { image: 'x', networks: ['nope'] } } }, {}, 'compose.yml');
 * // [{ kind: 'dangling-network', path: '/services/a/networks/nope', ... }]
 */
export function checkComposeSemantics(model: ComposeFile, origins: Record<string, string>, fallbackFile: string): ComposeIssue[] {
  const issues: ComposeIssue[] = [];
  const services = model.services ?? {};
  const networks = new Set(Object.keys(model.networks ?? {}));
  networks.add('default');
  const volumes = new Set(Object.keys(model.volumes ?? {}));
  const fileOf = (svc: string, key: string) => origins[`/services/${svc}/${key}`] ?? fallbackFile;
  const ports: PublishedPort[] = [];

  for (const [name, svc] of Object.entries(services)) {
    for (const dep of Object.keys(dependsOnMap(svc))) {
      if (!(dep in services)) {
        issues.push({ kind: 'dangling-depends-on', file: fileOf(name, 'depends_on'), path: `/services/${name}/depends_on/${dep}`,
          reason: `service "${name}" depends on "${dep}", which no compose file defines; add the service or remove the dependency` });
      }
    }
    for (const net of serviceNetworks(svc)) {
      if (!networks.has(net)) {
        issues.push({ kind: 'dangling-network', file: fileOf(name, 'networks'), path: `/services/${name}/networks/${net}`,
          reason: `network "${net}" is not declared under top-level "networks"; declare it or remove it from the service` });
      }
    }
    (svc.volumes ?? []).forEach((v, i) => {
      const source = typeof v === 'string' ? (v.split(':').length > 1 ? v.split(':')[0]! : '') : v.type === 'volume' || v.type === undefined ? (v.source ?? '') : '';
      if (isNamedVolume(source) && !volumes.has(source)) {
        issues.push({ kind: 'dangling-volume', file: fileOf(name, 'volumes'), path: `/services/${name}/volumes/${i}`,
          reason: `named volume "${source}" is not declared under top-level "volumes"; declare it or use a bind path` });
      }
    });
    ports.push(...publishedPorts(name, svc));
  }

  for (let i = 0; i < ports.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = ports[i]!;
      const b = ports[j]!;
      const sameIp = a.hostIp === b.hostIp || ANY_IP.has(a.hostIp) || ANY_IP.has(b.hostIp);
      if (a.hostPort === b.hostPort && a.protocol === b.protocol && sameIp) {
        issues.push({ kind: 'port-clash', file: fileOf(a.service, 'ports'), path: `/services/${a.service}/ports/${a.index}`,
          reason: `host port ${a.hostPort}/${a.protocol} is already published by service "${b.service}" (${fileOf(b.service, 'ports')}); give one of them another host port` });
      }
    }
  }
  return issues;
}
