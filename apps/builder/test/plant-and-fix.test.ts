import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunStateSchema, type RunState } from '../src/state.js';
import { builderDir, http, newSecret, removeScratch, runCli, scratch, startService, TASKTRACKER } from './support.js';

async function sourceText(dir: string): Promise<string> {
  const out: string[] = [];
  const walk = async (rel: string) => {
    for (const e of await readdir(join(dir, rel), { withFileTypes: true })) {
      if (e.isDirectory()) await walk(join(rel, e.name));
      else out.push(await readFile(join(dir, rel, e.name), 'utf8'));
    }
  };
  await walk('src');
  return out.join('\n');
}

const readState = async (dir: string): Promise<RunState> => RunStateSchema.parse(JSON.parse(await readFile(join(dir, '.agent-team/STATE.json'), 'utf8')));

/** The defects as a client and a scanner see them, on a running service. */
async function observe(dir: string) {
  const secret = newSecret();
  const svc = await startService(dir, { JWT_SECRET: secret });
  try {
    const { signJwt } = (await import(join(dir, 'src/lib/jwt.js'))) as { signJwt: (c: object, s: string) => string };
    const jwt = signJwt({ sub: '0b8e7d6c-5a4b-4c3d-8e2f-1a0b9c8d7e6f', email: 'p@example.com', type: 'access' }, secret);
    const auth = { authorization: `Bearer ${jwt}` };
    const created = await http(`${svc.url}/orders`, 'POST', { items: [{ sku: 'A', quantity: 1, price: 2 }], total: 2 }, auth);
    const read = await http(`${svc.url}/orders/${String((created.json as Record<string, unknown>).id)}`, 'GET', undefined, auth);
    const health = await http(`${svc.url}/health`, 'GET');
    const printed = svc.output().split('\n').filter((l) => l.trim() && !l.trim().startsWith('{'));
    return { health: health.status, readKeys: Object.keys((read.json as Record<string, unknown>) ?? {}), printed, source: await sourceText(dir) };
  } finally {
    await svc.stop();
  }
}

describe('planting HEALTH-001, SCHEMA-001, LOG-001 and the quick-depth fix pass', () => {
  let root: string;
  let dir: string;

  beforeAll(async () => {
    root = await scratch('plant');
    dir = await builderDir(root, 'order-service', { openapi: join(TASKTRACKER, 'sample_openapi_order.yaml'), asyncapi: join(TASKTRACKER, 'sample_asyncapi_order.yaml') });
  });

  afterAll(() => removeScratch(root));

  it('builds a service that really contains the three defects and records them', async () => {
    const run = await runCli(['--cwd', dir, '--depth', 'standard', '--plant', 'HEALTH-001,SCHEMA-001,LOG-001']);
    expect(run.exitCode, run.stderr).toBe(0);
    const state = await readState(dir);
    expect(state.planted.map((p) => p.code).sort()).toEqual(['HEALTH-001', 'LOG-001', 'SCHEMA-001']);
    expect(state.contract_report.missing_implementations).toBe(1);
    expect(state.endpoint_test_report.untested_contracts).toEqual(['GET /health']);
    expect(state.health_gate).toMatchObject({ ran: true, passed: false });
    expect(state.health).toBe('partial');

    const seen = await observe(dir);
    expect(seen.health).toBe(404);
    expect(seen.readKeys).toContain('internal_ref');
    expect(seen.printed.some((l) => l.includes('handling request'))).toBe(true);
    expect(seen.source).toMatch(/console\.log\(/);
    expect(seen.source).not.toMatch(/['"]\/health['"]/);
    expect(await readFile(join(dir, 'Dockerfile'), 'utf8')).toContain("+'/health')");
    const log = state.planted.find((p) => p.code === 'LOG-001');
    const handlers = (await readFile(join(dir, 'src/handlers.js'), 'utf8')).split('\n');
    expect(handlers[(log?.line ?? 0) - 1]).toContain('console.log(');
  });

  it('repairs each listed violation it knows in --depth quick, leaves the rest, and updates STATE.json', async () => {
    const md = [
      '# Fix Instructions',
      '',
      '## P0',
      '',
      '## P1',
      '',
      '### SEC-001',
      '',
      '- [SEC-001] src/handlers.js:3 \u2014 unauthenticated endpoint',
      '',
      '## P2',
      '',
      '### HEALTH-001',
      '',
      '- [HEALTH-001] src/server.js \u2014 no /health, /healthz or /ready route',
      '  - Fix: add GET /health returning 200',
      '',
      '### LOG-001',
      '',
      '- [LOG-001] src/handlers.js:8 \u2014 print-style console.log call',
      '',
      '### SCHEMA-001',
      '',
      "- [SCHEMA-001] src/handlers.js \u2014 GET /orders/{id} returns field 'internal_ref' not in the contract",
      '',
      '## P3',
      '',
    ].join('\n');
    await writeFile(join(dir, 'FIX_INSTRUCTIONS.md'), md);
    const run = await runCli(['--cwd', dir, '--depth', 'quick']);
    expect(run.exitCode, run.stderr).toBe(0);
    const state = await readState(dir);
    expect(state.completed_phases.at(-1)).toBe('fix_pass_1');
    expect(state.fix_passes).toHaveLength(1);
    expect(new Set(state.fix_passes[0]?.fixed.map((f) => f.code))).toEqual(new Set(['HEALTH-001', 'LOG-001', 'SCHEMA-001']));
    expect(state.fix_passes[0]?.not_fixed).toEqual([expect.objectContaining({ code: 'SEC-001', reason: expect.stringContaining('not understood') })]);
    expect(state.planted).toEqual([]);
    expect(state.summary.success).toBe(true);
    expect(state.health).toBe('passed');

    const seen = await observe(dir);
    expect(seen.health).toBe(200);
    expect(seen.readKeys).not.toContain('internal_ref');
    expect(seen.printed).toEqual([]);
    expect(seen.source).not.toMatch(/console\.\w+\(/);
  });

  it('a second fix pass with nothing left to repair says so instead of claiming a fix', async () => {
    const run = await runCli(['--cwd', dir, '--depth', 'quick']);
    expect(run.exitCode, run.stderr).toBe(0);
    const state = await readState(dir);
    expect(state.completed_phases.at(-1)).toBe('fix_pass_2');
    expect(state.fix_passes[1]?.fixed).toEqual([]);
    expect(state.fix_passes[1]?.not_fixed.map((n) => n.code).sort()).toEqual(['HEALTH-001', 'LOG-001', 'SCHEMA-001', 'SEC-001']);
  });

  it('regenerates a runtime file changed from outside to answer a field not in the contract (SCHEMA-001 located there)', async () => {
    const file = join(dir, 'src/lib/http.js');
    const original = await readFile(file, 'utf8');
    // As a verifier plants it: every JSON object body gets an extra field.
    const changed = original.replace('const text = JSON.stringify(body);', "const text = JSON.stringify(body && typeof body === 'object' && !Array.isArray(body) ? { ...body, planted_extra: 1 } : body);");
    expect(changed).not.toBe(original);
    await writeFile(file, changed);
    expect((await observe(dir)).readKeys).toContain('planted_extra');
    const md = ['# Fix Instructions', '', '## P2', '', '### SCHEMA-001', '', "- [SCHEMA-001] src/lib/http.js:66 \u2014 GET /orders/{id} returns field 'planted_extra' not in the contract", ''].join('\n');
    await writeFile(join(dir, 'FIX_INSTRUCTIONS.md'), md);
    const run = await runCli(['--cwd', dir, '--depth', 'quick']);
    expect(run.exitCode, run.stderr).toBe(0);
    const state = await readState(dir);
    expect(state.fix_passes.at(-1)?.fixed).toEqual([expect.objectContaining({ code: 'SCHEMA-001', file: 'src/lib/http.js', action: expect.stringContaining('regenerated') })]);
    expect(await readFile(file, 'utf8')).toBe(original);
    expect((await observe(dir)).readKeys).not.toContain('planted_extra');
  });
});
