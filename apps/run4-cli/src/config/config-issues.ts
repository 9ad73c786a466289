import { readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './config-error.js';

/** A short description of a config value for error messages. */
export function describe(value: unknown): string {
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

/**
 * Turn the first zod issue into a ConfigError naming file, field and fix.
 *
 * @example
 * throw toConfigError('run4.config.yaml', raw, parsed.error, Object.keys(Run4ConfigSchema.shape));
 */
export function toConfigError(file: string, raw: unknown, error: z.ZodError, knownKeys: readonly string[] | ((path: readonly PropertyKey[]) => readonly string[])): ConfigError {
  const issue = error.issues[0]!;
  const more = error.issues.length > 1 ? ` (+${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  const field = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const known = typeof knownKeys === 'function' ? knownKeys(issue.path) : knownKeys;
    const best = known.map((k) => [k, editDistance(key, k)] as const).sort((a, b) => a[1] - b[1])[0];
    const hint = best && best[1] <= 3 ? `did you mean "${best[0]}"?` : known.length ? `remove it; known keys: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', ...' : ''}` : 'remove it';
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
 * Read a YAML mapping from a file with one clear ConfigError for every way
 * it can be wrong: unreadable, not YAML, an alias bomb, not a mapping.
 *
 * @example
 * const raw = readYamlMapping('/abs/run4.config.yaml', 'run4.config.yaml', 'write "key: value" lines');
 */
export function readYamlMapping(file: string, display: string, example: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(display, '', code === 'ENOENT' ? 'file not found' : `cannot read file: ${(error as Error).message}`, code === 'ENOENT' ? 'check the path' : 'check the file permissions');
  }
  let raw: unknown;
  try {
    raw = parseYaml(text, { maxAliasCount: 100 }) ?? {};
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}` : '';
    throw new ConfigError(display, '', `not valid YAML${where}: ${(error as Error).message.split('\n')[0]}`, 'fix the YAML syntax');
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(display, '', `expected a mapping of settings, got ${describe(raw)}`, example);
  }
  return raw as Record<string, unknown>;
}
