import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseBuilderConfig, withDefaults } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';
import { expandEnv, planServers, splitCommand } from '../../src/mcp/server-plan.js';
import { removeScratch, scratch } from '../support.js';

let root: string;
beforeEach(async () => {
  root = await scratch('plan');
});
afterEach(() => removeScratch(root));

const cfg = (yaml: string) => withDefaults(parseBuilderConfig(yaml), join(root, 'order-service'));

describe('splitCommand / expandEnv', () => {
  it('splits a server_command with quotes and escapes', () => {
    expect(splitCommand(`mcp-connect "/srv/build 1/contract_engine" --flag='a b' c\\ d`)).toEqual(['mcp-connect', '/srv/build 1/contract_engine', '--flag=a b', 'c d']);
    expect(splitCommand('  ')).toEqual([]);
  });
  it('expands ${VAR} and ${VAR:-default}', () => {
    expect(expandEnv('${D:-./data}/c.db and ${X}', { X: 'x' })).toBe('./data/c.db and x');
    expect(expandEnv('${D:-./data}/c.db', { D: '/v' })).toBe('/v/c.db');
  });
});

describe('planServers', () => {
  it('uses no server when the blocks are absent or disabled (today\'s behaviour)', () => {
    const plans = planServers(cfg('contract_engine: { enabled: false, mcp_command: node }\n'), 'thorough', join(root, 'order-service'), {});
    expect(plans.map((p) => [p.role, p.enabled])).toEqual([['contract_engine', false], ['codebase_intelligence', false]]);
  });

  it('turns every Build 1 feature off at depth quick, even when enabled', () => {
    const plans = planServers(cfg('contract_engine: { enabled: true, server_command: node ce.js }\ncodebase_intelligence: { enabled: true }\n'), 'quick', join(root, 'order-service'), {});
    expect(plans.every((p) => !p.enabled && p.reason.includes('quick'))).toBe(true);
  });

  it('gates by depth as the seed does: standard validates and queries only, thorough does everything', () => {
    const yaml = 'contract_engine: { enabled: true, mcp_command: node }\ncodebase_intelligence: { enabled: true, mcp_command: node }\n';
    const [ceStd, ciStd] = planServers(cfg(yaml), 'standard', join(root, 'order-service'), {});
    expect(ceStd).toMatchObject({ enabled: true, validate: true, full: false, testGeneration: false });
    expect(ciStd).toMatchObject({ enabled: true, registerArtifacts: false, replaceStaticMap: false });
    const [ceFull, ciFull] = planServers(cfg(yaml), 'thorough', join(root, 'order-service'), {});
    expect(ceFull).toMatchObject({ validate: true, full: true, testGeneration: true });
    expect(ciFull).toMatchObject({ registerArtifacts: true, replaceStaticMap: true });
    // what Run 4's generated config.yaml says explicitly wins over the depth default
    const [, ciOff] = planServers(cfg('codebase_intelligence: { enabled: true, register_artifacts: false, replace_static_map: false }\n'), 'thorough', join(root, 'order-service'), {});
    expect(ciOff).toMatchObject({ registerArtifacts: false, replaceStaticMap: false });
  });

  it('takes the command from server_command, then the .mcp.json, then mcp_command, then the seed default', async () => {
    const mcpJson = join(root, 'build1.mcp.json');
    await writeFile(mcpJson, JSON.stringify({ mcpServers: { 'contract-engine': { command: 'node', args: ['dist/ce.js'], cwd: 'b1', env: { DATABASE_PATH: '${DATA:-./data}/contracts.db' } } } }));
    const both = 'codebase_intelligence: { enabled: true, mcp_command: python3, mcp_args: [-m, ci] }\n';
    const [fromCommand] = planServers(cfg(`contract_engine: { enabled: true, server_command: "mcp-connect /srv/b1/contract_engine", mcp_command: node }\nmcp_config: ${mcpJson}\n`), 'standard', join(root, 'order-service'), {});
    expect(fromCommand?.spec).toMatchObject({ command: 'mcp-connect', args: ['/srv/b1/contract_engine'], source: 'server_command' });
    const [fromJson, ciCommand] = planServers(cfg(`contract_engine: { enabled: true, mcp_command: python }\n${both}`), 'standard', join(root, 'order-service'), { MCP_CONFIG: mcpJson });
    expect(fromJson?.spec).toMatchObject({ command: 'node', args: ['dist/ce.js'], cwd: join(root, 'b1'), source: 'mcp_config' });
    expect(fromJson?.spec?.env.DATABASE_PATH).toBe('./data/contracts.db');
    expect(ciCommand?.spec).toMatchObject({ command: 'python3', args: ['-m', 'ci'], source: 'mcp_command', cwd: join(root, 'order-service') });
    const [seed] = planServers(cfg('contract_engine: { enabled: true, database_path: db/c.db }\n'), 'standard', join(root, 'order-service'), {});
    expect(seed?.spec).toMatchObject({ command: 'python', args: ['-m', 'src.contract_engine.mcp_server'], source: 'seed_default' });
    expect(seed?.spec?.env.DATABASE_PATH).toBe(join(root, 'order-service', 'db/c.db'));
  });

  it('refuses an unreadable .mcp.json with a ConfigError naming the file', () => {
    const missing = join(root, 'nope.mcp.json');
    expect(() => planServers(cfg(`contract_engine: { enabled: true }\nmcp_config: ${missing}\n`), 'standard', join(root, 'order-service'), {})).toThrow(ConfigError);
    expect(() => planServers(cfg(`contract_engine: { enabled: true }\nmcp_config: ${missing}\n`), 'standard', join(root, 'order-service'), {})).toThrow(/nope\.mcp\.json/);
  });
});
