// Tests of tools/check-lock.mjs with Node's own runner (no install needed):
//   node --test tools/check-lock.test.mjs
// Each planted defect (a dropped platform package, a changed dependency, a
// workspace missing from the lock) must make the check fail with its reason.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkLock } from './check-lock.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const clone = () => structuredClone(lock);
const made = [];
after(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('check-lock', () => {
  it('accepts the committed lock', () => {
    assert.deepEqual(checkLock(lock, root), []);
  });

  it('fails a lock without the other platforms\' optional packages, naming them', () => {
    const broken = clone();
    for (const key of Object.keys(broken.packages)) if (/node_modules\/@nx\/nx-(darwin|win32)/.test(key)) delete broken.packages[key];
    const problems = checkLock(broken, root);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /lacks \d+ optional package\(s\) of other platforms: .*@nx\/nx-darwin-arm64 \(optional dependency of nx\)/);
  });

  it('fails a lock out of sync with a package.json (changed spec, removed dependency, unknown workspace)', () => {
    const broken = clone();
    const rootEntry = broken.packages[''];
    rootEntry.devDependencies = { ...rootEntry.devDependencies, vitest: '~9.9.9' };
    delete broken.packages['apps/run4-cli'].dependencies.commander;
    delete broken.packages['packages/checks'];
    const problems = checkLock(broken, root).join('\n');
    assert.match(problems, /devDependencies\.vitest is "~4\.1\.12" in package\.json but "~9\.9\.9" in the lock/);
    assert.match(problems, /apps\/run4-cli\/package\.json: dependencies\.commander .* is not in the lock/);
    assert.match(problems, /workspace packages\/checks \(@run4\/checks\) is not in the lock/);
  });

  it('as a command: exit 1 with one line per problem and the fix, exit 0 on a good lock', () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-lock-'));
    made.push(dir);
    const broken = clone();
    delete broken.packages['node_modules/@rollup/rollup-linux-x64-musl'];
    writeFileSync(join(dir, 'lock.json'), JSON.stringify(broken));
    const bad = spawnSync(process.execPath, [join(root, 'tools/check-lock.mjs'), '--lock', join(dir, 'lock.json'), '--root', root], { encoding: 'utf8' });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /@rollup\/rollup-linux-x64-musl \(optional dependency of rollup\)/);
    assert.match(bad.stderr, /regenerate it with `bash tools\/regen-lock\.sh`/);
    const good = execFileSync(process.execPath, [join(root, 'tools/check-lock.mjs')], { cwd: root, encoding: 'utf8' });
    assert.match(good, /ok \(\d+ packages/);
    const usage = spawnSync(process.execPath, [join(root, 'tools/check-lock.mjs'), '--frobnicate'], { encoding: 'utf8' });
    assert.equal(usage.status, 2);
  });
});
