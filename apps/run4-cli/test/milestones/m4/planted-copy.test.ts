import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { plantAndGate, readPlantedRun } from '../../../src/milestones/m4/planted-copy.js';
import { cleanupPlanted, SERVER, setup, testAuth } from '../planted-fixture.js';

afterAll(cleanupPlanted);

const byId = (checks: { id: string; status: string; evidence: string }[]) => Object.fromEntries(checks.map((c) => [c.id, c.status]));

// What the planted copy finds and misses is tested in @run4/quality-gate (test/plant/planted-copy.test.ts); this is M4's glue: where the copy and its record go.
describe('M4: Run 4 plants the seed violations in a copy of a built service and gates the copy', () => {
  it('finds all three in the copy (HEALTH-001 and LOG-001 in its code, SCHEMA-001 live), leaves the builder output untouched and records the copy for M5', async () => {
    const { ctx, result } = setup(false);
    const { checks } = await plantAndGate(ctx, [result], testAuth);
    expect(byId(checks), checks.map((c) => c.evidence).join('\n')).toEqual({
      'planted.health-001.detected': 'PASS',
      'planted.schema-001.detected': 'PASS',
      'planted.log-001.detected': 'PASS',
    });
    expect(readFileSync(path.join(result.output_dir, 'src/server.js'), 'utf8')).toBe(SERVER);
    const run = readPlantedRun(ctx.outputDir)!;
    expect(run.copy_dir).toBe(path.join(ctx.outputDir, 'm4', 'planted', 'services', 'shelf'));
    expect(run.live).toMatch(/GET \/health -> HTTP 404; test token/);
    expect(run.answered).toBe(true);
    expect(existsSync(path.join(ctx.outputDir, 'm4', 'planted', 'QUALITY_GATE_REPORT.md'))).toBe(true);
    // The copy's own findings stay in its report, not in M4's checks.
    expect(checks.every((c) => c.id.startsWith('planted.'))).toBe(true);
  }, 180_000);
});
