import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QualityGateReport } from '../../src/gate/report-schema.js';
import { QualityGateReportSchema } from '../../src/gate/report-schema.js';
import { renderJson } from '../../src/reports/json.js';
import { renderMarkdown } from '../../src/reports/markdown.js';
import { renderSarif } from '../../src/reports/sarif.js';
import { checkPlantedViolations, writeReports } from '../../src/reports/write-reports.js';
import { plantedReport } from './fixtures.js';

const require = createRequire(import.meta.url);
const sarifSchema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;

let root: string;
let report: QualityGateReport;
beforeAll(async () => {
  ({ root, report } = await plantedReport());
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('quality gate reports', () => {
  it('finds the planted LOG-001, HEALTH-001 and SCHEMA-001 with the real Layer 3 scanners (X-10)', () => {
    const codes = [...report.layers.layer3_system.violations, ...report.layers.layer2_contract.contract_violations].map((v) => v.code);
    expect(codes).toEqual(expect.arrayContaining(['LOG-001', 'HEALTH-001', 'SCHEMA-001']));
    const log = report.layers.layer3_system.violations.find((v) => v.code === 'LOG-001')!;
    expect(log).toMatchObject({ file_path: 'auth-service/app/main.py', line: 5, service: 'auth-service' });
  });

  it('renders QUALITY_GATE_REPORT.md with the verdict, a per-layer table, and findings with file:line and fix', () => {
    const md = renderMarkdown(report);
    expect(md).toMatch(/^# Quality Gate Report\n\n\*\*Verdict: FAILED\*\*/);
    expect(md).toContain('| L3 System-level scans | partial |');
    expect(md).toContain('| L2 Contract compliance | failed | 19/20 | 1 | 1 |');
    expect(md).toContain('| L4 Adversarial review (advisory) |');
    expect(md).toMatch(/\| LOG-001 \| warning \| `auth-service\/app\/main\.py:5` \| .+ \| .+ \|/);
    expect(md).toMatch(/\| SCHEMA-001 \| error \(blocking\) \| order-service `GET \/orders` \|/);
    expect(md).toContain("curl -sS -X GET 'http://127.0.0.1:8080/orders'");
    expect(checkPlantedViolations(md, ['HEALTH-001', 'SCHEMA-001', 'LOG-001'])).toMatchObject({ status: 'PASS', requirementIds: ['SC-05', 'R4-M4-008', 'B2-04'] });
  });

  it('the planted-violation check fails when a code is missing from the report', () => {
    const md = renderMarkdown(report);
    const r = checkPlantedViolations(md, ['HEALTH-001', 'SEC-005']);
    expect(r.status).toBe('FAIL');
    expect(r.evidence).toContain('missing SEC-005');
    expect(checkPlantedViolations('# Quality Gate Report\n\nmentions HEALTH-001 in prose only\n', ['HEALTH-001']).status).toBe('FAIL');
  });

  it('writes quality_gate_report.json in the seed 003 section 7.5 shape', () => {
    const json = JSON.parse(renderJson(report)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['layers', 'overall_verdict', 'fix_attempts', 'max_fix_attempts', 'total_violations', 'blocking_violations']));
    expect(Object.keys(json.layers as object)).toEqual(['layer1_service', 'layer2_contract', 'layer3_system', 'layer4_adversarial']);
    expect((json.layers as Record<string, { layer: string }>).layer3_system.layer).toBe('layer3_system');
    expect(QualityGateReportSchema.parse(json).overall_verdict).toBe('failed');
  });

  it('emits SARIF 2.1.0 that validates against the published schema, with GitHub code scanning fields', () => {
    const ajv = new Ajv04({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats(ajv as never);
    const validate = ajv.compile(sarifSchema);
    const sarif = JSON.parse(renderSarif(report));
    const valid = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const run = sarif.runs[0];
    const health = run.tool.driver.rules.find((r: { id: string }) => r.id === 'HEALTH-001');
    expect(health.help.text.length).toBeGreaterThan(10);
    expect(health.fullDescription.text.length).toBeGreaterThan(10);
    expect(health.properties['security-severity']).toMatch(/^\d+\.\d$/);
    const log = run.results.find((r: { ruleId: string }) => r.ruleId === 'LOG-001');
    expect(log.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'auth-service/app/main.py', uriBaseId: '%SRCROOT%' }, region: { startLine: 5, startColumn: expect.any(Number) } });
    expect(log.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{32}:1$/);
    const schema = run.results.find((r: { ruleId: string }) => r.ruleId === 'SCHEMA-001');
    expect(schema.locations[0].physicalLocation.artifactLocation.uri).toBe('order-service/contracts/openapi.yaml');
    for (const r of run.results) expect(r.locations?.[0]?.physicalLocation.artifactLocation.uri).toMatch(/^[^/.][^:]*$/);
    for (const r of run.results) expect(r.ruleIndex).toBe(run.tool.driver.rules.findIndex((x: { id: string }) => x.id === r.ruleId));
  });

  it('the SARIF validation catches a malformed log', () => {
    const ajv = new Ajv04({ strict: false, unicodeRegExp: false });
    const validate = ajv.compile(sarifSchema);
    const sarif = JSON.parse(renderSarif(report));
    sarif.runs[0].results[0].level = 'fatal';
    expect(validate(sarif)).toBe(false);
  });

  it('writes all three files into the output directory', async () => {
    const out = join(root, 'out');
    const written = await writeReports(report, out);
    expect(Object.values(written).map((p) => p!.slice(out.length + 1)).sort()).toEqual(['QUALITY_GATE_REPORT.md', 'quality_gate.sarif', 'quality_gate_report.json']);
    expect(readFileSync(written.md!, 'utf8')).toBe(renderMarkdown(report));
  });
});
