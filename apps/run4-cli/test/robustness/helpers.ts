import { execa } from 'execa';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const cli = path.resolve(__dirname, '../../dist/main.js');
export const run4 = (args: string[], cwd: string, options: { timeout?: number } = {}) =>
  execa('node', [cli, ...args], { cwd, reject: false, env: { CI: '' }, timeout: options.timeout ?? 150_000 });
export const tmp = () => mkdtempSync(path.join(tmpdir(), 'run4-robust-'));

/** Wait for a condition (never a fixed sleep); throws with `what` after `timeoutMs`. */
export async function waitFor(cond: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The stderr of a bad-input failure: exactly one line, no stack trace. */
export function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n').filter((l) => !l.startsWith('[') && l.trim().length > 0);
  if (lines.length !== 1 || /\n\s+at /.test(stderr)) throw new Error(`expected one line on stderr, got:\n${stderr}`);
  return lines[0]!;
}

/** Every live process in process group `pgid` (a census from /proc). */
export function processesInGroup(pgid: number): number[] {
  const found: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const text = readFileSync(`/proc/${d}/stat`, 'utf8');
      const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
      if (rest[0] !== 'Z' && Number(rest[2]) === pgid) found.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Listening TCP sockets (address:port) of the given processes, from /proc/net/tcp{,6} and their fds. */
export function listeningSockets(pids: number[]): string[] {
  const inodes = new Set<string>();
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(m[1]!);
      } catch {
        // closed meanwhile
      }
    }
  }
  const out: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== '0A' || !inodes.has(f[9]!)) continue;
      const [hex, port] = f[1]!.split(':') as [string, string];
      out.push(`${decodeAddress(hex)}:${parseInt(port, 16)}`);
    }
  }
  return out;
}

function decodeAddress(hex: string): string {
  if (hex.length === 8) return [0, 1, 2, 3].map((i) => parseInt(hex.slice(6 - i * 2, 8 - i * 2), 16)).join('.');
  if (/^0+$/.test(hex)) return '::';
  if (hex === '00000000000000000000000001000000') return '::1';
  if (hex.startsWith('0000000000000000FFFF0000')) return `::ffff:${decodeAddress(hex.slice(24))}`;
  return hex;
}

/**
 * A process census: every live process (not a zombie) whose command line,
 * working directory or environment points under `dir` (this test process
 * excluded), as "pid command".
 */
export function processesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      if (['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!)) continue;
      const cmdline = readFileSync(`/proc/${d}/cmdline`).toString('utf8').replaceAll('\0', ' ').trim();
      let cwd = '';
      try {
        cwd = readlinkSync(`/proc/${d}/cwd`);
      } catch {
        // not ours to read
      }
      let environ = '';
      try {
        environ = readFileSync(`/proc/${d}/environ`).toString('latin1');
      } catch {
        // not ours to read
      }
      if (cmdline.includes(dir) || cwd === dir || cwd.startsWith(`${dir}/`) || environ.includes(dir)) found.push(`${d} ${cmdline}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}
