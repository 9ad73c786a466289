import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkBuild1Smoke, type Build1SmokeOptions } from '../../src/index.js';
import { fixtureServer } from '../helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'run4-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const server = (role: string, env: Record<string, string> = {}) => fixtureServer('pipeline-server.mjs', role, { FIXTURE_ROLE: role, ...env });
const options = (over: Partial<Build1SmokeOptions> = {}): Build1SmokeOptions => ({
  servers: { architect: server('architect'), contract_engine: server('contract-engine'), codebase_intelligence: server('codebase-intelligence') },
  unavailable: (role) => `no ${role} server`,
  prdText: 'a PRD',
  scratchDir: path.join(dir, 'smoke'),
  buildCycleId: 'smoke-1',
  startupTimeoutMs: 120_000,
  callTimeoutMs: 30_000,
  ...over,
});
const status = (checks: { id: string; status: string }[]) => Object.fromEntries(checks.map((c) => [c.id, c.status]));

describe('checkBuild1Smoke', { timeout: 120_000 }, () => {
  it('passes when every smoke call of every role answers, with the given OpenAPI file', async () => {
    const file = path.join(dir, 'api.yaml');
    writeFileSync(file, 'openapi: 3.1.0\ninfo: { title: api, version: 1.0.0 }\npaths: {}\n');
    const r = await checkBuild1Smoke(options({ openapiFile: file }));
    expect(status(r.checks)).toEqual({ 'm4.mcp-smoke.architect': 'PASS', 'm4.mcp-smoke.contract-engine': 'PASS', 'm4.mcp-smoke.codebase-intelligence': 'PASS' });
    expect(r.checks[1]!.evidence).toMatch(/^validate_spec \d+ ms; create_contract \d+ ms; get_contract \d+ ms$/);
    expect(r.checks[1]!.requirementIds).toEqual(['R4-M4-002']);
    expect(r.gateFailed).toBeUndefined();
  });

  it('fails a role whose tool answers an error or nothing, and a role without a server; the gate names them', async () => {
    const r = await checkBuild1Smoke(
      options({
        servers: { architect: server('architect', { FIXTURE_ERROR: 'decompose' }), contract_engine: server('contract-engine', { FIXTURE_EMPTY: 'get_contract' }) },
      }),
    );
    expect(status(r.checks)).toEqual({ 'm4.mcp-smoke.architect': 'FAIL', 'm4.mcp-smoke.contract-engine': 'FAIL', 'm4.mcp-smoke.codebase-intelligence': 'FAIL' });
    expect(r.checks[0]!.evidence).toMatch(/^decompose: /);
    expect(r.checks[1]!.evidence).toBe('get_contract returned an empty result');
    expect(r.checks[2]!.evidence).toBe('no codebase_intelligence server');
    expect(r.gateFailed).toBe('MCP smoke tests failed: m4.mcp-smoke.architect, m4.mcp-smoke.contract-engine, m4.mcp-smoke.codebase-intelligence');
  });

  it('catches a Codebase Intelligence that cannot find what it just indexed', async () => {
    const r = await checkBuild1Smoke(options({ servers: { ...options().servers, codebase_intelligence: server('codebase-intelligence', { FIXTURE_EMPTY: 'find_definition' }) } }));
    expect(r.checks[2]).toMatchObject({ status: 'FAIL', evidence: 'find_definition returned an empty result' });
    expect(r.gateFailed).toBe('MCP smoke tests failed: m4.mcp-smoke.codebase-intelligence');
  });
});
