import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_DIR, call, connectMcp, tempDir } from '../helpers/servers.js';

const run = promisify(execFile);

// Runs every test_* function of a generated module with plain python3 (the
// file is pytest-compatible but does not need pytest installed to run).
const RUNNER = `
import importlib.util, sys
spec = importlib.util.spec_from_file_location("generated", sys.argv[1])
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
passed, failed = 0, []
for name in sorted(n for n in dir(mod) if n.startswith("test_")):
    try:
        getattr(mod, name)()
        passed += 1
    except AssertionError as err:
        failed.append(name + ": " + str(err))
for f in failed:
    print("FAILED " + f)
print(str(len(failed)) + " failed, " + str(passed) + " passed")
sys.exit(1 if failed else 0)
`;

const SPEC = {
  openapi: '3.1.0',
  info: { title: 'items', version: '1.0.0' },
  paths: {
    '/items': {
      post: {
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['name', 'qty'], properties: { name: { type: 'string' }, qty: { type: 'integer' } } } } } },
        responses: { '201': { description: 'created', content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } }, '422': { description: 'invalid' } },
      },
    },
    '/items/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } }, '404': { description: 'missing' } },
      },
    },
  },
  components: { schemas: { Item: { type: 'object', required: ['id', 'name', 'qty'], additionalProperties: false, properties: { id: { type: 'string' }, name: { type: 'string' }, qty: { type: 'integer' } } } } },
};

/** A small service implementing SPEC; `defect` makes GET return qty as a string. */
function itemService(defect: boolean): Server {
  const items = new Map<string, { id: string; name: string; qty: number }>([['1', { id: '1', name: 'seed', qty: 1 }]]);
  return createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const send = (status: number, body: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'POST' && req.url === '/items') {
        const body = JSON.parse(raw || '{}') as { name?: unknown; qty?: unknown };
        if (typeof body.name !== 'string' || !Number.isInteger(body.qty)) return send(422, { code: 'invalid', message: 'name and qty required' });
        const item = { id: String(items.size + 1), name: body.name, qty: body.qty as number };
        items.set(item.id, item);
        return send(201, item);
      }
      const m = /^\/items\/([^/]+)$/.exec(req.url ?? '');
      if (req.method === 'GET' && m) {
        const item = items.get(decodeURIComponent(m[1]!));
        if (!item) return send(404, { code: 'not_found', message: 'no item' });
        return send(200, defect ? { ...item, qty: String(item.qty) } : item);
      }
      send(404, { code: 'not_found', message: 'no route' });
    });
  });
}

/** Environment for a nested vitest run: the outer run's VITEST_* variables removed. */
function childEnv(baseUrl: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TARGET_URL: baseUrl };
  for (const k of Object.keys(env)) if (k.startsWith('VITEST') || k === 'NODE_ENV' || k === 'TEST') delete env[k];
  return env;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`)));
}

describe('generated contract tests run against a live service', () => {
  const tmp = tempDir('gen');
  let client: Client;
  let id = '';
  const servers: Server[] = [];
  beforeAll(async () => {
    client = await connectMcp('contract-engine', { DATABASE_PATH: join(tmp.dir, 'c.db') });
    id = ((await call(client, 'create_contract', { service_name: 'item-service', type: 'openapi', version: '1', spec: SPEC })).json as { id: string }).id;
  });
  afterAll(async () => {
    await client?.close();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    tmp.cleanup();
  });

  it('the generated pytest file passes against a conforming service and fails against one with a planted type defect', async () => {
    const file = join(tmp.dir, 'test_items_contract.py');
    writeFileSync(file, (await call(client, 'generate_tests', { contract_id: id, framework: 'pytest', include_negative: true })).json as string);
    const good = itemService(false);
    const bad = itemService(true);
    servers.push(good, bad);
    const [goodUrl, badUrl] = await Promise.all([listen(good), listen(bad)]);
    const pass = await run('python3', ['-c', RUNNER, file], { env: { ...process.env, BASE_URL: goodUrl }, timeout: 60_000 });
    expect(pass.stdout).toMatch(/0 failed, 4 passed/);
    const fail = await run('python3', ['-c', RUNNER, file], { env: { ...process.env, BASE_URL: badUrl }, timeout: 60_000 }).then(
      () => ({ failed: false, stdout: '' }),
      (err: { stdout: string }) => ({ failed: true, stdout: err.stdout }),
    );
    expect(fail.failed).toBe(true);
    expect(fail.stdout).toMatch(/1 failed, 3 passed/);
    expect(fail.stdout).toMatch(/test_get_items_id_positive/);
  });

  it('the generated vitest file passes against a conforming service and fails against one with a planted type defect', async () => {
    // Inside the app so `vitest` resolves; removed afterwards (and git-ignored).
    const dir = mkdtempSync(join(APP_DIR, '.generated-tests-'));
    try {
      mkdirSync(join(dir, 'test'));
      writeFileSync(join(dir, 'test', 'items.test.ts'), (await call(client, 'generate_tests', { contract_id: id, framework: 'vitest', include_negative: true })).json as string);
      const good = itemService(false);
      const bad = itemService(true);
      servers.push(good, bad);
      const [goodUrl, badUrl] = await Promise.all([listen(good), listen(bad)]);
      const cli = join(createRequire(import.meta.url).resolve('vitest/package.json'), '..', 'vitest.mjs');
      const args = [cli, 'run', '--root', dir, '--reporter', 'verbose', '--outputFile', join(dir, 'report.json'), '--no-color'];
      const pass = await run(process.execPath, args, { cwd: APP_DIR, env: childEnv(goodUrl), timeout: 90_000 });
      expect(pass.stdout).toMatch(/Tests\s+4 passed/);
      const fail = await run(process.execPath, args, { cwd: APP_DIR, env: childEnv(badUrl), timeout: 90_000 }).then(
        () => ({ failed: false, stdout: '' }),
        (err: { stdout: string }) => ({ failed: true, stdout: err.stdout }),
      );
      expect(fail.failed).toBe(true);
      expect(fail.stdout).toMatch(/Tests\s+1 failed \| 3 passed/);
      expect(fail.stdout).toMatch(/get_items_id_positive/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
