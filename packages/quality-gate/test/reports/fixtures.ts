import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runQualityGate } from '../../src/gate/engine.js';
import type { QualityGateReport } from '../../src/gate/report-schema.js';
import { buildIntegrationReport } from '../../src/layer2/integration-report.js';

/** Write files under a fresh temp dir and return it. */
export function tempRepo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'run4-reports-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** A repo with a planted print() (LOG-001) and no health route (HEALTH-001), plus an L2 report with SCHEMA-001. */
export async function plantedReport(): Promise<{ root: string; report: QualityGateReport }> {
  const root = tempRepo({
    'order-service/package.json': '{"name":"order-service"}',
    'order-service/src/server.js':
      "const http = require('node:http');\nhttp.createServer((req, res) => {\n  if (!verifyToken(req.headers.authorization)) return res.writeHead(401).end();\n  if (req.url === '/orders') return res.end('[]');\n  res.end();\n}).listen(8080);\n",
    'order-service/contracts/openapi.yaml': 'openapi: 3.1.0\ninfo: {title: o, version: "1"}\npaths: {}\n',
    'auth-service/requirements.txt': 'fastapi\n',
    'auth-service/app/main.py': 'app = FastAPI()\n\n@app.get("/health")\ndef health():\n    print("health check")\n    return {"status": "ok"}\n',
  });
  const integrationReport = buildIntegrationReport({
    services_deployed: 2,
    services_healthy: 2,
    contract_tests_total: 20,
    contract_tests_passed: 19,
    violations: [
      {
        code: 'SCHEMA-001',
        severity: 'error',
        service: 'order-service',
        endpoint: 'GET /orders',
        message: 'response_schema_conformance: response field /0/internal_cost is not in the contract (positive: generated valid request)',
        expected: 'only documented properties',
        actual: '/0/internal_cost',
        file_path: join(root, 'order-service/contracts/openapi.yaml'),
        check: 'response_schema_conformance',
        curl: "curl -sS -X GET 'http://127.0.0.1:8080/orders' -H 'accept: application/json'",
        seed: 42,
      },
    ],
  });
  const report = await runQualityGate({
    rootDir: root,
    services: [
      { name: 'order-service', dir: 'order-service' },
      { name: 'auth-service', dir: 'auth-service' },
    ],
    builderResults: [
      { service_id: 'order-service', success: true, test_passed: 10, test_total: 10, convergence_ratio: 1 },
      { service_id: 'auth-service', success: true, test_passed: 10, test_total: 10, convergence_ratio: 1 },
    ],
    integrationReport,
    config: { continue_after_blocking: true },
  });
  return { root, report };
}
