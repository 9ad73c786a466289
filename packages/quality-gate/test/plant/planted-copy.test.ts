import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BuilderResult } from '@run4/builder-runner';
import { plantAndGateCopy, plantSource, readPlantedCopyRecord } from '../../src/plant/planted-copy.js';
import { cleanupPlanted, noAuth, SERVER, setup, testAuth } from './planted-copy-fixture.js';

afterAll(cleanupPlanted);

const byId = (checks: { id: string; status: string; evidence: string }[]) => Object.fromEntries(checks.map((c) => [c.id, c.status]));

describe('plantAndGateCopy: the seed violations planted in a copy of a built service, the copy gated on its own', () => {
  it('finds all three in the copy (HEALTH-001 and LOG-001 in its code, SCHEMA-001 live), leaves the builder output untouched and records the copy', async () => {
    const { options, result } = setup(false, testAuth);
    const { checks } = await plantAndGateCopy({ ...options, results: [result] });
    expect(byId(checks), checks.map((c) => c.evidence).join('\n')).toEqual({
      'planted.health-001.detected': 'PASS',
      'planted.schema-001.detected': 'PASS',
      'planted.log-001.detected': 'PASS',
    });
    expect(readFileSync(path.join(result.output_dir, 'src/server.js'), 'utf8')).toBe(SERVER);
    const run = readPlantedCopyRecord(options.root)!;
    expect(run.copy_dir).toBe(path.join(options.root, 'services', 'shelf'));
    expect(run.live).toMatch(/GET \/health -> HTTP 404; test token/);
    expect(run.answered).toBe(true);
    expect(existsSync(path.join(options.root, 'QUALITY_GATE_REPORT.md'))).toBe(true);
    // The copy's own findings stay in its report, not in the returned checks.
    expect(checks.every((c) => c.id.startsWith('planted.'))).toBe(true);
  }, 180_000);

  it('FAILs the detection of a planted violation the gate cannot see (an open response schema hides the undeclared field)', async () => {
    const { options, result } = setup(true, testAuth);
    const { checks } = await plantAndGateCopy({ ...options, results: [result] });
    const schema = checks.find((c) => c.id === 'planted.schema-001.detected')!;
    expect(schema.status).toBe('FAIL');
    expect(schema.evidence).toMatch(/MISSED.*no SCHEMA-001 of shelf names the field run4_planted_field/);
    expect(checks.find((c) => c.id === 'planted.health-001.detected')?.status).toBe('PASS');
  }, 180_000);

  it('FAILs SCHEMA-001 when the copy\'s secured operations cannot be called (no credentials: only 401s, which carry no schema)', async () => {
    const { options, result } = setup(false, noAuth);
    const { checks } = await plantAndGateCopy({ ...options, results: [result] });
    expect(byId(checks)).toMatchObject({ 'planted.schema-001.detected': 'FAIL', 'planted.log-001.detected': 'PASS' });
    expect(checks.find((c) => c.id === 'planted.schema-001.detected')?.evidence).toMatch(/no auth steps/);
  }, 180_000);

  it('copies the profile\'s plant target when it was built, else the first service built, and FAILs with nothing built', async () => {
    const { options, result } = setup(false, testAuth);
    const other = { ...result, service_id: 'aaa' } as BuilderResult;
    expect(plantSource(options.profile, [other, result])?.service_id).toBe('shelf');
    expect(plantSource(options.profile, [other, { ...result, success: false }])?.service_id).toBe('aaa');
    // A service its builder already planted violations in itself is copied only when nothing else was built.
    expect(plantSource(options.profile, [other, result], 'shelf')?.service_id).toBe('aaa');
    expect(plantSource(options.profile, [result], 'shelf')?.service_id).toBe('shelf');
    const none = await plantAndGateCopy({ ...options, results: [{ ...result, success: false }] });
    expect(none.checks).toMatchObject([{ id: 'm4.planted', status: 'FAIL' }]);
  });
});
