import type { JsonSchema } from './openapi-operations.js';

/** A deterministic pseudo-random generator (mulberry32) so a seed reproduces a run. */
export interface Rng {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

/**
 * Create a seeded random generator.
 *
 * @example
 * const rng = createRng(42);
 * rng.int(1, 6); // the same number for seed 42, every time
 */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
  };
}

function asSchema(value: unknown): JsonSchema | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonSchema) : undefined;
}

/** Merge allOf members into one schema (properties, required, type). */
export function mergeAllOf(schema: JsonSchema): JsonSchema {
  if (!Array.isArray(schema.allOf)) return schema;
  const merged: JsonSchema = { ...schema };
  delete merged.allOf;
  const props: Record<string, unknown> = { ...(asSchema(schema.properties) ?? {}) };
  const required = new Set<string>(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  for (const raw of schema.allOf) {
    const sub = asSchema(raw);
    if (!sub) continue;
    const m = mergeAllOf(sub);
    Object.assign(props, asSchema(m.properties) ?? {});
    for (const r of Array.isArray(m.required) ? (m.required as string[]) : []) required.add(r);
    if (m.type && !merged.type) merged.type = m.type;
  }
  if (Object.keys(props).length > 0) merged.properties = props;
  if (required.size > 0) merged.required = [...required];
  return merged;
}

/** The primary JSON type of a schema (first non-null type; inferred from keywords when absent). */
export function schemaType(schema: JsonSchema): string | undefined {
  const t = schema.type;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return (t as string[]).find((x) => x !== 'null') ?? (t[0] as string | undefined);
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

function hex(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rng.next() * 16).toString(16);
  return s;
}

function genString(schema: JsonSchema, rng: Rng): string {
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

function genNumber(schema: JsonSchema, rng: Rng, integer: boolean): number {
  let min = typeof schema.minimum === 'number' ? schema.minimum : 0;
  let max = typeof schema.maximum === 'number' ? schema.maximum : min + 1000;
  if (typeof schema.exclusiveMinimum === 'number') min = schema.exclusiveMinimum + (integer ? 1 : 0.5);
  if (typeof schema.exclusiveMaximum === 'number') max = schema.exclusiveMaximum - (integer ? 1 : 0.5);
  if (integer) return rng.int(Math.ceil(min), Math.floor(Math.max(min, max)));
  return Math.round((min + rng.next() * (max - min)) * 100) / 100;
}

/**
 * Generate a value that satisfies a schema (positive data). Examples and
 * defaults in the schema are used when `preferExamples` is set.
 *
 * @example
 * generateValid({ type: 'object', required: ['qty'], properties: { qty: { type: 'integer', minimum: 1 } } }, createRng(1));
 * // { qty: 734 }
 */
export function generateValid(input: JsonSchema, rng: Rng, options: { preferExamples?: boolean; depth?: number } = {}): unknown {
  const depth = options.depth ?? 0;
  const schema = mergeAllOf(input);
  if (options.preferExamples) {
    if ('example' in schema) return schema.example;
    if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
    if ('default' in schema) return schema.default;
  }
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return rng.pick(schema.enum);
  for (const key of ['oneOf', 'anyOf'] as const) {
    const list = schema[key];
    if (Array.isArray(list) && list.length > 0) {
      const sub = asSchema(rng.pick(list));
      if (sub) return generateValid(sub, rng, { ...options, depth: depth + 1 });
    }
  }
  switch (schemaType(schema)) {
    case 'string':
      return genString(schema, rng);
    case 'integer':
      return genNumber(schema, rng, true);
    case 'number':
      return genNumber(schema, rng, false);
    case 'boolean':
      return rng.next() < 0.5;
    case 'null':
      return null;
    case 'array': {
      const items = asSchema(schema.items) ?? { type: 'string' };
      const min = typeof schema.minItems === 'number' ? schema.minItems : depth > 3 ? 0 : 1;
      const max = typeof schema.maxItems === 'number' ? schema.maxItems : min + 2;
      const n = depth > 5 ? min : rng.int(min, Math.min(max, min + 2));
      return Array.from({ length: n }, () => generateValid(items, rng, { ...options, depth: depth + 1 }));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
      for (const [name, sub] of Object.entries(asSchema(schema.properties) ?? {})) {
        const s = asSchema(sub);
        if (!s || s.readOnly === true) continue;
        if (required.has(name) || (depth < 4 && rng.next() < 0.5)) {
          out[name] = generateValid(s, rng, { ...options, depth: depth + 1 });
        }
      }
      return out;
    }
    default:
      return genString({}, rng);
  }
}

/** One way of making request data invalid. */
export interface Mutation {
  /** What was broken, e.g. `body.quantity: wrong type (string)`. */
  description: string;
  value: unknown;
}

function wrongTypeFor(schema: JsonSchema): unknown {
  switch (schemaType(schema)) {
    case 'string':
      return 12345;
    case 'integer':
    case 'number':
      return 'not-a-number';
    case 'boolean':
      return 'not-a-boolean';
    case 'array':
      return 'not-an-array';
    case 'object':
      return 'not-an-object';
    default:
      return undefined;
  }
}

/**
 * List invalid variants of a valid object value: each removes one required
 * property, gives one property the wrong type, or breaks one constraint
 * (enum, minLength, minimum); plus the whole value with the wrong type.
 *
 * @example
 * mutations({ type: 'object', required: ['a'], properties: { a: { type: 'string' } } }, { a: 'x' }, 'body');
 * // [{ description: 'body: wrong type (not an object)', ... }, { description: 'body.a: required property missing', ... }, ...]
 */
export function mutations(input: JsonSchema, valid: unknown, label: string): Mutation[] {
  const schema = mergeAllOf(input);
  const out: Mutation[] = [];
  const whole = wrongTypeFor(schema);
  if (whole !== undefined) out.push({ description: `${label}: wrong type (${typeof whole})`, value: whole });
  if (schemaType(schema) !== 'object' || valid === null || typeof valid !== 'object' || Array.isArray(valid)) {
    return out.concat(constraintBreaks(schema, label));
  }
  const base = valid as Record<string, unknown>;
  const props = asSchema(schema.properties) ?? {};
  for (const name of Array.isArray(schema.required) ? (schema.required as string[]) : []) {
    const copy = { ...base };
    delete copy[name];
    out.push({ description: `${label}.${name}: required property missing`, value: copy });
  }
  for (const [name, raw] of Object.entries(props)) {
    const sub = asSchema(raw);
    if (!sub || sub.readOnly === true) continue;
    const wrong = wrongTypeFor(mergeAllOf(sub));
    if (wrong !== undefined) out.push({ description: `${label}.${name}: wrong type (${typeof wrong})`, value: { ...base, [name]: wrong } });
    for (const brk of constraintBreaks(mergeAllOf(sub), `${label}.${name}`)) out.push({ description: brk.description, value: { ...base, [name]: brk.value } });
  }
  return out;
}

function constraintBreaks(schema: JsonSchema, label: string): Mutation[] {
  const out: Mutation[] = [];
  if (Array.isArray(schema.enum)) out.push({ description: `${label}: value outside enum`, value: '__not_in_enum__' });
  if (typeof schema.minLength === 'number' && schema.minLength > 0) out.push({ description: `${label}: shorter than minLength`, value: '' });
  if (typeof schema.minimum === 'number') out.push({ description: `${label}: below minimum`, value: schema.minimum - 1 });
  if (typeof schema.maximum === 'number') out.push({ description: `${label}: above maximum`, value: schema.maximum + 1 });
  return out;
}
