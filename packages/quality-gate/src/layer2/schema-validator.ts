import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type { JsonSchema } from './openapi-operations.js';

let ajv: Ajv2020 | undefined;

/**
 * ajv and ajv-formats (both CommonJS) are loaded when the first schema is
 * compiled, not when the package is imported: only Layer 2's live checks
 * validate, and a gate run without them should not pay for loading ajv.
 */
function getAjv(): Ajv2020 {
  if (!ajv) {
    const require = createRequire(import.meta.url);
    const { Ajv2020: AjvClass } = require('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020 };
    // ajv-formats' default export may arrive wrapped under `default`.
    const formatsModule = require('ajv-formats') as { default?: unknown };
    const addFormats = (formatsModule.default ?? formatsModule) as (instance: Ajv2020) => Ajv2020;
    ajv = addFormats(new AjvClass({ strict: false, allErrors: true, validateFormats: true, strictTuples: false }));
  }
  return ajv;
}

const compiled = new WeakMap<object, ValidateFunction | null>();

/** Rewrite OpenAPI 3.0 `nullable: true` as JSON Schema `type: [t, 'null']`, recursively. */
export function toJsonSchema(schema: unknown, seen = new WeakMap<object, unknown>()): unknown {
  if (schema === null || typeof schema !== 'object') return schema;
  if (seen.has(schema)) return seen.get(schema);
  if (Array.isArray(schema)) {
    const out: unknown[] = [];
    seen.set(schema, out);
    for (const item of schema) out.push(toJsonSchema(item, seen));
    return out;
  }
  const src = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  seen.set(schema, out);
  for (const [key, value] of Object.entries(src)) {
    if (key === 'nullable' || key === 'example' || key === 'xml' || key === 'discriminator') continue;
    out[key] = toJsonSchema(value, seen);
  }
  if (src.nullable === true && typeof src.type === 'string') out.type = [src.type, 'null'];
  return out;
}

function compile(schema: JsonSchema): ValidateFunction | null {
  if (compiled.has(schema)) return compiled.get(schema) ?? null;
  let fn: ValidateFunction | null = null;
  try {
    fn = getAjv().compile(toJsonSchema(schema) as object);
  } catch {
    fn = null; // circular or unsupported schema: schema checks are skipped for it
  }
  compiled.set(schema, fn);
  return fn;
}

function describe(error: ErrorObject, data: unknown): string {
  const at = error.instancePath || '/';
  let actual = data;
  for (const part of error.instancePath.split('/').slice(1)) {
    actual = actual !== null && typeof actual === 'object' ? (actual as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  const got = error.keyword === 'type' ? ` (got ${actual === null ? 'null' : Array.isArray(actual) ? 'array' : typeof actual} ${JSON.stringify(actual)?.slice(0, 60)})` : '';
  return `${at}: ${error.message ?? error.keyword}${got}`;
}

/**
 * Validate a value against an OpenAPI schema. Returns human-readable errors;
 * `undefined` when the schema cannot be compiled (the caller skips the check).
 *
 * @example
 * validateAgainst({ type: 'integer' }, 'x'); // ['/: must be integer (got string "x")']
 */
export function validateAgainst(schema: JsonSchema, data: unknown): string[] | undefined {
  const fn = compile(schema);
  if (!fn) return undefined;
  if (fn(data)) return [];
  return (fn.errors ?? []).map((e) => describe(e, data));
}

function asSchema(value: unknown): JsonSchema | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonSchema) : undefined;
}

interface ObjectShape {
  known: Map<string, JsonSchema[]>;
  open: boolean;
  patterns: RegExp[];
  extra: JsonSchema[];
  declared: boolean;
}

function collectShape(schema: JsonSchema, shape: ObjectShape, depth: number): void {
  if (depth > 8) return;
  const props = asSchema(schema.properties);
  if (props) {
    shape.declared = true;
    for (const [name, sub] of Object.entries(props)) {
      const list = shape.known.get(name) ?? [];
      const s = asSchema(sub);
      if (s) list.push(s);
      shape.known.set(name, list);
    }
  }
  const additional = schema.additionalProperties;
  if (additional === true) shape.open = true;
  else if (asSchema(additional)) {
    shape.open = true;
    shape.extra.push(additional as JsonSchema);
  }
  const patterns = asSchema(schema.patternProperties);
  if (patterns) {
    for (const p of Object.keys(patterns)) {
      try {
        shape.patterns.push(new RegExp(p, 'u'));
      } catch {
        shape.open = true;
      }
    }
  }
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    const list = schema[key];
    if (Array.isArray(list)) for (const sub of list) if (asSchema(sub)) collectShape(sub as JsonSchema, shape, depth + 1);
  }
}

/**
 * Find response fields the contract does not declare: object keys that are
 * not among the schema's `properties` (including those of allOf/oneOf/anyOf
 * members) where the schema does not allow additional properties. Free-form
 * objects (no `properties`) and `additionalProperties: true` are open.
 *
 * @example
 * findUndocumentedFields({ type: 'object', properties: { id: { type: 'string' } } }, { id: 'a', secret: 1 });
 * // ['/secret']
 */
export function findUndocumentedFields(schema: JsonSchema, data: unknown, path = '', depth = 0): string[] {
  if (depth > 16 || data === null || typeof data !== 'object') return [];
  if (Array.isArray(data)) {
    const items = asSchema(schema.items);
    if (!items) return [];
    return data.slice(0, 50).flatMap((item, i) => findUndocumentedFields(items, item, `${path}/${i}`, depth + 1));
  }
  const shape: ObjectShape = { known: new Map(), open: false, patterns: [], extra: [], declared: false };
  collectShape(schema, shape, 0);
  const found: string[] = [];
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const subs = shape.known.get(key);
    if (subs) {
      for (const sub of subs.slice(0, 1)) found.push(...findUndocumentedFields(sub, value, `${path}/${key}`, depth + 1));
    } else if (shape.patterns.some((re) => re.test(key)) || shape.open || !shape.declared) {
      for (const extra of shape.extra.slice(0, 1)) found.push(...findUndocumentedFields(extra, value, `${path}/${key}`, depth + 1));
    } else {
      found.push(`${path}/${key}`);
    }
  }
  return found;
}
