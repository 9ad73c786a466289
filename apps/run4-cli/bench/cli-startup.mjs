// Benchmark: start-up cost of the `run4` command line. Times `run4 --help`
// and `run4 gate <small project>` (bench/fixtures/small-project: 8 files, one
// Node service, a Dockerfile and a compose file) against a named peer
// measured in the same run: secretlint (preset-recommend) scanning the same
// project, a Node command line with one job on the same files. The commands
// run round-robin, so a change in the machine's load hits all of them alike.
// Wall time is what a user waits; CPU time (user + system, from
// /proc/self/stat) is what the process itself costs and moves less when
// the cores are shared. Goals (issue): `run4 --help` under 0.3 s, `run4 gate`
// on a small project under 0.6 s.
// `--compare <main.js>` times a second build in the same rounds (e.g. one of
// an earlier commit, built into another directory), for before/after figures.
//   node apps/run4-cli/bench/cli-startup.mjs [--runs 9] [--project <dir>] [--cli <main.js>] [--compare <main.js>]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function flag(name, fallback) {
  const inline = process.argv.find((a) => a.startsWith(`${name}=`)); // --runs=15, as nx forwards it
  if (inline !== undefined) return inline.slice(name.length + 1);
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const value = process.argv[i + 1];
  if (value === undefined || value.startsWith('--')) usage(`${name} needs a value`);
  return value;
}

function usage(why) {
  process.stderr.write(`cli-startup: ${why} (usage: node bench/cli-startup.mjs [--runs N] [--project <dir>] [--cli <main.js>] [--compare <main.js>])\n`);
  process.exit(2);
}

const runs = Number(flag('--runs', '9'));
if (!Number.isInteger(runs) || runs < 1) usage(`--runs: "${flag('--runs', '')}" is not a positive whole number`);
const project = path.resolve(flag('--project', path.join(here, 'fixtures/small-project')));
if (!existsSync(project) || !statSync(project).isDirectory()) usage(`--project: ${project} is not a directory`);
const cli = path.resolve(flag('--cli', path.join(here, '../dist/main.js')));
if (!existsSync(cli)) usage(`${cli} is missing; build the CLI first: NX_DAEMON=false NX_NO_CLOUD=true npx nx run run4-cli:build`);
const compareFlag = flag('--compare', undefined);
const compare = compareFlag === undefined ? undefined : path.resolve(compareFlag);
if (compare !== undefined && !existsSync(compare)) usage(`--compare: ${compare} does not exist`);

// secretlint's own command, run with node like run4 (not through npx, whose start-up is not secretlint's)
const require = createRequire(import.meta.url);
const secretlintPkg = require.resolve('secretlint/package.json');
const secretlintManifest = JSON.parse(readFileSync(secretlintPkg, 'utf8'));
const secretlintBin = path.join(path.dirname(secretlintPkg), typeof secretlintManifest.bin === 'string' ? secretlintManifest.bin : secretlintManifest.bin.secretlint);
const secretlintRc = JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] });

const cases = [
  { name: 'run4 --help', args: [cli, '--help'], cwd: project, okCodes: [0], goalMs: 300 },
  // exit 1 is a verdict (blocking findings), not a failure of the command
  { name: 'run4 gate <project>', args: [cli, 'gate', project], cwd: project, okCodes: [0, 1], goalMs: 600 },
  ...(compare === undefined
    ? []
    : [
        { name: 'run4 --help (--compare build)', args: [compare, '--help'], cwd: project, okCodes: [0] },
        { name: 'run4 gate <project> (--compare build)', args: [compare, 'gate', project], cwd: project, okCodes: [0, 1] },
      ]),
  { name: `secretlint "**/*" (${secretlintManifest.version})`, args: [secretlintBin, '**/*', '--secretlintrcJSON', secretlintRc], cwd: project, okCodes: [0, 1], peer: true },
  { name: 'node -e 0 (start-up floor)', args: ['-e', '0'], cwd: project, okCodes: [0] },
];

// cutime + cstime of this process: CPU time of the children it has waited for, in clock ticks
const TICKS_PER_SECOND = 100;
function childCpuMs() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return NaN; // not Linux: wall time only
  }
}

function measure(c) {
  const cpu0 = childCpuMs();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, c.args, { cwd: c.cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  const wallMs = performance.now() - t0;
  const cpuMs = childCpuMs() - cpu0;
  if (!c.okCodes.includes(r.status ?? -1)) {
    process.stderr.write(`cli-startup: "${c.name}" exited ${r.status ?? r.signal}, expected ${c.okCodes.join(' or ')}:\n${(r.stderr || r.stdout).slice(0, 2000)}\n`);
    process.exit(1);
  }
  return { wallMs, cpuMs, code: r.status };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

const files = (dir) => readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? files(path.join(dir, e.name)) : 1), 0);
const loadBefore = loadavg()[0];
for (const c of cases) measure(c); // warm the file-system cache; not counted
const samples = new Map(cases.map((c) => [c, { wall: [], cpu: [], codes: new Set() }]));
for (let i = 0; i < runs; i++) {
  for (const c of cases) {
    const m = measure(c);
    const s = samples.get(c);
    s.wall.push(m.wallMs);
    s.cpu.push(m.cpuMs);
    s.codes.add(m.code);
  }
}

const peer = cases.find((c) => c.peer);
const peerWall = median(samples.get(peer).wall);
const peerCpu = median(samples.get(peer).cpu);
const s = (ms) => (Number.isNaN(ms) ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);
console.log(`project: ${path.relative(process.cwd(), project) || '.'} (${files(project)} files); cli: ${path.relative(process.cwd(), cli)}${compare ? `; --compare: ${compare}` : ''}; ${runs} runs each, round-robin, medians`);
console.log(`peer: secretlint ${secretlintManifest.version}, preset-recommend, on the same files\n`);
console.log('| command | wall median | wall min..max | CPU median | ratio to peer (wall) | ratio to peer (CPU) | exit | goal |');
console.log('|---|---|---|---|---|---|---|---|');
for (const c of cases) {
  const m = samples.get(c);
  const wall = median(m.wall);
  const cpu = median(m.cpu);
  const goal = c.goalMs === undefined ? '' : `< ${s(c.goalMs)}: ${wall < c.goalMs ? 'met' : 'MISSED'}`;
  console.log(`| ${c.name} | ${s(wall)} | ${s(Math.min(...m.wall))}..${s(Math.max(...m.wall))} | ${s(cpu)} | ${(wall / peerWall).toFixed(2)} | ${(cpu / peerCpu).toFixed(2)} | ${[...m.codes].join(',')} | ${goal} |`);
}
console.log(`\nmachine: ${cpus().length} cores, load ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after`);
