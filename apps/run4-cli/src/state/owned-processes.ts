import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import type { SpawnNotice } from '@run4/compose-kit';
import { environHas, procStat, procTable, type ProcEntry } from './proc-table.js';

/** The ledger of what a run started, under the output directory. */
export const OWNED_FILE = 'owned.json';

/** Environment variable a recording run4 process sets to its run token: every child that inherits it is the run's. */
export const OWNER_ENV = 'RUN4_OWNER_TOKEN';

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
  z.object({
    kind: z.literal('process'),
    /** `spawned`: a child the run4 process spawned itself; `descendant`: found under it by the census. */
    via: z.enum(['spawned', 'descendant']),
    process: ProcessIdentitySchema,
    /** Its process group when recorded; equal to its pid when it leads its own group (the whole group is then the run's). */
    pgid: z.number().int().positive(),
    argv: z.array(z.string()),
    cwd: z.string(),
    owner: ProcessIdentitySchema,
    recorded_at: z.string(),
  }),
  z.object({
    kind: z.literal('run-token'),
    /** Random token in the environment of everything the run started that inherits it ({@link OWNER_ENV}). */
    token: z.string().min(16),
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

/** A process's identity: pid, start time and boot, as recorded in each entry. */
export type ProcessIdentity = z.infer<typeof ProcessIdentitySchema>;

/**
 * This process's identity (pid, start time, boot), as recorded in each entry.
 *
 * @example
 * identityAlive(selfIdentity()); // true
 */
export function selfIdentity(pid = process.pid): ProcessIdentity {
  return { pid, start_ticks: procStat(pid)?.startTicks ?? 0, boot_id: bootId() };
}

/**
 * True when the process recorded as `id` is still the same live process (pid AND start time AND boot match).
 *
 * @example
 * identityAlive({ pid: 1, start_ticks: 0, boot_id: 'another boot' }); // false
 */
export function identityAlive(id: ProcessIdentity): boolean {
  if (id.boot_id !== bootId()) return false;
  const stat = procStat(id.pid);
  return stat !== null && stat.startTicks === id.start_ticks;
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
export function ownedPids(entry: Extract<OwnedEntry, { kind: 'process-group' }>, table: ProcEntry[] = procTable()): number[] {
  if (entry.leader && entry.leader.boot_id !== bootId()) return [];
  const marker = `RUN4_DEPLOYMENT_TOKEN=${entry.token}`;
  const found: number[] = [];
  for (const p of table) {
    if (p.pid === process.pid) continue;
    const isLeader = entry.leader !== null && p.pid === entry.leader.pid && p.startTicks === entry.leader.start_ticks;
    if (isLeader || environHas(p.pid, marker)) found.push(p.pid);
  }
  return found;
}

const sameOwner = (a: ProcessIdentity, b: ProcessIdentity) => a.pid === b.pid && a.start_ticks === b.start_ticks && a.boot_id === b.boot_id;

function entryLabel(entry: OwnedEntry): { project: string; service: string } {
  if (entry.kind === 'process-group') return { project: entry.project, service: entry.service };
  if (entry.kind === 'compose-project') return { project: entry.project, service: 'compose' };
  if (entry.kind === 'process') return { project: `run4 pid ${entry.owner.pid}`, service: path.basename(entry.argv[0] ?? '') || `pid ${entry.process.pid}` };
  return { project: `run4 pid ${entry.owner.pid}`, service: `${OWNER_ENV} carrier` };
}

/**
 * owned.json: every process group, child process and compose project a run
 * starts, so a later `run4 resume`, `run4 run` or `run4 clean` can reap what
 * a killed run left behind — and nothing else: only processes whose identity
 * (pid + start time + boot) or environment token matches, and the other
 * members of a group such a process still leads or belongs to.
 *
 * @example
 * const ledger = new OwnedProcesses('.run4');
 * const stop = observeDeploymentSpawns((n) => ledger.record(n));
 * const report = await ledger.reap(); // after a crash
 */
export class OwnedProcesses {
  readonly file: string;
  /** The run4 process that records (this one). */
  readonly owner = selfIdentity();

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

  /**
   * Read-modify-write under the file lock (synchronous: it runs before a
   * spawn proceeds). Two run4 processes on one output dir (milestone targets
   * run in parallel) lose none of each other's entries. `change` returns the
   * new entries, or null to leave the file as it is.
   */
  private mutate(change: (entries: OwnedEntry[]) => OwnedEntry[] | null): void {
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
      const next = change(this.read());
      if (next) this.write(next);
    } finally {
      release?.();
    }
  }

  /** Record one spawn notice of a deployment (synchronous: it runs before the spawn proceeds). */
  record(notice: SpawnNotice): void {
    this.mutate((entries) => this.applyNotice(entries, notice));
  }

  private applyNotice(entries: OwnedEntry[], notice: SpawnNotice): OwnedEntry[] | null {
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
      const rest = entries.filter((e) => !((e.kind === 'process-group' || e.kind === 'compose-project') && e.project === notice.project && sameOwner(e.owner, this.owner)));
      return rest.length === entries.length ? null : rest;
    }
    return entries;
  }

  /**
   * Record live processes this run4 process started (children it spawned, or
   * descendants found under it), each by identity and process group. Processes
   * already recorded, or gone meanwhile, are left out.
   */
  recordProcesses(processes: { pid: number; via: 'spawned' | 'descendant'; argv: string[]; cwd: string }[]): void {
    if (processes.length === 0) return;
    this.mutate((entries) => {
      const known = new Set(entries.flatMap((e) => (e.kind === 'process' ? [`${e.process.pid}:${e.process.start_ticks}`] : [])));
      const now = new Date().toISOString();
      let added = 0;
      for (const p of processes) {
        const stat = procStat(p.pid);
        if (!stat || known.has(`${p.pid}:${stat.startTicks}`)) continue;
        known.add(`${p.pid}:${stat.startTicks}`);
        entries.push({ kind: 'process', via: p.via, process: { pid: p.pid, start_ticks: stat.startTicks, boot_id: bootId() }, pgid: stat.pgid, argv: p.argv, cwd: p.cwd, owner: this.owner, recorded_at: now });
        added++;
      }
      return added > 0 ? entries : null;
    });
  }

  /** Record the run token this process puts in its environment ({@link OWNER_ENV}) before any child can inherit it. */
  recordRunToken(token: string): void {
    this.mutate((entries) => [...entries, { kind: 'run-token', token, owner: this.owner, recorded_at: new Date().toISOString() }]);
  }

  /**
   * Drop this process's `process` entries that nothing is left of: the
   * process is gone and, when it led its own group, so is every member of
   * that group. With `final` (recording stops), also its `run-token` entry
   * when no live process carries the token; before that, a child yet to
   * start may still inherit it.
   */
  prune(options: { final?: boolean } = {}): void {
    const table = procTable();
    const live = new Set(table.map((p) => `${p.pid}:${p.startTicks}`));
    const groups = new Set(table.map((p) => p.pgid));
    this.mutate((entries) => {
      const rest = entries.filter((e) => {
        if (!sameOwner(e.owner, this.owner)) return true;
        if (e.kind === 'process') return live.has(`${e.process.pid}:${e.process.start_ticks}`) || (e.pgid === e.process.pid && groups.has(e.pgid));
        if (e.kind === 'run-token') return !options.final || table.some((p) => p.pid !== process.pid && environHas(p.pid, `${OWNER_ENV}=${e.token}`));
        return true;
      });
      return rest.length === entries.length ? null : rest;
    });
  }

  /**
   * Stop what dead runs left: SIGTERM every provably owned process, SIGKILL
   * those still there after `graceMs`, remove leftover compose projects
   * (docker, by project label). Entries of a run that is still alive are
   * kept and not touched.
   *
   * Provably owned: a recorded process whose pid AND start time still match;
   * a process carrying a dead run's token in its environment; and every
   * member of a group a recorded process led, while a process proven so
   * is still in it (the kernel does not reuse a group id while its group has
   * members, so such a group is still the one the run started).
   */
  async reap(options: { graceMs?: number; onProgress?: (line: string) => void } = {}): Promise<ReapReport> {
    const report: ReapReport = { killed: [], composeProjects: [], kept: [], gone: 0 };
    const entries = this.read();
    if (entries.length === 0) return report;
    const table = procTable().filter((p) => p.pid !== process.pid);
    const byPid = new Map(table.map((p) => [p.pid, p]));
    const keep: OwnedEntry[] = [];
    const targets = new Map<number, { service: string; project: string; startTicks: number }>();
    const target = (pid: number, entry: OwnedEntry) => {
      const p = byPid.get(pid);
      if (p && !targets.has(pid)) targets.set(pid, { ...entryLabel(entry), startTicks: p.startTicks });
    };
    /** Groups a recorded process led (or a deployment's service group), with the entry that led them. */
    const ledGroups = new Map<number, OwnedEntry>();
    for (const entry of entries) {
      const { project, service } = entryLabel(entry);
      const label = entry.kind === 'compose-project' ? `compose project ${project}` : `${project}/${service}`;
      if (sameOwner(entry.owner, this.owner) || identityAlive(entry.owner)) {
        keep.push(entry);
        report.kept.push({ entry: label, reason: `its run4 process (pid ${entry.owner.pid}) is still running` });
        continue;
      }
      if (entry.kind === 'compose-project') {
        const removed = await removeComposeProject(entry.project);
        if (removed === null) {
          keep.push(entry);
          report.kept.push({ entry: label, reason: 'no docker engine answers to check it' });
        } else if (removed) report.composeProjects.push(entry.project);
        else report.gone++;
        continue;
      }
      let pids: number[] = [];
      if (entry.kind === 'process-group') {
        pids = ownedPids(entry, table);
        if (entry.pgid) ledGroups.set(entry.pgid, entry);
      } else if (entry.kind === 'process') {
        const p = byPid.get(entry.process.pid);
        if (entry.process.boot_id === bootId() && p && p.startTicks === entry.process.start_ticks) pids = [p.pid];
        if (entry.pgid === entry.process.pid) ledGroups.set(entry.pgid, entry);
      } else {
        const marker = `${OWNER_ENV}=${entry.token}`;
        pids = table.filter((p) => environHas(p.pid, marker)).map((p) => p.pid);
      }
      if (pids.length === 0 && !(entry.kind === 'process' && entry.pgid === entry.process.pid && table.some((p) => p.pgid === entry.pgid))) report.gone++;
      for (const pid of pids) target(pid, entry);
    }
    // the rest of a group a proven process still belongs to (a server's or builder's grandchildren)
    const witnessed = new Set([...targets.keys()].map((pid) => byPid.get(pid)!.pgid).filter((g) => ledGroups.has(g)));
    for (const p of table) if (witnessed.has(p.pgid)) target(p.pid, ledGroups.get(p.pgid)!);

    // the same process, not a newcomer reusing its pid: the start time must still match
    const same = (pid: number) => procStat(pid)?.startTicks === targets.get(pid)!.startTicks;
    for (const [pid, t] of targets) {
      try {
        process.kill(pid, 'SIGTERM');
        process.kill(pid, 'SIGCONT'); // a stopped process acts on SIGTERM only once continued
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
    this.mutate((now) => now.filter((e) => !settled.has(JSON.stringify(e))));
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
