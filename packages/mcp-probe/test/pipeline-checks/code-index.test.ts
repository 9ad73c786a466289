import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCodeIndexing, type CodeIndexOptions } from '../../src/index.js';
import { fixtureServer } from '../helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'run4-index-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
for (const [service, file, text] of [
  ['accounts', 'src/user.ts', 'export class User {}\n'],
  ['accounts', 'README.md', '# not source\n'],
  ['orders', 'app/order.py', 'class Order:\n    pass\n'],
]) {
  mkdirSync(path.dirname(path.join(dir, service!, file!)), { recursive: true });
  writeFileSync(path.join(dir, service!, file!), text!);
}
const listFiles = async (d: string) => readdirSync(d, { recursive: true, encoding: 'utf8' }).map((f) => path.join(d, f)).filter((f) => f.includes('.'));
const server = (env: Record<string, string> = {}) => fixtureServer('pipeline-server.mjs', 'codebase-intelligence', { FIXTURE_ROLE: 'codebase-intelligence', ...env });
const options = (over: Partial<CodeIndexOptions> = {}): CodeIndexOptions => ({
  server: server(),
  unavailable: 'no server',
  outputs: ['accounts', 'orders'].map((service) => ({ service, dir: path.join(dir, service) })),
  listFiles,
  entity: 'User',
  relativeTo: dir,
  startupTimeoutMs: 120_000,
  callTimeoutMs: 30_000,
  ...over,
});

describe('checkCodeIndexing', { timeout: 120_000 }, () => {
  it('indexes the source files of every service and finds the entity in them', async () => {
    const r = await checkCodeIndexing(options());
    expect(r.checks.map((c) => [c.id, c.status])).toEqual([
      ['m4.index.total-symbols', 'PASS'],
      ['m4.index.find-definition', 'PASS'],
    ]);
    expect(r).toMatchObject({ files: 2, symbols: 2 });
    expect(r.checks[0]!.evidence).toMatch(/^2 files, 2 symbols from 2 services in \d+ ms$/);
    expect(r.checks[1]!.evidence).toBe(`${path.join('accounts', 'src', 'user.ts')}:1`);
  });

  it('fails when the entity is not in the generated code, or no entity is known', async () => {
    expect((await checkCodeIndexing(options({ entity: 'Invoice' }))).checks[1]).toMatchObject({ status: 'FAIL', evidence: 'no definition of Invoice in the indexed generated code: null' });
    expect((await checkCodeIndexing(options({ entity: undefined }))).checks[1]!.status).toBe('FAIL');
  });

  it('fails indexing when register_artifact errors or nothing holds symbols', async () => {
    const r = await checkCodeIndexing(options({ server: server({ FIXTURE_ERROR: 'register_artifact' }) }));
    expect(r.checks[0]!.status).toBe('FAIL');
    expect(r.checks[0]!.evidence).toContain('2 failed: ');
    const empty = await checkCodeIndexing(options({ outputs: [] }));
    expect(empty.checks[0]).toMatchObject({ status: 'FAIL', evidence: expect.stringMatching(/^0 files, 0 symbols from 0 services/) });
  });

  it('fails without a server', async () => {
    const r = await checkCodeIndexing(options({ server: undefined }));
    expect(r.checks).toEqual([expect.objectContaining({ id: 'm4.index', status: 'FAIL', evidence: 'no server' })]);
    expect(r.files).toBeUndefined();
  });
});
