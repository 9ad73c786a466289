import { check } from '@run4/checks';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditReportSchema, plantedFromChecks, writeAuditReport } from '../src/index.js';
import { sampleInputs } from './fixtures.js';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const item = (code: string, extra: Record<string, unknown>) => ({ planted_by_run4: true, service: 'order-service', code, layer: 'layer3', planted: true, file: 'src/handlers.js', line: 9, detail: `${code} planted`, ...extra });
const pass = { pass_number: 1, targeted: 4, resolved: 4, failed: 0, regressions: 0, effectiveness: 1, regression_rate: 0, new_defects: 0, score_before: 71.5, score_after: 78, convergence: 1, cost: 0 };

/** M4's and M5's planted checks: HEALTH-001 found and removed, LOG-001 missed, SCHEMA-001 not plantable. */
function plantedChecks() {
  return [
    check('planted.health-001.detected', 'h', 'PASS', 'found: HEALTH-001 at src/server.js:24', ['SC-05'], 0, item('HEALTH-001', { found: true })),
    check('planted.log-001.detected', 'l', 'FAIL', 'MISSED: planted console.log at the start of postOrders; the gate gave no LOG-001 at src/handlers.js:9', ['SC-05'], 0, item('LOG-001', { found: false, evidence: 'no LOG-001 at src/handlers.js:9' })),
    check('planted.schema-001.detected', 's', 'SKIP', 'not planted: no JSON response writer', ['SC-05'], 0, item('SCHEMA-001', { planted: false, found: null })),
    check('planted.health-001.fixed', 'h', 'PASS', 'absent from the re-scan after pass 1', ['R4-M5-003'], 0, item('HEALTH-001', { fixed: true })),
    check('planted.log-001.fixed', 'l', 'SKIP', 'the gate never found it', ['R4-M5-003'], 0, item('LOG-001', { fixed: null })),
    check('m5.planted.fix-pass', 'f', 'PASS', '1 pass(es) on the planted copy of order-service: 1/1 removed', ['R4-M5-003'], 0, { planted_by_run4: true, service: 'order-service', passes: [pass] }),
  ];
}

describe('planted by Run 4', () => {
  it('reads the planted violations from the check records: found, missed, not plantable, removed, and the passes on the copy', () => {
    const p = plantedFromChecks(plantedChecks())!;
    expect(p.rows.map((r) => [r.code, r.found, r.fixed])).toEqual([
      ['HEALTH-001', true, true],
      ['LOG-001', false, null],
      ['SCHEMA-001', null, null],
    ]);
    expect(p.passes).toHaveLength(1);
    expect(p.fix_status).toBe('PASS');
    expect(plantedFromChecks(sampleInputs().checks)).toBeNull();
  });

  it('lists them in section 5 apart from the findings, with the score delta per pass on the copy, and keeps them out of the defect totals', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'audit-planted-'));
    dirs.push(dir);
    const inputs = sampleInputs();
    const { markdownPath, jsonPath, htmlPath } = await writeAuditReport(dir, { ...inputs, checks: [...inputs.checks, ...plantedChecks()] });
    const md = await readFile(markdownPath, 'utf8');
    const section5 = md.split('## 5. Fix Pass History')[1]!.split('## 6.')[0]!;
    expect(section5).toContain('### Planted by Run 4');
    expect(section5).toMatch(/\| HEALTH-001 \| src\/handlers\.js:9 .*\| found: HEALTH-001 at src\/server\.js:24 \| removed: absent from the re-scan after pass 1 \|/);
    expect(section5).toMatch(/\| LOG-001 \| .*\| \*\*missed\*\*: no LOG-001/);
    expect(section5).toMatch(/\| SCHEMA-001 \| no: SCHEMA-001 planted \| not looked for/);
    expect(section5).toMatch(/\| 1 \| 4 \| 4 \| 100\.0% \| \+6\.5 \(71\.5 → 78\.0\) \|/);
    const json = AuditReportSchema.parse(JSON.parse(await readFile(jsonPath, 'utf8')));
    expect(json.planted?.rows).toHaveLength(3);
    expect(json.defect_totals.total).toBe(inputs.findings?.length ?? 0);
    expect(await readFile(htmlPath, 'utf8')).toContain('<h3 id="planted">Planted by Run 4</h3>');
  });
});
