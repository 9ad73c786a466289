import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runM4DeployPhases } from '../../src/index.js';
import { dockerDir } from '../helpers.js';
import { ensureReferenceBuilds, GENERATED, generateTaskTracker } from './reference-stack.js';

let dir = '';
beforeAll(async () => {
  await ensureReferenceBuilds();
  dir = mkdtempSync(path.join(os.tmpdir(), 'ck-m4-'));
  await generateTaskTracker(dir);
}, 600_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runM4DeployPhases on the process backend', () => {
  it('records every deploy phase with its requirement ids and the backend', async () => {
    const builderResults = GENERATED.map((s) => ({ service_id: s, output_dir: path.join(dir, s), success: true, depends_on: {} }));
    const { records, reports } = await runM4DeployPhases({ dockerDir, outputDir: path.join(dir, 'out'), builderResults, backend: 'process', healthTimeoutMs: 120_000 });
    const byId = Object.fromEntries(records.map((r) => [r.id, r]));
    expect(byId['m4.compose.generation']).toMatchObject({ status: 'PASS', requirementIds: ['B3-06', 'R4-M4-006'] });
    expect(byId['m4.compose.merge']).toMatchObject({ status: 'PASS', requirementIds: ['X-08'] });
    expect(byId['m4.compose.traefik-labels']!.status).toBe('WARN'); // labels right, traefik image not available offline
    expect(byId['m4.build1.deploy']).toMatchObject({ status: 'PASS', requirementIds: ['B1-01', 'R4-M4-001'] });
    expect(byId['m4.build1.health']).toMatchObject({ status: 'PASS', requirementIds: ['B1-02', 'R4-M4-001'] });
    expect(byId['m4.build1.inter-container-dns']).toMatchObject({ status: 'WARN', requirementIds: ['B1-20'] });
    expect(byId['m4.generated.deploy']).toMatchObject({ status: 'PASS', requirementIds: ['SC-02', 'B3-02', 'R4-M4-006'] });
    expect(byId['m4.generated.health']).toMatchObject({ status: 'PASS', requirementIds: ['SC-03', 'R4-M4-006'] });
    expect(records.filter((r) => r.id.startsWith('m4.teardown.')).map((r) => r.status)).toEqual(['PASS', 'PASS']);
    expect(reports.map((r) => r.backend)).toEqual(['process', 'process']);
    expect(byId['m4.build1.deploy']!.evidence).toMatch(/^\[process\]/);
  }, 300_000);

  it('gates the generated tier when Build 1 is not healthy (SKIP with the reason)', async () => {
    const builderResults = GENERATED.map((s) => ({ service_id: s, output_dir: path.join(dir, s), success: true }));
    const { records } = await runM4DeployPhases({ dockerDir: path.join(dir, 'no-such-docker-dir'), outputDir: path.join(dir, 'out2'), builderResults, backend: 'process', healthTimeoutMs: 5000 });
    const byId = Object.fromEntries(records.map((r) => [r.id, r]));
    expect(byId['m4.compose.merge']!.status).toBe('FAIL');
    expect(byId['m4.build1.deploy']!.status).toBe('FAIL');
    expect(byId['m4.build1.deploy']!.evidence).toContain('file not found');
    expect(byId['m4.generated.deploy']).toMatchObject({ status: 'SKIP', evidence: expect.stringContaining('gate') });
  }, 120_000);
});
