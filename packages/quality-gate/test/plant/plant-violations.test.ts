import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanLayer3 } from '../../src/layer3/scan-layer3.js';
import { PLANTED_FIELD, plantViolations } from '../../src/plant/plant-violations.js';

const roots: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** A service directory `<root>/<name>` holding `files`. */
function service(name: string, files: Record<string, string>): { root: string; dir: string } {
  const root = mkdtempSync(join(tmpdir(), 'run4-plant-'));
  roots.push(root);
  const dir = join(root, name);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return { root, dir };
}

const JS_SERVICE = {
  'package.json': '{ "name": "shelf", "type": "module" }\n',
  'src/server.js': `import { createServer } from 'node:http';

const routes = {
  'GET /health': () => ({ status: 'ok' }),
  'GET /items': () => ({ items: [] }),
};

function sendJson(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export function handle(req, res) {
  const key = \`\${req.method} \${new URL(req.url, 'http://x').pathname}\`;
  const route = routes[key];
  if (!route) return sendJson(res, 404, { code: 'not_found' });
  sendJson(res, 200, route());
}

const server = createServer(handle);
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('listening\\n'));
`,
  'test/server.test.js': "import { handle } from '../src/server.js';\nconsole.log('GET /health', handle);\n",
};

const PY_SERVICE = {
  'requirements.txt': '\n',
  'app/server.py': `import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def handle(method, path):
    if method == "GET" and path == "/health":
        return 200, {"status": "ok"}
    if method == "GET" and path == "/books":
        return 200, {"books": []}
    return 404, {"code": "not_found"}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        status, body = handle("GET", self.path)
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *args):
        return


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler)
    print("listening", flush=True)
    server.serve_forever()
`,
};

const TS_SERVICE = {
  'package.json': '{ "name": "orders", "dependencies": { "express": "^4" } }\n',
  'src/app.ts': `import express from 'express';

export const app = express();

app.get('/health', (_req, res) => { res.json({ status: 'ok' }); });

app.get('/orders/:id', (req, res) => {
  res.json({ id: req.params.id, total: 3 });
});

app.listen(8080);
`,
};

async function codes(root: string): Promise<string[]> {
  const l3 = await scanLayer3(root, { scanners: ['logging', 'health'] });
  return l3.violations.map((v) => `${v.code} ${v.file_path}:${v.line}`);
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

/** Start a service and wait (generous deadline) for its "listening" line. */
async function start(argv: string[], cwd: string): Promise<string> {
  const port = await freePort();
  const child = spawn(argv[0]!, argv.slice(1), { cwd, env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  await new Promise<void>((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`no "listening" line within 60 s: ${out}`)), 60_000);
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('listening')) {
        clearTimeout(timer);
        ok();
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => fail(new Error(`exited ${code}: ${out}`)));
  });
  return `http://127.0.0.1:${port}`;
}

async function get(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('plantViolations', () => {
  it('plants all three into a JavaScript service: the gate sees HEALTH-001 and LOG-001, the live service lost /health and answers an undeclared field', async () => {
    const { root, dir } = service('shelf', JS_SERVICE);
    expect(await codes(root)).toEqual([]);
    const manifest = await plantViolations(dir);
    expect(manifest).toMatchObject({ service: 'shelf', language: 'javascript' });
    expect(manifest.items.map((i) => [i.code, i.planted, i.file])).toEqual([
      ['HEALTH-001', true, 'src/server.js'],
      ['SCHEMA-001', true, 'src/server.js'],
      ['LOG-001', true, 'src/server.js'],
    ]);
    const text = readFileSync(join(dir, 'src/server.js'), 'utf8').split('\n');
    const log = manifest.items.find((i) => i.code === 'LOG-001')!;
    expect(text[log.line - 1]).toContain("console.log('run4 planted");
    expect(text[manifest.items.find((i) => i.code === 'SCHEMA-001')!.line - 1]).toContain('JSON.stringify(run4PlantedBody(body))');
    // Test files are never edited.
    expect(readFileSync(join(dir, 'test/server.test.js'), 'utf8')).toBe(JS_SERVICE['test/server.test.js']);
    expect(await codes(root)).toEqual(expect.arrayContaining(['HEALTH-001 shelf/src/server.js:21', `LOG-001 shelf/src/server.js:${log.line}`]));

    const url = await start([process.execPath, 'src/server.js'], dir);
    expect((await get(`${url}/health`)).status).toBe(404);
    const items = await get(`${url}/items`);
    expect(items.status).toBe(200);
    expect(items.body).toEqual({ items: [], [PLANTED_FIELD]: 'planted by Run 4' });
  }, 90_000);

  it('plants all three into a Python service (print(), a renamed path comparison, json.dumps wrapped after the imports)', async () => {
    const { root, dir } = service('catalog-api', PY_SERVICE);
    expect(await codes(root)).toEqual([]);
    const manifest = await plantViolations(dir);
    expect(manifest.language).toBe('python');
    expect(manifest.items.every((i) => i.planted && i.file === 'app/server.py')).toBe(true);
    const text = readFileSync(join(dir, 'app/server.py'), 'utf8').split('\n');
    const log = manifest.items.find((i) => i.code === 'LOG-001')!;
    expect(text[log.line - 1]).toBe('    print("run4 planted: handling a request")');
    expect(text[manifest.items.find((i) => i.code === 'SCHEMA-001')!.line - 1]).toContain('json.dumps(_run4_planted_body(body))');
    expect(await codes(root)).toEqual(expect.arrayContaining([`LOG-001 catalog-api/app/server.py:${log.line}`, expect.stringMatching(/^HEALTH-001 catalog-api\//)]));

    const url = await start(['python3', 'app/server.py'], dir);
    expect((await get(`${url}/health`)).status).toBe(404);
    expect((await get(`${url}/books`)).body).toEqual({ books: [], [PLANTED_FIELD]: 'planted by Run 4' });
  }, 90_000);

  it('plants all three into a TypeScript Express service (a one-line handler is passed over for the print)', async () => {
    const { root, dir } = service('orders', TS_SERVICE);
    expect(await codes(root)).toEqual([]);
    const manifest = await plantViolations(dir);
    expect(manifest.language).toBe('typescript');
    expect(manifest.items.map((i) => i.planted)).toEqual([true, true, true]);
    const text = readFileSync(join(dir, 'src/app.ts'), 'utf8');
    expect(text).toContain("app.get('/run4-planted-missing-health'");
    expect(text).toContain("res.json(run4PlantedBody({ status: 'ok' }))");
    expect(text).toContain('function run4PlantedBody(body: any): any {');
    expect(text.split('\n')[manifest.items[2]!.line - 1]).toContain("console.log('run4 planted");
    expect(text.split('\n')[manifest.items[2]!.line]).toContain('res.json({ id: req.params.id');
    const found = await codes(root);
    expect(found).toEqual(expect.arrayContaining([expect.stringMatching(/^HEALTH-001 orders\//), `LOG-001 orders/src/app.ts:${manifest.items[2]!.line}`]));
  });

  it('renames the handler a health key is bound to when no other file names it, so a builder adding the handler back does not collide', async () => {
    const handlers = 'export function getHealth(ctx) {\n  return { status: 200 };\n}\n\nexport function listTasks(ctx) {\n  return { status: 200, body: [] };\n}\n\nexport const handlers = {\n  "GET /health": getHealth,\n  "GET /tasks": listTasks,\n};\n';
    const server = "import { createServer } from 'node:http';\nimport { handlers } from './handlers.js';\ncreateServer((req, res) => res.end(JSON.stringify(handlers))).listen(8080);\n";
    const { dir } = service('tasks', { 'package.json': '{}\n', 'src/handlers.js': handlers, 'src/server.js': server, 'src/routes.js': 'export const operations = [{ "operationId": "getHealth" }];\n' });
    const manifest = await plantViolations(dir, { codes: ['HEALTH-001'] });
    const text = readFileSync(join(dir, 'src/handlers.js'), 'utf8');
    expect(text).toContain('export function run4PlantedMissing_getHealth(ctx) {');
    expect(text).toContain('"GET /run4-planted-missing-health": run4PlantedMissing_getHealth,');
    expect(text).not.toMatch(/\bgetHealth\b/);
    expect(manifest.items[0]!.detail).toMatch(/handler getHealth -> run4PlantedMissing_getHealth/);
    // Named in another file too: only the route is renamed, the function keeps its name.
    const shared = service('tasks', { 'package.json': '{}\n', 'src/handlers.js': handlers, 'src/server.js': `${server}export { getHealth } from './handlers.js';\n` });
    await plantViolations(shared.dir, { codes: ['HEALTH-001'] });
    expect(readFileSync(join(shared.dir, 'src/handlers.js'), 'utf8')).toContain('"GET /run4-planted-missing-health": getHealth,');
  });

  it('says what it could not plant instead of faking it', async () => {
    const { dir } = service('worker', { 'package.json': '{}\n', 'src/worker.js': 'export function tick(n) {\n  return n + 1;\n}\n' });
    const manifest = await plantViolations(dir);
    expect(manifest.items.map((i) => [i.code, i.planted])).toEqual([
      ['HEALTH-001', false],
      ['SCHEMA-001', false],
      ['LOG-001', false],
    ]);
    expect(manifest.items[0]!.detail).toMatch(/no string literal .* binds a health path/);
    expect(readFileSync(join(dir, 'src/worker.js'), 'utf8')).toBe('export function tick(n) {\n  return n + 1;\n}\n');
    const empty = service('docs', { 'README.md': '# docs\n' });
    expect((await plantViolations(empty.dir)).items.every((i) => !i.planted && /no Python, JavaScript or TypeScript source/.test(i.detail))).toBe(true);
  });

  it('plants only the codes asked for and refuses a missing directory with a usage error', async () => {
    const { dir } = service('shelf', JS_SERVICE);
    const manifest = await plantViolations(dir, { codes: ['LOG-001'], service: 'shelf-copy' });
    expect(manifest.items.map((i) => i.code)).toEqual(['LOG-001']);
    expect(manifest.service).toBe('shelf-copy');
    expect(readFileSync(join(dir, 'src/server.js'), 'utf8')).toContain("'GET /health'");
    await expect(plantViolations(join(dir, 'nope'))).rejects.toMatchObject({ exitCode: 2 });
  });
});
