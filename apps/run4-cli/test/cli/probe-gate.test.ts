import { execa } from 'execa';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../../..');
const cli = path.join(root, 'apps/run4-cli/dist/main.js');
const run4 = (args: string[], cwd: string) => execa('node', [cli, ...args], { cwd, reject: false, env: { CI: '' } });
const tmp = () => mkdtempSync(path.join(tmpdir(), 'run4-cmd-'));

describe('run4 probe', () => {
  it('probes a third-party server with --profile auto and reports JSON it saw', async () => {
    const dir = tmp();
    const config = path.join(dir, '.mcp.json');
    writeFileSync(config, JSON.stringify({ mcpServers: { memory: { command: 'node', args: [path.join(root, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js')], env: { MEMORY_FILE_PATH: path.join(dir, 'memory.jsonl') } } } }));
    const r = await run4(['probe', '--mcp-config', config, '--profile', 'auto', '--format', 'json'], dir);
    const report = JSON.parse(r.stdout);
    const server = report.servers.find((s: { name: string }) => s.name === 'memory');
    expect(server.status).toBe('healthy');
    expect(server.toolNames.length).toBeGreaterThan(5);
    expect(r.exitCode).toBe(report.checks.some((c: { status: string }) => c.status === 'FAIL') ? 1 : 0);
  }, 120_000);

  it('exits 2 naming the file when the .mcp.json is missing or malformed', async () => {
    const dir = tmp();
    const missing = await run4(['probe', '--mcp-config', path.join(dir, 'nope.json')], dir);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('nope.json');
    writeFileSync(path.join(dir, 'bad.json'), '{"mcpServers": [1, 2]}');
    const bad = await run4(['probe', '--mcp-config', path.join(dir, 'bad.json')], dir);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('mcpServers');
  });
});

describe('run4 gate', () => {
  it('exits 1 with the finding when a repository commits a secret, 0 when it does not', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'svc/src'), { recursive: true });
    writeFileSync(path.join(dir, 'svc/src/config.js'), 'export const config = { region: "eu-west-1" };\n');
    const clean = await run4(['gate', dir, '--layers', '3'], dir);
    expect(clean.exitCode).toBe(0);
    writeFileSync(path.join(dir, 'svc/src/keys.js'), 'export const awsKey = "AKIAQYLPMN5HFIQR7XYZ";\n');
    const dirty = await run4(['gate', dir, '--layers', '3', '--format', 'sarif'], dir);
    expect(dirty.exitCode).toBe(1);
    const sarif = JSON.parse(dirty.stdout);
    const rules = sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId).join(' ');
    expect(rules).toMatch(/SEC-SECRET/);
    expect(dirty.stdout).not.toContain('AKIAQYLPMN5HFIQR7XYZ');
  }, 60_000);

  it('exits 2 for a missing directory or a bad --layers', async () => {
    const dir = tmp();
    expect((await run4(['gate', path.join(dir, 'missing')], dir)).exitCode).toBe(2);
    const r = await run4(['gate', dir, '--layers', '7'], dir);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--layers');
  });
});
