import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseLayers, runGateCommand } from '../../src/gate/gate-command.js';
import { discoverServices } from '../../src/gate/discover-services.js';
import { tempRepo } from '../reports/fixtures.js';

const dirty = tempRepo({
  'api/package.json': '{"name":"api"}',
  'api/src/server.js': "const jwt = require('jsonwebtoken');\nconst JWT_SECRET = 'supersecretvalue123';\nrequire('node:http').createServer((q, s) => { if (q.url === '/health') return s.end('ok'); s.end(); }).listen(8080);\n",
});
const clean = tempRepo({
  'api/package.json': '{"name":"api"}',
  'api/src/server.js': "require('node:http').createServer((q, s) => { if (q.url === '/health') return s.end('ok'); s.end(); }).listen(Number(process.env.PORT));\n",
});
afterAll(() => {
  rmSync(dirty, { recursive: true, force: true });
  rmSync(clean, { recursive: true, force: true });
});

describe('runGateCommand (run4 gate <dir>)', () => {
  it('exits 1 when the verdict blocks and renders the chosen format', async () => {
    const r = await runGateCommand({ dir: dirty, layers: '3,4', format: 'sarif' });
    expect(r.report.layers.layer3_system.violations.map((v) => v.code)).toContain('SEC-005');
    expect(r.report.overall_verdict).toBe('failed');
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.output).version).toBe('2.1.0');
    expect(r.output).not.toContain('supersecretvalue123');
  });

  it('exits 0 on a clean tree and skips unselected layers', async () => {
    const r = await runGateCommand({ dir: clean, layers: '3', format: 'json' });
    expect(r.exitCode).toBe(0);
    expect(r.report.layers.layer4_adversarial.skipped_reason).toBe('layer 4 not selected');
    expect(JSON.parse(r.output).layers.layer3_system.verdict).toBe('passed');
  });

  it('rejects bad input with exit code 2', async () => {
    await expect(runGateCommand({ dir: '/nonexistent/dir' })).rejects.toMatchObject({ exitCode: 2 });
    await expect(runGateCommand({ dir: clean, format: 'xml' as never })).rejects.toMatchObject({ exitCode: 2 });
    expect(() => parseLayers('5')).toThrow(/use numbers 1-4/);
    expect(parseLayers('L1-L3')).toEqual([1, 2, 3]);
    expect(parseLayers('4,3')).toEqual([3, 4]);
  });

  it('discovers service directories by their manifests', async () => {
    expect(await discoverServices(dirty)).toEqual([{ name: 'api', dir: `${dirty}/api` }]);
  });
});
