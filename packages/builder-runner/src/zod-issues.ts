import type { z } from 'zod';

/** Read the value at a zod issue path inside the raw input (undefined when absent). */
function valueAt(input: unknown, path: readonly PropertyKey[]): { present: boolean; value: unknown } {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !(key in (current as object))) {
      return { present: false, value: undefined };
    }
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return { present: true, value: current };
}

/**
 * Short description of a raw JSON value: `1.5 (number)`, `"yes" (string)`, `null`.
 *
 * @example
 * describeValue('160'); // '"160" (string)'
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `array of ${value.length}`;
  if (typeof value === 'object') return 'object';
  const text = JSON.stringify(value) ?? String(value);
  const shown = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return `${shown} (${typeof value})`;
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function expectedOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int' ? 'integer' : String(issue.expected);
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}`;
    case 'too_small':
      return `${issue.origin} >= ${String(issue.minimum)}`;
    case 'too_big':
      return `${issue.origin} <= ${String(issue.maximum)}`;
    case 'unrecognized_keys':
      return `no keys ${issue.keys.join(', ')}`;
    default:
      return issue.message;
  }
}

/**
 * Turn zod issues into one precise line each: `path: expected X, got Y`,
 * with `got missing` when the field is absent.
 *
 * @example
 * const r = schema.safeParse(raw);
 * if (!r.success) console.log(formatZodIssues(r.error.issues, raw).join('\n'));
 */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string[] {
  return issues.map((issue) => {
    const path = formatPath(issue.path);
    if (issue.code === 'custom') return `${path}: ${issue.message}`;
    const { present, value } = valueAt(input, issue.path);
    const got = present ? describeValue(value) : 'missing';
    return `${path}: expected ${expectedOf(issue)}, got ${got}`;
  });
}
