import { describe, expect, it } from 'vitest';
import { checkComposeSemantics, publishedPorts } from '../../src/index.js';

const origins = { '/services/a/networks': 'a.yml', '/services/a/ports': 'a.yml', '/services/b/ports': 'b.yml' };

describe('checkComposeSemantics', () => {
  it('finds nothing wrong in a consistent model', () => {
    expect(checkComposeSemantics({
      services: { a: { image: 'x', networks: ['front'], volumes: ['data:/data', './src:/src'], depends_on: ['b'], ports: ['8001:8000'] }, b: { image: 'y', ports: ['8002:8000'] } },
      networks: { front: {} }, volumes: { data: {} },
    }, {}, 'm.yml')).toEqual([]);
  });

  it('reports a dangling network with the file that set it', () => {
    const issues = checkComposeSemantics({ services: { a: { image: 'x', networks: ['nowhere'] } } }, origins, 'm.yml');
    expect(issues).toEqual([expect.objectContaining({ kind: 'dangling-network', file: 'a.yml', path: '/services/a/networks/nowhere' })]);
  });

  it('reports a dangling depends_on and an undeclared named volume', () => {
    const issues = checkComposeSemantics({ services: { a: { image: 'x', depends_on: { ghost: { condition: 'service_healthy' } }, volumes: ['cache:/c'] } } }, {}, 'm.yml');
    expect(issues.map((i) => i.kind).sort()).toEqual(['dangling-depends-on', 'dangling-volume']);
    expect(issues.find((i) => i.kind === 'dangling-depends-on')?.reason).toContain('"ghost"');
  });

  it('reports two services publishing the same host port, naming both', () => {
    const issues = checkComposeSemantics({ services: { a: { image: 'x', ports: ['8080:80'] }, b: { image: 'y', ports: ['0.0.0.0:8080:8080'] } } }, origins, 'm.yml');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ kind: 'port-clash', file: 'b.yml', path: '/services/b/ports/0' });
    expect(issues[0]!.reason).toContain('service "a"');
  });

  it('does not treat different host IPs or ephemeral ports as a clash', () => {
    expect(checkComposeSemantics({ services: { a: { image: 'x', ports: ['127.0.0.1:8080:80', '127.0.0.1::90'] }, b: { image: 'y', ports: ['127.0.0.2:8080:80', '127.0.0.1::90'] } } }, {}, 'm.yml')).toEqual([]);
  });

  it('parses short and long port syntax', () => {
    expect(publishedPorts('s', { ports: ['127.0.0.1:8001:8000', { target: 80, published: 8080 }, '9000-9001:9000-9001/udp', '3000'] }).map((p) => `${p.hostIp}|${p.hostPort}|${p.containerPort}|${p.protocol}`))
      .toEqual(['127.0.0.1|8001|8000|tcp', '|8080|80|tcp', '|9000|9000|udp', '|9001|9001|udp']);
  });
});
