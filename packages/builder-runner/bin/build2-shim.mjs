#!/usr/bin/env node
// @ts-check
/**
 * A recording shim Run 4 puts in front of the Build 2 command it hands to a
 * Build 3: it appends one JSON line when a builder starts (argv, cwd, pid,
 * what the builder directory holds) and one when it ends (exit code or
 * signal), then exits as the builder did. With --plant-service S and
 * --plant-args-json '["--plant","CODES"]' (or --plant-args-b64, the same JSON
 * in base64url: it survives any way a Build 3 splits a command line, a shell
 * or shlex included), those arguments are added for service S only. It has
 * no dependencies, so any Build 3 can run it.
 *
 *   node build2-shim.mjs --log FILE --service NAME [--plant-service S --plant-args-json JSON | --plant-args-b64 B64] -- BUILDER COMMAND...
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const argv = process.argv.slice(2);
const cut = argv.indexOf('--');
const own = cut < 0 ? argv : argv.slice(0, cut);
const command = cut < 0 ? [] : argv.slice(cut + 1);
/** @param {string} name */
const opt = (name) => {
  const i = own.indexOf(name);
  return i >= 0 ? own[i + 1] : undefined;
};
const log = opt('--log');
const service = opt('--service') ?? '';
if (!log || command.length === 0) {
  process.stderr.write('build2-shim: usage: --log FILE --service NAME [--plant-service S --plant-args-json JSON | --plant-args-b64 B64] -- COMMAND...\n');
  process.exit(2);
}
const plantService = opt('--plant-service');
/** @type {string[]} */
let planted = [];
if (plantService) {
  const b64 = opt('--plant-args-b64');
  const text = b64 === undefined ? (opt('--plant-args-json') ?? '[]') : Buffer.from(b64, 'base64url').toString('utf8');
  try {
    planted = JSON.parse(text);
    if (!Array.isArray(planted) || !planted.every((a) => typeof a === 'string')) throw new Error(`got ${text}`);
  } catch (error) {
    process.stderr.write(`build2-shim: --plant-args-${b64 === undefined ? 'json' : 'b64'} must be a JSON list of strings (${/** @type {Error} */ (error).message})\n`);
    process.exit(2);
  }
}
const plantArgs = plantService === service ? planted : [];
const full = [...command, ...plantArgs];
const cwd = process.cwd();
/** @param {Record<string, unknown>} record */
const write = (record) => appendFileSync(log, JSON.stringify({ ...record, service, shim_pid: process.pid, at: new Date().toISOString() }) + '\n');

write({ event: 'start', argv: full, cwd, planted: plantArgs.length > 0, config_yaml: existsSync(join(cwd, 'config.yaml')), fix_instructions: existsSync(join(cwd, 'FIX_INSTRUCTIONS.md')) });
const child = spawn(full[0], full.slice(1), { stdio: 'inherit' });
for (const s of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) process.on(s, () => child.kill(s));
child.on('error', (error) => {
  write({ event: 'end', exit_code: 127, signal: null, error: error.message });
  process.exit(127);
});
child.on('exit', (code, signal) => {
  write({ event: 'end', exit_code: code, signal });
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  }
  else process.exit(code ?? 1);
});
