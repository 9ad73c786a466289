import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StackProfileSchema, type StackProfile } from '@run4/schemas';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkMcpConfigFile, checkServersRunnable, checkStackProfile } from '../src/index.js';

const fixturesDir = path.resolve(__dirname, '../../../fixtures/tasktracker');
const ID = { id: 'm1.stack-profile', requirementIds: ['R4-M1-001'] };

/** The reference profile, its .mcp.json resolved against the profile's directory. */
function reference(): StackProfile {
  const p = StackProfileSchema.parse(parse(readFileSync(path.join(fixturesDir, 'run4.stack.yaml'), 'utf8')));
  return { ...p, build1: { ...p.build1, mcp_config: path.resolve(fixturesDir, p.build1.mcp_config) } };
}

function mcpJson(servers: Record<string, unknown>): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'run4-mcp-json-')), '.mcp.json');
  writeFileSync(file, JSON.stringify({ mcpServers: servers }));
  return file;
}

describe('stack profile check', () => {
  it('passes on the reference profile', async () => {
    const rec = await checkStackProfile(reference(), 'run4.stack.yaml', ID);
    expect(rec.status, rec.evidence).toBe('PASS');
    expect(rec).toMatchObject(ID);
  });

  it('fails a role mapped to a server the .mcp.json does not have, and a flow calling an unknown service', async () => {
    const p = reference();
    p.build1.roles.architect = { mcp_server: 'planner' };
    p.sample_app.flows[0]!.steps[0]!.service = 'users-api';
    const rec = await checkStackProfile(p, 'run4.stack.yaml', ID);
    expect(rec.status).toBe('FAIL');
    expect(rec.evidence).toContain('build1.roles.architect.mcp_server: "planner" is not in the .mcp.json');
    expect(rec.evidence).toContain('calls "users-api"');
  });
});

describe('.mcp.json checks', () => {
  const id = { id: 'x', requirementIds: ['R4-M1-006'] };

  it('pass on a config whose server command and script exist', async () => {
    const file = mcpJson({ echo: { command: process.execPath, args: [path.join(__dirname, 'fixtures', 'silent-server.mjs')] } });
    expect((await checkMcpConfigFile(file, id)).status).toBe('PASS');
    const runnable = await checkServersRunnable(file, id);
    expect(runnable.status, runnable.evidence).toBe('PASS');
    expect(runnable.evidence).toContain('silent-server.mjs');
  });

  it('fail on an unreadable or empty config, a command not on PATH and a script that was not built', async () => {
    expect((await checkMcpConfigFile(path.join(tmpdir(), 'no-such-dir', '.mcp.json'), id)).status).toBe('FAIL');
    expect((await checkMcpConfigFile(mcpJson({}), id)).evidence).toContain('"mcpServers" is empty');
    const file = mcpJson({ gone: { command: 'no-such-command-run4', args: [] }, unbuilt: { command: process.execPath, args: ['dist/server.js'] } });
    const rec = await checkServersRunnable(file, id);
    expect(rec.status).toBe('FAIL');
    expect(rec.evidence).toContain('gone: command "no-such-command-run4" not found');
    expect(rec.evidence).toContain('unbuilt: dist/server.js does not exist');
  });
});
