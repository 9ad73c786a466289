import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, describe, expect, it } from 'vitest';
import { call, connectMcp, startHttpServer, tempDir, type HttpServer } from '../helpers/servers.js';

describe('one SQLite file shared by several processes (WAL + busy_timeout)', () => {
  const tmp = tempDir('shared');
  const clients: Client[] = [];
  let http: HttpServer | undefined;
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await http?.stop();
    tmp.cleanup();
  });

  it('three MCP sessions and the HTTP API start together, write concurrently and see each other\'s data', async () => {
    const env = { DATABASE_PATH: join(tmp.dir, 'db', 'symbols.db') };
    const [a, b, c, h] = await Promise.all([connectMcp('codebase-intelligence', env), connectMcp('codebase-intelligence', env), connectMcp('codebase-intelligence', env), startHttpServer('codebase-intelligence', env)]);
    clients.push(a, b, c);
    http = h;
    const files = [a, b, c].map((_, i) => {
      const f = join(tmp.dir, `mod${i}.py`);
      writeFileSync(f, `def shared_fn_${i}():\n    return ${i}\n`);
      return f;
    });
    const results = await Promise.all([a, b, c].map((cl, i) => call(cl, 'register_artifact', { file_path: files[i], service_name: 's' })));
    for (const r of results) expect(r.json).toMatchObject({ indexed: true });
    for (let i = 0; i < 3; i += 1) {
      expect((await call([c, a, b][i]!, 'find_definition', { symbol: `shared_fn_${i}` })).json).toMatchObject({ file_path: files[i] });
    }
    const viaHttp = await (await fetch(`${h.url}/api/symbols?name=shared_fn_2`)).json();
    expect(viaHttp).toHaveLength(1);
  });
});
