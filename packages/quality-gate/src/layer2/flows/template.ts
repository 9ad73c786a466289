import { randomBytes, randomUUID } from 'node:crypto';
import { Run4Error } from '@run4/checks';

/** A `{{name}}` with no value: an earlier step did not capture it, or the profile does not define it. */
export class MissingVariableError extends Run4Error {
  readonly variable: string;
  constructor(variable: string) {
    super(`no value for {{${variable}}} (an earlier step did not capture it, or the profile's vars do not define it)`, { code: 'FLOW_VARIABLE_MISSING', exitCode: 1 });
    this.variable = variable;
  }
}

const PLACEHOLDER = /\{\{\s*(\$?[A-Za-z_][A-Za-z0-9_.]*)\s*\}\}/g;

function generated(name: string): string | undefined {
  switch (name) {
    case '$uuid':
      return randomUUID();
    case '$uuid8':
      return randomUUID().slice(0, 8);
    case '$random':
      return randomBytes(9).toString('base64url');
    case '$now':
      return new Date().toISOString();
    default:
      return undefined;
  }
}

function lookup(name: string, vars: Readonly<Record<string, unknown>>): unknown {
  const value = generated(name) ?? vars[name];
  if (value === undefined || value === null) throw new MissingVariableError(name);
  return value;
}

/**
 * Substitute `{{name}}` variables in a string. A string that is exactly one
 * placeholder keeps the variable's type (a captured number stays a number).
 * Generated values: `{{$uuid}}`, `{{$uuid8}}`, `{{$random}}`, `{{$now}}`.
 *
 * @example
 * substitute('Bearer {{token}}', { token: 'abc' }); // 'Bearer abc'
 * substitute('{{total}}', { total: 19 }); // 19
 */
export function substitute(text: string, vars: Readonly<Record<string, unknown>>): unknown {
  const whole = /^\{\{\s*(\$?[A-Za-z_][A-Za-z0-9_.]*)\s*\}\}$/.exec(text);
  if (whole) return lookup(whole[1]!, vars);
  return text.replace(PLACEHOLDER, (_, name: string) => {
    const value = lookup(name, vars);
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}

/**
 * Substitute variables in every string of a JSON value (keys stay as they are).
 *
 * @example
 * substituteDeep({ email: '{{email}}', items: [{ qty: 1 }] }, { email: 'a@b.c' });
 */
export function substituteDeep(value: unknown, vars: Readonly<Record<string, unknown>>): unknown {
  if (typeof value === 'string') return substitute(value, vars);
  if (Array.isArray(value)) return value.map((v) => substituteDeep(v, vars));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteDeep(v, vars)]));
  return value;
}

/**
 * Evaluate a profile's `vars` once, in order (a var may use earlier ones).
 *
 * @example
 * resolveVars({ email: 'run4-{{$uuid8}}@example.test' }); // { email: 'run4-1a2b3c4d@example.test' }
 */
export function resolveVars(definitions: Readonly<Record<string, string>>): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(definitions)) vars[name] = substitute(text, vars);
  return vars;
}

/**
 * The value at a dot path (`items.0.sku`) of a JSON value; undefined when absent.
 *
 * @example
 * valueAtPath({ items: [{ sku: 'A' }] }, 'items.0.sku'); // 'A'
 */
export function valueAtPath(value: unknown, dotPath: string): unknown {
  let cur: unknown = value;
  for (const part of dotPath.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Whether a dot path exists (its last key is present, even with a null value). */
export function hasPath(value: unknown, dotPath: string): boolean {
  const parts = dotPath.split('.');
  const parent = parts.length > 1 ? valueAtPath(value, parts.slice(0, -1).join('.')) : value;
  return parent !== null && typeof parent === 'object' && Object.prototype.hasOwnProperty.call(parent, parts[parts.length - 1]!);
}
