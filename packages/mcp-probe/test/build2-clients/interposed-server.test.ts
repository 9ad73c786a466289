import { describe, expect, it } from 'vitest';
import { interposedCommand } from '../../src/build2-clients/interposed-server.js';

describe('interposedCommand', () => {
  it('puts the interposer, its trace, faults, environment and the server cwd before the real server command', () => {
    const cmd = interposedCommand({
      interposer: ['/usr/bin/node', '/opt/run4/main.js', 'interpose'],
      server: { name: 'contract-engine', transport: 'stdio', command: 'python', args: ['-m', 'src.contract_engine.mcp_server'], env: { A: '1', DATABASE_PATH: './data/c.db' }, cwd: '/srv/build1' },
      tracePath: '/t/ce.jsonl',
      faultsPath: '/t/ce.faults.json',
      env: { PATH: '/usr/bin' },
    });
    expect(cmd).toEqual({
      command: '/usr/bin/node',
      args: ['/opt/run4/main.js', 'interpose', '--trace', '/t/ce.jsonl', '--faults', '/t/ce.faults.json', '--env', 'A=1', '--env', 'PATH=/usr/bin', '--env-default', 'DATABASE_PATH=./data/c.db', '--cwd', '/srv/build1', '--', 'python', '-m', 'src.contract_engine.mcp_server'],
      cwd: '/srv/build1',
    });
  });

  it('refuses an empty interposer command', () => {
    expect(() => interposedCommand({ interposer: [], server: { name: 's', transport: 'stdio', command: 'x', args: [], env: {}, cwd: '/' }, tracePath: '/t' })).toThrow(/empty/);
  });
});
