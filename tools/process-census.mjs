// Process census around the test suite: nothing the build and the tests
// start may outlive them.
//
//   node tools/process-census.mjs snapshot <file>   records every live process (pid + start time)
//                                                   and docker container; prints a marker to export
//                                                   as RUN4_TEST_CENSUS so every process the suite
//                                                   starts carries it
//   node tools/process-census.mjs check <file>      lists what is new since the snapshot and still
//                                                   alive, waits up to CENSUS_WAIT_S (default 30) s
//                                                   for it to end, then exits 1 with the listing
//                                                   (the census's own tests narrow it to a scratch
//                                                   dir with CENSUS_REPO and CENSUS_TEMP)
//
// A process counts as the suite's when it is new since the snapshot and
// carries the marker in its environment, or works in (cwd) or names (command
// line) the repository or a directory under the temp dir. The docker engine
// and its helpers (dockerd, containerd, shims, docker-proxy) are
// infrastructure, never counted: a container the suite left is listed by
// container instead. Zombies and kernel threads are not processes that run.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MARKER_ENV = 'RUN4_TEST_CENSUS';
/** Executable names (/proc/<pid>/comm, 15 characters at most) of long-lived infrastructure. */
export const INFRA = [/^dockerd$/, /^containerd$/, /^containerd-shim/, /^docker-proxy$/, /^runc$/, /^buildkitd$/];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function read(file, encoding = 'utf8') {
  try {
    return readFileSync(file, encoding);
  } catch {
    return null;
  }
}

/** Every live process: pid, ppid, start time, comm, cwd, command line, environment (null when unreadable). */
export function processes() {
  const out = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read(`/proc/${name}/stat`);
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') continue;
    const ppid = Number(fields[1]);
    const cmdline = (read(`/proc/${name}/cmdline`, 'latin1') ?? '').replaceAll('\0', ' ').trim();
    if (ppid === 2 || Number(name) === 2 || cmdline === '') continue; // kernel threads
    let cwd = '';
    try {
      cwd = readlinkSync(`/proc/${name}/cwd`);
    } catch {
      // not ours to read
    }
    const comm = (read(`/proc/${name}/comm`) ?? '').trim();
    out.push({ pid: Number(name), ppid, start: Number(fields[19]), comm, cwd, cmdline, environ: read(`/proc/${name}/environ`, 'latin1') });
  }
  return out;
}

function containers() {
  try {
    const text = execFileSync('docker', ['ps', '-a', '--no-trunc', '--format', '{{.ID}} {{.Names}} {{.Image}} {{.Status}}'], { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'ignore'] });
    return text.split('\n').filter(Boolean);
  } catch {
    return null; // no docker engine answers
  }
}

/** This process and its ancestors (the script that runs the census is not a leftover). */
function selfAndAncestors(table) {
  const byPid = new Map(table.map((p) => [p.pid, p]));
  const out = new Set();
  for (let pid = process.pid; pid > 1 && !out.has(pid); pid = byPid.get(pid)?.ppid ?? 0) out.add(pid);
  return out;
}

const under = (path, dir) => path === dir || path.startsWith(`${dir}/`);

/**
 * What the suite left: processes new since `before` that are the suite's,
 * and containers new since then that still exist.
 */
export function leftovers(before, { table = processes(), containerList = containers(), repo = root, temp = tmpdir() } = {}) {
  const known = new Set(before.processes);
  const mine = selfAndAncestors(table);
  const marker = `${MARKER_ENV}=${before.marker}`;
  const left = table.filter((p) => {
    if (known.has(`${p.pid}:${p.start}`) || mine.has(p.pid)) return false;
    if (INFRA.some((re) => re.test(p.comm))) return false;
    const marked = p.environ !== null && p.environ.split('\0').includes(marker);
    const inTemp = p.cwd.startsWith(`${temp}/`) || p.cmdline.includes(`${temp}/`);
    return marked || under(p.cwd, repo) || p.cmdline.includes(repo) || inTemp;
  });
  const knownContainers = new Set((before.containers ?? []).map((c) => c.split(' ')[0]));
  const leftContainers = before.containers && containerList ? containerList.filter((c) => !knownContainers.has(c.split(' ')[0])) : [];
  return { processes: left, containers: leftContainers };
}

/** The listing printed when something is left: one line per process or container. */
export function describeLeftovers(left) {
  return [
    ...left.processes.map((p) => `  pid ${p.pid} (parent ${p.ppid}) cwd ${p.cwd || '?'}: ${p.cmdline.slice(0, 300)}`),
    ...left.containers.map((c) => `  container ${c}`),
  ].join('\n');
}

function snapshot(file) {
  const marker = randomUUID();
  writeFileSync(file, JSON.stringify({ marker, processes: processes().map((p) => `${p.pid}:${p.start}`), containers: containers() }) + '\n');
  process.stdout.write(`${marker}\n`);
}

async function check(file) {
  const before = JSON.parse(readFileSync(file, 'utf8'));
  const deadline = Date.now() + Number(process.env.CENSUS_WAIT_S ?? 30) * 1000;
  // CENSUS_REPO / CENSUS_TEMP narrow where a process must work to count (the census's own tests use a scratch dir)
  const where = { repo: process.env.CENSUS_REPO ?? root, temp: process.env.CENSUS_TEMP ?? tmpdir() };
  let left = leftovers(before, where);
  // teardown of the last tests may still be ending: wait for the condition, within a deadline
  while (left.processes.length + left.containers.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    left = leftovers(before, where);
  }
  const count = left.processes.length + left.containers.length;
  if (count === 0) {
    process.stdout.write('process census: nothing the build and the tests started is left running\n');
    return 0;
  }
  process.stderr.write(
    `process census: ${left.processes.length} process(es) and ${left.containers.length} container(s) started by the build and the tests are still running (fix: the test that started them must stop them):\n${describeLeftovers(left)}\n`,
  );
  return 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, file] = process.argv.slice(2);
  if (command === 'snapshot' && file) snapshot(file);
  else if (command === 'check' && file) process.exitCode = await check(file);
  else {
    process.stderr.write('usage: node tools/process-census.mjs snapshot|check <file>\n');
    process.exitCode = 2;
  }
}
