import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa, parseCommandString } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ShimRecordSchema,
  build2ShimPath,
  judgeBuild2Invocations,
  peakConcurrency,
  readBuild2Invocations,
  shimCommand,
  type Build2Invocation,
} from '../../src/index.js';
import { removeTempDirs, tempDir } from '../helpers.js';

afterAll(removeTempDirs);

/** A child that writes its arguments (after the script) to $ARGV_OUT and exits 3. */
const ARGV_SCRIPT = "require('fs').writeFileSync(process.env.ARGV_OUT, JSON.stringify(process.argv.slice(1))); process.exit(3)";

async function shim(dir: string, service: string, command: string[], env: Record<string, string> = {}) {
  const log = join(dir, 'build2.jsonl');
  const result = await execa(
    process.execPath,
    [build2ShimPath(), '--log', log, '--service', service, '--plant-service', 'svc-a', '--plant-args-json', '["--x","1"]', '--', ...command],
    { cwd: dir, reject: false, env },
  );
  return { result, log };
}

describe('the recording shim (bin/build2-shim.mjs), run for real', () => {
  it('logs start and end, appends the planted arguments for the matching service only, and exits as the builder did', async () => {
    const dir = await tempDir('shim-');
    writeFileSync(join(dir, 'config.yaml'), 'depth: quick\n');
    const planted = await shim(dir, 'svc-a', [process.execPath, '-e', ARGV_SCRIPT, 'child-arg'], { ARGV_OUT: join(dir, 'a.json') });
    expect(planted.result.exitCode).toBe(3);
    expect(JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8'))).toEqual(['child-arg', '--x', '1']);

    const other = await shim(dir, 'svc-b', [process.execPath, '-e', ARGV_SCRIPT, 'child-arg'], { ARGV_OUT: join(dir, 'b.json') });
    expect(other.result.exitCode).toBe(3);
    expect(JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'))).toEqual(['child-arg']);

    const lines = readFileSync(planted.log, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(4);
    const records = lines.map((l) => ShimRecordSchema.parse(JSON.parse(l)));
    expect(records.map((r) => `${r.event} ${r.service}`)).toEqual(['start svc-a', 'end svc-a', 'start svc-b', 'end svc-b']);
    expect(records[0]).toMatchObject({ argv: [process.execPath, '-e', ARGV_SCRIPT, 'child-arg', '--x', '1'], cwd: dir, planted: true, config_yaml: true, fix_instructions: false });
    expect(records[2]).toMatchObject({ planted: false, argv: [process.execPath, '-e', ARGV_SCRIPT, 'child-arg'] });
    expect(records[1]).toMatchObject({ exit_code: 3, signal: null });

    const { invocations, malformed } = readBuild2Invocations(planted.log);
    expect(malformed).toBe(0);
    expect(invocations.map((i) => [i.service, i.exit_code, i.planted])).toEqual([
      ['svc-a', 3, true],
      ['svc-b', 3, false],
    ]);
  });

  it.each(['SIGTERM', 'SIGKILL'] as const)('dies by %s when the builder did', async (signal) => {
    const dir = await tempDir('shim-');
    const { result, log } = await shim(dir, 'svc-c', [process.execPath, '-e', `process.kill(process.pid, '${signal}')`]);
    expect(result.signal).toBe(signal);
    expect(result.exitCode).toBeUndefined();
    expect(readBuild2Invocations(log).invocations).toEqual([expect.objectContaining({ service: 'svc-c', exit_code: null, signal })]);
  });

  it('records a builder that cannot start as exit 127, and refuses to run without a log, a command or a list of planted arguments (exit 2)', async () => {
    const dir = await tempDir('shim-');
    const missing = await shim(dir, 'svc-d', [join(dir, 'no-such-builder')]);
    expect(missing.result.exitCode).toBe(127);
    expect(readBuild2Invocations(missing.log).invocations).toEqual([expect.objectContaining({ service: 'svc-d', exit_code: 127 })]);

    const usage = await execa(process.execPath, [build2ShimPath(), '--service', 'x', '--', 'true'], { reject: false });
    expect(usage.exitCode).toBe(2);
    expect(usage.stderr).toMatch(/^build2-shim: usage: --log FILE/);
    const noCommand = await execa(process.execPath, [build2ShimPath(), '--log', join(dir, 'l.jsonl')], { reject: false });
    expect(noCommand.exitCode).toBe(2);
    expect(existsSync(join(dir, 'l.jsonl'))).toBe(false);
    for (const [flag, value] of [['--plant-args-json', '[--x,1]'], ['--plant-args-json', '{"a":1}'], ['--plant-args-b64', Buffer.from('[1]').toString('base64url')]]) {
      const bad = await execa(process.execPath, [build2ShimPath(), '--log', join(dir, 'l.jsonl'), '--service', 'x', '--plant-service', 'y', flag!, value!, '--', 'true'], { reject: false });
      expect(bad.exitCode).toBe(2);
      expect(bad.stderr).toMatch(new RegExp(`^build2-shim: ${flag} must be a JSON list of strings \\(.+\\)$`));
    }
    expect(existsSync(join(dir, 'l.jsonl'))).toBe(false);
  });
});

describe('shimCommand', () => {
  it('keeps {service} for Build 3 and splits back into its words with a space in a path', async () => {
    const dir = join(await tempDir('shim-'), 'with space');
    const log = join(dir, 'build 2.jsonl');
    const command = shimCommand('node builder.js --cwd {dir} --depth {depth}', log, { service: 'svc-a', args: ['--plant', 'A B'] });
    expect(parseCommandString(command)).toEqual([
      process.execPath,
      build2ShimPath(),
      '--log',
      log,
      '--service',
      '{service}',
      '--plant-service',
      'svc-a',
      '--plant-args-b64',
      Buffer.from('["--plant","A B"]').toString('base64url'),
      '--',
      'node',
      'builder.js',
      '--cwd',
      '{dir}',
      '--depth',
      '{depth}',
    ]);
    expect(parseCommandString(shimCommand('b', log))).toEqual([process.execPath, build2ShimPath(), '--log', log, '--service', '{service}', '--', 'b']);
  });

  it('survives a Build 3 that runs the command through a shell (quotes and brackets of the planted JSON included)', async () => {
    const dir = join(await tempDir('shim-'), 'with space');
    mkdirSync(dir);
    writeFileSync(join(dir, 'config.yaml'), '');
    const log = join(dir, 'build 2.jsonl');
    const builder = `${process.execPath} -e ${JSON.stringify(ARGV_SCRIPT)} child-arg`;
    const command = shimCommand(builder, log, { service: 'svc-a', args: ['--plant', "SEC-001,'x' \"y\" [z]"] });
    const result = await execa(command.replaceAll('{service}', 'svc-a'), { shell: true, cwd: dir, reject: false, env: { ARGV_OUT: join(dir, 'argv.json') } });
    expect(result.exitCode).toBe(3);
    expect(JSON.parse(readFileSync(join(dir, 'argv.json'), 'utf8'))).toEqual(['child-arg', '--plant', "SEC-001,'x' \"y\" [z]"]);
    expect(readBuild2Invocations(log).invocations).toEqual([expect.objectContaining({ service: 'svc-a', planted: true, config_yaml: true, cwd: dir })]);
  });

  it('produces a command that runs the shim, which records into a log whose path has a space', async () => {
    const dir = join(await tempDir('shim-'), 'with space');
    mkdirSync(dir);
    const log = join(dir, 'build 2.jsonl');
    const [file, ...args] = parseCommandString(shimCommand(`${process.execPath} -e process.exit(0)`, log)).map((a) => a.replaceAll('{service}', 'svc-a'));
    const result = await execa(file!, args, { cwd: dir, reject: false });
    expect(result.exitCode).toBe(0);
    expect(readBuild2Invocations(log).invocations).toEqual([expect.objectContaining({ service: 'svc-a', exit_code: 0, cwd: dir })]);
  });
});

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
function inv(service: string, start: number, end: number | null, extra: Partial<Build2Invocation> = {}): Build2Invocation {
  return {
    service,
    argv: ['node', 'builder.js', '--cwd', `/out/${service}`, '--depth', 'standard'],
    cwd: `/out/${service}`,
    started_at: t(start),
    ended_at: end === null ? null : t(end),
    exit_code: end === null ? null : 0,
    signal: null,
    planted: false,
    config_yaml: true,
    fix_instructions: false,
    ...extra,
  };
}

describe('readBuild2Invocations', () => {
  it('pairs start and end by the shim pid, counts malformed lines and unpaired ends, and reads a missing log as none', async () => {
    const log = join(await tempDir('shim-'), 'build2.jsonl');
    expect(readBuild2Invocations(log)).toEqual({ invocations: [], malformed: 0 });
    const start = (pid: number, service: string) => ({ event: 'start', service, shim_pid: pid, at: t(pid), argv: ['b'], cwd: `/out/${service}`, planted: false, config_yaml: true, fix_instructions: false });
    const end = (pid: number, service: string, exit_code: number | null, signal: string | null = null) => ({ event: 'end', service, shim_pid: pid, at: t(pid + 10), exit_code, signal });
    const lines = [start(1, 'a'), start(2, 'b'), end(2, 'b', 1), end(1, 'a', 0), end(9, 'z', 0), { event: 'start', service: 'c' }].map((r) => JSON.stringify(r));
    appendFileSync(log, `${lines.join('\n')}\nnot json\n\n${JSON.stringify(start(3, 'c'))}\n`);
    const { invocations, malformed } = readBuild2Invocations(log);
    expect(malformed).toBe(3);
    expect(invocations.map((i) => [i.service, i.started_at, i.ended_at, i.exit_code])).toEqual([
      ['a', t(1), t(11), 0],
      ['b', t(2), t(12), 1],
      ['c', t(3), null, null],
    ]);
  });
});

describe('peakConcurrency', () => {
  it('counts overlaps, treats an end and a start at the same instant as no overlap, and an unfinished run as running to the end', () => {
    expect(peakConcurrency([])).toBe(0);
    expect(peakConcurrency([inv('a', 0, 10), inv('b', 10, 20), inv('c', 20, 30)])).toBe(1);
    expect(peakConcurrency([inv('a', 0, 10), inv('b', 5, 20), inv('c', 9, 30), inv('d', 25, 40)])).toBe(3);
    expect(peakConcurrency([inv('a', 0, null), inv('b', 50, 60)])).toBe(2);
  });
});

describe('judgeBuild2Invocations (X-04, X-06, X-07)', () => {
  const statusOf = (records: ReturnType<typeof judgeBuild2Invocations>) => Object.fromEntries(records.map((r) => [r.id.split('.').at(-1), r.status]));

  it('passes one builder per service in its own directory with config.yaml, within the limit; SKIPs the fix pass it did not make', () => {
    const records = judgeBuild2Invocations([inv('a', 0, 10), inv('b', 1, 11), inv('c', 2, 12), inv('d', 10, 20)], { maxConcurrent: 3, services: ['a', 'b', 'c', 'd'] });
    expect(statusOf(records)).toEqual({ invocations: 'PASS', concurrency: 'PASS', config: 'PASS', 'fix-instructions': 'SKIP' });
    expect(records[1]!.evidence).toBe('peak 3 running at once (limit 3)');
    expect(records.map((r) => r.id)).toEqual(['m4.build3.build2.invocations', 'm4.build3.build2.concurrency', 'm4.build3.build2.config', 'm4.build3.build2.fix-instructions']);
  });

  it('fails four builders running at once with max_concurrent_builders 3', () => {
    const records = judgeBuild2Invocations([inv('a', 0, 10), inv('b', 1, 11), inv('c', 2, 12), inv('d', 3, 13)], { maxConcurrent: 3, services: ['a', 'b', 'c', 'd'] });
    expect(statusOf(records).concurrency).toBe('FAIL');
    expect(records[1]!.evidence).toBe('peak 4 running at once (limit 3)');
  });

  it('fails a quick-depth (fix pass) run without FIX_INSTRUCTIONS.md, and passes one with it', () => {
    const quick = (fix: boolean) => inv('a', 20, 30, { argv: ['node', 'builder.js', '--depth', 'quick'], fix_instructions: fix });
    const blind = judgeBuild2Invocations([inv('a', 0, 10), quick(false)], { maxConcurrent: 3, services: ['a'] });
    expect(statusOf(blind)['fix-instructions']).toBe('FAIL');
    expect(blind[3]!.evidence).toBe('quick runs without FIX_INSTRUCTIONS.md: a');
    const seen = judgeBuild2Invocations([inv('a', 0, 10), quick(true)], { maxConcurrent: 3, services: ['a'] });
    expect(statusOf(seen)['fix-instructions']).toBe('PASS');
    // the stack's own name for the fix-pass depth
    const custom = judgeBuild2Invocations([inv('a', 0, 10, { argv: ['b', 'fast'] })], { maxConcurrent: 3, services: ['a'], quickDepth: 'fast' });
    expect(statusOf(custom)['fix-instructions']).toBe('FAIL');
  });

  it('fails a planned service never built, and two services sharing a directory', () => {
    const unbuilt = judgeBuild2Invocations([inv('a', 0, 10)], { maxConcurrent: 3, services: ['a', 'b'] });
    expect(unbuilt[0]).toMatchObject({ status: 'FAIL', evidence: expect.stringContaining('never built: b') });
    const shared = judgeBuild2Invocations([inv('a', 0, 10), inv('b', 0, 10, { cwd: '/out/a' })], { maxConcurrent: 3, services: ['a', 'b'] });
    expect(shared[0]).toMatchObject({ status: 'FAIL', evidence: expect.stringContaining('directories shared by several services: /out/a') });
  });

  it('fails a builder started without config.yaml', () => {
    const records = judgeBuild2Invocations([inv('a', 0, 10), inv('b', 0, 10, { config_yaml: false })], { maxConcurrent: 3, services: ['a', 'b'] });
    expect(records[2]).toMatchObject({ status: 'FAIL', evidence: 'no config.yaml for b in /out/b' });
  });

  it('fails everything it judges when the shim saw no invocation', () => {
    const records = judgeBuild2Invocations([], { maxConcurrent: 3, services: ['a'] }, 'x');
    expect(statusOf(records)).toEqual({ invocations: 'FAIL', concurrency: 'FAIL', config: 'FAIL', 'fix-instructions': 'SKIP' });
    expect(records[0]!.evidence).toMatch(/the recording shim saw no Build 2 invocation/);
  });
});
