import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import type { SpawnNotice } from '@run4/compose-kit';

/** The ledger of what a run started, under the output directory. */
export const OWNED_FILE = 'owned.json';

const ProcessIdentitySchema = z.object({
  pid: z.number().int().positive(),
  /** Start time in clock ticks since boot (/proc/<pid>/stat field 22). */
  start_ticks: z.number().int().nonnegative(),
  boot_id: z.string(),
});

/** One entry of owned.json: a process group or a compose project a run started. */
export const OwnedEntrySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('process-group'),
    project: z.string(),
    service: z.string(),
    /** Random token in the group's environment (RUN4_DEPLOYMENT_TOKEN). */
    token: z.string().min(16),
    argv: z.array(z.string()),
    cwd: z.string(),
    /** Null between "about to spawn" and "spawned". */
    leader: ProcessIdentitySchema.nullable(),
    pgid: z.number().int().positive().nullable(),
    owner: ProcessIdentitySchema,
    recorded_at: z.string(),
  }),
  z.object({
    kind: z.literal('compose-project'),
    project: z.string(),
    files: z.array(z.string()),
    owner: ProcessIdentitySchema,
    recorded_at: z.string(),
  }),
]);
export type OwnedEntry = z.infer<typeof OwnedEntrySchema>;

export const OwnedFileSchema = z.object({ version: z.literal(1), entries: z.array(OwnedEntrySchema) });
export type OwnedFile = z.infer<typeof OwnedFileSchema>;

/** What `reap` did. */
export interface ReapReport {
  /** Processes signalled, with the entry they belonged to. */
  killed: { pid: number; service: string; project: string }[];
  /** Compose projects whose containers/networks/volumes were removed. */
  composeProjects: string[];
  /** Entries left in place, and why (e.g. their run is still alive). */
  kept: { entry: string; reason: string }[];
  /** Entries dropped because nothing of them was left. */
  gone: number;
}

function bootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return 'unknown';
  }
}

/** pgid and start time of a live process from /proc/<pid>/stat, or null when it is gone. */
function procStat(pid: number): { pgid: number; startTicks: number } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // the command (field 2) is in parentheses and may contain spaces: count fields after its last ')'
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  if (rest[0] === 'Z' || rest[0] === 'X') return null; // a zombie holds no resources and cannot be signalled away
  return { pgid: Number(rest[2]), startTicks: Number(rest[19]) };
}

function environHas(pid: number, entry: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`).toString('latin1').split('\0').includes(entry);
  } catch {
    return false;
  }
}

/**
 * This process's identity (pid, start time, boot), as recorded in each entry.
 *
 * @example
 * identityAlive(selfIdentity()); // true
 */
export function selfIdentity(pid = process.pid): z.infer<typeof ProcessIdentitySchema> {
  return { pid, start_ticks: procStat(pid)?.startTicks ?? 0, boot_id: bootId() };
}

/**
 * True when the process recorded as `id` is still the same live process (pid AND start time AND boot match).
 *
 * @example
 * identityAlive({ pid: 1, start_ticks: 0, boot_id: 'another boot' }); // false
 */
export function identityAlive(id: z.infer<typeof ProcessIdentitySchema>): boolean {
  if (id.boot_id !== bootId()) return false;
  const stat = procStat(id.pid);
  return stat !== null && stat.startTicks === id.start_ticks;
}

function allPids(): number[] {
  try {
    return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  } catch {
    return [];
  }
}

/**
 * The live processes that provably belong to a process-group entry: in the
 * recorded group and either its recorded leader (pid + start time + boot id
 * match) or carrying the entry's random token in their environment — plus
 * any process elsewhere carrying that token (a service that moved to its own
 * group). A process that merely reuses a recorded pid matches neither.
 *
 * @example
 * ownedPids(entry); // [] once everything of it is gone
 */
export function ownedPids(entry: Extract<OwnedEntry, { kind: 'process-group' }>): number[] {
  if (entry.leader && entry.leader.boot_id !== bootId()) return [];
  const marker = `RUN4_DEPLOYMENT_TOKEN=${entry.token}`;
  const found: number[] = [];
  for (const pid of allPids()) {
    if (pid === process.pid) continue;
    const stat = procStat(pid);
    if (!stat) continue;
    const isLeader = entry.leader !== null && pid === entry.leader.pid && stat.startTicks === entry.leader.start_ticks;
    if (isLeader || environHas(pid, marker)) found.push(pid);
  }
  return found;
}

/**
 * owned.json: every process group and compose project a run starts, written
 * (synchronously) before the process exists, so a later `run4 resume`,
 * `run4 run` or `run4 clean` can reap what a killed run left behind — and
 * nothing else: only processes whose identity or environment token matches.
 *
 * @example
 * const ledger = new OwnedProcesses('.run4');
 * const stop = observeDeploymentSpawns((n) => ledger.record(n));
 * const report = await ledger.reap(); // after a crash
 */
export class OwnedProcesses {
  readonly file: string;
  private readonly owner = selfIdentity();

  constructor(dir: string) {
    this.file = path.join(path.resolve(dir), OWNED_FILE);
  }

  /** The entries on disk (an unreadable file counts as empty, and is replaced on the next write). */
  read(): OwnedEntry[] {
    if (!existsSync(this.file)) return [];
    try {
      const parsed = OwnedFileSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      return parsed.success ? parsed.data.entries : [];
    } catch {
      return [];
    }
  }

  private write(entries: OwnedEntry[]): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, entries } satisfies OwnedFile, null, 2) + '\n');
    renameSync(tmp, this.file);
  }

  /** Record one spawn notice of a deployment (synchronous: it runs before the spawn proceeds). */
  record(notice: SpawnNotice): void {
    // two run4 processes on one output dir (milestone targets run in parallel) must not lose each other's entries
    let release: (() => void) | undefined;
    for (let attempt = 0; attempt < 200 && !release; attempt++) {
      try {
        release = lockfile.lockSync(this.file, { realpath: false, stale: 15_000, lockfilePath: `${this.file}.lock` });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      }
    }
    try {
      this.recordUnlocked(notice);
    } finally {
      release?.();
    }
  }

  private recordUnlocked(notice: SpawnNotice): void {
    const entries = this.read();
    const now = new Date().toISOString();
    if (notice.kind === 'spawning') {
      entries.push({ kind: 'process-group', project: notice.project, service: notice.service, token: notice.token, argv: notice.argv, cwd: notice.cwd, leader: null, pgid: null, owner: this.owner, recorded_at: now });
    } else if (notice.kind === 'spawned') {
      const entry = entries.find((e) => e.kind === 'process-group' && e.token === notice.token && e.service === notice.service && e.leader === null);
      const leader = { pid: notice.pid, start_ticks: procStat(notice.pid)?.startTicks ?? 0, boot_id: bootId() };
      if (entry && entry.kind === 'process-group') {
        entry.leader = leader;
        entry.pgid = notice.pgid;
      } else {
        entries.push({ kind: 'process-group', project: notice.project, service: notice.service, token: notice.token, argv: notice.argv, cwd: notice.cwd, leader, pgid: notice.pgid, owner: this.owner, recorded_at: now });
      }
    } else if (notice.kind === 'compose-project') {
      entries.push({ kind: 'compose-project', project: notice.project, files: notice.files, owner: this.owner, recorded_at: now });
    } else {
      const rest = entries.filter((e) => !(e.project === notice.project && e.owner.pid === this.owner.pid && e.owner.start_ticks === this.owner.start_ticks));
      if (rest.length === entries.length) return;
      this.write(rest);
      return;
    }
    this.write(entries);
  }

  /**
   * Stop what dead runs left: SIGTERM every provably owned process, SIGKILL
   * those still there after `graceMs`, remove leftover compose projects
   * (docker, by project label). Entries of a run that is still alive are
   * kept and not touched.
   */
  async reap(options: { graceMs?: number; onProgress?: (line: string) => void } = {}): Promise<ReapReport> {
    const report: ReapReport = { killed: [], composeProjects: [], kept: [], gone: 0 };
    const entries = this.read();
    if (entries.length === 0) return report;
    const keep: OwnedEntry[] = [];
    const targets = new Map<number, { service: string; project: string; startTicks: number }>();
    for (const entry of entries) {
      const label = entry.kind === 'process-group' ? `${entry.project}/${entry.service}` : `compose project ${entry.project}`;
      const self = entry.owner.pid === this.owner.pid && entry.owner.start_ticks === this.owner.start_ticks;
      if (self || identityAlive(entry.owner)) {
        keep.push(entry);
        report.kept.push({ entry: label, reason: `its run4 process (pid ${entry.owner.pid}) is still running` });
        continue;
      }
      if (entry.kind === 'process-group') {
        const pids = ownedPids(entry);
        if (pids.length === 0) report.gone++;
        for (const pid of pids) targets.set(pid, { service: entry.service, project: entry.project, startTicks: procStat(pid)?.startTicks ?? -1 });
      } else {
        const removed = await removeComposeProject(entry.project);
        if (removed === null) {
          keep.push(entry);
          report.kept.push({ entry: label, reason: 'no docker engine answers to check it' });
        } else if (removed) report.composeProjects.push(entry.project);
        else report.gone++;
      }
    }
    // the same process, not a newcomer reusing its pid: the start time must still match
    const same = (pid: number) => procStat(pid)?.startTicks === targets.get(pid)!.startTicks;
    for (const [pid, t] of targets) {
      try {
        process.kill(pid, 'SIGTERM');
        report.killed.push({ pid, service: t.service, project: t.project });
        options.onProgress?.(`reaped ${t.project}/${t.service} (pid ${pid})`);
      } catch {
        // already gone
      }
    }
    const deadline = Date.now() + (options.graceMs ?? 5000);
    while (Date.now() < deadline && [...targets.keys()].some(same)) await sleep(50);
    for (const pid of targets.keys()) {
      if (!same(pid)) continue;
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    // settled entries go; entries kept, or recorded meanwhile by a live run, stay
    const settled = new Set(entries.filter((e) => !keep.includes(e)).map((e) => JSON.stringify(e)));
    this.write(this.read().filter((e) => !settled.has(JSON.stringify(e))));
    return report;
  }
}

/**
 * Remove every container, network and volume labelled with a compose
 * project. Returns true when something was removed, false when nothing was
 * there, null when no docker engine answers.
 */
async function removeComposeProject(project: string): Promise<boolean | null> {
  const label = `label=com.docker.compose.project=${project}`;
  const docker = (args: string[]) => execa('docker', args, { reject: false, timeout: 60_000 });
  const containers = await docker(['ps', '-aq', '--filter', label]);
  if (containers.exitCode !== 0) return null;
  const ids = containers.stdout.split('\n').filter(Boolean);
  if (ids.length > 0) await docker(['rm', '-f', '-v', ...ids]);
  const networks = (await docker(['network', 'ls', '-q', '--filter', label])).stdout.split('\n').filter(Boolean);
  if (networks.length > 0) await docker(['network', 'rm', ...networks]);
  const volumes = (await docker(['volume', 'ls', '-q', '--filter', label])).stdout.split('\n').filter(Boolean);
  if (volumes.length > 0) await docker(['volume', 'rm', '-f', ...volumes]);
  return ids.length + networks.length + volumes.length > 0;
}
