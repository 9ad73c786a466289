import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { staticCodebaseMap, staticContractScan } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'run4-static-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

mkdirSync(join(dir, 'auth/api'), { recursive: true });
mkdirSync(join(dir, 'node_modules/x'), { recursive: true });
writeFileSync(join(dir, 'auth/api/openapi.yaml'), 'openapi: 3.1.0\ninfo:\n  title: Auth\n  version: 2.0.0\npaths:\n  /login: {}\n  /users/me: {}\n');
writeFileSync(join(dir, 'events.json'), JSON.stringify({ asyncapi: '3.0.0', info: { title: 'Events', version: '1.0.0' }, channels: { orderCreated: {} } }));
writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'not-a-contract' }));
writeFileSync(join(dir, 'broken.yaml'), 'openapi: [unclosed');
writeFileSync(join(dir, 'node_modules/x/openapi.json'), JSON.stringify({ openapi: '3.0.0', info: { title: 'vendored', version: '1' }, paths: {} }));
writeFileSync(join(dir, 'auth/user.py'), 'class User:\n    pass\n');
writeFileSync(join(dir, 'auth/server.ts'), 'export const x = 1;\n');
writeFileSync(join(dir, 'node_modules/x/index.js'), 'module.exports = 1;\n');
writeFileSync(join(dir, 'README.md'), '# readme\n');

describe('staticContractScan (B2-07 fallback)', () => {
  it('finds OpenAPI and AsyncAPI documents, skipping non-contracts, unparseable files and node_modules', () => {
    expect(staticContractScan(dir)).toEqual([
      { file: 'auth/api/openapi.yaml', type: 'openapi', specVersion: '3.1.0', title: 'Auth', version: '2.0.0', operations: 2 },
      { file: 'events.json', type: 'asyncapi', specVersion: '3.0.0', title: 'Events', version: '1.0.0', operations: 1 },
    ]);
  });

  it('returns [] for a directory without contracts or that does not exist', () => {
    expect(staticContractScan(join(dir, 'auth/api/..', 'nothing-here'))).toEqual([]);
  });
});

describe('staticCodebaseMap (B2-08 fallback)', () => {
  it('lists source files with language and line count, skipping node_modules and non-source files', () => {
    expect(staticCodebaseMap(dir)).toEqual([
      { file: 'auth/server.ts', language: 'typescript', lines: 1, bytes: 20 },
      { file: 'auth/user.py', language: 'python', lines: 2, bytes: 21 },
    ]);
  });
});
