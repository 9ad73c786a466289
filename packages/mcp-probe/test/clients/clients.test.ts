import { describe, expect, it } from 'vitest';
import {
  ArchitectClient,
  CodebaseIntelligenceClient,
  ContractEngineClient,
  McpConnectError,
  PermanentMcpError,
  TransientMcpError,
  withFallback,
} from '../../src/index.js';
import { fakeSleep, makeMcpResult, MockMcpSession } from './mock-session.js';

const contract = { id: 'c1', service_name: 'auth-service', type: 'openapi', version: '1.0.0', spec: {}, spec_hash: 'h', status: 'active' };

describe('ContractEngineClient (B2-01)', () => {
  it('all 6 methods call the right tool and return typed results', async () => {
    const s = new MockMcpSession()
      .reply('get_contract', makeMcpResult(contract))
      .reply('validate_endpoint', makeMcpResult({ valid: false, violations: [{ field: 'id', expected: 'string', actual: 'number', severity: 'error' }] }))
      .reply('generate_tests', makeMcpResult('import pytest\n'))
      .reply('check_breaking_changes', makeMcpResult([{ change_type: 'removed', path: '/a', old_value: 'x', new_value: null, severity: 'breaking', affected_consumers: [] }]))
      .reply('mark_implemented', makeMcpResult({ marked: true, total_implementations: 1, all_implemented: true }))
      .reply('get_unimplemented_contracts', makeMcpResult([{ id: 'c2', type: 'openapi', version: '1', expected_service: 'x', status: 'pending' }]));
    const ce = new ContractEngineClient(s, { sleep: fakeSleep().sleep });
    expect(await ce.getContract('c1')).toMatchObject({ id: 'c1', service_name: 'auth-service' });
    const v = await ce.validateEndpoint('auth-service', 'GET', '/users/me', { id: 1 });
    expect(v).toEqual({ valid: false, violations: [expect.objectContaining({ field: 'id' })], error: '' });
    expect(await ce.generateTests('c1')).toBe('import pytest\n');
    expect(await ce.checkBreakingChanges('c1', {})).toHaveLength(1);
    expect(await ce.markImplemented('c1', 'auth-service', 'src/main.py')).toMatchObject({ marked: true, all_implemented: true });
    expect(await ce.getUnimplementedContracts()).toEqual([expect.objectContaining({ id: 'c2' })]);
    expect(s.calls.map((c) => c.name)).toEqual(['get_contract', 'validate_endpoint', 'generate_tests', 'check_breaking_changes', 'mark_implemented', 'get_unimplemented_contracts']);
    expect(s.calls[1]?.args).toEqual({ service_name: 'auth-service', method: 'GET', path: '/users/me', response_body: { id: 1 }, status_code: 200 });
    expect(s.calls[2]?.args).toEqual({ contract_id: 'c1', framework: 'pytest', include_negative: true });
    expect(s.calls[5]?.args).toEqual({ service_name: '' });
  });
});

describe('CodebaseIntelligenceClient (B2-02)', () => {
  it('all 7 methods call the right tool and return typed results', async () => {
    const s = new MockMcpSession()
      .reply('find_definition', makeMcpResult({ file_path: 'src/user.py', line_start: 3, line_end: 9, kind: 'class', signature: 'class User', docstring: null }))
      .reply('find_callers', makeMcpResult([{ file_path: 'a.py', line: 1, caller_name: 'f' }]))
      .reply('find_dependencies', makeMcpResult({ imports: ['os'], imported_by: [], transitive_deps: ['os'], circular_deps: [] }))
      .reply('search_semantic', makeMcpResult([{ chunk_id: 'x', file_path: 'a.py', content: 'c', score: 0.9 }]))
      .reply('get_service_interface', makeMcpResult({ service_name: 'auth', endpoints: [] }))
      .reply('check_dead_code', makeMcpResult([{ symbol_name: 'old', file_path: 'a.py', kind: 'function', line: 4, confidence: 'high' }]))
      .reply('register_artifact', makeMcpResult({ indexed: true, symbols_found: 3, dependencies_found: 1, errors: [] }));
    const ci = new CodebaseIntelligenceClient(s, { sleep: fakeSleep().sleep });
    expect(await ci.findDefinition('User')).toEqual({ file: 'src/user.py', line: 3, kind: 'class', signature: 'class User', found: true });
    expect(await ci.findCallers('User')).toHaveLength(1);
    expect(await ci.findDependencies('a.py')).toEqual({ imports: ['os'], imported_by: [], transitive_deps: ['os'], circular_deps: [] });
    expect(await ci.searchSemantic('db', { language: 'python' })).toHaveLength(1);
    expect(await ci.getServiceInterface('auth')).toMatchObject({ service_name: 'auth' });
    expect(await ci.checkDeadCode()).toHaveLength(1);
    expect(await ci.registerArtifact('a.py', 'auth')).toEqual({ indexed: true, symbols_found: 3, dependencies_found: 1 });
    expect(s.calls).toHaveLength(7);
    expect(s.calls[1]?.args).toEqual({ symbol: 'User', max_results: 50 });
    expect(s.calls[3]?.args).toEqual({ query: 'db', n_results: 10, language: 'python' });
  });

  it('find_definition of an unknown symbol (null) is found: false', async () => {
    const ci = new CodebaseIntelligenceClient(new MockMcpSession().reply('find_definition', makeMcpResult(null)));
    expect(await ci.findDefinition('Nope')).toEqual({ file: '', line: 0, kind: '', signature: '', found: false });
    expect(ci.lastOutcome?.ok).toBe(true);
  });
});

describe('ArchitectClient', () => {
  it('all 4 methods return typed results', async () => {
    const s = new MockMcpSession()
      .reply('decompose', makeMcpResult({ service_map: { services: [] }, domain_model: { entities: [] }, contract_stubs: [], validation_issues: [], interview_questions: [] }))
      .reply('get_service_map', makeMcpResult({ project_name: 'TaskTracker', services: [{ name: 'auth-service' }] }))
      .reply('get_contracts_for_service', makeMcpResult([{ id: 'c1', role: 'provider', type: 'openapi', counterparty: 'order-service', summary: 's' }]))
      .reply('get_domain_model', makeMcpResult(null));
    const a = new ArchitectClient(s);
    expect(await a.decompose('# PRD with enough text')).toMatchObject({ service_map: { services: [] } });
    expect(await a.getServiceMap()).toMatchObject({ project_name: 'TaskTracker' });
    expect(await a.getContractsForService('auth-service')).toEqual([expect.objectContaining({ role: 'provider' })]);
    expect(await a.getDomainModel()).toBeNull();
  });
});

describe('safe defaults (B2-03)', () => {
  const safe = async (session: MockMcpSession) => {
    const opts = { sleep: fakeSleep().sleep };
    const ce = new ContractEngineClient(session, opts);
    const ci = new CodebaseIntelligenceClient(session, opts);
    const ar = new ArchitectClient(session, opts);
    return [
      await ce.getContract('c'),
      (await ce.validateEndpoint('s', 'GET', '/', {})).valid,
      await ce.generateTests('c'),
      await ce.checkBreakingChanges('c', {}),
      await ce.markImplemented('c', 's', 'e'),
      await ce.getUnimplementedContracts(),
      await ci.findDefinition('x'),
      await ci.findCallers('x'),
      await ci.findDependencies('x'),
      await ci.searchSemantic('x'),
      await ci.getServiceInterface('x'),
      await ci.checkDeadCode(),
      await ci.registerArtifact('x', 's'),
      await ar.decompose('x'),
      await ar.getServiceMap(),
      await ar.getContractsForService('x'),
      await ar.getDomainModel(),
    ];
  };
  const DEFAULTS = [
    null,
    false,
    '',
    [],
    { marked: false },
    [],
    { file: '', line: 0, kind: '', signature: '', found: false },
    [],
    { imports: [], imported_by: [], transitive_deps: [], circular_deps: [] },
    [],
    {},
    [],
    { indexed: false, symbols_found: 0, dependencies_found: 0 },
    null,
    null,
    [],
    null,
  ];

  it('every method returns its safe default on an isError result, without retrying', async () => {
    const s = new MockMcpSession().replyAll(makeMcpResult('boom', true));
    expect(await safe(s)).toEqual(DEFAULTS);
    expect(s.calls).toHaveLength(17);
  });

  it('every method returns its safe default on a protocol error or a malformed answer', async () => {
    expect(await safe(new MockMcpSession().replyAll(new PermanentMcpError('-32602 invalid params')))).toEqual(DEFAULTS);
    // generate_tests answers plain text, so non-JSON text is its value; every other method falls back
    const raw = '{"unexpected": true';
    const malformed = DEFAULTS.map((d, i) => (i === 2 ? raw : d));
    expect(await safe(new MockMcpSession().replyAll({ content: [{ type: 'text', text: raw }] }))).toEqual(malformed);
  });

  it('validate_endpoint says why in `error`', async () => {
    const ce = new ContractEngineClient(new MockMcpSession().replyAll(makeMcpResult('no such service', true)));
    expect((await ce.validateEndpoint('s', 'GET', '/', {})).error).toContain('no such service');
    expect(ce.lastOutcome).toMatchObject({ ok: false, attempts: 1, unavailable: false });
  });
});

describe('retries (B2-10)', () => {
  it('retries a transient error 3 times with 1 s, 2 s, 4 s backoff, then succeeds', async () => {
    const { sleep, delays } = fakeSleep();
    const s = new MockMcpSession().reply('get_contract', new TransientMcpError('broken pipe'), new TransientMcpError('t'), new TransientMcpError('t'), makeMcpResult(contract));
    const ce = new ContractEngineClient(s, { sleep });
    expect(await ce.getContract('c1')).toMatchObject({ id: 'c1' });
    expect(delays).toEqual([1000, 2000, 4000]);
    expect(ce.lastOutcome).toMatchObject({ ok: true, attempts: 4 });
  });

  it('gives the safe default and marks the server unavailable after 4 transient failures', async () => {
    const { sleep, delays } = fakeSleep();
    const err = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const ce = new ContractEngineClient(new MockMcpSession().replyAll(err), { sleep });
    expect(await ce.getUnimplementedContracts('x')).toEqual([]);
    expect(delays).toEqual([1000, 2000, 4000]);
    expect(ce.lastOutcome).toMatchObject({ ok: false, attempts: 4, unavailable: true });
    expect(ce.available).toBe(false);
  });

  it('does not retry a non-transient error', async () => {
    const { sleep, delays } = fakeSleep();
    const ce = new ContractEngineClient(new MockMcpSession().replyAll(new Error('bad argument')), { sleep });
    expect(await ce.getContract('c')).toBeNull();
    expect(delays).toEqual([]);
  });

  it('reconnects through a session factory after a transient failure', async () => {
    let made = 0;
    const first = new MockMcpSession().replyAll(new TransientMcpError('Connection closed'));
    const second = new MockMcpSession().replyAll(makeMcpResult([]));
    const ci = new CodebaseIntelligenceClient(async () => (++made === 1 ? first : second), { sleep: fakeSleep().sleep });
    expect(await ci.checkDeadCode()).toEqual([]);
    expect(made).toBe(2);
    expect(ci.lastOutcome).toMatchObject({ ok: true, attempts: 2 });
  });
});

describe('fallback paths (R4-M2-006, B2-07, B2-08)', () => {
  const cannotStart = async (): Promise<never> => {
    throw new McpConnectError('MCP server "contract-engine" failed to start: spawn python ENOENT', { server: 'contract-engine' });
  };

  it('Contract Engine unavailable → the static contract scan runs, with the reason', async () => {
    const ce = new ContractEngineClient(cannotStart, { sleep: fakeSleep().sleep });
    const r = await withFallback(ce, (c) => c.getUnimplementedContracts('auth-service'), () => ({ scan: 'static', findings: 0 }));
    expect(r).toMatchObject({ source: 'fallback', unavailable: true, value: { scan: 'static' } });
    if (r.source === 'fallback') expect(r.reason).toContain('failed to start');
  });

  it('Codebase Intelligence unavailable → a static codebase map is generated', async () => {
    const ci = new CodebaseIntelligenceClient(cannotStart, { sleep: fakeSleep().sleep });
    const r = await withFallback(ci, (c) => c.getServiceInterface('auth'), () => ({ map: 'static' }));
    expect(r.source).toBe('fallback');
  });

  it('Architect unavailable → standard decomposition proceeds; an answering server does not trigger the fallback', async () => {
    const down = new ArchitectClient(cannotStart, { sleep: fakeSleep().sleep });
    expect((await withFallback(down, (c) => c.decompose('PRD text here'), () => 'standard')).source).toBe('fallback');
    const up = new ArchitectClient(new MockMcpSession().replyAll(makeMcpResult('bad prd', true)));
    const r = await withFallback(up, (c) => c.decompose('PRD text here'), () => 'standard');
    expect(r).toEqual({ source: 'mcp', value: null });
  });
});
