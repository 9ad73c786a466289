import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openServers } from '../../src/mcp/open-servers.js';
import type { RolePlan, ServerRole } from '../../src/mcp/server-plan.js';

const MARKER = `RUN4_OPEN_SERVERS_TEST=${randomUUID()}`;
const everything = resolve(__dirname, '../../../../node_modules/@modelcontextprotocol/server-everything/dist/index.js');

function plan(role: ServerRole): RolePlan {
  return {
    role,
    enabled: true,
    reason: 'test',
    spec: { role, command: process.execPath, args: [everything, 'stdio'], env: { ...process.env, RUN4_OPEN_SERVERS_TEST: MARKER.split('=')[1]! } as Record<string, string>, cwd: process.cwd(), source: 'server_command', startupTimeoutMs: 120_000, toolTimeoutMs: 10_000 },
    validate: true,
    full: true,
    testGeneration: false,
    registerArtifacts: false,
    replaceStaticMap: false,
  };
}

/** Live processes started by these tests (their environment carries this file's marker). */
function children(): string[] {
  return readdirSync('/proc').filter((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return false;
      return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(MARKER);
    } catch {
      return false;
    }
  });
}

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return cond();
}

describe('openServers', () => {
  it('opens both servers and closes them', { timeout: 60_000 }, async () => {
    const mcp = await openServers([plan('contract_engine'), plan('codebase_intelligence')], () => undefined);
    expect(mcp.report.servers.contract_engine.status).toBe('used');
    expect(mcp.report.servers.codebase_intelligence.status).toBe('used');
    await mcp.close();
    expect(await until(() => children().length === 0, 20_000)).toBe(true);
  });

  it('closes the server that started when opening the other one threw, and rethrows', { timeout: 60_000 }, async () => {
    const log = (line: string) => {
      if (line.startsWith('mcp: codebase_intelligence up')) throw new Error('planted: log failed');
    };
    await expect(openServers([plan('contract_engine'), plan('codebase_intelligence')], log)).rejects.toThrow('planted: log failed');
    expect(await until(() => children().length === 0, 20_000), `left running: ${children().join(', ')}`).toBe(true);
  });
});
