import { check } from '@run4/checks';
import { describe, expect, it } from 'vitest';
import { buildFindings, countOpenByPriority, FixLoopInputError, serviceOfCheck, systemOfCheck } from '../src/index.js';
import { fail, HEALTH, LOG, pass, SCHEMA, v } from './helpers.js';

describe('buildFindings', () => {
  it('catalogues every FAIL check and every violation, P0 first, numbered FINDING-001..', () => {
    const findings = buildFindings({
      checks: [pass('ok'), check('w', 'w', 'WARN', 'slow'), check('s', 's', 'SKIP', 'no docker'), fail('m2.tools', ['B1-07'])],
      violations: [LOG, SCHEMA, HEALTH],
    });
    expect(findings.map((f) => [f.finding_id, f.priority, f.component])).toEqual([
      ['FINDING-001', 'P0', 'm2.tools'],
      ['FINDING-002', 'P0', 'order-service:src/server.js [HEALTH-001]'],
      ['FINDING-003', 'P1', 'order-service:src/routes/orders.js [SCHEMA-001]'],
      ['FINDING-004', 'P2', 'auth-service:src/server.js [LOG-001]'],
    ]);
    expect(findings[0]).toMatchObject({ system: 'Build 1', resolution: 'OPEN', fix_pass_number: 0 });
    expect(findings[2]?.system).toBe('Integration');
    expect(findings[3]?.system).toBe('Build 2');
    expect(findings[1]?.evidence).toContain('[HEALTH-001] order-service/src/server.js');
  });

  it('groups occurrences of one code in one file into one finding and keeps every line', () => {
    const [f] = buildFindings({ checks: [], violations: [v('LOG-001', 'a', 'x.js', 'warning', 3), v('LOG-001', 'a', 'x.js', 'warning', 9)] });
    expect(f?.source.kind === 'violation' && f.source.occurrences.map((o) => o.line)).toEqual([3, 9]);
  });

  it('attributes a violation to a service from its path prefix when it names none', () => {
    const [f] = buildFindings(
      { checks: [], violations: [{ code: 'LOG-001', severity: 'warning', category: 'logging', file_path: 'auth-service/src/a.js', line: 1, message: 'print' }] },
      { services: ['auth-service'] },
    );
    expect(f?.source).toMatchObject({ service: 'auth-service', file: 'src/a.js' });
  });

  it('does not repeat findings already catalogued and continues the numbering', () => {
    const first = buildFindings({ checks: [], violations: [HEALTH] });
    const next = buildFindings({ checks: [], violations: [HEALTH, LOG] }, { existing: first, firstNumber: 2 });
    expect(next.map((f) => f.finding_id)).toEqual(['FINDING-002']);
    expect(countOpenByPriority([...first, ...next])).toEqual({ P0: 1, P1: 0, P2: 1, P3: 0 });
  });

  it('rejects a malformed violation with a typed usage error naming the field', () => {
    const bad = () => buildFindings({ checks: [], violations: [{ ...LOG, severity: 'loud' as never }] });
    expect(bad).toThrow(FixLoopInputError);
    try {
      bad();
    } catch (e) {
      expect((e as FixLoopInputError).exitCode).toBe(2);
      expect((e as FixLoopInputError).message).toContain('0.severity');
    }
  });

  it('routes a failed check about one generated service to its builder and any other to its owner system', () => {
    const services = ['auth-service', 'order-service'];
    const findings = buildFindings(
      {
        checks: [
          fail('l2.order-service.health', ['R4-M4-006']),
          fail('mcp.architect.decompose.valid', ['B1-07', 'R4-M2-002', 'X-03']),
          fail('m4.build3.complete', ['B3-01', 'SC-01']),
          fail('l2.pact.order-service.auth-service.0', ['R4-M4-006']),
          fail('l1.auth-service.build', ['X-09']),
        ],
        violations: [LOG, { ...LOG, service: undefined, file_path: 'docker-compose.generated.yml', code: 'DOCKER-002' }],
      },
      { services, standing: new Set(['l1.auth-service.build']) },
    );
    const byComponent = Object.fromEntries(findings.map((f) => [f.component, [f.route, f.system, f.source.kind === 'check' ? (f.source.service ?? '-') : (f.source.service ?? '-')]]));
    expect(byComponent).toEqual({
      'order-service: l2.order-service.health': ['builder', 'Build 2', 'order-service'],
      'mcp.architect.decompose.valid': ['owner', 'Build 1', '-'],
      'm4.build3.complete': ['owner', 'Build 3', '-'],
      'l2.pact.order-service.auth-service.0': ['owner', 'Integration', '-'],
      // about one service, but no re-scan repeats it: it cannot be verified, so no builder is given it
      'auth-service: l1.auth-service.build': ['owner', 'Build 2', 'auth-service'],
      'auth-service:src/server.js [LOG-001]': ['builder', 'Build 2', 'auth-service'],
      '(no service):docker-compose.generated.yml [DOCKER-002]': ['owner', 'Build 3', '-'],
    });
    expect(findings.find((f) => f.component === 'm4.build3.complete')?.recommendation).toMatch(/^For Build 3 \(no builder can be given this\)/);
  });

  it('takes the owner from the one build a check carries ids of, never from its name', () => {
    expect(systemOfCheck(['B1-07', 'X-03'])).toBe('Build 1');
    expect(systemOfCheck(['B2-01', 'X-01', 'R4-M2-003'])).toBe('Build 2');
    expect(systemOfCheck(['B3-01', 'SC-01'])).toBe('Build 3');
    expect(systemOfCheck(['B1-19', 'B2-06'])).toBe('Integration');
    expect(systemOfCheck(['R4-M3-001', 'X-04'])).toBe('Integration');
    // a check id naming a reference-stack server is not attributed to anything by that name
    expect(serviceOfCheck(fail('mcp.architect.handshake', []), ['auth-service'])).toBeUndefined();
    expect(serviceOfCheck({ id: 'm4.flow.df-1', data: { service: 'auth-service' } }, ['auth-service'])).toBe('auth-service');
    expect(serviceOfCheck({ id: 'm4.flow.df-1', data: { service: 'elsewhere' } }, ['auth-service'])).toBeUndefined();
  });
});
