import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { McpConfigError, expandVars, loadMcpConfig } from '../src/index.js';
import { ROOT } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'run4-mcpcfg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, body: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body));
  return file;
};

describe('loadMcpConfig', () => {
  it('resolves relative cwd against the file, defaults cwd to its directory, and expands variables', () => {
    const file = write('.mcp.json', {
      mcpServers: {
        a: { command: 'node', args: ['dist/a.js', '${RUN4_T_ARG:-x}'], env: { DB: '${RUN4_T_DIR:-./data}/a.db', URL: '${RUN4_T_URL}' } },
        b: { command: 'node', cwd: 'sub' },
        c: { url: 'http://127.0.0.1:${RUN4_T_PORT:-9000}/mcp' },
      },
    });
    const servers = loadMcpConfig(file, { RUN4_T_URL: 'http://h', RUN4_T_DIR: '/var/x' });
    expect(servers[0]).toEqual({ name: 'a', transport: 'stdio', command: 'node', args: ['dist/a.js', 'x'], env: { DB: '/var/x/a.db', URL: 'http://h' }, cwd: dir });
    expect(servers[1]).toMatchObject({ name: 'b', cwd: join(dir, 'sub'), args: [], env: {} });
    expect(servers[2]).toEqual({ name: 'c', transport: 'http', url: 'http://127.0.0.1:9000/mcp', headers: {} });
  });

  it('adds the caller\'s serverEnv to every stdio server, over the file\'s env, and leaves HTTP servers alone', () => {
    const file = write('run.json', {
      mcpServers: { a: { command: 'node', env: { KEEP: '1', URL: 'http://127.0.0.1:8002' } }, b: { command: 'node' }, c: { url: 'http://127.0.0.1:9/mcp' } },
    });
    const servers = loadMcpConfig(file, {}, { serverEnv: { RUN4_DATA_DIR: '/run/data', URL: 'http://127.0.0.1:4444' } });
    expect(servers[0]).toMatchObject({ env: { KEEP: '1', URL: 'http://127.0.0.1:4444', RUN4_DATA_DIR: '/run/data' } });
    expect(servers[1]).toMatchObject({ env: { RUN4_DATA_DIR: '/run/data' } });
    expect(servers[2]).toEqual({ name: 'c', transport: 'http', url: 'http://127.0.0.1:9/mcp', headers: {} });
    // without serverEnv, exactly the file's env
    expect(loadMcpConfig(file, {})[1]).toMatchObject({ env: {} });
  });

  it('reads the reference stack\'s .mcp.json as a plain client would: explicit cwd resolved against its directory, no variables needed', () => {
    const file = join(ROOT, 'apps/foundation/.mcp.json');
    const servers = loadMcpConfig(file, {}, { serverEnv: { RUN4_DATA_DIR: '/run/m2_data' } });
    expect(servers.map((s) => s.name)).toEqual(['architect', 'contract-engine', 'codebase-intelligence']);
    for (const s of servers) {
      expect(s).toMatchObject({ transport: 'stdio', command: 'node', cwd: join(ROOT, 'apps/foundation') });
      expect(s.transport === 'stdio' && s.env.RUN4_DATA_DIR).toBe('/run/m2_data');
    }
  });

  it('names the file and field when a server lacks a command', () => {
    const file = write('bad.json', { mcpServers: { a: { args: ['x'] } } });
    try {
      loadMcpConfig(file, {});
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(McpConfigError);
      const e = error as McpConfigError;
      expect(e.exitCode).toBe(2);
      expect(e.field).toBe('mcpServers.a.command');
      expect(e.message).toContain(file);
    }
  });

  it('rejects an unset variable without default, naming it', () => {
    const file = write('var.json', { mcpServers: { a: { command: 'node', env: { X: '${RUN4_T_MISSING}' } } } });
    expect(() => loadMcpConfig(file, {})).toThrow(/mcpServers\.a\.env\.X uses \$\{RUN4_T_MISSING\}/);
  });

  it('rejects missing files, broken JSON and a missing mcpServers map with exit code 2', () => {
    for (const file of [join(dir, 'nope.json'), write('broken.json', '{ not json'), write('empty.json', { servers: {} })]) {
      expect(() => loadMcpConfig(file, {})).toThrow(McpConfigError);
    }
  });

  it('expands ${VAR:-default} only when the variable is unset or empty', () => {
    const never = (): never => {
      throw new Error('missing');
    };
    expect(expandVars('${A:-d}/${B:-e}', { A: 'a', B: '' }, never)).toBe('a/e');
  });
});
