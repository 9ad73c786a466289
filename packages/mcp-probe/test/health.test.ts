import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { checkMcpHealth } from '../src/index.js';
import { childPids, fixtureServer, npmServer, waitFor } from './helpers.js';

afterAll(() => rmSync(`/tmp/run4-health-${process.pid}.jsonl`, { force: true }));

describe('checkMcpHealth (R4-M1-005)', () => {
  it('is healthy with the tool list for a working server', async () => {
    const h = await checkMcpHealth(npmServer('server-memory', 'memory', { MEMORY_FILE_PATH: `/tmp/run4-health-${process.pid}.jsonl` }), 20_000);
    expect(h).toMatchObject({ status: 'healthy', tools_count: 9 });
    expect(h.tool_names).toContain('read_graph');
  });

  it('is unhealthy with the reason for a server without tools or one that cannot start', async () => {
    expect(await checkMcpHealth(fixtureServer('configurable-server.mjs', 'x', { FIXTURE_NO_TOOLS_CAP: '1' }))).toMatchObject({ status: 'unhealthy', error: expect.stringContaining('tools') });
    const bad = await checkMcpHealth({ ...fixtureServer('configurable-server.mjs', 'y'), command: 'run4-no-such-binary' }, 5000);
    expect(bad).toMatchObject({ status: 'unhealthy', tools_count: 0, error: expect.stringContaining('run4-no-such-binary') });
    expect(await waitFor(() => childPids().length === 0)).toBe(true);
  });
});
