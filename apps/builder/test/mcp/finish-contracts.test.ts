import { describe, expect, it } from 'vitest';
import { finishContracts } from '../../src/mcp/finish-contracts.js';
import { emptyReport } from '../../src/mcp/mcp-report.js';
import type { McpSessions } from '../../src/mcp/open-servers.js';
import type { RolePlan } from '../../src/mcp/server-plan.js';

const plan = (role: RolePlan['role']): RolePlan => ({ role, enabled: true, reason: 'test', validate: true, full: true, testGeneration: false, registerArtifacts: false, replaceStaticMap: false });

function unavailableEngine(): McpSessions {
  return {
    report: emptyReport([1000, 2000, 4000]),
    plans: { contract_engine: plan('contract_engine'), codebase_intelligence: plan('codebase_intelligence') },
    unavailable: { contract_engine: 'spawn mcp-connect ENOENT' },
    close: async () => undefined,
  };
}

describe('static contract scan (Contract Engine unavailable)', () => {
  const operations = ['GET /health', 'POST /orders', 'GET /orders/{id}'];

  it('passes when src/handlers.js serves every contract operation', async () => {
    const mcp = unavailableEngine();
    await finishContracts(mcp, { files: {}, contracts: [] }, { service: 'order-service', operations, implemented: new Set(operations), testsPassed: true }, '/nonexistent', () => undefined);
    expect(mcp.report.fallbacks).toEqual([{ server: 'contract_engine', fallback: 'static_contract_scan', reason: 'spawn mcp-connect ENOENT', detail: '3/3 contract operations served by src/handlers.js' }]);
  });

  it('names the operations src/handlers.js does not serve', async () => {
    const mcp = unavailableEngine();
    await finishContracts(mcp, { files: {}, contracts: [] }, { service: 'order-service', operations, implemented: new Set(['GET /health']), testsPassed: true }, '/nonexistent', () => undefined);
    expect(mcp.report.fallbacks[0]?.detail).toBe('1/3 contract operations served by src/handlers.js; missing: POST /orders, GET /orders/{id}');
  });

  it('runs no scan when the engine is simply not enabled', async () => {
    const mcp = { ...unavailableEngine(), unavailable: {} };
    await finishContracts(mcp, { files: {}, contracts: [] }, { service: 'order-service', operations, implemented: new Set(), testsPassed: true }, '/nonexistent', () => undefined);
    expect(mcp.report.fallbacks).toEqual([]);
  });
});
