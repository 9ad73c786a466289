import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckRecord } from '@run4/checks';
import { byRole, loadMcpConfig, serverOfRole, type Build2ScenarioName } from '@run4/mcp-probe';
import { loadConfig } from '../../../src/config/index.js';
import { build2ClientChecks } from '../../../src/milestones/m2/build2-clients.js';
import type { MilestoneContext } from '../../../src/milestones/types.js';
import { Progress } from '../../../src/ui/progress.js';
import { patchedCopy } from '../../support/patched-copy.js';

// The stack's real Build 2 (here: copies of the reference builder's build, some with one planted
// defect each) run through Run 4's interposer in front of the real Build 1 servers; judged from the traces.
const root = path.resolve(__dirname, '../../../../..');
const cli = path.join(root, 'apps/run4-cli/dist/main.js');
const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});
const tmp = (prefix: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
};

/** A copy of the reference builder's build with `patches` applied to its bundled code (none: the original). */
function builderCopy(name: string, patches: readonly [string, string][] = []): string {
  const dir = tmp(`run4-b2-${name}-`);
  patchedCopy(dir, 'apps/builder', ['dist', 'templates', 'package.json'], name, patches);
  return `node ${path.join(dir, 'dist/cli.js')} --cwd {dir} --depth {depth}`;
}

async function judge(builderCommand: string, scenarios: Build2ScenarioName[]): Promise<Record<string, CheckRecord>> {
  const outputDir = tmp('run4-b2-out-');
  const loaded = loadConfig({ installRoot: root, cwd: outputDir, outputDir });
  const config = { ...loaded.config, builder_command: builderCommand, max_concurrent_builders: 2, builder_timeout_s: 180 };
  const ctx = {
    config,
    profile: loaded.profile,
    outputDir,
    installRoot: root,
    progress: new Progress({ write: () => undefined }),
    signal: new AbortController().signal,
  } as unknown as MilestoneContext;
  const { servers } = byRole(loadMcpConfig(config.mcp_config_path), loaded.profile);
  const checks = await build2ClientChecks(
    ctx,
    { contract_engine: serverOfRole(servers, 'contract_engine'), codebase_intelligence: serverOfRole(servers, 'codebase_intelligence') },
    { interposer: [process.execPath, cli, 'interpose'], scenarios },
  );
  return Object.fromEntries(checks.map((c) => [c.id, c]));
}

const ALL: Build2ScenarioName[] = ['observe', 'permanent-errors', 'transient-errors', 'contract-engine-unavailable', 'codebase-intelligence-unavailable'];

describe("M2: the stack's Build 2 judged through the interposer", { timeout: 600_000 }, () => {
  it('passes every Build 2 client check on the reference builder, citing the traces', async () => {
    const checks = await judge(builderCopy('original'), ALL);
    for (const c of Object.values(checks)) {
      expect(c.status, `${c.id}: ${c.evidence}`).toBe('PASS');
      expect(c.evidence).toMatch(/trace \/.+\.trace\.jsonl/);
    }
    expect(checks['b2.clients.retry-backoff']!.requirementIds).toContain('B2-10');
    expect(checks['b2.clients.contract-engine']!.evidence).toContain('get_contract');
  });

  it('catches a builder that never retries a transient error (B2-10)', async () => {
    const checks = await judge(builderCopy('no-retry', [['transient: TRANSIENT_CODES.includes(code)', 'transient: false']]), ['transient-errors']);
    expect(checks['b2.clients.retry-backoff']!.status).toBe('FAIL');
    expect(checks['b2.clients.retry-backoff']!.evidence).toContain('not retried');
  });

  it('catches a builder that retries without backoff (B2-10)', async () => {
    const checks = await judge(builderCopy('no-backoff', [['return [base, base * 2, base * 4];', 'return [0, 0, 0];']]), ['transient-errors']);
    expect(checks['b2.clients.retry-backoff']!.status).toBe('FAIL');
    expect(checks['b2.clients.retry-backoff']!.evidence).toContain("backoff off the seed's");
  });

  it('catches a builder that crashes when a server is unavailable (B2-07, B2-08)', async () => {
    const checks = await judge(builderCopy('crash-unavailable', [['unavailable[plan.role] = failure;', 'process.stderr.write(`planted crash: ${failure}\\n`); process.exit(70);']]), [
      'contract-engine-unavailable',
      'codebase-intelligence-unavailable',
    ]);
    for (const id of ['b2.clients.fallback.contract-engine', 'b2.clients.fallback.codebase-intelligence']) {
      expect(checks[id]!.status, checks[id]!.evidence).toBe('FAIL');
      expect(checks[id]!.evidence).toContain('did not complete');
    }
  });

  it('catches a tool called with an argument of the wrong type (B2-01)', async () => {
    const checks = await judge(builderCopy('wrong-arg-type', [['evidence_path: evidencePath }', 'evidence_path: [evidencePath] }']]), ['observe']);
    expect(checks['b2.clients.contract-engine']!.status).toBe('FAIL');
    expect(checks['b2.clients.contract-engine']!.evidence).toMatch(/mark_implemented #1: \/evidence_path must be string/);
    expect(checks['b2.clients.codebase-intelligence']!.status).toBe('PASS');
  });

  it('catches a builder that never registers its artifacts (B2-06)', async () => {
    const checks = await judge(builderCopy('no-registration', [['if (ci && plan.registerArtifacts) {', 'if (false) {']]), ['observe']);
    expect(checks['b2.clients.artifacts-registered']!.status).toBe('FAIL');
    expect(checks['b2.clients.artifacts-registered']!.evidence).toContain('never called register_artifact');
  });
});
