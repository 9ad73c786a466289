import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { McpSessions } from './open-servers.js';
import type { FetchedContracts } from './contract-phase.js';

/** What the build knows once the service is generated and tested. */
export interface BuildFacts {
  service: string;
  /** Contract operations and those src/handlers.js serves. */
  operations: string[];
  implemented: ReadonlySet<string>;
  testsPassed: boolean;
  /** The health gate's answer, when it ran and the service answered. */
  health?: { path: string; status: number; body: unknown };
}

/**
 * After generation, with the Contract Engine up: `validate_endpoint` on the
 * health answer the built service really gave; at full depth
 * `mark_implemented` for each fetched contract when every contract
 * operation is served and the service's tests pass, and `generate_tests`
 * (when `test_generation`) into `.agent-team/contract-tests/`. Without the
 * engine (enabled but unavailable) the static contract scan runs: the
 * contract's operations against the handlers map.
 *
 * @example
 * const written = await finishContracts(mcp, fetched, facts, dir, log);
 */
export async function finishContracts(mcp: McpSessions, fetched: FetchedContracts, facts: BuildFacts, dir: string, log: (l: string) => void): Promise<string[]> {
  const ce = mcp.contractEngine;
  const plan = mcp.plans.contract_engine;
  const missing = facts.operations.filter((op) => !facts.implemented.has(op));
  if (!ce) {
    if (mcp.unavailable.contract_engine !== undefined) {
      const detail = `${facts.operations.length - missing.length}/${facts.operations.length} contract operations served by src/handlers.js${missing.length ? `; missing: ${missing.join(', ')}` : ''}`;
      mcp.report.fallbacks.push({ server: 'contract_engine', fallback: 'static_contract_scan', reason: mcp.unavailable.contract_engine, detail });
      log(`mcp: static contract scan (Contract Engine unavailable): ${detail}`);
    }
    return [];
  }
  if (plan.validate && facts.health && facts.health.body && typeof facts.health.body === 'object' && !Array.isArray(facts.health.body)) {
    const v = await ce.validateEndpoint(facts.service, 'GET', facts.health.path, facts.health.body as Record<string, unknown>, facts.health.status);
    const detail = v.ok ? (v.value.valid ? 'valid' : v.value.violations.map((x) => `${x.field ?? '?'}: expected ${String(x.expected)}, got ${String(x.actual)}`).join('; ')) : `not validated: ${v.error}`;
    mcp.report.contracts.validated.push({ target: `GET ${facts.health.path} ${facts.health.status}`, valid: v.ok && v.value.valid, detail });
    log(`mcp: validate_endpoint GET ${facts.health.path}: ${detail}`);
  }
  if (!plan.full) return [];
  const written: string[] = [];
  for (const contract of fetched.contracts) {
    if (missing.length === 0 && facts.testsPassed) {
      const mark = await ce.markImplemented(contract.id, facts.service, 'src/handlers.js');
      if (mark.value.marked) mcp.report.contracts.marked_implemented.push(contract.id);
      log(`mcp: mark_implemented ${contract.id}: ${mark.value.marked ? 'marked' : `not marked${mark.ok ? '' : ` (${mark.error})`}`}`);
    } else {
      log(`mcp: contract ${contract.id} not marked implemented (${missing.length} operation(s) missing, tests ${facts.testsPassed ? 'pass' : 'fail'})`);
    }
    if (plan.testGeneration) {
      const tests = await ce.generateTests(contract.id, 'vitest', true);
      if (tests.value.trim() === '') continue;
      const file = `.agent-team/contract-tests/${contract.id.replace(/[^A-Za-z0-9._-]/g, '_')}.test.ts`;
      await mkdir(join(dir, '.agent-team/contract-tests'), { recursive: true });
      await writeFile(join(dir, file), tests.value, 'utf8');
      mcp.report.contracts.generated_tests.push(file);
      written.push(file);
    }
  }
  return written;
}
