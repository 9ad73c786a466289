import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { check, type CheckRecord } from '@run4/checks';

/** One line of the recording shim's log (`bin/build2-shim.mjs`). */
export const ShimRecordSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('start'), service: z.string(), shim_pid: z.number().int(), at: z.string(), argv: z.array(z.string()), cwd: z.string(), planted: z.boolean(), config_yaml: z.boolean(), fix_instructions: z.boolean() }),
  z.object({ event: z.literal('end'), service: z.string(), shim_pid: z.number().int(), at: z.string(), exit_code: z.number().int().nullable(), signal: z.string().nullable(), error: z.string().optional() }),
]);
export type ShimRecord = z.infer<typeof ShimRecordSchema>;

/** One Build 2 invocation a Build 3 made, as the shim saw it. */
export interface Build2Invocation {
  service: string;
  argv: string[];
  cwd: string;
  started_at: string;
  ended_at: string | null;
  exit_code: number | null;
  signal: string | null;
  planted: boolean;
  config_yaml: boolean;
  fix_instructions: boolean;
}

/**
 * The path of the recording shim, to put in front of a Build 2 command.
 *
 * @example
 * const shim = build2ShimPath(); // .../builder-runner/bin/build2-shim.mjs
 */
export function build2ShimPath(): string {
  const pkg = createRequire(import.meta.url).resolve('@run4/builder-runner/package.json');
  return join(dirname(pkg), 'bin', 'build2-shim.mjs');
}

/**
 * A Build 2 command template wrapped in the recording shim: `{service}`
 * stays for Build 3 to fill, and `plant` adds arguments for one service.
 *
 * @example
 * shimCommand('node builder.js --cwd {dir} --depth {depth}', '/out/build2.jsonl');
 */
export function shimCommand(builderCommand: string, logFile: string, plant?: { service: string; args: string[] }): string {
  // Build 3 splits the template on spaces: a space inside a path is escaped with a backslash, and the planted
  // arguments go as base64url JSON, which no splitter (a shell, shlex) changes.
  const q = (s: string) => s.replaceAll(' ', '\\ ');
  const plantPart = plant ? ` --plant-service ${q(plant.service)} --plant-args-b64 ${Buffer.from(JSON.stringify(plant.args)).toString('base64url')}` : '';
  return `${q(process.execPath)} ${q(build2ShimPath())} --log ${q(logFile)} --service {service}${plantPart} -- ${builderCommand}`;
}

/**
 * Read the shim's log into invocations (start and end paired by the shim's
 * pid); malformed lines are counted, not fatal.
 *
 * @example
 * const { invocations } = readBuild2Invocations('/out/build2.jsonl');
 */
export function readBuild2Invocations(logFile: string): { invocations: Build2Invocation[]; malformed: number } {
  if (!existsSync(logFile)) return { invocations: [], malformed: 0 };
  const byPid = new Map<number, Build2Invocation>();
  const out: Build2Invocation[] = [];
  let malformed = 0;
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let parsed;
    try {
      parsed = ShimRecordSchema.safeParse(JSON.parse(line));
    } catch {
      malformed++;
      continue;
    }
    if (!parsed.success) {
      malformed++;
      continue;
    }
    const r = parsed.data;
    if (r.event === 'start') {
      const inv: Build2Invocation = { service: r.service, argv: r.argv, cwd: r.cwd, started_at: r.at, ended_at: null, exit_code: null, signal: null, planted: r.planted, config_yaml: r.config_yaml, fix_instructions: r.fix_instructions };
      byPid.set(r.shim_pid, inv);
      out.push(inv);
    } else {
      const inv = byPid.get(r.shim_pid);
      if (!inv) {
        malformed++;
        continue;
      }
      inv.ended_at = r.at;
      inv.exit_code = r.exit_code;
      inv.signal = r.signal;
    }
  }
  return { invocations: out, malformed };
}

/**
 * The most invocations that ran at once (an unfinished one runs to the end).
 *
 * @example
 * peakConcurrency(invocations); // 3
 */
export function peakConcurrency(invocations: readonly Build2Invocation[]): number {
  const events = invocations.flatMap((i) => [
    { t: Date.parse(i.started_at), d: 1 },
    { t: i.ended_at ? Date.parse(i.ended_at) : Number.POSITIVE_INFINITY, d: -1 },
  ]);
  // ends before starts at the same instant: a builder that ended is not running
  events.sort((a, b) => a.t - b.t || a.d - b.d);
  let now = 0;
  let peak = 0;
  for (const e of events) {
    now += e.d;
    peak = Math.max(peak, now);
  }
  return peak;
}

/**
 * What Build 3 really did with Build 2 (X-04, X-06, X-07, R4-M4-005, and
 * the Build 3 side of R4-M3-001 / 003 / 004 / 005), judged from the shim's
 * records: every builder was invoked in its own directory
 * holding a config.yaml, at most `maxConcurrent` ran at once, a quick-depth
 * (fix pass) run found FIX_INSTRUCTIONS.md in its directory, and each
 * planned service was built.
 *
 * @example
 * judgeBuild2Invocations(readBuild2Invocations(log).invocations, { maxConcurrent: 3, services: ['a', 'b'] });
 */
export function judgeBuild2Invocations(invocations: readonly Build2Invocation[], expect: { maxConcurrent: number; services: readonly string[]; quickDepth?: string }, prefix = 'm4.build3.build2'): CheckRecord[] {
  const quick = expect.quickDepth ?? 'quick';
  const none = invocations.length === 0;
  const noneWhy = 'the recording shim saw no Build 2 invocation (did Build 3 run the builder command it was given?)';
  const peak = peakConcurrency(invocations);
  const firstRuns = new Map<string, Build2Invocation>();
  for (const i of invocations) if (!firstRuns.has(i.service)) firstRuns.set(i.service, i);
  const unbuilt = expect.services.filter((s) => !firstRuns.has(s));
  const sharedDirs = [...new Set(invocations.map((i) => i.cwd))].filter((d) => new Set(invocations.filter((i) => i.cwd === d).map((i) => i.service)).size > 1);
  const noConfig = invocations.filter((i) => !i.config_yaml).map((i) => `${i.service} in ${i.cwd}`);
  const quickRuns = invocations.filter((i) => i.argv.includes(quick));
  const quickBlind = quickRuns.filter((i) => !i.fix_instructions).map((i) => i.service);
  const rows = invocations.map((i) => `${i.service}: ${i.argv.slice(-4).join(' ')} → ${i.ended_at === null ? 'never ended' : i.signal ?? `exit ${i.exit_code}`}`);
  return [
    check(
      `${prefix}.invocations`,
      'Build 3 ran Build 2 once per planned service, each in its own directory',
      none ? 'FAIL' : unbuilt.length || sharedDirs.length ? 'FAIL' : 'PASS',
      none ? noneWhy : `${invocations.length} invocation(s) for ${firstRuns.size} service(s)${unbuilt.length ? `; never built: ${unbuilt.join(', ')}` : ''}${sharedDirs.length ? `; directories shared by several services: ${sharedDirs.join(', ')}` : ''}; ${rows.join('; ')}`,
      ['X-04', 'R4-M4-005', 'R4-M3-001'],
    ),
    check(
      `${prefix}.concurrency`,
      `at most max_concurrent_builders (${expect.maxConcurrent}) builders at once`,
      none ? 'FAIL' : peak <= expect.maxConcurrent ? 'PASS' : 'FAIL',
      none ? noneWhy : `peak ${peak} running at once (limit ${expect.maxConcurrent})`,
      ['X-04', 'R4-M4-005', 'R4-M3-004'],
    ),
    check(
      `${prefix}.config`,
      'every builder started with a config.yaml in its directory',
      none ? 'FAIL' : noConfig.length ? 'FAIL' : 'PASS',
      none ? noneWhy : noConfig.length ? `no config.yaml for ${noConfig.join(', ')}` : `${invocations.length}/${invocations.length} had config.yaml`,
      ['X-06', 'R4-M3-003'],
    ),
    check(
      `${prefix}.fix-instructions`,
      'a fix-pass (quick) builder run found FIX_INSTRUCTIONS.md',
      quickRuns.length === 0 ? 'SKIP' : quickBlind.length ? 'FAIL' : 'PASS',
      quickRuns.length === 0 ? 'Build 3 made no fix pass in this run' : quickBlind.length ? `quick runs without FIX_INSTRUCTIONS.md: ${quickBlind.join(', ')}` : `${quickRuns.length} quick run(s), each with FIX_INSTRUCTIONS.md`,
      ['X-07', 'R4-M3-005'],
    ),
  ];
}
