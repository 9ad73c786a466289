import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AUDIT_HTML_FILE, AuditInputError, AuditReportSchema, writeAuditReport } from '../src/index.js';
import { rec, sampleInputs } from './fixtures.js';

const dirs: string[] = [];
const tmp = async () => {
  const d = await mkdtemp(join(tmpdir(), 'audit-'));
  dirs.push(d);
  return d;
};
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const SECTIONS = [
  '## 1. Executive Summary',
  '## 2. Methodology',
  '## 3. Per-System Assessment',
  '## 4. Integration Assessment',
  '## 5. Fix Pass History',
  '## 6. Gap Analysis',
  '## 7. Appendices',
];

describe('writeAuditReport', () => {
  it('writes SUPER_TEAM_AUDIT_REPORT.html beside the Markdown, from the same report', async () => {
    const dir = await tmp();
    const { markdownPath, htmlPath, jsonPath } = await writeAuditReport(dir, sampleInputs());
    expect(htmlPath).toBe(join(dir, AUDIT_HTML_FILE));
    expect(markdownPath).toBe(join(dir, 'SUPER_TEAM_AUDIT_REPORT.md'));
    const page = await readFile(htmlPath, 'utf8');
    const json = AuditReportSchema.parse(JSON.parse(await readFile(jsonPath, 'utf8')));
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain(`<span data-field="scores.aggregate.score" data-format="num1">${json.scores.aggregate.score?.toFixed(1)}</span>`);
  });

  it('says in the Markdown what a WARN verified and what was not counted as passed', async () => {
    const dir = await tmp();
    const inputs = sampleInputs();
    const { markdownPath } = await writeAuditReport(dir, { ...inputs, checks: [...(inputs.checks ?? []), rec('m4.build1.inter-container-dns', 'WARN', ['B1-20'], 'no container DNS')] });
    const md = await readFile(markdownPath, 'utf8');
    expect(md).toContain('| B1-20 | Architect reaches Contract Engine by hostname | — | m4.build1.inter-container-dns (WARN) | WARN | Verified with caveat | m4.build1.inter-container-dns WARN: no container DNS |');
    expect(md).toMatch(/\| SC-06 \| [^|]+ \| — \| m4\.index \(SKIP\) \| UNTESTED \| Not verified \| m4\.index SKIP: indexing not run \|/);
    expect(md).toContain('| Test pass rate | 66.7% | >= 85% | >= 95% | 100% | BELOW_MINIMUM | 6/9 checks passed (1 FAIL, 1 WARN, 1 SKIP: not counted as passed) |');
    expect(md).toContain('dark corners not verified (DC-2 WARN, DC-3 UNTESTED, DC-4 UNTESTED)');
  });

  it('writes SUPER_TEAM_AUDIT_REPORT.md with the seven sections and a valid audit_report.json', async () => {
    const dir = await tmp();
    const { markdownPath, jsonPath, verdict } = await writeAuditReport(dir, sampleInputs());
    const md = await readFile(markdownPath, 'utf8');
    const positions = SECTIONS.map((s) => md.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const json = AuditReportSchema.parse(JSON.parse(await readFile(jsonPath, 'utf8')));
    expect(json.verdict).toBe(verdict);
    expect(json.rtm.find((r) => r.id === 'SC-05')).toMatchObject({ status: 'PASS', files: ['packages/quality-gate/src/layer3/rules/health.ts'] });
    expect(json.rtm.find((r) => r.id === 'SC-06')?.status).toBe('UNTESTED');
    expect(json.defect_totals).toMatchObject({ total: 2, fixed: 1, open: 1 });
    expect(md).toContain('Verification matrix (SC/B1/B2/B3/X): 6 of 58 criteria covered (10.3%).');
    // the fix-pass table, the chart and the cost table
    expect(md).toContain('| 1 | 2 | 1 | 1 | 0 | 50.0% | 0.0% | 0 | +6.5 (60.0 → 66.5) | 0.57 | $0.00 |');
    expect(md).toContain('| 2 | 1 | 0 | 1 | 0 | 0.0% | 0.0% | 0 | +0.0 (66.5 → 66.5) | 0.57 | $0.00 |');
    expect(md).toMatch(/pass 2 │█+ +\| +│ 0\.57/);
    expect(md).toContain('| M4: E2E Pipeline | $0.00 | 2m 05s |');
    expect(md).toContain('| M2: B1->B2 Wiring | not recorded | not recorded |');
    // data flows and MCP matrix
    // A flow's title is the name of the check that ran it (here the fixture names checks by their ids).
    expect(md).toContain('| DF-3 | m4.flow.order | YES | FAIL | m4.flow.order FAIL: POST /orders → 500 |');
    expect(md).toContain('| codebase-intelligence | find_definition | YES | NO | YES | 2.0 / 5.0 | YELLOW |');
  });

  it('lists each open finding with its owner system and route, and says when a pass computed no score', async () => {
    const dir = await tmp();
    const inputs = sampleInputs();
    const findings = [
      ...(inputs.findings ?? []),
      { finding_id: 'FINDING-003', priority: 'P0' as const, system: 'Build 1', component: 'mcp.architect.handshake', evidence: 'check mcp.architect.handshake FAILED: no tools capability', resolution: 'OPEN' as const, route: 'owner' as const, fix_verification: 'not handed to a builder: OPEN for Build 1 (no fix pass re-runs this check)' },
      { finding_id: 'FINDING-004', priority: 'P1' as const, system: 'Build 2', component: 'order-service: l2.order-service.health', evidence: 'GET /health -> 404', resolution: 'OPEN' as const, route: 'builder' as const },
    ];
    const fixPasses = [{ pass_number: 1, targeted: 1, resolved: 0, failed: 1, regressions: 0, effectiveness: 0, cost: 0 }];
    const { markdownPath, jsonPath } = await writeAuditReport(dir, { ...inputs, findings, fixPasses });
    const md = await readFile(markdownPath, 'utf8');
    const json = AuditReportSchema.parse(JSON.parse(await readFile(jsonPath, 'utf8')));
    expect(json.defect_totals).toMatchObject({ open: 3, openBySystem: { Integration: 1, 'Build 1': 1, 'Build 2': 1 }, openWithOwner: 1 });
    expect(md).toContain('3 open, 0 won\'t fix; open by owner system: Build 1 1, Build 2 1, Integration 1 (1 no builder could be given)');
    const open = md.slice(md.indexOf('### Open findings'), md.indexOf('### "Good enough" thresholds'));
    expect(open).toContain('| FINDING-003 | P0 | Build 1 | mcp.architect.handshake | no builder can fix it: for Build 1 | check mcp.architect.handshake FAILED: no tools capability | not handed to a builder: OPEN for Build 1 (no fix pass re-runs this check) |');
    expect(open).toContain('| FINDING-004 | P1 | Build 2 | order-service: l2.order-service.health | handed to a builder, not fixed | GET /health -> 404 | — |');
    expect(open).not.toContain('FINDING-001');
    expect(md).toContain('| 1 | 1 | 0 | 1 | 0 | 0.0% | — | — | not computed | — | $0.00 |');
  });

  it('states untested dark corners plainly and caps the aggregate, never showing them as PASS', async () => {
    const dir = await tmp();
    const { jsonPath, markdownPath } = await writeAuditReport(dir, sampleInputs());
    const json = AuditReportSchema.parse(JSON.parse(await readFile(jsonPath, 'utf8')));
    expect(json.dark_corners.map((d) => [d.id, d.status])).toEqual([
      ['DC-1', 'PASS'],
      ['DC-2', 'UNTESTED'],
      ['DC-3', 'UNTESTED'],
      ['DC-4', 'UNTESTED'],
      ['DC-5', 'UNTESTED'],
    ]);
    const md = await readFile(markdownPath, 'utf8');
    expect(md).toContain('| DC-1 | MCP server startup race: 3 servers starting at once | PASS | m2.race PASS: architect, contract-engine, codebase-intelligence initialized together in 410 ms |');
    expect(md).toContain('| DC-4 | State machine resume after crash: kill -9 mid-build, then resume | UNTESTED | UNTESTED: no check exercised this (tags DC-4) |');
    expect(json.limitations).toContain('Dark corner DC-4 (State machine resume after crash: kill -9 mid-build, then resume) is UNTESTED.');
  });

  it('with no evidence at all reports UNTESTED, not a passing score', async () => {
    const dir = await tmp();
    const { markdownPath, verdict } = await writeAuditReport(dir, { checks: [] });
    expect(verdict).toBe('UNTESTED');
    const md = await readFile(markdownPath, 'utf8');
    expect(md).toContain('**Verdict: UNTESTED** — aggregate score UNTESTED / 100.');
    expect(md).toContain('No check records were given: every requirement is UNTESTED.');
    expect(md).toContain('No fix pass ran on the system\'s findings.');
  });

  it('caps a perfect-looking run at 85 while dark corners are untested', async () => {
    const dir = await tmp();
    const inputs = sampleInputs();
    const { jsonPath } = await writeAuditReport(dir, { ...inputs, checks: [...(inputs.checks ?? []), rec('dc4', 'PASS', ['DC-4'])] });
    const json = AuditReportSchema.parse(JSON.parse(await readFile(jsonPath, 'utf8')));
    expect(json.scores.aggregate.capReason).toBe('dark corners not verified (DC-2 UNTESTED, DC-3 UNTESTED): the aggregate cannot exceed 85');
  });

  it('rejects bad input with a typed usage error and writes nothing', async () => {
    const dir = join(await tmp(), 'out');
    const err = await writeAuditReport(dir, { checks: [], costs: [{ milestone: 'M9', cost: 1, durationMs: 1 }] } as never).catch((e) => e);
    expect(err).toBeInstanceOf(AuditInputError);
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('costs.0.milestone');
    await expect(access(dir)).rejects.toThrow();
  });
});
