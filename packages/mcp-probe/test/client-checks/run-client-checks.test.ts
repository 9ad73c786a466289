import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ArchitectClient,
  CLIENT_CHECK_SERVERS,
  CLIENT_CHECKS,
  CodebaseIntelligenceClient,
  ContractEngineClient,
  ProbeUsageError,
  runClientChecks,
  type CheckRecord,
  type ClientChecksOptions,
  type DomainModel,
  type MarkResult,
} from '../../src/index.js';
import { childPids, fixtureServer, TEST_PRD, waitFor } from '../helpers.js';

// runClientChecks against stand-in servers (test/fixtures/build1-fake-server.mjs),
// once on good input and once per group of planted defects. The real
// foundation run is test/integration/client-checks.test.ts.

const root = mkdtempSync(join(tmpdir(), 'run4-client-checks-'));
let runs = 0;
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  expect(await waitFor(() => childPids().length === 0, 30_000)).toBe(true);
});

type Env = Partial<Record<(typeof CLIENT_CHECK_SERVERS)[number], Record<string, string>>>;
const fakes = (env: Env = {}) => CLIENT_CHECK_SERVERS.map((n) => fixtureServer('build1-fake-server.mjs', n, { FIXTURE_ROLE: n, ...env[n] }));
const run = (env: Env = {}, extra: Partial<ClientChecksOptions> = {}) =>
  runClientChecks({ servers: fakes(env), workDir: join(root, `run-${++runs}`), prdText: TEST_PRD, timeouts: { startupMs: 120_000, callMs: 30_000 }, ...extra });
const byId = (records: CheckRecord[], id: string): CheckRecord => {
  const r = records.find((x) => x.id === id);
  if (!r) throw new Error(`no record ${id} in ${records.map((x) => x.id).join(', ')}`);
  return r;
};
const statuses = (records: CheckRecord[]) => Object.fromEntries(records.map((r) => [r.id, r.status]));

describe('runClientChecks on good servers', () => {
  let records: CheckRecord[] = [];
  beforeAll(async () => {
    records = await run();
  }, 60_000);

  it('produces every check, with its requirement ids, all PASS', () => {
    expect(records.map((r) => [r.id, r.requirementIds])).toEqual(CLIENT_CHECKS.map((c) => [c.id, [...c.requirementIds]]));
    expect(records.filter((r) => r.status !== 'PASS').map((r) => `${r.id}: ${r.evidence}`)).toEqual([]);
  });

  it('names what was called and seen in the evidence', () => {
    expect(byId(records, 'clients.contract-engine.methods').evidence).toMatch(/created via create_contract.*getContract.*markImplemented → \{"marked":true/);
    expect(byId(records, 'clients.codebase-intelligence.register-artifact').evidence).toMatch(/"indexed":true.*findDefinition\('User'\) → class at .*run4_client_user\.py/);
    expect(byId(records, 'clients.retry-backoff').evidence).toMatch(/killed with SIGKILL\): slept \[1000,2000,4000\], 4 attempts/);
    expect(byId(records, 'clients.fallback.contract-engine').evidence).toMatch(/staticContractScan.*ran and returned \[\{"file":"contracts\/run4-client-check\.openapi\.json","type":"openapi"/);
    expect(byId(records, 'clients.fallback.codebase-intelligence').evidence).toMatch(/staticCodebaseMap.*"file":"run4_client_user\.py","language":"python"/);
  });
});

describe('runClientChecks fails on a wrong answer shape (B2-01, B2-02, X-03)', () => {
  let records: CheckRecord[] = [];
  beforeAll(async () => {
    records = await run({
      'contract-engine': { FIXTURE_WRONG_SHAPE: 'get_contract' },
      'codebase-intelligence': { FIXTURE_WRONG_SHAPE: 'find_callers' },
      architect: { FIXTURE_WRONG_SHAPE: 'get_domain_model' },
    });
  }, 60_000);

  it('B2-01: ContractEngineClient.getContract answered with the wrong shape', () => {
    const r = byId(records, 'clients.contract-engine.methods');
    expect(r.status).toBe('FAIL');
    expect(r.evidence).toMatch(/getContract returned its safe default null instead of a typed result: get_contract answered with an unexpected shape/);
  });

  it('B2-02: CodebaseIntelligenceClient.findCallers answered with the wrong shape', () => {
    const r = byId(records, 'clients.codebase-intelligence.methods');
    expect(r.status).toBe('FAIL');
    expect(r.evidence).toMatch(/findCallers returned its safe default \[0 items\]/);
  });

  it('X-03: ArchitectClient.getDomainModel answered with the wrong shape', () => {
    const r = byId(records, 'clients.architect.methods');
    expect(r.status).toBe('FAIL');
    expect(r.evidence).toMatch(/getDomainModel returned its safe default null/);
  });

  it('leaves the checks without a planted defect passing', () => {
    expect(statuses(records)).toMatchObject({
      'clients.codebase-intelligence.register-artifact': 'PASS',
      'clients.safe-defaults': 'PASS',
      'clients.retry-backoff': 'PASS',
      'clients.fallback.contract-engine': 'PASS',
      'clients.fallback.codebase-intelligence': 'PASS',
    });
  });
});

describe('runClientChecks fails when a file is not indexed or a fallback returns nothing (B2-06, B2-07, B2-08)', () => {
  let records: CheckRecord[] = [];
  beforeAll(async () => {
    records = await run(
      { 'codebase-intelligence': { FIXTURE_NOT_INDEXED: '1' } },
      {
        fallbacks: {
          contractScan: () => [],
          codebaseMap: () => {
            throw new Error('map generator crashed');
          },
        },
      },
    );
  }, 60_000);

  it('B2-06: register_artifact answering indexed=false', () => {
    const r = byId(records, 'clients.codebase-intelligence.register-artifact');
    expect(r.status).toBe('FAIL');
    expect(r.evidence).toContain('registerArtifact: indexed is not true');
    expect(r.evidence).toContain('findDefinition: class User not found');
    expect(byId(records, 'clients.codebase-intelligence.methods').status).toBe('FAIL');
  });

  it('B2-07: a contract scan that returns nothing', () => {
    const r = byId(records, 'clients.fallback.contract-engine');
    expect(r.status).toBe('FAIL');
    expect(r.evidence).toMatch(/unavailable detected .* but fallback contractScan \(caller-supplied\) returned nothing/);
  });

  it('B2-08: a codebase map fallback that throws', () => {
    const r = byId(records, 'clients.fallback.codebase-intelligence');
    expect(r.status).toBe('FAIL');
    expect(r.evidence).toContain('fallback codebaseMap (caller-supplied) threw: map generator crashed');
  });
});

describe('runClientChecks fails on defective clients (B2-03, B2-10, B2-08)', () => {
  let records: CheckRecord[] = [];
  beforeAll(async () => {
    records = await run(
      {},
      {
        clients: {
          // two retries only, and mark_implemented throws when the server is unavailable
          contractEngine: (s, o) =>
            new (class extends ContractEngineClient {
              override async markImplemented(contractId: string, serviceName: string, evidencePath: string): Promise<MarkResult> {
                const r = await super.markImplemented(contractId, serviceName, evidencePath);
                if (!this.lastOutcome?.ok) throw new Error('mark_implemented failed');
                return r;
              }
            })(s, { ...o, backoffMs: [1000, 2000] }),
          // 1 s / 2 s / 3 s, and an unavailable server hidden from withFallback
          codebaseIntelligence: (s, o) =>
            new (class extends CodebaseIntelligenceClient {
              override async getServiceInterface(serviceName: string): Promise<Record<string, unknown>> {
                const r = await super.getServiceInterface(serviceName);
                if (this.lastOutcome) this.lastOutcome = { ...this.lastOutcome, unavailable: false };
                return r;
              }
            })(s, { ...o, backoffMs: [1000, 2000, 3000] }),
          // an empty model instead of the documented null
          architect: (s, o) =>
            new (class extends ArchitectClient {
              override async getDomainModel(): Promise<DomainModel | null> {
                const r = await super.getDomainModel();
                return r ?? { entities: [], relationships: [] };
              }
            })(s, o),
        },
      },
    );
  }, 60_000);

  it('B2-03: a method that throws, and one whose default is not the documented one', () => {
    const r = byId(records, 'clients.safe-defaults');
    expect(r.status).toBe('FAIL');
    expect(r.evidence).toContain('ContractEngineClient.markImplemented threw: mark_implemented failed');
    expect(r.evidence).toContain('ArchitectClient.getDomainModel returned {"entities":[],"relationships":[]}, documented safe default is null');
  });

  it('B2-10: backoff delays other than 1000, 2000, 4000 ms, or fewer attempts', () => {
    const r = byId(records, 'clients.retry-backoff');
    expect(r.status).toBe('FAIL');
    expect(r.evidence).toContain('ContractEngineClient.getContract: delays [1000,2000] ≠ [1000,2000,4000], 3 attempts ≠ 4');
    expect(r.evidence).toContain('CodebaseIntelligenceClient.findDefinition: delays [1000,2000,3000] ≠ [1000,2000,4000]');
    expect(r.evidence).not.toContain('ArchitectClient.getServiceMap:');
  });

  it('B2-08: an unavailable server the caller is not told about, so no fallback runs', () => {
    const r = byId(records, 'clients.fallback.codebase-intelligence');
    expect(r.status).toBe('FAIL');
    expect(r.evidence).toContain('as if the server had answered');
    expect(r.evidence).toContain('did not run');
  });

  it('the live method checks still pass with these clients', () => {
    expect(statuses(records)).toMatchObject({ 'clients.contract-engine.methods': 'PASS', 'clients.codebase-intelligence.methods': 'PASS', 'clients.architect.methods': 'PASS' });
  });
});

describe('runClientChecks input', () => {
  it('throws ProbeUsageError (exit 2) naming the missing servers, starting nothing', async () => {
    const servers = fakes().filter((s) => s.name !== 'architect');
    const err = await runClientChecks({ servers, workDir: join(root, 'usage'), prdText: TEST_PRD }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProbeUsageError);
    expect((err as ProbeUsageError).exitCode).toBe(2);
    expect((err as Error).message).toContain('missing: architect');
    expect(childPids()).toEqual([]);
  });

  it('throws ProbeUsageError (exit 2) when no PRD text is given, starting nothing: there is no built-in PRD', async () => {
    for (const prdText of [undefined, '  \n']) {
      const err = await runClientChecks({ servers: fakes(), workDir: join(root, 'no-prd'), prdText: prdText as string }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProbeUsageError);
      expect((err as ProbeUsageError).exitCode).toBe(2);
      expect((err as Error).message).toMatch(/^runClientChecks: no PRD text for the architect's decompose call \(prdText is (missing|empty)\)/);
      expect((err as Error).message).toContain('sample_app.prd');
    }
    expect(childPids()).toEqual([]);
  });

  it('decomposes the PRD the caller gives, as it is', async () => {
    const given = `${TEST_PRD}\nMarker: given by the caller.\n`;
    const decomposed: string[] = [];
    const records = await run({}, {
      prdText: given,
      clients: {
        architect: (s, o) =>
          new (class extends ArchitectClient {
            override async decompose(prdText: string) {
              decomposed.push(prdText);
              return super.decompose(prdText);
            }
          })(s, o),
      },
    });
    expect(byId(records, 'clients.architect.methods').status).toBe('PASS');
    // the live server gets the caller's PRD; the safe-default check (a server that cannot start) sends a stub
    expect(decomposed[0]).toBe(given);
    expect(decomposed.slice(1)).toEqual(['# PRD']);
  }, 60_000);

  it('records every check as SKIP when aborted before starting', async () => {
    const records = await run({}, { signal: AbortSignal.abort() });
    expect(records.map((r) => r.status)).toEqual(CLIENT_CHECKS.map(() => 'SKIP'));
  });
});
