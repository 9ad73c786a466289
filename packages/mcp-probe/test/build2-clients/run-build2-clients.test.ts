import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILD2_CLIENT_CHECKS, contractsOfService, failBuild2ClientChecks, runBuild2ClientChecks, type Build2BuildRequest, type Build2ClientRunOptions } from '../../src/index.js';
import { fixtureServer } from '../helpers.js';

// The orchestration around a Build 2 under test, with a stand-in `build` that starts no server
// (a Build 2 that never uses its MCP clients). The real builder through the real interposer is
// exercised by the CLI's M2 test.
const dir = mkdtempSync(path.join(tmpdir(), 'run4-b2-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const servers = {
  contract_engine: fixtureServer('build1-fake-server.mjs', 'contract-engine', { FIXTURE_ROLE: 'contract-engine' }),
  codebase_intelligence: fixtureServer('build1-fake-server.mjs', 'codebase-intelligence', { FIXTURE_ROLE: 'codebase-intelligence' }),
};
const options = (over: Partial<Build2ClientRunOptions>): Build2ClientRunOptions => ({
  servers,
  contracts: [{ service_name: 'accounts', type: 'openapi', version: '1.0.0', spec: { openapi: '3.1.0', info: { title: 'a', version: '1.0.0' }, paths: {} } }],
  root: path.join(dir, 'run'),
  interposer: ['interposer-cli', 'interpose'],
  concurrency: 2,
  startupTimeoutMs: 120_000,
  buildCyclePrefix: 'test',
  build: async () => ({ completed: true, outcome: 'exit 0', writtenFiles: [], durationMs: 1200 }),
  ...over,
});

describe('runBuild2ClientChecks', { timeout: 120_000 }, () => {
  it('hands each build server blocks that start the interposer with its trace and faults, and judges a Build 2 that never calls its servers', async () => {
    const requests: Build2BuildRequest[] = [];
    const lines: string[] = [];
    let builds = 0;
    const checks = await runBuild2ClientChecks(
      options({
        scenarios: ['observe', 'transient-errors'],
        build: async (request) => {
          requests.push(request);
          return { completed: true, outcome: 'exit 0', writtenFiles: [], durationMs: 1200 };
        },
        onStart: (n) => (builds = n),
        onProgress: (scenario, line) => lines.push(`${scenario ?? '-'}: ${line}`),
      }),
    );
    expect(builds).toBe(2);
    expect(requests.map((r) => r.scenario.name).sort()).toEqual(['observe', 'transient-errors']);
    const transient = requests.find((r) => r.scenario.name === 'transient-errors')!;
    expect(transient.builderDir).toBe(path.join(dir, 'run', 'transient-errors', 'builder'));
    const ce = transient.blocks.contract_engine;
    expect(ce.mcp_command).toBe('interposer-cli');
    expect(ce.mcp_args).toEqual(expect.arrayContaining([path.join(dir, 'run', 'transient-errors', 'contract_engine.trace.jsonl'), path.join(dir, 'run', 'transient-errors', 'contract_engine.faults.json')]));
    expect(ce.database_path).toBe(path.join(dir, 'run', 'transient-errors', 'data', 'contract_engine.db'));
    expect(JSON.parse(readFileSync(path.join(dir, 'run', 'transient-errors', 'contract_engine.faults.json'), 'utf8'))).toMatchObject({ rules: [{ fault: { kind: 'transient-error' } }] });
    expect(existsSync(path.join(dir, 'run', 'transient-errors', 'codebase_intelligence.faults.json'))).toBe(false);
    expect(transient.blocks.codebase_intelligence).toHaveProperty('graph_path');
    expect(lines).toContain('observe: completed in 1.2 s');
    const byId = Object.fromEntries(checks.map((c) => [c.id, c]));
    expect(checks.map((c) => c.id).sort()).toEqual(BUILD2_CLIENT_CHECKS.map((c) => c.id).sort());
    expect(byId['b2.clients.contract-engine']!.status).toBe('FAIL');
    expect(byId['b2.clients.artifacts-registered']!.status).toBe('FAIL');
    expect(byId['b2.clients.fallback.contract-engine']!.status).toBe('FAIL');
  });

  it('fails every check, running nothing, when a role has no server or a server is not stdio', async () => {
    let ran = false;
    const build = async () => {
      ran = true;
      return { completed: true, outcome: '', writtenFiles: [], durationMs: 0 };
    };
    const missing = await runBuild2ClientChecks(options({ servers: { contract_engine: servers.contract_engine }, build }));
    expect(missing.every((c) => c.status === 'FAIL' && c.evidence === 'not run: the stack profile maps no .mcp.json server to codebase_intelligence (build1.roles)')).toBe(true);
    const http = await runBuild2ClientChecks(options({ servers: { ...servers, codebase_intelligence: { name: 'ci', transport: 'http', url: 'http://127.0.0.1:9/mcp', headers: {} } }, build }));
    expect(http[0]!.evidence).toContain('the codebase_intelligence server "ci" is streamable HTTP');
    expect(ran).toBe(false);
  });
});

describe('failBuild2ClientChecks', () => {
  it('fails every Build 2 client check with the reason', () => {
    const checks = failBuild2ClientChecks('no service');
    expect(checks).toHaveLength(BUILD2_CLIENT_CHECKS.length);
    expect(checks.every((c) => c.status === 'FAIL' && c.evidence === 'not run: no service')).toBe(true);
  });
});

describe('contractsOfService', () => {
  it("reads a service's contract files with their versions", () => {
    const file = path.join(dir, 'events.yaml');
    writeFileSync(file, 'asyncapi: 3.0.0\ninfo: { title: e, version: 4.1.0 }\n');
    expect(contractsOfService('accounts', { asyncapi: file })).toEqual([{ service_name: 'accounts', type: 'asyncapi', version: '4.1.0', spec: { asyncapi: '3.0.0', info: { title: 'e', version: '4.1.0' } } }]);
    expect(contractsOfService('accounts', undefined)).toEqual([]);
  });
});
