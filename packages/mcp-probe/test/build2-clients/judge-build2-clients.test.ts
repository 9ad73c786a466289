import { describe, expect, it } from 'vitest';
import { TraceEntrySchema } from '../../src/interposer/trace-schema.js';
import {
  backoffFits, judgeArtifactRegistration, judgeBuild2Clients, judgeFallback, judgeRetryBackoff, judgeSafeDefaults, judgeServerUse, sourceFiles,
  type Build2ScenarioRun,
} from '../../src/build2-clients/judge-build2-clients.js';
import { TraceFixture } from './trace-fixture.js';

const CE_TOOLS = [
  { name: 'get_unimplemented_contracts', inputSchema: { type: 'object', properties: { service_name: { type: 'string' } } } },
  { name: 'get_contract', inputSchema: { type: 'object', properties: { contract_id: { type: 'string' } }, required: ['contract_id'] } },
  {
    name: 'mark_implemented',
    inputSchema: { type: 'object', properties: { contract_id: { type: 'string' }, service_name: { type: 'string' }, evidence_path: { type: 'string' } }, required: ['contract_id', 'service_name', 'evidence_path'] },
  },
];
const CI_TOOLS = [{ name: 'register_artifact', inputSchema: { type: 'object', properties: { file_path: { type: 'string' }, service_name: { type: 'string' } }, required: ['file_path', 'service_name'] } }];

function run(scenario: Build2ScenarioRun['scenario'], traces: Build2ScenarioRun['traces'], over: Partial<Build2ScenarioRun> = {}): Build2ScenarioRun {
  return { scenario, traces, completed: true, outcome: 'exit 0, STATE.json success', builderDir: '/b', writtenFiles: ['src/app.py', 'src/util.py', 'Dockerfile', '.agent-team/STATE.json'], ...over };
}

/** A Contract Engine session of a well-behaved client: list, fetch what was listed, mark it implemented. */
function goodCe(evidencePath: unknown = 'src/app.py') {
  return new TraceFixture()
    .started()
    .initialize()
    .call('get_unimplemented_contracts', { service_name: 'svc' }, { json: [{ id: 'contract-7f3a', type: 'openapi' }] })
    .call('get_contract', { contract_id: 'contract-7f3a' }, { json: { id: 'contract-7f3a', spec: {} } })
    .call('mark_implemented', { contract_id: 'contract-7f3a', service_name: 'svc', evidence_path: evidencePath }, { json: { marked: true } });
}

function registering(files: string[], indexed = true) {
  const t = new TraceFixture().started().initialize();
  for (const f of files) t.call('register_artifact', { file_path: f, service_name: 'svc' }, { json: { indexed, symbols_found: 1, dependencies_found: 0, errors: [] } });
  return t;
}

describe('the trace fixture', () => {
  it('writes entries the interposer trace schema accepts', () => {
    for (const e of goodCe().entries) expect(TraceEntrySchema.safeParse(e).success).toBe(true);
  });
});

describe('judgeServerUse (B2-01 / X-01, B2-02 / X-02)', () => {
  it('passes a client that calls with valid arguments and uses the answers', () => {
    const r = judgeServerUse('contract_engine', run('observe', { contract_engine: goodCe().trace() }), CE_TOOLS);
    expect(r.status, r.evidence).toBe('PASS');
    expect(r.evidence).toContain('get_unimplemented_contracts → get_contract (contract-7f3a)');
    expect(r.evidence).toContain('trace /traces/server.trace.jsonl');
    expect(r.requirementIds).toEqual(['B2-01', 'X-01', 'R4-M2-003']);
  });

  it('fails an argument of the wrong type, judged against the inventory when the client never listed', () => {
    const r = judgeServerUse('contract_engine', run('observe', { contract_engine: goodCe(['src/app.py']).trace() }), CE_TOOLS);
    expect(r.status).toBe('FAIL');
    expect(r.evidence).toContain('mark_implemented #1: /evidence_path must be string');
  });

  it("fails against the client's own tools/list too, and a tool the server does not list", () => {
    const t = new TraceFixture().started().initialize().listTools(CE_TOOLS).call('get_contract', { contract_id: 7 }, { json: null }).call('drop_tables', {}, { json: {} });
    const r = judgeServerUse('contract_engine', run('observe', { contract_engine: t.trace() }));
    expect(r.status).toBe('FAIL');
    expect(r.evidence).toContain('get_contract #1: /contract_id must be string');
    expect(r.evidence).toContain('the server lists no tool "drop_tables"');
  });

  it('fails a Contract Engine client that uses none of the answers', () => {
    const t = new TraceFixture().started().initialize()
      .call('get_unimplemented_contracts', { service_name: 'svc' }, { json: [{ id: 'contract-7f3a' }] })
      .call('get_contract', { contract_id: 'made-up-id' }, { json: null });
    const r = judgeServerUse('contract_engine', run('observe', { contract_engine: t.trace() }), CE_TOOLS);
    expect(r.status).toBe('FAIL');
    expect(r.evidence).toContain('used no answer');
  });

  it('does not count a value the client sent first as learnt from the server', () => {
    const t = new TraceFixture().started().initialize()
      .call('get_unimplemented_contracts', { service_name: 'svc-long' }, { json: [{ service_name: 'svc-long' }] })
      .call('get_contract', { contract_id: 'svc-long' }, { json: null });
    expect(judgeServerUse('contract_engine', run('observe', { contract_engine: t.trace() }), CE_TOOLS).status).toBe('FAIL');
  });

  it('fails when the server was never started, never initialised, or the build did not complete', () => {
    expect(judgeServerUse('codebase_intelligence', run('observe', {})).evidence).toContain('never started the Codebase Intelligence');
    const noInit = new TraceFixture().started().call('register_artifact', { file_path: 'a', service_name: 's' }, { json: {} });
    expect(judgeServerUse('codebase_intelligence', run('observe', { codebase_intelligence: noInit.trace() })).evidence).toContain('never sent initialize');
    const crashed = judgeServerUse('contract_engine', run('observe', { contract_engine: goodCe().trace() }, { completed: false, outcome: 'crash (exit 1)' }), CE_TOOLS);
    expect(crashed.status).toBe('FAIL');
    expect(crashed.evidence).toContain('the build did not complete: crash (exit 1)');
  });

  it('fails when the observe build did not run', () => {
    expect(judgeServerUse('contract_engine', undefined).evidence).toContain('did not run');
  });
});

describe('judgeArtifactRegistration (B2-06)', () => {
  it('passes when every source file written is registered (absolute or relative) and indexed', () => {
    const r = judgeArtifactRegistration(run('observe', { codebase_intelligence: registering(['/b/src/app.py', 'src/util.py', '/b/Dockerfile']).trace() }));
    expect(r.status, r.evidence).toBe('PASS');
    expect(r.evidence).toContain('2/2 source files registered and indexed');
  });

  it('fails a source file never registered, one not indexed, and a build that never registers', () => {
    expect(judgeArtifactRegistration(run('observe', { codebase_intelligence: registering(['/b/src/app.py']).trace() })).evidence).toContain('1/2 source files never registered: src/util.py');
    expect(judgeArtifactRegistration(run('observe', { codebase_intelligence: registering(['src/app.py', 'src/util.py'], false).trace() })).evidence).toContain('registered but not indexed');
    expect(judgeArtifactRegistration(run('observe', { codebase_intelligence: registering([]).trace() })).evidence).toContain('never called register_artifact');
  });
});

describe('judgeSafeDefaults (B2-03)', () => {
  const permanent = (retry: boolean) => {
    const t = new TraceFixture().started().initialize().call('get_contract', { contract_id: 'x' }, { fault: 'permanent-error' });
    if (retry) t.wait(1000).call('get_contract', { contract_id: 'x' }, { fault: 'permanent-error' });
    return t;
  };

  it('passes a build that completes and retries no permanent error', () => {
    expect(judgeSafeDefaults(run('permanent-errors', { contract_engine: permanent(false).trace() })).status).toBe('PASS');
  });

  it('fails a retried permanent error, a build that fails, and a run where nothing was injected', () => {
    expect(judgeSafeDefaults(run('permanent-errors', { contract_engine: permanent(true).trace() })).evidence).toContain('1 retry of a call answered with a permanent error');
    expect(judgeSafeDefaults(run('permanent-errors', { contract_engine: permanent(false).trace() }, { completed: false, outcome: 'crash' })).status).toBe('FAIL');
    expect(judgeSafeDefaults(run('permanent-errors', {})).evidence).toContain('no tool call reached either server');
  });
});

describe('judgeRetryBackoff (B2-10)', () => {
  const retried = (waits: number[], answered = true) => {
    const t = new TraceFixture().started().initialize();
    for (const w of waits) t.call('get_contract', { contract_id: 'x' }, { fault: 'transient-error' }).wait(w);
    if (answered) t.call('get_contract', { contract_id: 'x' }, { json: { id: 'x' } });
    return t;
  };

  it('passes 3 retries about 1, 2 and 4 s apart, then the answer', () => {
    const r = judgeRetryBackoff(run('transient-errors', { contract_engine: retried([1010, 2300, 4100]).trace() }));
    expect(r.status, r.evidence).toBe('PASS');
    expect(r.evidence).toContain('retried after 1010, 2300, 4100 ms');
  });

  it('fails no retry, too few retries, and retries without backoff', () => {
    const none = new TraceFixture().started().initialize().call('get_contract', { contract_id: 'x' }, { fault: 'transient-error' });
    expect(judgeRetryBackoff(run('transient-errors', { contract_engine: none.trace() })).evidence).toContain('was not retried');
    expect(judgeRetryBackoff(run('transient-errors', { contract_engine: retried([1000, 2000], false).trace() })).evidence).toContain('retried 1 time(s)');
    const flat = judgeRetryBackoff(run('transient-errors', { contract_engine: retried([5, 5, 5]).trace() }));
    expect(flat.status).toBe('FAIL');
    expect(flat.evidence).toContain('retry 1 after 5 ms (expected about 1000 ms)');
    expect(judgeRetryBackoff(run('transient-errors', { contract_engine: retried([1000, 1000, 1000]).trace() })).evidence).toContain('retry 2 after 1000 ms');
  });

  it('measures from the end of the failed attempt, tolerating a late machine but not an early client', () => {
    expect(backoffFits(760, 1000)).toBe(true);
    expect(backoffFits(740, 1000)).toBe(false);
    expect(backoffFits(9900, 4000)).toBe(true);
    expect(backoffFits(10_100, 4000)).toBe(false);
  });
});

describe('judgeFallback (B2-07, B2-08)', () => {
  const refused = new TraceFixture().started(true).trace();

  it('passes a build that tried the server, was refused, and completed with its source files', () => {
    const r = judgeFallback('contract_engine', run('contract-engine-unavailable', { contract_engine: refused }), run('observe', {}));
    expect(r.status, r.evidence).toBe('PASS');
    expect(r.evidence).toContain('the same source files as the normal build');
  });

  it('fails a build that never tried the server, one that crashed, and one that wrote nothing', () => {
    expect(judgeFallback('codebase_intelligence', run('codebase-intelligence-unavailable', {})).evidence).toContain('never tried to start');
    const crashed = judgeFallback('contract_engine', run('contract-engine-unavailable', { contract_engine: refused }, { completed: false, outcome: 'crash (exit 70)' }));
    expect(crashed.evidence).toContain('did not complete without the Contract Engine: crash (exit 70)');
    expect(judgeFallback('contract_engine', run('contract-engine-unavailable', { contract_engine: refused }, { writtenFiles: [] })).evidence).toContain('wrote no source file');
  });
});

describe('judgeBuild2Clients', () => {
  it('gives the seven checks and fails those whose scenario did not run', () => {
    const checks = judgeBuild2Clients([run('observe', { contract_engine: goodCe().trace(), codebase_intelligence: registering(['src/app.py', 'src/util.py']).trace() })], { contract_engine: CE_TOOLS, codebase_intelligence: CI_TOOLS });
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['b2.clients.contract-engine', 'PASS'],
      ['b2.clients.codebase-intelligence', 'PASS'],
      ['b2.clients.artifacts-registered', 'PASS'],
      ['b2.clients.safe-defaults', 'FAIL'],
      ['b2.clients.retry-backoff', 'FAIL'],
      ['b2.clients.fallback.contract-engine', 'FAIL'],
      ['b2.clients.fallback.codebase-intelligence', 'FAIL'],
    ]);
  });

  it('counts source files by language, leaving out dot-directories', () => {
    expect(sourceFiles(['main.go', 'A.java', 'x.ts', '.agent-team/t.py', 'README.md', 'src/.hidden/y.js'])).toEqual(['main.go', 'A.java', 'x.ts']);
  });
});
