#!/usr/bin/env node
// Check package-lock.json before `npm ci`, with Node's standard library only
// (it runs before anything is installed):
//  1. it lists every platform's optional packages (macOS, Windows, musl ...):
//     each optionalDependencies entry of every locked package resolves to a
//     locked package, and a named sample (@nx/nx-darwin-arm64, ...) is there;
//  2. it is in sync with the package.json files: the root and every
//     workspace declare in the lock exactly the dependencies their
//     package.json declares, and every workspace is linked.
// Exit 0 when both hold, 1 with one line per problem and the fix otherwise,
// 2 on usage errors or an unreadable file.
//   node tools/check-lock.mjs [--lock <file>] [--root <dir>]
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIX = 'regenerate it with `bash tools/regen-lock.sh` and commit package-lock.json';

/** Other platforms' packages a complete lock of this workspace must list (when their parent is locked). */
const SAMPLE = [
  ['nx', '@nx/nx-darwin-arm64'],
  ['nx', '@nx/nx-darwin-x64'],
  ['nx', '@nx/nx-win32-x64-msvc'],
  ['nx', '@nx/nx-linux-x64-musl'],
  ['rollup', '@rollup/rollup-darwin-arm64'],
  ['rollup', '@rollup/rollup-win32-x64-msvc'],
  ['rollup', '@rollup/rollup-linux-x64-musl'],
  ['esbuild', '@esbuild/darwin-arm64'],
  ['esbuild', '@esbuild/win32-x64'],
];

const DEP_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

function usage(message) {
  process.stderr.write(`check-lock: ${message}\nusage: node tools/check-lock.mjs [--lock <file>] [--root <dir>]\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const here = dirname(fileURLToPath(import.meta.url));
  const opts = { root: resolve(here, '..'), lock: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--lock' || a === '--root') {
      const v = argv[++i];
      if (!v) usage(`${a} needs a value`);
      opts[a.slice(2)] = resolve(v);
    } else usage(`unknown argument "${a}"`);
  }
  opts.lock ??= join(opts.root, 'package-lock.json');
  return opts;
}

function readJson(file, what) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    process.stderr.write(`check-lock: ${what} not found: ${file}; ${FIX}\n`);
    process.exit(2);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    process.stderr.write(`check-lock: ${what} is not valid JSON: ${file}: ${error.message}\n`);
    process.exit(2);
  }
}

/** Node's lookup: `<from>/node_modules/<name>`, then each enclosing node_modules, then the root. */
export function resolveInLock(packages, from, name) {
  let base = from;
  for (;;) {
    const key = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[key]) return key;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut >= 0 ? base.slice(0, cut) : '';
  }
}

/** Expand the root package.json's workspaces globs (`dir/*` or plain dirs) to directories holding a package.json. */
function workspaceDirs(root, patterns) {
  const dirs = [];
  for (const p of patterns ?? []) {
    if (p.endsWith('/*')) {
      const parent = join(root, p.slice(0, -2));
      if (!existsSync(parent)) continue;
      for (const d of readdirSync(parent, { withFileTypes: true })) {
        if (d.isDirectory() && existsSync(join(parent, d.name, 'package.json'))) dirs.push(`${p.slice(0, -2)}/${d.name}`);
      }
    } else if (existsSync(join(root, p, 'package.json'))) dirs.push(p.replace(/\/$/, ''));
  }
  return dirs.sort();
}

function sameDeps(manifest, entry) {
  const diffs = [];
  for (const field of DEP_FIELDS) {
    const want = manifest[field] ?? {};
    const have = entry?.[field] ?? {};
    for (const [name, spec] of Object.entries(want)) {
      if (have[name] === undefined) diffs.push(`${field}.${name} (${spec}) is not in the lock`);
      else if (have[name] !== spec) diffs.push(`${field}.${name} is "${spec}" in package.json but "${have[name]}" in the lock`);
    }
    for (const name of Object.keys(have)) if (want[name] === undefined) diffs.push(`${field}.${name} is in the lock but no longer in package.json`);
  }
  return diffs;
}

/**
 * All problems of a lock against the workspace at `root`, one sentence each.
 *
 * @example
 * checkLock(JSON.parse(readFileSync('package-lock.json', 'utf8')), process.cwd()); // [] when fine
 */
export function checkLock(lock, root) {
  const problems = [];
  const packages = lock.packages ?? {};
  if (lock.lockfileVersion !== 3 && lock.lockfileVersion !== 2) {
    problems.push(`lockfileVersion is ${lock.lockfileVersion ?? 'missing'}; npm 9+ writes 3`);
  }

  // 1. other platforms' optional packages
  const missing = new Map();
  for (const [path, entry] of Object.entries(packages)) {
    for (const name of Object.keys(entry.optionalDependencies ?? {})) {
      if (!resolveInLock(packages, path, name)) {
        const parent = path === '' ? 'the root' : path.replace(/^.*node_modules\//, '');
        if (!missing.has(name)) missing.set(name, parent);
      }
    }
  }
  for (const [parent, name] of SAMPLE) {
    if (packages[`node_modules/${parent}`] && !resolveInLock(packages, `node_modules/${parent}`, name) && !missing.has(name)) missing.set(name, parent);
  }
  if (missing.size > 0) {
    const list = [...missing].slice(0, 8).map(([n, p]) => `${n} (optional dependency of ${p})`).join(', ');
    problems.push(
      `the lock lacks ${missing.size} optional package(s) of other platforms: ${list}${missing.size > 8 ? ', ...' : ''}; ` +
        '`npm ci` rejects such a lock ("Missing: ... from lock file") on every machine, and macOS, Windows or musl machines could not install',
    );
  }

  // 2. in sync with the package.json files
  const rootManifest = readJson(join(root, 'package.json'), 'package.json');
  for (const d of sameDeps(rootManifest, packages[''])) problems.push(`out of sync with package.json: ${d}`);
  const dirs = workspaceDirs(root, rootManifest.workspaces);
  for (const dir of dirs) {
    const manifest = readJson(join(root, dir, 'package.json'), `${dir}/package.json`);
    const entry = packages[dir];
    if (!entry) {
      problems.push(`out of sync: workspace ${dir} (${manifest.name}) is not in the lock`);
      continue;
    }
    if (manifest.name && !packages[`node_modules/${manifest.name}`]?.link) problems.push(`out of sync: workspace ${manifest.name} is not linked in the lock (node_modules/${manifest.name})`);
    if (entry.version !== manifest.version) problems.push(`out of sync: ${dir}/package.json has version ${manifest.version}, the lock ${entry.version}`);
    for (const d of sameDeps(manifest, entry)) problems.push(`out of sync with ${dir}/package.json: ${d}`);
  }
  for (const [path, entry] of Object.entries(packages)) {
    if (entry.link && entry.resolved && !dirs.includes(entry.resolved)) {
      problems.push(`out of sync: the lock links ${path} to ${entry.resolved}, which is no workspace here`);
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts = parseArgs(process.argv.slice(2));
  const lock = readJson(opts.lock, 'lock file');
  const problems = checkLock(lock, opts.root);
  const shown = relative(process.cwd(), opts.lock) || opts.lock;
  if (problems.length > 0) {
    for (const p of problems) process.stderr.write(`check-lock: ${shown}: ${p}\n`);
    process.stderr.write(`check-lock: ${shown} is not usable by \`npm ci\`: ${FIX}\n`);
    process.exit(1);
  }
  const count = Object.keys(lock.packages ?? {}).length - 1;
  process.stdout.write(`check-lock: ${shown} ok (${count} packages, other platforms' optional packages listed, in sync with package.json)\n`);
}
