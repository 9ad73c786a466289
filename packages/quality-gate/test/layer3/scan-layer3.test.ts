import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_VIOLATIONS_PER_CATEGORY, ScanInputError, isSuppressed, redactSecret, scanLayer3, scanSources } from '../../src/layer3/index.js';
import { writeTree } from '../layer4/helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function tree(files: Record<string, string>): string {
  const { root, cleanup } = writeTree(files);
  cleanups.push(cleanup);
  return root;
}
const codesOf = (vs: { code: string }[]) => vs.map((v) => v.code).sort();

describe('judged by parsing, not by regex', () => {
  it('tells hard-coded passwords from env reads, hash fields and placeholders', async () => {
    const { violations } = await scanSources([
      {
        path: 'svc/app/settings.py',
        content: 'password = os.environ["X"]\nclass User(Base):\n    password_hash: str\napi_key = "your-api-key-here"\ndb_password = "hunter2-prod"\n',
      },
    ], { scanners: ['secrets'] });
    expect(violations.map((v) => `${v.code}:${v.line}`)).toEqual(['SEC-SECRET-007:5']);
  });
  it('reports console.log but not console.error, and ignores a USER in an earlier build stage', async () => {
    const { violations } = await scanSources([
      { path: 'svc/src/boot.js', content: "console.error('boom');\nconsole.log('booted');\n" },
      { path: 'svc/Dockerfile', content: 'FROM node:20 AS build\nUSER node\nRUN true\nFROM node:20-slim\nHEALTHCHECK CMD ["node","-e","0"]\nCMD ["node","x.js"]\n' },
    ], { scanners: ['logging', 'docker'] });
    expect(violations.map((v) => `${v.code}:${v.file_path}:${v.line}`)).toEqual(['DOCKER-001:svc/Dockerfile:4', 'LOG-004:svc/src/boot.js:2']);
  });
  it('keeps tests/ and test/ folders out of LOG-001 and LOG-004 only', async () => {
    const { violations } = await scanSources([
      { path: 'svc/tests/test_a.py', content: 'def test_a():\n    print("x")\n' },
      { path: 'svc/test/a.test.js', content: "console.log('x');\nconst k = 'sk_" + "live_51Hx9Kz2Lq8Vb3Tn7Wm1Pc4';\n" },
    ]);
    expect(codesOf(violations)).toEqual(['SEC-SECRET-009']);
  });
});

describe('inline suppressions', () => {
  it('parses noqa, run4-ignore and bare nosec', () => {
    expect(isSuppressed('print(x)  # noqa: LOG-001,LOG-005', 'LOG-005')).toBe(true);
    expect(isSuppressed('print(x)  # noqa: E501', 'LOG-001')).toBe(false);
    expect(isSuppressed("console.log(x) // run4-ignore LOG-004", 'LOG-004')).toBe(true);
    expect(isSuppressed("console.log(x) // run4-ignore LOG-001", 'LOG-004')).toBe(false);
    expect(isSuppressed('KEY = "abc"  # nosec', 'SEC-SECRET-004')).toBe(true);
  });
  it('drops only the named codes on the commented line', async () => {
    const { violations } = await scanSources([
      {
        path: 'svc/app/main.py',
        content: 'print("a")  # noqa: LOG-001\nprint("b")  # noqa: E501\nprint("c", password)  # noqa: LOG-001\nprint("d", token)  # nosec\n',
      },
    ], { scanners: ['logging'] });
    expect(violations.map((v) => `${v.code}:${v.line}`)).toEqual(['LOG-001:2', 'LOG-005:3']);
  });
});

describe('secret redaction', () => {
  it('never puts a matched secret value in any field of the output', async () => {
    const secrets = ['ghp' + '_R8kz2Lq9Xv4Tn7Wm1Pb6Hc3Js5Fd0Ya8Ue2Q', 'Tr0ub4dor&3-prod', 'k9Lm2pQ7vXz8'];
    const { violations } = await scanSources([
      { path: 'svc/ci.sh', content: `export GITHUB_TOKEN=${secrets[0]}\n` },
      { path: 'svc/app/db.py', content: `DB_PASSWORD = "${secrets[1]}"\nJWT_SECRET = "${secrets[2]}"\n` },
      { path: 'svc/Dockerfile', content: `FROM node:20-slim\nENV DB_PASSWORD=${secrets[1]}\nUSER node\nHEALTHCHECK CMD ["node","-e","0"]\n` },
    ]);
    expect(codesOf(violations)).toEqual(['DOCKER-002', 'SEC-005', 'SEC-SECRET-007', 'SEC-SECRET-008']);
    const json = JSON.stringify(violations);
    for (const s of secrets) expect(json).not.toContain(s.slice(4, 12));
    expect(violations.find((v) => v.code === 'SEC-SECRET-008')?.snippet).toBe('export GITHUB_TOKEN=ghp_…');
    expect(redactSecret('AKIAQ3EGRT7ZPLM2XV4K')).toBe('AKIA…');
  });
});

describe('scanLayer3 on a directory', () => {
  it('walks services, skips node_modules/.git/dist/data/binaries, reports per-file stats', async () => {
    const root = tree({
      'orders/package.json': '{"name":"@acme/orders"}',
      'orders/src/server.js': "require('http').createServer((req, res) => { console.log(req.url); res.end(); }).listen(8080);\n",
      'orders/node_modules/dep/index.js': "console.log('dep');\n",
      'orders/dist/server.js': "console.log('built');\n",
      'orders/data/seed.py': 'print("seed")\n',
      '.git/hooks/x.py': 'print(1)\n',
    });
    writeFileSync(join(root, 'orders/src/blob.js'), Buffer.from([0x63, 0x00, 0x6c, 0x6f, 0x67]));
    const result = await scanLayer3(root, { scanners: ['logging', 'health'] });
    expect(result.files.map((f) => f.path)).toEqual(['orders/package.json', 'orders/src/server.js']);
    expect(result.violations.map((v) => `${v.code}:${v.file_path}:${v.line}:${v.service}`)).toEqual([
      'HEALTH-001:orders/src/server.js:1:orders',
      'LOG-001:orders/src/server.js:1:orders',
    ]);
    expect(result.stats).toMatchObject({ filesScanned: 2, filesSkipped: 0, linesScanned: 3 });
    expect(result.files[1]?.violations).toBe(1);
    // The NUL-byte file is not skipped silently: it is a listed blind spot.
    expect(result.notAnalysed).toEqual([{ file_path: 'orders/src/blob.js', reason: 'binary content (a NUL byte in the first 4 KB)', coverage: 'none' }]);
  });
  it('honours exclude globs and the layer3_scanners selection', async () => {
    const root = tree({ 'a/app.py': 'print(1)\n', 'fixtures/b.py': 'print(2)\n', 'a/c.py': 'password = "s3cr3t-value"\n' });
    const logging = await scanLayer3(root, { scanners: ['logging'], exclude: ['fixtures'] });
    expect(logging.violations.map((v) => v.file_path)).toEqual(['a/app.py']);
    expect(logging.codes).toEqual(['LOG-001', 'LOG-004', 'LOG-005']);
  });
  it('caps each category at 200 violations and deduplicates', async () => {
    const root = tree({ 'big/app.py': 'print(1); print(2)\n'.repeat(250) });
    const result = await scanLayer3(root, { scanners: ['logging'] });
    expect(result.violations).toHaveLength(MAX_VIOLATIONS_PER_CATEGORY);
    expect(result.truncated).toEqual({ logging: 50 });
  });
  it('rejects a missing directory and an unknown scanner with usage errors (exit 2)', async () => {
    await expect(scanLayer3('/nonexistent/dir')).rejects.toMatchObject({ exitCode: 2 });
    const root = tree({ 'a.py': '' });
    await expect(scanLayer3(root, { scanners: ['secrets', 'vibes'] })).rejects.toThrow(ScanInputError);
    await expect(scanLayer3(root, { scanners: ['vibes'] })).rejects.toThrow(/valid names: security, cors/);
  });
});

describe('snippets of non-secrets rules', () => {
  it('scrub a token-like literal on the reported line but keep plain text', async () => {
    const { violations } = await scanSources([
      { path: 's/auth.py', content: 'claims = jwt.decode(token, "9f8e7d6c5b4a-signing", options={"verify_signature": False})\nprint("handling request")\n' },
    ], { scanners: ['security', 'logging'] });
    const sec003 = violations.find((v) => v.code === 'SEC-003');
    expect(sec003?.snippet).toBe('claims = jwt.decode(token, "9f8e…", options={"verify_signature": False})');
    expect(violations.find((v) => v.code === 'LOG-001')?.snippet).toBe('print("handling request")');
  });
});
