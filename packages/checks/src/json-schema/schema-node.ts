/** A JSON Schema node, loosely typed (schemas come from any server or contract). */
export type JsonSchema = Record<string, unknown>;

/**
 * The value as a schema node when it is a JSON object, else undefined
 * (boolean schemas, arrays, scalars).
 *
 * @example
 * asJsonSchema({ type: 'string' }); // { type: 'string' }
 * asJsonSchema(true); // undefined
 */
export function asJsonSchema(value: unknown): JsonSchema | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonSchema) : undefined;
}

/**
 * The primary JSON type of a schema: its `type` (the first non-null one of a
 * list), else `object` when it has `properties`, `array` when it has `items`.
 *
 * @example
 * jsonSchemaType({ type: ['null', 'integer'] }); // 'integer'
 * jsonSchemaType({ properties: {} }); // 'object'
 */
export function jsonSchemaType(schema: JsonSchema): string | undefined {
  const t = schema.type;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return (t as string[]).find((x) => x !== 'null') ?? (t[0] as string | undefined);
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

/**
 * Follow a local `$ref` (`#/...`, JSON-Pointer escapes honoured) against
 * `root`; any other node is returned as it is, an unresolvable ref as `{}`.
 *
 * @example
 * resolveLocalRef({ $ref: '#/$defs/Id' }, { $defs: { Id: { type: 'string' } } }); // { type: 'string' }
 */
export function resolveLocalRef(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let current = schema;
  for (let hops = 0; hops < 32; hops++) {
    const ref = current.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#')) return current;
    let node: unknown = root;
    for (const part of ref.slice(1).split('/').filter((p) => p.length > 0)) node = asJsonSchema(node)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    current = asJsonSchema(node) ?? {};
  }
  return current;
}

/**
 * Fold `allOf` into one schema: properties and required lists are united,
 * every other keyword a member has is taken where the schema itself has
 * none. Members may be local `$ref`s into `root`.
 *
 * @example
 * mergeAllOf({ allOf: [{ properties: { a: { type: 'string' } }, required: ['a'] }, { properties: { b: { type: 'integer' } } }] });
 * // { properties: { a: ..., b: ... }, required: ['a'] }
 */
export function mergeAllOf(schema: JsonSchema, root: JsonSchema = schema): JsonSchema {
  if (!Array.isArray(schema.allOf)) return schema;
  const merged: JsonSchema = { ...schema };
  delete merged.allOf;
  const props: Record<string, unknown> = { ...(asJsonSchema(schema.properties) ?? {}) };
  const required = new Set<string>(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  for (const raw of schema.allOf) {
    const sub = asJsonSchema(raw);
    if (!sub) continue;
    const m = mergeAllOf(resolveLocalRef(sub, root), root);
    Object.assign(props, asJsonSchema(m.properties) ?? {});
    for (const r of Array.isArray(m.required) ? (m.required as string[]) : []) required.add(r);
    for (const [key, value] of Object.entries(m)) {
      if (key !== 'properties' && key !== 'required' && key !== '$ref' && !(key in merged)) merged[key] = value;
    }
  }
  if (Object.keys(props).length > 0) merged.properties = props;
  if (required.size > 0) merged.required = [...required];
  return merged;
}

/**
 * A value of the wrong JSON type for a typed schema (a number for a string,
 * a string for anything else); undefined when the schema names no type.
 *
 * @example
 * wrongTypeValue({ type: 'string' }); // 12345
 * wrongTypeValue({ type: 'integer' }); // 'not-a-number'
 */
export function wrongTypeValue(schema: JsonSchema): unknown {
  switch (jsonSchemaType(schema)) {
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
