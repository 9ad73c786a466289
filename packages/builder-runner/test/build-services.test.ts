import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServices, type BuildServicesOptions } from '../src/index.js';
import { fixtureCommand, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const OPENAPI = fileURLToPath(new URL('../../../fixtures/tasktracker/sample_openapi_auth.yaml', import.meta.url));
const PRD = fileURLToPath(new URL('../../../fixtures/tasktracker/sample_prd.md', import.meta.url));
const SLOW = { timeout: 120_000 };

async function options(overrides: Partial<BuildServicesOptions> = {}): Promise<{ o: BuildServicesOptions; lines: string[] }> {
  const dir = await tempDir('bs-');
  const lines: string[] = [];
  const openapi = OPENAPI;
  return {
    lines,
    o: {
      services: ['svc-a', 'svc-b', 'svc-c'], contracts: { 'svc-a': { openapi }, 'svc-b': { openapi }, 'svc-c': { openapi } }, root: join(dir, 'out'), resultsFile: join(dir, 'results.json'),
      command: fixtureCommand('good-builder.mjs').join(' '), depth: 'quick', port: 8080, prd: PRD, plant: [], maxConcurrent: 3, timeoutMs: 60_000,
      signal: new AbortController().signal, idPrefix: 'x', info: (l) => void lines.push(l), onProgress: () => undefined,
      ...overrides,
    },
  };
}

describe('buildServices', SLOW, () => {
  it('builds every planned service with a contract, writes the fleet result and passes the gate', async () => {
    const { o, lines } = await options();
    const r = await buildServices(o);
    expect(r.checks.map((c) => [c.id, c.status])).toEqual([['x.builders', 'PASS'], ['x.builders.state-json', 'PASS']]);
    expect(r.gateFailed).toBeUndefined();
    expect(JSON.parse(readFileSync(o.resultsFile, 'utf8')).succeeded).toBe(3);
    expect(lines[0]).toBe('builders: svc-a, svc-b, svc-c at depth quick');
    expect(lines.filter((l) => l.endsWith(': started'))).toHaveLength(3);
  });

  it('fails its gate when fewer than two thirds build (a crashing builder), and says which services had no contract', async () => {
    const { o } = await options({ command: fixtureCommand('crash-builder.mjs').join(' '), services: ['svc-a', 'svc-b', 'svc-c', 'svc-d'] });
    const r = await buildServices(o);
    expect(r.checks[0]!.status).toBe('FAIL');
    expect(r.gateFailed).toBe(r.checks[0]!.evidence);
    expect(r.checks[0]!.evidence).toContain('0/4 succeeded (gate >= 3)');
    expect(r.checks[0]!.evidence).toContain('not built (no OpenAPI contract): svc-d');
  });

  it('fails at once, building nothing, when no service has a contract', async () => {
    const { o } = await options({ contracts: {} });
    const r = await buildServices(o);
    expect(r.checks).toHaveLength(1);
    expect(r.checks[0]).toMatchObject({ id: 'x.builders', status: 'FAIL' });
    expect(existsSync(o.resultsFile)).toBe(false);
  });

  it('hands the planted codes to the plant target through the plant option, and SKIPs (never passes) planting without one', async () => {
    const planted = await options({ plant: ['HEALTH-001'], plantTarget: 'svc-b', plantOption: '--plant {codes}' });
    const seen: string[][] = [];
    const r = await buildServices({ ...planted.o, onProgress: (e) => void (e.type === 'started' && seen.push(e.command)) });
    expect(seen.find((c) => c.includes('--plant'))).toEqual(expect.arrayContaining(['--plant', 'HEALTH-001']));
    expect(seen.filter((c) => c.includes('--plant'))).toHaveLength(1);
    expect(r.data).toMatchObject({ plant: ['HEALTH-001'], plantTarget: 'svc-b' });
    const none = await options({ plant: ['HEALTH-001'], services: ['svc-a'] });
    const s = await buildServices(none.o);
    expect(s.checks.at(-1)).toMatchObject({ id: 'x.builders.plant', status: 'SKIP' });
    expect(s.data).toMatchObject({ plant: [], plantTarget: null });
  });
});
