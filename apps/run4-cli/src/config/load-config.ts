import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './config-error.js';
import { PATH_FIELDS, Run4ConfigSchema, type Run4Config } from './config-schema.js';
import { findInstallRoot } from './install-root.js';

export const DEFAULT_CONFIG_FILE = 'run4.config.yaml';

export interface LoadConfigOptions {
  /** Explicit `--config` path; a missing file is an error. */
  configPath?: string;
  /** Where to look for run4.config.yaml and where output_dir defaults to. */
  cwd?: string;
  /** `--output-dir` override. */
  outputDir?: string;
  /** Root that built-in defaults resolve against (the embedded reference stack). */
  installRoot?: string;
}

export interface LoadedConfig {
  config: Run4Config;
  /** The file read, or null when running on built-in defaults. */
  source: string | null;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${String(value)}`;
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      dp[i]![j] = Math.min(dp[i - 1]![j]! + 1, dp[i]![j - 1]! + 1, dp[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return dp[a.length]![b.length]!;
}

function valueAt(raw: unknown, pathParts: PropertyKey[]): unknown {
  let cur: unknown = raw;
  for (const part of pathParts) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[part];
  }
  return cur;
}

/** Turn the first zod issue into a ConfigError naming file, field and fix. */
function toConfigError(file: string, raw: unknown, error: z.ZodError): ConfigError {
  const issue = error.issues[0]!;
  const more = error.issues.length > 1 ? ` (+${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  const field = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const known = Object.keys(Run4ConfigSchema.shape);
    const best = known.map((k) => [k, editDistance(key, k)] as const).sort((a, b) => a[1] - b[1])[0];
    const hint = best && best[1] <= 3 ? `did you mean "${best[0]}"?` : `remove it; known keys are listed by "run4 init --print"`;
    return new ConfigError(file, field ? `${field}.${key}` : key, `unknown key "${key}"${more}`, hint);
  }
  const actual = valueAt(raw, issue.path);
  if (issue.code === 'invalid_type') {
    return new ConfigError(file, field, `expected ${issue.expected}, got ${describe(actual)}${more}`, `set ${field} to a ${issue.expected}`);
  }
  if (issue.code === 'invalid_value') {
    const options = issue.values.map((v) => JSON.stringify(v)).join(', ');
    return new ConfigError(file, field, `got ${describe(actual)}${more}`, `use one of ${options}`);
  }
  return new ConfigError(file, field, `${issue.message}, got ${describe(actual)}${more}`, `correct ${field}`);
}

/**
 * Load Run4Config from `--config`, or `run4.config.yaml` in `cwd`, or the
 * built-in defaults (the embedded reference stack). Throws ConfigError
 * (exit code 2) naming file, field and fix on any problem.
 *
 * @example
 * const { config } = loadConfig({ cwd: process.cwd() });
 * config.max_concurrent_builders; // 3
 */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const installRoot = options.installRoot ?? findInstallRoot();
  let file: string | null = null;
  if (options.configPath) {
    file = path.resolve(cwd, options.configPath);
    if (!existsSync(file)) {
      throw new ConfigError(options.configPath, '', 'config file not found', `check the --config path, or run "run4 init" to write ${DEFAULT_CONFIG_FILE}`);
    }
  } else if (existsSync(path.join(cwd, DEFAULT_CONFIG_FILE))) {
    file = path.join(cwd, DEFAULT_CONFIG_FILE);
  }

  let raw: unknown = {};
  if (file) {
    const display = path.relative(cwd, file) || file;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigError(display, '', `cannot read file: ${(error as Error).message}`, 'check the file permissions');
    }
    try {
      raw = parseYaml(text) ?? {};
    } catch (error) {
      const where = error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}` : '';
      throw new ConfigError(display, '', `not valid YAML${where}: ${(error as Error).message.split('\n')[0]}`, 'fix the YAML syntax');
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new ConfigError(display, '', `expected a mapping of settings, got ${describe(raw)}`, 'write "key: value" lines, e.g. "builder_depth: quick"');
    }
    const parsed = Run4ConfigSchema.safeParse(raw);
    if (!parsed.success) throw toConfigError(display, raw, parsed.error);
  }

  const config = Run4ConfigSchema.parse(raw);
  const given = raw as Record<string, unknown>;
  const configDir = file ? path.dirname(file) : cwd;
  for (const key of PATH_FIELDS) {
    config[key] = path.resolve(key in given ? configDir : installRoot, config[key]);
  }
  config.docker_compose_files = config.docker_compose_files.map((f) =>
    path.resolve('docker_compose_files' in given ? configDir : installRoot, f),
  );
  if (!('builder_command' in given)) {
    // The default command runs the embedded reference builder wherever run4 is started.
    config.builder_command = config.builder_command.replace('apps/builder/dist/cli.js', path.join(installRoot, 'apps/builder/dist/cli.js'));
  }
  config.output_dir = path.resolve(options.outputDir ? cwd : 'output_dir' in given ? configDir : cwd, options.outputDir ?? config.output_dir);
  return { config, source: file };
}
