import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getCodeParser } from '../../src/layer3/tree-sitter.js';
import { scanLayer4 } from '../../src/layer4/scan-layer4.js';

// Each test file gets its own module registry, so no other test has loaded a grammar here.
const root = mkdtempSync(join(tmpdir(), 'run4-l4-grammars-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function service(name: string, files: Record<string, string>): { name: string; dir: string } {
  const dir = join(root, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return { name, dir };
}

describe('Layer 4 grammars', () => {
  it('loads only the grammars of the languages a service is written in', async () => {
    const orders = service('orders', {
      'src/app.js': "app.get('/orders', async (req, res) => { try { res.json(await list()); } catch (e) { res.status(500).end(); } });\n",
      'test/app.test.py': 'def test_nothing():\n    assert True\n',
    });
    await scanLayer4([orders], { rootDir: root });
    const parser = await getCodeParser([]);
    expect(parser.has('javascript')).toBe(true);
    // a test file is not parsed by Layer 4, so its language's grammar is not loaded either
    expect(['python', 'typescript', 'tsx'].filter((l) => parser.has(l as 'python'))).toEqual([]);

    const billing = service('billing', { 'app/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n' });
    await scanLayer4([billing], { rootDir: root });
    expect(parser.has('python')).toBe(true);
    expect(parser.has('typescript')).toBe(false);
  });
});
