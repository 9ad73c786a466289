import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { templatesDir } from '../generate/templates.js';

/** One test result from the generated service's suite. */
export interface TestResult {
  name: string;
  status: 'pass' | 'fail';
  file?: string;
  error?: string;
  /** The operation key ("POST /orders") or event ("event OrderCreated") the test names in brackets. */
  target?: string;
}

export interface TestRun {
  command: string;
  exitCode: number;
  durationMs: number;
  timedOut: boolean;
  results: TestResult[];
  passed: number;
  total: number;
  /** Last lines of stderr when the run failed outright. */
  stderrTail?: string;
}

const TARGET = /^\[([^\]]+)\]/;

/**
 * Run the generated service's own tests (`node --test test/*.test.js`) in
 * `dir` and collect one result per test through a JSON-lines reporter
 * (kept as `.agent-team/test-results.jsonl`).
 * A test file that fails to load counts as one failed test.
 *
 * @example
 * const run = await runServiceTests('/tmp/b/order-service');
 * console.log(`${run.passed}/${run.total}`);
 */
export async function runServiceTests(dir: string, timeoutMs = 120_000): Promise<TestRun> {
  const testDir = join(dir, 'test');
  const files = (await readdir(testDir).catch(() => [] as string[])).filter((f) => f.endsWith('.test.js')).sort().map((f) => `test/${f}`);
  // Results stay inside the builder dir (nothing is written elsewhere) and are kept for inspection.
  await mkdir(join(dir, '.agent-team'), { recursive: true });
  const out = join(dir, '.agent-team', 'test-results.jsonl');
  await rm(out, { force: true });
  const reporter = pathToFileURL(join(templatesDir(), 'test-reporter.mjs')).href;
  const args = ['--test', `--test-reporter=${reporter}`, `--test-reporter-destination=${out}`, ...files];
  const started = Date.now();
  const env: Record<string, string | undefined> = { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'test' };
  delete env.NODE_TEST_CONTEXT;
  const proc = await execa(process.execPath, args, { cwd: dir, env, extendEnv: false, reject: false, timeout: timeoutMs, killSignal: 'SIGKILL', all: false });
  const durationMs = Date.now() - started;
  const text = await readFile(out, 'utf8').catch(() => '');
  const results: TestResult[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { name: string; status: 'pass' | 'fail'; file?: string; error?: string; skip?: boolean; todo?: boolean };
    const target = TARGET.exec(row.name)?.[1];
    if (!target && row.status === 'pass') continue;
    if (row.skip || row.todo) continue;
    results.push({ name: row.name, status: row.status, ...(row.file ? { file: row.file } : {}), ...(row.error ? { error: row.error } : {}), ...(target ? { target } : {}) });
  }
  if (files.length === 0 || (proc.exitCode !== 0 && results.every((r) => r.status === 'pass'))) {
    results.push({ name: files.length === 0 ? 'no test files were generated' : `test run exited with ${proc.exitCode ?? proc.signal}`, status: 'fail' });
  }
  const passed = results.filter((r) => r.status === 'pass').length;
  return {
    command: `node ${['--test', ...files].join(' ')}`,
    exitCode: proc.exitCode ?? -1,
    durationMs,
    timedOut: Boolean(proc.timedOut),
    results,
    passed,
    total: results.length,
    ...(proc.exitCode !== 0 ? { stderrTail: String(proc.stderr ?? '').split('\n').slice(-15).join('\n') } : {}),
  };
}
