import type { Rng } from './rng.js';
import { asJsonSchema, jsonSchemaType, mergeAllOf, resolveLocalRef, type JsonSchema } from './schema-node.js';

/** How {@link sampleJsonSchema} chooses a value. */
export interface SampleOptions {
  /**
   * Seeded variety (property-based testing): enum members, combinator
   * branches, strings, numbers, array lengths and optional properties are
   * drawn from `rng`, so one seed always gives the same value. Without it the
   * value is canonical: the first enum member, the first non-null branch, the
   * lower bound, a fixed harmless sample per string format (URLs point at a
   * loopback discard port, so a tool that fetches one never leaves the machine).
   */
  rng?: Rng;
  /** Optional object properties: `all`, only the `required` ones, or `random` (half, needs `rng`). Default `random` with `rng`, else `all`. */
  optional?: 'all' | 'required' | 'random';
  /** Return a schema's `example` / first `examples` entry where it has one. Default: true without `rng`, false with it. */
  examples?: boolean;
  /** Return a schema's `default` where it has one. Default false. */
  defaults?: boolean;
  /** Leave out `readOnly` properties (a request body must not send them). Default false. */
  skipReadOnly?: boolean;
  /** A value for a string, by the name of the property it belongs to (array items: the array's name); undefined = the generator's own. */
  stringFor?: (key: string, schema: JsonSchema) => string | undefined;
}

/** Canonical depth limit: deeper arrays and objects are left empty. */
const MAX_DEPTH = 6;
const FALLBACK = 'run4-probe';

const FORMAT_SAMPLES: Record<string, string> = {
  email: 'probe@example.com',
  uri: 'http://127.0.0.1:9/run4',
  url: 'http://127.0.0.1:9/run4',
  'uri-reference': '/run4',
  'date-time': '2026-01-01T00:00:00Z',
  date: '2026-01-01',
  time: '12:00:00Z',
  uuid: '00000000-0000-4000-8000-000000000000',
  hostname: 'example.com',
  ipv4: '127.0.0.1',
  ipv6: '::1',
};

function canonicalString(schema: JsonSchema): string {
  let s = (typeof schema.format === 'string' ? FORMAT_SAMPLES[schema.format] : undefined) ?? FALLBACK;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  if (s.length < min) s = s.padEnd(min, 'x');
  if (s.length > max) s = s.slice(0, Math.max(max, 0));
  return s;
}

function canonicalNumber(schema: JsonSchema, integer: boolean): number {
  const min = typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + (integer ? 1 : 0.5) : undefined;
  const max = typeof schema.maximum === 'number' ? schema.maximum : typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum - (integer ? 1 : 0.5) : undefined;
  const n = min ?? (max !== undefined ? Math.min(1, max) : 1);
  return integer ? Math.ceil(n) : n;
}

function hex(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rng.next() * 16).toString(16);
  return s;
}

function seededString(schema: JsonSchema, rng: Rng): string {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 1;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Math.max(min, 12);
  switch (schema.format) {
    case 'email':
      return `user${rng.int(1, 9999)}@example.com`;
    case 'uuid':
      return `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-a${hex(rng, 3)}-${hex(rng, 12)}`;
    case 'date-time':
      return new Date(Date.UTC(2024, rng.int(0, 11), rng.int(1, 28), rng.int(0, 23), rng.int(0, 59))).toISOString();
    case 'date':
      return `2024-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
    case 'uri':
    case 'url':
      return `http://example.com/${hex(rng, 6)}`;
    default: {
      const len = rng.int(min, Math.min(max, min + 12));
      const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
      let s = '';
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(rng.next() * alphabet.length)];
      return s;
    }
  }
}

function seededNumber(schema: JsonSchema, rng: Rng, integer: boolean): number {
  let min = typeof schema.minimum === 'number' ? schema.minimum : 0;
  let max = typeof schema.maximum === 'number' ? schema.maximum : min + 1000;
  if (typeof schema.exclusiveMinimum === 'number') min = schema.exclusiveMinimum + (integer ? 1 : 0.5);
  if (typeof schema.exclusiveMaximum === 'number') max = schema.exclusiveMaximum - (integer ? 1 : 0.5);
  if (integer) return rng.int(Math.ceil(min), Math.floor(Math.max(min, max)));
  return Math.round((min + rng.next() * (max - min)) * 100) / 100;
}

interface Walk {
  root: JsonSchema;
  rng: Rng | undefined;
  optional: 'all' | 'required' | 'random';
  examples: boolean;
  defaults: boolean;
  skipReadOnly: boolean;
  stringFor: SampleOptions['stringFor'];
}

function arrayOf(schema: JsonSchema, w: Walk, depth: number, key: string): unknown[] {
  if (w.rng) {
    const items = asJsonSchema(schema.items) ?? { type: 'string' };
    const min = typeof schema.minItems === 'number' ? schema.minItems : depth > 3 ? 0 : 1;
    const max = typeof schema.maxItems === 'number' ? schema.maxItems : min + 2;
    const n = depth > 5 ? min : w.rng.int(min, Math.min(max, min + 2));
    return Array.from({ length: n }, () => walk(items, w, depth + 1, key));
  }
  if (depth >= MAX_DEPTH) return [];
  const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
  const count = w.optional === 'required' ? min : Math.max(min, 1);
  return Array.from({ length: Math.min(count, 5) }, () => walk(asJsonSchema(schema.items) ?? {}, w, depth + 1, key));
}

function objectOf(schema: JsonSchema, w: Walk, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!w.rng && depth >= MAX_DEPTH) return out;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  for (const [name, raw] of Object.entries(asJsonSchema(schema.properties) ?? {})) {
    const sub = asJsonSchema(raw) ?? {};
    if (w.skipReadOnly && sub.readOnly === true) continue;
    const take = required.has(name) || (w.optional === 'all' ? true : w.optional === 'random' ? depth < 4 && w.rng!.next() < 0.5 : false);
    if (take) out[name] = walk(sub, w, depth + 1, name);
  }
  return out;
}

function walk(input: JsonSchema, w: Walk, depth: number, key: string): unknown {
  const schema = mergeAllOf(resolveLocalRef(input, w.root), w.root);
  if (w.examples) {
    if ('example' in schema) return schema.example;
    if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  }
  if (w.defaults && 'default' in schema) return schema.default;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return w.rng ? w.rng.pick(schema.enum) : schema.enum[0];
  for (const combinator of ['oneOf', 'anyOf'] as const) {
    const list = schema[combinator];
    if (!Array.isArray(list) || list.length === 0) continue;
    const branch = w.rng ? asJsonSchema(w.rng.pick(list)) : (list.map((o) => asJsonSchema(o) ?? {}).find((o) => o.type !== 'null') ?? asJsonSchema(list[0]) ?? {});
    if (branch) return walk(branch, w, depth + 1, key);
  }
  switch (jsonSchemaType(schema)) {
    case 'string':
      return w.stringFor?.(key, schema) ?? (w.rng ? seededString(schema, w.rng) : canonicalString(schema));
    case 'integer':
      return w.rng ? seededNumber(schema, w.rng, true) : canonicalNumber(schema, true);
    case 'number':
      return w.rng ? seededNumber(schema, w.rng, false) : canonicalNumber(schema, false);
    case 'boolean':
      return w.rng ? w.rng.next() < 0.5 : true;
    case 'null':
      return null;
    case 'array':
      return arrayOf(schema, w, depth, key);
    case 'object':
      return objectOf(schema, w, depth);
    default:
      return w.rng ? seededString({}, w.rng) : FALLBACK;
  }
}

/**
 * Generate a value that satisfies a JSON Schema (2020-12, draft-07 or an
 * OpenAPI schema object): `const`, `enum`, `oneOf`/`anyOf`, `allOf`, local
 * `$ref`s, formats, length and range bounds, `minItems`/`maxItems`,
 * `required`. Canonical (one predictable, harmless value) by default;
 * seeded variety with `options.rng`. See {@link SampleOptions}.
 *
 * @example
 * const order = { type: 'object', required: ['qty'], properties: { qty: { type: 'integer', minimum: 3 }, note: { type: 'string' } } };
 * sampleJsonSchema(order); // { qty: 3, note: 'run4-probe' }
 * sampleJsonSchema(order, { optional: 'required' }); // { qty: 3 }
 * sampleJsonSchema(order, { rng: createRng(7) }); // the same value for seed 7, every time
 */
export function sampleJsonSchema(schema: JsonSchema, options: SampleOptions = {}): unknown {
  const optional = options.optional ?? (options.rng ? 'random' : 'all');
  if (optional === 'random' && !options.rng) throw new TypeError("sampleJsonSchema: optional 'random' needs options.rng");
  return walk(schema, {
    root: schema,
    rng: options.rng,
    optional,
    examples: options.examples ?? !options.rng,
    defaults: options.defaults ?? false,
    skipReadOnly: options.skipReadOnly ?? false,
    stringFor: options.stringFor,
  }, 0, '');
}
