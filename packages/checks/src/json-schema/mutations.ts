import { asJsonSchema, jsonSchemaType, mergeAllOf, wrongTypeValue, type JsonSchema } from './schema-node.js';

/** One way of making data invalid against its schema. */
export interface SchemaMutation {
  /** What was broken, e.g. `body.quantity: wrong type (string)`. */
  description: string;
  value: unknown;
}

function constraintBreaks(schema: JsonSchema, label: string): SchemaMutation[] {
  const out: SchemaMutation[] = [];
  if (Array.isArray(schema.enum)) out.push({ description: `${label}: value outside enum`, value: '__not_in_enum__' });
  if (typeof schema.minLength === 'number' && schema.minLength > 0) out.push({ description: `${label}: shorter than minLength`, value: '' });
  if (typeof schema.minimum === 'number') out.push({ description: `${label}: below minimum`, value: schema.minimum - 1 });
  if (typeof schema.maximum === 'number') out.push({ description: `${label}: above maximum`, value: schema.maximum + 1 });
  return out;
}

/**
 * Invalid variants of a valid value, one defect each: the whole value with
 * the wrong type; for an object, each required property removed, each
 * (writable) property given the wrong type or a broken constraint (enum,
 * minLength, minimum, maximum). A caller keeps the ones its validator
 * rejects (a variant can still be valid, e.g. under `anyOf`).
 *
 * @example
 * schemaMutations({ type: 'object', required: ['a'], properties: { a: { type: 'string' } } }, { a: 'x' }, 'body');
 * // [{ description: 'body: wrong type (string)', value: 'not-an-object' }, { description: 'body.a: required property missing', value: {} }, { description: 'body.a: wrong type (number)', value: { a: 12345 } }]
 */
export function schemaMutations(input: JsonSchema, valid: unknown, label: string): SchemaMutation[] {
  const schema = mergeAllOf(input);
  const out: SchemaMutation[] = [];
  const whole = wrongTypeValue(schema);
  if (whole !== undefined) out.push({ description: `${label}: wrong type (${typeof whole})`, value: whole });
  if (jsonSchemaType(schema) !== 'object' || valid === null || typeof valid !== 'object' || Array.isArray(valid)) {
    return out.concat(constraintBreaks(schema, label));
  }
  const base = valid as Record<string, unknown>;
  for (const name of Array.isArray(schema.required) ? (schema.required as string[]) : []) {
    const copy = { ...base };
    delete copy[name];
    out.push({ description: `${label}.${name}: required property missing`, value: copy });
  }
  for (const [name, raw] of Object.entries(asJsonSchema(schema.properties) ?? {})) {
    const sub = asJsonSchema(raw);
    if (!sub || sub.readOnly === true) continue;
    const merged = mergeAllOf(sub, input);
    const wrong = wrongTypeValue(merged);
    if (wrong !== undefined) out.push({ description: `${label}.${name}: wrong type (${typeof wrong})`, value: { ...base, [name]: wrong } });
    for (const brk of constraintBreaks(merged, `${label}.${name}`)) out.push({ description: brk.description, value: { ...base, [name]: brk.value } });
  }
  return out;
}
