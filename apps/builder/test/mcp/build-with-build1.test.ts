import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { RunStateSchema, type RunState } from '../../src/state.js';
import { builderDir, removeScratch, runCli, scratch, TASKTRACKER } from '../support.js';
import { callBuild1, FOUNDATION_MCP_JSON, requireFoundation } from './build1.js';

// X-01 / X-02 / B2-06: the builder as an MCP client of the real reference
// Build 1 servers, started from their .mcp.json. The Contract Engine holds a
// newer order contract than the builder dir's file (one more operation): the
// builder must generate from the engine's spec, validate it, mark it
// implemented, and register every file with Codebase Intelligence.
describe('build at thorough depth against the reference Build 1 servers', () => {
  let root: string;
  let dir: string;
  let db: { ce: string; ci: string };
  let contractId: string;
  let state: RunState;
  let stderr: string;

  beforeAll(async () => {
    requireFoundation();
    root = await scratch('build1');
    db = { ce: join(root, 'contracts.db'), ci: join(root, 'symbols.db') };
    const spec = parseYaml(await readFile(join(TASKTRACKER, 'sample_openapi_order.yaml'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    spec.paths['/orders'] = {
      ...spec.paths['/orders'],
      get: {
        operationId: 'listOrders',
        summary: 'List the orders',
        responses: { '200': { description: 'orders', content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Order' } } } } } },
      },
    };
    const created = (await callBuild1('contract-engine', db.ce, 'create_contract', { service_name: 'order-service', type: 'openapi', version: '1.1.0', spec })) as { id: string };
    contractId = created.id;
    dir = await builderDir(
      root,
      'order-service',
      { openapi: join(TASKTRACKER, 'sample_openapi_order.yaml'), asyncapi: join(TASKTRACKER, 'sample_asyncapi_order.yaml') },
      [
        `mcp_config: ${FOUNDATION_MCP_JSON}`,
        `contract_engine: { enabled: true, database_path: ${db.ce} }`,
        `codebase_intelligence: { enabled: true, database_path: ${db.ci} }`,
      ].join('\n'),
    );
    const run = await runCli(['--cwd', dir, '--depth', 'thorough']);
    stderr = run.stderr;
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    state = RunStateSchema.parse(JSON.parse(await readFile(join(dir, '.agent-team/STATE.json'), 'utf8')));
  }, 300_000);

  afterAll(() => removeScratch(root));

  it('used both servers from the .mcp.json and says so in STATE.json and the log', () => {
    expect(state.mcp?.servers.contract_engine).toMatchObject({ status: 'used', source: 'mcp_config', safe_defaults: 0 });
    expect(state.mcp?.servers.codebase_intelligence).toMatchObject({ status: 'used', source: 'mcp_config', safe_defaults: 0 });
    expect(state.mcp?.fallbacks).toEqual([]);
    expect(state.completed_phases).toContain('mcp');
    expect(stderr).toMatch(/mcp: contract_engine up in \d+ ms/);
  });

  it('generated from the Contract Engine\'s spec after validate_spec, with the breaking changes of the local file counted', async () => {
    const tools = state.mcp?.calls.filter((c) => c.server === 'contract_engine').map((c) => c.tool);
    expect(tools).toEqual(expect.arrayContaining(['get_unimplemented_contracts', 'get_contract', 'validate_spec', 'check_breaking_changes', 'validate_endpoint', 'mark_implemented']));
    expect(state.mcp?.contracts.fetched).toEqual([{ id: contractId, type: 'openapi', used_as: 'contracts/openapi.contract-engine.json' }]);
    expect(state.mcp?.contracts.validated).toEqual(expect.arrayContaining([{ target: `contract ${contractId} (openapi)`, valid: true, detail: 'valid' }, expect.objectContaining({ target: 'GET /health 200', valid: true })]));
    expect(state.mcp?.contracts.breaking_changes).toBeGreaterThan(0);
    // the operation only the engine's spec has is served
    expect(await readFile(join(dir, 'src/handlers.js'), 'utf8')).toContain('"GET /orders":');
    expect(state.registered_artifacts).toContain('contracts/openapi.contract-engine.json');
    expect(state.summary.success).toBe(true);
  });

  it('marked the contract implemented in the Contract Engine', async () => {
    expect(state.mcp?.contracts.marked_implemented).toEqual([contractId]);
    expect(await callBuild1('contract-engine', db.ce, 'get_unimplemented_contracts', { service_name: 'order-service' })).toEqual([]);
  });

  it('registered every written file with Codebase Intelligence and built the codebase map from it', async () => {
    const registered = state.mcp?.calls.filter((c) => c.tool === 'register_artifact') ?? [];
    expect(registered).toHaveLength(state.registered_artifacts.length);
    expect(state.mcp?.artifacts.indexed).toBeGreaterThan(5);
    const def = (await callBuild1('codebase-intelligence', db.ci, 'find_definition', { symbol: 'createOrder' })) as { file_path: string } | null;
    expect(def?.file_path).toBe(join(dir, 'src/handlers.js'));
    expect(state.mcp?.codebase_map).toEqual({ source: 'codebase_intelligence', file: '.agent-team/codebase_map.json' });
    const map = JSON.parse(await readFile(join(dir, '.agent-team/codebase_map.json'), 'utf8')) as { source: string; files: Record<string, unknown> };
    expect(map.source).toBe('codebase_intelligence');
    expect(Object.keys(map.files)).toContain('src/server.js');
    expect(existsSync(join(dir, state.mcp?.contracts.generated_tests[0] ?? 'none'))).toBe(true);
  });

  it('a fix pass at quick depth keeps generating from the engine\'s spec and talks to no server', async () => {
    await writeFile(join(dir, 'FIX_INSTRUCTIONS.md'), '# Fix Instructions\n\n## P3\n\n### ADV-005\n\n- [ADV-005] src/lib/behaviours.js \u2014 advisory\n');
    const callsBefore = state.mcp?.calls.length;
    const run = await runCli(['--cwd', dir, '--depth', 'quick']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/mcp: /);
    const after = RunStateSchema.parse(JSON.parse(await readFile(join(dir, '.agent-team/STATE.json'), 'utf8')));
    expect(after.mcp?.calls.length).toBe(callsBefore);
    expect(after.contract_report.missing_implementations).toBe(0);
    expect(await readFile(join(dir, 'src/handlers.js'), 'utf8')).toContain('"GET /orders":');
  });
});
