// Tests of tools/process-census.mjs with Node's own runner (no install needed):
//   node --test tools/process-census.test.mjs
// A planted leftover (a process the "suite" started and did not stop) must
// make the check fail, naming it; infrastructure and what ran before the
// snapshot must not.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { leftovers, MARKER_ENV, processes } from './process-census.mjs';

const census = join(dirname(fileURLToPath(import.meta.url)), 'process-census.mjs');
const dir = mkdtempSync(join(tmpdir(), 'census-test-'));
const started = [];
after(() => {
  for (const c of started) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** A detached idle process (cwd /, so only the marker ties it to the suite), with `env`. */
function idle(env, executable = process.execPath) {
  const child = spawn(executable, ['-e', 'setInterval(() => undefined, 1000)'], { cwd: '/', env, detached: true, stdio: 'ignore' });
  started.push(child);
  return child;
}

/** Wait (bounded) until the process has exec'd: its environment is readable from /proc. */
async function execd(pid) {
  for (let i = 0; i < 200 && !(readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('setInterval')); i++) await new Promise((r) => setTimeout(r, 25));
}

/** The census narrowed to this test's scratch dir: other work on the machine is not this test's business. */
const scope = { repo: join(dir, 'repo'), temp: join(dir, 'temp') };
const checkEnv = (waitS) => ({ ...process.env, CENSUS_WAIT_S: waitS, CENSUS_REPO: scope.repo, CENSUS_TEMP: scope.temp });

const snap = () => {
  const file = join(dir, `before-${started.length}.json`);
  const marker = spawnSync(process.execPath, [census, 'snapshot', file], { encoding: 'utf8' }).stdout.trim();
  return { file, marker, before: JSON.parse(readFileSync(file, 'utf8')) };
};

describe('process census', () => {
  it('flags a process started after the snapshot that carries the marker, and the check exits 1 naming it', async () => {
    const { file, marker, before } = snap();
    const planted = idle({ [MARKER_ENV]: marker });
    await execd(planted.pid);
    assert.deepEqual(leftovers(before, scope).processes.map((p) => p.pid), [planted.pid]);
    const r = spawnSync(process.execPath, [census, 'check', file], { encoding: 'utf8', env: checkEnv('1') });
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`1 process\\(es\\) and 0 container\\(s\\) .* still running[^]*pid ${planted.pid} `));
    planted.kill('SIGKILL');
  });

  it('passes once the leftover has ended', async () => {
    const { file, marker } = snap();
    const planted = idle({ [MARKER_ENV]: marker });
    await execd(planted.pid);
    // the check runs while the leftover still lives, and sees it end
    const check = spawn(process.execPath, [census, 'check', file], { env: checkEnv('60') });
    let stdout = '';
    check.stdout.on('data', (chunk) => (stdout += chunk));
    await execd(planted.pid);
    planted.kill('SIGTERM');
    const status = await new Promise((resolve) => check.on('exit', resolve));
    const r = { status, stdout };
    assert.equal(r.status, 0);
    assert.match(r.stdout, /nothing the build and the tests started is left running/);
  });

  it('never flags infrastructure (a dockerd), a process from before the snapshot, or one with neither marker nor path in the repo or temp dir', async () => {
    const old = idle({ [MARKER_ENV]: 'x' });
    await execd(old.pid);
    const { marker, before } = snap();
    // an executable named dockerd: /proc/<pid>/comm is the name it was started by
    const dockerd = join(dir, 'dockerd');
    symlinkSync(process.execPath, dockerd);
    const infra = idle({ [MARKER_ENV]: marker }, dockerd);
    const stranger = idle({});
    await Promise.all([execd(infra.pid), execd(stranger.pid)]);
    assert.equal(processes().find((p) => p.pid === infra.pid)?.comm, 'dockerd');
    const pids = leftovers(before, scope).processes.map((p) => p.pid);
    for (const pid of [old.pid, infra.pid, stranger.pid]) assert.ok(!pids.includes(pid), `pid ${pid} flagged`);
  });

  it('lists a container created after the snapshot, not one from before', () => {
    const before = { marker: 'm', processes: [], containers: ['aaa old-one img Up'] };
    const left = leftovers(before, { table: [], containerList: ['aaa old-one img Up', 'bbb left-behind img Up 2 minutes'] });
    assert.deepEqual(left.containers, ['bbb left-behind img Up 2 minutes']);
  });
});
