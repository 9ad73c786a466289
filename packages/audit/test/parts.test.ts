import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REQUIREMENTS } from '@run4/checks';
import { describe, expect, it } from 'vitest';
import { buildRtm, convergenceChart, costTable, formatDuration, interfaceCoverage, isImplementationFile, rtmSummary, scanRepoForRequirementIds } from '../src/index.js';
import { rec, toolResults } from './fixtures.js';

describe('interfaceCoverage (R4-M6-006)', () => {
  it('has a row for each of the 20 tools with GREEN / YELLOW / RED and the coverage figures', () => {
    const cov = interfaceCoverage(toolResults());
    expect(cov.rows).toHaveLength(20);
    const status = (tool: string) => cov.rows.find((r) => r.tool === tool)?.status;
    expect([status('decompose'), status('find_definition'), status('generate_tests')]).toEqual(['GREEN', 'YELLOW', 'RED']);
    expect(cov.validCoverage).toBe(1);
    expect(cov.errorCoverage).toBe(17 / 20);
    expect(cov.meetsTargets).toBe(true);
  });
  it('never shows a tool whose probe only WARNed as GREEN, and a FAILed valid request is RED', () => {
    const tools = toolResults();
    const decompose = tools.find((t) => t.tool === 'decompose');
    if (decompose) decompose.warned = ['invalid'];
    const map = tools.find((t) => t.tool === 'get_service_map');
    if (map) Object.assign(map, { validOk: false, parseable: false, warned: ['valid'] });
    const domain = tools.find((t) => t.tool === 'get_domain_model');
    if (domain) Object.assign(domain, { validOk: false, parseable: false });
    const status = (tool: string) => interfaceCoverage(tools).rows.find((r) => r.tool === tool)?.status;
    expect([status('decompose'), status('get_service_map'), status('get_domain_model'), status('get_contracts_for_service')]).toEqual(['YELLOW', 'YELLOW', 'RED', 'GREEN']);
  });
  it('marks tools without a probe result UNTESTED and misses the targets', () => {
    const cov = interfaceCoverage(toolResults().slice(0, 10));
    expect(cov.rows.filter((r) => r.status === 'UNTESTED')).toHaveLength(10);
    expect(cov.validCoverage).toBe(0.5);
    expect(cov.meetsTargets).toBe(false);
  });
});

describe('buildRtm (R4-M6-005)', () => {
  it('lists every requirement id with files, checks, status and what was verified', () => {
    const rows = buildRtm(
      [rec('a', 'PASS', ['SC-01']), rec('b', 'FAIL', ['SC-02'], 'exit 1'), rec('c', 'SKIP', ['SC-03'], 'docker not available'), rec('d', 'WARN', ['SC-04'], 'no container DNS')],
      { 'SC-01': ['src/x.ts'] },
      new Map([['SC-01', ['src/y.ts', 'src/x.ts']]]),
    );
    expect(rows).toHaveLength(REQUIREMENTS.length);
    const at = rows.findIndex((r) => r.id === 'SC-01');
    expect(rows.slice(at, at + 5).map((r) => [r.id, r.status, r.verification, r.files, r.reason])).toEqual([
      ['SC-01', 'PASS', 'Verified', ['src/x.ts', 'src/y.ts'], ''],
      ['SC-02', 'FAIL', 'Gap', [], 'b FAIL: exit 1'],
      ['SC-03', 'UNTESTED', 'Not verified', [], 'c SKIP: docker not available'],
      ['SC-04', 'WARN', 'Verified with caveat', [], 'd WARN: no container DNS'],
      ['SC-05', 'UNTESTED', 'Not verified', [], 'no check carries SC-05'],
    ]);
    expect(rtmSummary(rows)).toMatchObject({ pass: 1, warn: 1, fail: 1, untested: REQUIREMENTS.length - 3, withFiles: 1 });
  });

  it('never calls a row with only WARN evidence Verified', () => {
    const row = buildRtm([rec('w1', 'WARN', ['B1-20']), rec('p1', 'PASS', ['B1-20'])]).find((r) => r.id === 'B1-20');
    expect(row).toMatchObject({ status: 'WARN', verification: 'Verified with caveat' });
    expect(row?.verification).not.toBe('Verified');
  });

  it('lists implementing source files only: no READMEs, tests, fixtures or data files', () => {
    const scanned = new Map([
      [
        'R4-M2-007',
        [
          'packages/fix-loop/README.md',
          'packages/mcp-probe/src/probe.ts',
          'packages/mcp-probe/src/latency.ts',
          'packages/mcp-probe/test/probe.test.ts',
          'packages/mcp-probe/src/probe.spec.ts',
          'packages/checks/src/requirements.json',
          'fixtures/tasktracker/src/app.ts',
          'packages/mcp-probe/test/fixtures/src/fake.ts',
          'packages/mcp-probe/src/types.d.ts',
          'apps/run4-cli/bench/m2.bench.ts',
        ],
      ],
    ]);
    expect(buildRtm([], {}, scanned).find((r) => r.id === 'R4-M2-007')?.files).toEqual(['packages/mcp-probe/src/latency.ts', 'packages/mcp-probe/src/probe.ts']);
    expect(['src/a.ts', 'lib/src/b.py', 'README.md', 'src/README.md', 'src/a.test.ts', 'test/src/a.ts', 'src/fixtures/a.ts'].filter(isImplementationFile)).toEqual(['src/a.ts', 'lib/src/b.py']);
  });
});

describe('scanRepoForRequirementIds', () => {
  it('maps ids to the files mentioning them, skipping node_modules and catalog files', async () => {
    const root = await mkdtemp(join(tmpdir(), 'audit-scan-'));
    try {
      await mkdir(join(root, 'src'), { recursive: true });
      await mkdir(join(root, 'node_modules', 'x'), { recursive: true });
      await writeFile(join(root, 'src', 'stop.ts'), '// R4-M5-005 stop rules, see also SC-01\n');
      await writeFile(join(root, 'node_modules', 'x', 'a.js'), '// R4-M5-005\n');
      await writeFile(join(root, 'src', 'catalog.ts'), REQUIREMENTS.map((r) => r.id).join('\n'));
      const byId = await scanRepoForRequirementIds(root);
      expect(byId.get('R4-M5-005')).toEqual(['src/stop.ts']);
      expect(byId.get('SC-01')).toEqual(['src/stop.ts']);
      expect(byId.has('B3-10')).toBe(false);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('convergenceChart', () => {
  it('draws one bar per pass with the 0.85 line', () => {
    expect(convergenceChart([{ pass_number: 1, convergence: 0.5 }, { pass_number: 2, convergence: 1 }], 10)).toBe(
      ['pass 0 │        | │ 0.00', 'pass 1 │█████   | │ 0.50', 'pass 2 │██████████│ 1.00'].join('\n'),
    );
  });
});

describe('costTable (R4-M6-009)', () => {
  it('has M1..M6, totals over what was recorded and names what was not', () => {
    const t = costTable([
      { milestone: 'M1', cost: 0.5, durationMs: 1200 },
      { milestone: 'M4', cost: 1.25, durationMs: 125_000 },
    ]);
    expect(t.rows.map((r) => r.milestone)).toEqual(['M1', 'M2', 'M3', 'M4', 'M5', 'M6']);
    expect(t.totalCost).toBe(1.75);
    expect(t.totalDurationMs).toBe(126_200);
    expect(t.unrecorded).toEqual(['M2', 'M3', 'M5', 'M6']);
    expect([formatDuration(1200), formatDuration(126_200), formatDuration(3_725_000), formatDuration(null)]).toEqual(['1.2s', '2m 06s', '1h 02m', 'not recorded']);
  });
});
