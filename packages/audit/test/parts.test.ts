import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REQUIREMENTS } from '@run4/checks';
import { describe, expect, it } from 'vitest';
import { buildRtm, convergenceChart, costTable, formatDuration, interfaceCoverage, rtmSummary, scanRepoForRequirementIds } from '../src/index.js';
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
  it('marks tools without a probe result UNTESTED and misses the targets', () => {
    const cov = interfaceCoverage(toolResults().slice(0, 10));
    expect(cov.rows.filter((r) => r.status === 'UNTESTED')).toHaveLength(10);
    expect(cov.validCoverage).toBe(0.5);
    expect(cov.meetsTargets).toBe(false);
  });
});

describe('buildRtm (R4-M6-005)', () => {
  it('lists every requirement id with files, checks and PASS / FAIL / UNTESTED', () => {
    const rows = buildRtm([rec('a', 'PASS', ['SC-01']), rec('b', 'FAIL', ['SC-02']), rec('c', 'SKIP', ['SC-03'])], { 'SC-01': ['x.ts'] }, new Map([['SC-01', ['y.ts', 'x.ts']]]));
    expect(rows).toHaveLength(REQUIREMENTS.length);
    expect(rows.slice(rows.findIndex((r) => r.id === 'SC-01'), rows.findIndex((r) => r.id === 'SC-01') + 3).map((r) => [r.id, r.status, r.verification, r.files])).toEqual([
      ['SC-01', 'PASS', 'Verified', ['x.ts', 'y.ts']],
      ['SC-02', 'FAIL', 'Gap', []],
      ['SC-03', 'UNTESTED', 'Gap', []],
    ]);
    expect(rtmSummary(rows)).toMatchObject({ pass: 1, fail: 1, untested: REQUIREMENTS.length - 2, withFiles: 1 });
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
