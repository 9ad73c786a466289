import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFixInstructions } from '@run4/builder-runner';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFindings, planFixInstructions, selectForInstructions, writeServiceFixInstructions } from '../src/index.js';
import { fail, HEALTH, LOG, SCHEMA, v } from './helpers.js';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('selectForInstructions', () => {
  it('includes P2 when P0 + P1 < 5 and never P3', () => {
    const findings = buildFindings({ checks: [], violations: [HEALTH, SCHEMA, LOG, v('ADV-004', 'auth-service', 'a.js', 'info')] });
    expect(selectForInstructions(findings).map((f) => f.priority)).toEqual(['P0', 'P1', 'P2']);
  });
  it('counts violations, not failed checks riding along, toward the P0 + P1 < 5 rule', () => {
    const checks = ['health', 'status_code', 'schema', 'headers'].map((c) => fail(`l2.order-service.${c}`, ['R4-M4-006']));
    const findings = buildFindings({ checks, violations: [HEALTH, SCHEMA, LOG] }, { services: ['order-service', 'auth-service'] });
    expect(selectForInstructions(findings).map((f) => `${f.priority} ${f.source.kind}`)).toEqual(['P0 violation', 'P1 check', 'P1 check', 'P1 check', 'P1 check', 'P1 violation', 'P2 violation']);
  });
  it('leaves P2 out once P0 + P1 reach 5', () => {
    const p1s = ['a', 'b', 'c', 'd'].map((f) => v('DOCKER-001', 'auth-service', `${f}/Dockerfile`, 'error'));
    const findings = buildFindings({ checks: [], violations: [HEALTH, ...p1s, LOG] });
    expect(selectForInstructions(findings).map((f) => f.priority)).toEqual(['P0', 'P1', 'P1', 'P1', 'P1']);
  });
});

describe('planFixInstructions', () => {
  it('renders one FIX_INSTRUCTIONS.md per service in the cross-team format', () => {
    const plan = planFixInstructions(buildFindings({ checks: [], violations: [HEALTH, SCHEMA, LOG] }));
    expect(plan.map((p) => p.service)).toEqual(['auth-service', 'order-service']);
    const order = plan[1]!.markdown.split('\n');
    expect(order[0]).toBe('# Fix Instructions');
    expect(order).toContain('## P0');
    expect(order).toContain('### HEALTH-001');
    expect(order).toContain('- [HEALTH-001] src/server.js \u2014 FINDING-001: HEALTH-001 at src/server.js:0');
    expect(order).toContain('- [SCHEMA-001] src/routes/orders.js:14 \u2014 FINDING-002: SCHEMA-001 at src/routes/orders.js:14');
    expect(parseFixInstructions(plan[1]!.markdown).map((i) => [i.priority, i.code])).toEqual([
      ['P0', 'HEALTH-001'],
      ['P1', 'SCHEMA-001'],
    ]);
  });

  it('applies the P2 rule per service file', () => {
    const p1s = ['a', 'b', 'c', 'd', 'e'].map((f) => v('DOCKER-001', 'order-service', `${f}/Dockerfile`, 'error'));
    const plan = planFixInstructions(buildFindings({ checks: [], violations: [...p1s, v('LOG-001', 'order-service', 'x.js', 'warning'), LOG] }));
    expect(plan.map((p) => [p.service, p.findings.map((f) => f.priority).join(',')])).toEqual([
      ['auth-service', 'P2'],
      ['order-service', 'P1,P1,P1,P1,P1'],
    ]);
  });

  it('hands a failed check about a service to its builder and never a finding routed to its owner', () => {
    const findings = buildFindings(
      { checks: [fail('l2.order-service.health', ['R4-M4-006']), fail('mcp.architect.handshake', ['B1-09']), fail('m3.builder-invocation', ['R4-M3-001'])], violations: [] },
      { services: ['order-service'] },
    );
    const plan = planFixInstructions(findings);
    expect(plan.map((p) => [p.service, p.findings.map((f) => f.component)])).toEqual([['order-service', ['order-service: l2.order-service.health']]]);
    const lines = plan[0]!.markdown.split('\n');
    expect(lines).toContain('### R4-M4-006');
    expect(lines.find((l) => l.startsWith('- [R4-M4-006]'))).toMatch(/^- \[R4-M4-006\] \. \u2014 FINDING-\d{3}: check l2\.order-service\.health \(l2\.order-service\.health\) FAILED: l2\.order-service\.health broke$/);
    expect(parseFixInstructions(plan[0]!.markdown).map((i) => i.code)).toEqual(['R4-M4-006']);
  });

  it('writes the file through builder-runner', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fixloop-'));
    dirs.push(dir);
    const [plan] = planFixInstructions(buildFindings({ checks: [], violations: [LOG] }));
    const path = await writeServiceFixInstructions(dir, plan!);
    expect(await readFile(path, 'utf8')).toBe(plan!.markdown);
  });
});
