// A small JSON Schema (OpenAPI 3.1 / 2020-12 subset) validator, response
// shaper and sample generator, so the service needs nothing outside Node.
import { randomUUID } from 'node:crypto';

const FORMATS = {
  uuid: (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
  email: (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
  'date-time': (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(v) && !Number.isNaN(Date.parse(v)),
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)),
  uri: (v) => /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(v),
};

function typeOf(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected, actual) {
  return expected === actual || (expected === 'number' && actual === 'integer');
}

const equal = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Validate `value` against `schema`; returns a list of `path: problem`
 * strings (empty when valid). With `options.tolerant`, properties the schema
 * does not declare are not reported (a tolerant reader).
 */
export function validate(schema, value, path = '$', options = {}) {
  if (!schema || typeof schema !== 'object' || schema === true) return [];
  if (schema === false) return [`${path}: not allowed`];
  const errors = [];
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (schema.nullable && value === null) return [];
  if (types.length > 0 && !types.some((t) => typeMatches(t, typeOf(value)))) {
    return [`${path}: expected ${types.join('|')}, got ${typeOf(value)}`];
  }
  if (schema.const !== undefined && !equal(schema.const, value)) errors.push(`${path}: must equal ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => equal(e, value))) errors.push(`${path}: must be one of ${schema.enum.join(', ')}`);
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) errors.push(`${path}: shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength) errors.push(`${path}: longer than ${schema.maxLength}`);
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) errors.push(`${path}: does not match ${schema.pattern}`);
    if (schema.format && FORMATS[schema.format] && !FORMATS[schema.format](value)) errors.push(`${path}: not a valid ${schema.format}`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${path}: below minimum ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${path}: above maximum ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) errors.push(`${path}: not above ${schema.exclusiveMinimum}`);
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) errors.push(`${path}: not below ${schema.exclusiveMaximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${path}: fewer than ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(`${path}: more than ${schema.maxItems} items`);
    if (schema.items && typeof schema.items === 'object') value.forEach((item, i) => errors.push(...validate(schema.items, item, `${path}[${i}]`, options)));
  }
  if (typeOf(value) === 'object') {
    for (const key of schema.required ?? []) if (!(key in value)) errors.push(`${path}.${key}: required`);
    const props = schema.properties ?? {};
    for (const [key, v] of Object.entries(value)) {
      if (props[key]) errors.push(...validate(props[key], v, `${path}.${key}`, options));
      else if (schema.additionalProperties === false && !options.tolerant) errors.push(`${path}.${key}: not allowed by the contract`);
      else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') errors.push(...validate(schema.additionalProperties, v, `${path}.${key}`, options));
    }
  }
  for (const sub of schema.allOf ?? []) errors.push(...validate(sub, value, path, options));
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((sub) => validate(sub, value, path, options).length === 0)) errors.push(`${path}: matches none of anyOf`);
  if (Array.isArray(schema.oneOf)) {
    const results = schema.oneOf.map((sub) => validate(sub, value, path, options));
    const matching = results.filter((r) => r.length === 0).length;
    if (matching !== 1) {
      const best = results.reduce((a, b) => (b.length < a.length ? b : a), results[0] ?? []);
      errors.push(matching === 0 ? (best.length > 0 ? best.join('; ') : `${path}: matches none of oneOf`) : `${path}: matches ${matching} of oneOf, expected exactly 1`);
    }
  }
  return errors;
}

/** The oneOf/anyOf branch `value` fits best (fewest errors). */
export function branchFor(schema, value) {
  const branches = schema.oneOf ?? schema.anyOf;
  if (!Array.isArray(branches) || branches.length === 0) return schema;
  return branches.reduce((best, b) => (validate(b, value).length < validate(best, value).length ? b : best), branches[0]);
}

/**
 * Shape `value` to `schema`: keep only the declared properties, fill missing
 * required ones with samples, so a response never carries undocumented fields.
 */
export function conform(schema, value) {
  if (!schema || typeof schema !== 'object') return value;
  if (schema.oneOf || schema.anyOf) return conform(branchFor(schema, value), value);
  if (schema.allOf) return schema.allOf.reduce((acc, sub) => ({ ...acc, ...conform(sub, value) }), {});
  if (schema.type === 'array' || (Array.isArray(value) && schema.items)) {
    return Array.isArray(value) ? value.map((item) => conform(schema.items ?? {}, item)) : [];
  }
  if (schema.properties && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const out = {};
    for (const [key, sub] of Object.entries(schema.properties)) {
      if (value[key] !== undefined) out[key] = conform(sub, value[key]);
      else if ((schema.required ?? []).includes(key)) out[key] = sample(sub);
    }
    return out;
  }
  if (value === undefined) return sample(schema);
  return value;
}

function sampleString(schema) {
  const fmt = schema.format;
  if (fmt === 'uuid') return randomUUID();
  if (fmt === 'email') return `user-${randomUUID().slice(0, 8)}@example.com`;
  if (fmt === 'date-time') return new Date().toISOString();
  if (fmt === 'date') return new Date().toISOString().slice(0, 10);
  if (fmt === 'uri') return 'http://example.com/resource';
  const min = schema.minLength ?? 1;
  const max = schema.maxLength ?? Math.max(min, 16);
  let text = `sample-${randomUUID().slice(0, 8)}`;
  while (text.length < min) text += 'x';
  return text.slice(0, Math.max(min, Math.min(max, text.length)));
}

function sampleNumber(schema, integer) {
  let n = schema.minimum ?? (typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + 1 : 1);
  if (schema.maximum !== undefined && n > schema.maximum) n = schema.maximum;
  if (n === 0 && (schema.maximum === undefined || schema.maximum >= 1)) n = 1;
  return integer ? Math.ceil(n) : n;
}

/** A value valid against `schema` (examples and defaults first). */
export function sample(schema) {
  if (!schema || typeof schema !== 'object') return null;
  if (schema.const !== undefined) return schema.const;
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (schema.oneOf || schema.anyOf) return sample((schema.oneOf ?? schema.anyOf)[0]);
  if (schema.allOf) return schema.allOf.reduce((acc, sub) => ({ ...acc, ...sample(sub) }), {});
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'string') return sampleString(schema);
  if (type === 'integer') return sampleNumber(schema, true);
  if (type === 'number') return sampleNumber(schema, false);
  if (type === 'boolean') return true;
  if (type === 'array') return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sample(schema.items ?? {}));
  if (type === 'object' || schema.properties) {
    const out = {};
    for (const [key, sub] of Object.entries(schema.properties ?? {})) out[key] = sample(sub);
    return out;
  }
  return null;
}
