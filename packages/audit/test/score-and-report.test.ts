import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_JSON_FILE, scoreAndReport, type ScoreAndReportInput } from '../src/index.js';
import { rec } from './fixtures.js';

function input(overrides: Partial<ScoreAndReportInput> = {}): ScoreAndReportInput {
  return {
    outputDir: mkdtempSync(path.join(tmpdir(), 'score-report-')),
    runId: 'run-1',
    checks: [rec('m4.build1.health', 'PASS', ['B1-02']), rec('m3.state', 'PASS', ['B2-05']), rec('m4.build3.complete', 'PASS', ['B3-01']), rec('m4.flow.order', 'FAIL', ['DF-3'])],
    systems: { build1: { violations: { count: 2, loc: 1000 } }, build2: {}, build3: {} },
    toolResults: { 'architect/get_service_map': { server: 'architect', valid: 'PASS', invalid: 'FAIL', latency_ms: { p50: 2, p95: 5, p99: 9 } } },
    fixLoop: { findings: [{ finding_id: 'FINDING-001', priority: 'P0', system: 'Build 2', component: 'svc', resolution: 'OPEN' }], passes: [], totalPasses: 1, convergenceScore: 0.5 },
    stopReason: 'max passes',
    violations: [],
    costs: [],
    repoRoot: mkdtempSync(path.join(tmpdir(), 'repo-')),
    backend: 'process',
    ids: { scores: 'audit.scores', report: 'audit.report' },
    ...overrides,
  };
}

describe('scoreAndReport', () => {
  it('scores the checks, writes the report with its seven sections, and passes both checks', async () => {
    const i = input();
    const { scores, written, checks } = await scoreAndReport(i);
    expect(scores.aggregate.score).not.toBeNull();
    expect(existsSync(path.join(i.outputDir, AUDIT_JSON_FILE))).toBe(true);
    expect(checks.map((c) => `${c.id} ${c.status}`)).toEqual(['audit.scores PASS', 'audit.report PASS']);
    expect(checks[1]!.evidence).toBe(`7 numbered sections in SUPER_TEAM_AUDIT_REPORT.md; verdict ${written.verdict}`);
  });

  it('fails the scores check when nothing could be scored', async () => {
    const { checks } = await scoreAndReport(input({ checks: [], systems: { build1: {}, build2: {}, build3: {} }, toolResults: {}, fixLoop: null }));
    expect(checks[0]).toMatchObject({ id: 'audit.scores', status: 'FAIL', evidence: 'build1 UNTESTED, build2 UNTESTED, build3 UNTESTED; integration UNTESTED; aggregate UNTESTED (UNTESTED)' });
  });
});
