import { asObj } from './openapi-walk.js';

type Obj = Record<string, unknown>;

/**
 * A deterministic value that satisfies `schema` (examples, enums, formats and
 * required properties honoured).
 *
 * @example
 * sampleFor({ type: 'object', required: ['id'], properties: { id: { type: 'integer' } } }); // { id: 1 }
 */
export function sampleFor(schema: Obj, depth = 0): unknown {
  if (depth > 8) return null;
  if ('example' in schema) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  for (const k of ['oneOf', 'anyOf'] as const) {
    if (Array.isArray(schema[k]) && (schema[k] as unknown[]).length) return sampleFor(asObj((schema[k] as unknown[])[0]), depth + 1);
  }
  if (Array.isArray(schema.allOf)) {
    return Object.assign({}, ...(schema.allOf as unknown[]).map((s) => sampleFor(asObj(s), depth + 1)).filter((v) => v && typeof v === 'object'));
  }
  const type = Array.isArray(schema.type) ? (schema.type as string[]).find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      switch (schema.format) {
        case 'uuid': return '00000000-0000-4000-8000-000000000001';
        case 'date-time': return '2026-01-01T00:00:00Z';
        case 'date': return '2026-01-01';
        case 'email': return 'user@example.com';
        case 'uri': return 'https://example.com/';
        default: return typeof schema.minLength === 'number' && schema.minLength > 6 ? 'x'.repeat(schema.minLength) : 'sample';
      }
    case 'integer': return typeof schema.minimum === 'number' ? Math.ceil(schema.minimum) : 1;
    case 'number': return typeof schema.minimum === 'number' ? schema.minimum : 1.5;
    case 'boolean': return true;
    case 'array': return [sampleFor(asObj(schema.items), depth + 1)];
    case 'null': return null;
    default: {
      const props = asObj(schema.properties);
      const out: Obj = {};
      for (const [k, v] of Object.entries(props)) out[k] = sampleFor(asObj(v), depth + 1);
      return out;
    }
  }
}

/**
 * A value that violates `schema` (wrong type for the first required property,
 * or a wrong top-level type), for negative tests; undefined when nothing can
 * be violated.
 *
 * @example
 * invalidSampleFor({ type: 'object', required: ['n'], properties: { n: { type: 'integer' } } }); // { n: 'not-a-integer' }
 */
export function invalidSampleFor(schema: Obj): unknown {
  const props = asObj(schema.properties);
  const required = (schema.required as string[] | undefined) ?? [];
  const target = required.find((r) => r in props) ?? Object.keys(props)[0];
  if (target) {
    const base = sampleFor(schema) as Obj;
    const t = asObj(props[target]).type;
    base[target] = t === 'string' ? 12345 : `not-a-${String(t ?? 'value')}`;
    return base;
  }
  if (schema.type === 'object') return 'not-an-object';
  if (schema.type === 'array') return { not: 'an array' };
  return undefined;
}
