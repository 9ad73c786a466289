import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BuilderResult } from '@run4/builder-runner';
import { stageDeploymentOptions } from '@run4/compose-kit';
import type { StackProfile } from '@run4/schemas';
import type { CopyAuth, PlantCopyOptions } from '../../src/plant/planted-copy.js';

/** Temporary roots and deployments of the planted-copy tests; `cleanupPlanted()` removes them. */
const roots: string[] = [];
const teardowns: (() => Promise<void>)[] = [];
export async function cleanupPlanted(): Promise<void> {
  for (const t of teardowns.splice(0)) await t();
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
}

export const SERVER = `import { createServer } from 'node:http';

const routes = {
  'GET /health': () => ({ status: 'ok' }),
  'GET /items': () => ({ items: ['a'] }),
};

function sendJson(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

createServer((req, res) => {
  const route = routes[\`\${req.method} \${new URL(req.url, 'http://x').pathname}\`];
  if (!route) return sendJson(res, 404, { code: 'not_found' });
  if (route !== routes['GET /health'] && req.headers.authorization !== 'Bearer planted-test-token') return sendJson(res, 401, { code: 'unauthorized' });
  sendJson(res, 200, route());
}).listen(Number(process.env.PORT), process.env.HOST || '127.0.0.1');
`;

/** A contract whose /items body is closed (an extra field is a SCHEMA-001) or open (`additionalProperties: true`: the gate cannot see one). */
const openapi = (open: boolean) => `openapi: 3.0.3
info: { title: shelf, version: '1' }
components:
  securitySchemes:
    bearer: { type: http, scheme: bearer }
paths:
  /items:
    get:
      operationId: listItems
      security: [{ bearer: [] }]
      responses:
        '200':
          description: the items
          content:
            application/json:
              schema:
                type: object
                additionalProperties: ${open}
                properties:
                  items: { type: array, items: { type: string } }
                required: [items]
  /health:
    get:
      operationId: health
      responses:
        '200':
          description: up
          content:
            application/json:
              schema: { type: object, properties: { status: { type: string } } }
`;

/** A built service (what a builder left), and options that deploy a copy of it with the process backend under `<out>/planted`. */
export function setup(open: boolean, auth: CopyAuth): { options: Omit<PlantCopyOptions, 'results'>; result: BuilderResult; out: string } {
  const out = mkdtempSync(path.join(tmpdir(), 'run4-planted-'));
  roots.push(out);
  const dir = path.join(out, 'builds', 'shelf');
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  mkdirSync(path.join(dir, 'contracts'), { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), '{ "name": "shelf", "type": "module" }\n');
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node", "src/server.js"]\n');
  writeFileSync(path.join(dir, 'src/server.js'), SERVER);
  writeFileSync(path.join(dir, 'contracts/openapi.yaml'), openapi(open));
  const result = {
    system_id: 'shelf', service_id: 'shelf', success: true, cost: 0, error: '', output_dir: dir, test_passed: 3, test_total: 3, convergence_ratio: 1, artifacts: [],
    failure: null, exit_code: 0, signal: null, timed_out: false, command: [], started_at: '', finished_at: '', duration_ms: 1,
  } as unknown as BuilderResult;
  const profile = { services: { port: 8080, health_path: '/health', environment: {} }, compose: { tiers: {}, build_args: {} }, sample_app: { plant_target: 'shelf' } } as unknown as StackProfile;
  const settings = { backend: 'process', compose_project_name: `run4-planted-test-${roots.length}`, health_check_timeout_s: 30, health_check_interval_s: 0.25, required_consecutive_healthy: 1, workDir: path.join(out, 'work') } as const;
  const options: Omit<PlantCopyOptions, 'results'> = {
    profile,
    root: path.join(out, 'planted'),
    deployOptions: (stage) => stageDeploymentOptions(settings, stage),
    maxFixRetries: 3,
    auth,
    signal: new AbortController().signal,
    onCreated: (deployment) => teardowns.push(() => deployment.down()),
  };
  return { options, result, out };
}

/** The credentials the fixture service accepts, as the profile's auth steps would get them from the real services. */
export const testAuth: CopyAuth = async () => ({ headers: { authorization: 'Bearer planted-test-token' }, note: 'test token' });
/** No credentials: the copy's secured operations answer 401. */
export const noAuth: CopyAuth = async () => ({ headers: {}, note: 'no auth steps' });
