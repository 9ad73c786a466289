import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunStateSchema, type RunState } from '../../src/state.js';
import { builderDir, OWN_FIXTURES, removeScratch, runCli, scratch, TASKTRACKER } from '../support.js';

const FLAKY = join(OWN_FIXTURES, 'flaky-contract-engine.mjs');
const ORDER = { openapi: join(TASKTRACKER, 'sample_openapi_order.yaml'), asyncapi: join(TASKTRACKER, 'sample_asyncapi_order.yaml') };
const readState = async (dir: string): Promise<RunState> => RunStateSchema.parse(JSON.parse(await readFile(join(dir, '.agent-team/STATE.json'), 'utf8')));
const flow = (value: unknown) => JSON.stringify(value);

let root: string;
beforeAll(async () => {
  root = await scratch('mcp-fallback');
});
afterAll(() => removeScratch(root));

describe('Build 1 servers that cannot start (B2-07, B2-08)', () => {
  let dir: string;
  let state: RunState;
  let stderr: string;

  beforeAll(async () => {
    const dead = flow([process.execPath, join(root, 'no-such-server.mjs')]);
    dir = await builderDir(root, 'order-service', ORDER, [`contract_engine: { enabled: true, server_command: ${dead} }`, `codebase_intelligence: { enabled: true, server_command: ${dead} }`].join('\n'));
    const run = await runCli(['--cwd', dir, '--depth', 'standard', '--plant', 'HEALTH-001']);
    stderr = run.stderr;
    expect(run.exitCode, run.stderr).toBe(0);
    state = await readState(dir);
  });

  it('completes the build and records both servers as fallback with the reason', () => {
    expect(state.summary.test_total).toBeGreaterThan(0);
    expect(state.mcp?.servers.contract_engine).toMatchObject({ status: 'fallback', source: 'server_command', calls: 0 });
    expect(state.mcp?.servers.contract_engine.reason).toMatch(/^server did not start: /);
    expect(state.mcp?.servers.codebase_intelligence.status).toBe('fallback');
    expect(state.mcp?.calls).toEqual([]);
    expect(stderr).toMatch(/mcp: contract_engine unavailable .*taking the static fallback/);
  });

  it('ran the static contract scan, which finds the planted missing health route', () => {
    const scan = state.mcp?.fallbacks.find((f) => f.fallback === 'static_contract_scan');
    expect(scan?.server).toBe('contract_engine');
    expect(scan?.detail).toMatch(/^3\/4 contract operations served by src\/handlers\.js; missing: GET \/health$/);
  });

  it('wrote the static codebase map', async () => {
    expect(state.mcp?.fallbacks.find((f) => f.fallback === 'static_codebase_map')?.server).toBe('codebase_intelligence');
    expect(state.mcp?.codebase_map).toEqual({ source: 'static', file: '.agent-team/codebase_map.json' });
    const map = JSON.parse(await readFile(join(dir, '.agent-team/codebase_map.json'), 'utf8')) as { source: string; files: Record<string, { imports: string[]; exports: string[] }> };
    expect(map.source).toBe('static');
    expect(map.files['src/handlers.js']?.exports).toContain('createOrder');
    expect(map.files['src/server.js']?.imports.length).toBeGreaterThan(0);
  });
});

describe('a Contract Engine that fails transiently, then permanently (B2-03, B2-10)', () => {
  let dir: string;
  let state: RunState;
  let stderr: string;
  const log = () => join(root, 'flaky-calls.jsonl');

  beforeAll(async () => {
    const env = flow({
      FIXTURE_LOG: log(),
      FIXTURE_SERVICE: 'flaky-order',
      FIXTURE_FAIL: flow({ get_unimplemented_contracts: { first: 2, text: 'contract store temporarily unavailable' }, get_contract: { first: 99, text: 'contract c-1 is corrupt' } }),
    });
    dir = await builderDir(root, 'flaky-order', ORDER, [
      `contract_engine: { enabled: true, server_command: ${flow([process.execPath, FLAKY])}, env: ${env} }`,
      `codebase_intelligence: { enabled: false }`,
    ].join('\n'));
    const run = await runCli(['--cwd', dir, '--depth', 'standard']);
    stderr = run.stderr;
    expect(run.exitCode, run.stderr).toBe(0);
    state = await readState(dir);
  });

  it('retried get_unimplemented_contracts twice, ~1 s then ~2 s apart, as seen by the server', () => {
    const times = readFileSync(log(), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { tool: string; t: number }).filter((c) => c.tool === 'get_unimplemented_contracts').map((c) => c.t);
    expect(times).toHaveLength(3);
    const [g1, g2] = [(times[1] as number) - (times[0] as number), (times[2] as number) - (times[1] as number)];
    expect(g1).toBeGreaterThanOrEqual(950);
    expect(g1).toBeLessThan(2500);
    expect(g2).toBeGreaterThanOrEqual(1950);
    expect(g2).toBeLessThan(4500);
    expect(state.mcp?.calls.find((c) => c.tool === 'get_unimplemented_contracts')).toMatchObject({ ok: true, attempts: 3, retry_delays_ms: [1000, 2000] });
    expect(stderr).toContain('retry 1/3 in 1000 ms');
  });

  it('took the safe default at once for the permanent get_contract error and built from the local contract', async () => {
    expect(state.mcp?.calls.find((c) => c.tool === 'get_contract')).toMatchObject({ ok: false, attempts: 1, retry_delays_ms: [] });
    expect(state.mcp?.contracts.fetched).toEqual([{ id: 'c-1', type: 'openapi', used_as: expect.stringMatching(/^not used: get_contract gave no contract \(permanent: .*corrupt/) }]);
    expect(state.mcp?.servers.contract_engine).toMatchObject({ status: 'used', retries: 2, safe_defaults: 1 });
    expect(state.mcp?.contracts.validated).toEqual(expect.arrayContaining([{ target: 'contracts/openapi.yaml (openapi)', valid: true, detail: 'valid' }]));
    expect(existsSync(join(dir, 'contracts/openapi.contract-engine.json'))).toBe(false);
    expect(state.summary.success).toBe(true);
  });

  it('validated the real health answer and, at standard depth, marked nothing implemented', () => {
    const tools = state.mcp?.calls.map((c) => c.tool);
    expect(tools).toContain('validate_endpoint');
    expect(tools).not.toContain('mark_implemented');
    expect(state.mcp?.servers.codebase_intelligence).toMatchObject({ status: 'off', calls: 0 });
    expect(state.mcp?.fallbacks).toEqual([]);
  });
});

describe('depth quick with the servers enabled (B2-09)', () => {
  it('starts no server, makes no call and says why', async () => {
    const log = join(root, 'quick-calls.jsonl');
    const server = `{ enabled: true, server_command: ${flow([process.execPath, FLAKY])}, env: ${flow({ FIXTURE_LOG: log, FIXTURE_SERVICE: 'quick-order' })} }`;
    const dir = await builderDir(root, 'quick-order', ORDER, `contract_engine: ${server}\ncodebase_intelligence: ${server}`);
    const run = await runCli(['--cwd', dir, '--depth', 'quick']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/mcp: /);
    const state = await readState(dir);
    expect(state.mcp?.servers.contract_engine).toMatchObject({ status: 'off', reason: 'depth quick turns every Build 1 feature off', calls: 0 });
    expect(state.mcp?.servers.codebase_intelligence.status).toBe('off');
    expect(state.mcp?.calls).toEqual([]);
    expect(existsSync(log)).toBe(false);
    expect(existsSync(join(dir, '.agent-team/codebase_map.json'))).toBe(false);
  });
});
