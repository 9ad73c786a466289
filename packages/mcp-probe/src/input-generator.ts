import { Ajv2020 } from 'ajv/dist/2020.js';
import { compileStrict } from './json-schema.js';

/** A JSON Schema node, loosely typed (tool schemas come from any server). */
export type JsonSchema = Record<string, unknown>;

/** Hooks for values the schema alone cannot choose well. */
export interface GenerateHints {
  /**
   * A value for a string property, by the name of the property it belongs to
   * (array items: the array's name), e.g. a path inside a scratch directory;
   * undefined = the generator's own sample.
   */
  stringFor?: (key: string, schema: JsonSchema) => string | undefined;
}

const MAX_DEPTH = 6;

const FORMAT_SAMPLES: Record<string, string> = {
  email: 'probe@example.com',
  // loopback discard port: a tool that fetches a generated URL fails fast and never leaves the machine
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

function asSchema(value: unknown): JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonSchema) : {};
}

function firstType(schema: JsonSchema): string | undefined {
  const t = schema.type;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return (t.find((x) => x !== 'null') ?? t[0]) as string | undefined;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

function resolveRef(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) node = asSchema(node)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return asSchema(node);
}

function sampleString(schema: JsonSchema): string {
  const format = typeof schema.format === 'string' ? FORMAT_SAMPLES[schema.format] : undefined;
  let s = format ?? 'run4-probe';
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  if (s.length < min) s = s.padEnd(min, 'x');
  if (s.length > max) s = s.slice(0, Math.max(max, 0));
  return s;
}

function sampleNumber(schema: JsonSchema, integer: boolean): number {
  const min = typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + (integer ? 1 : 0.5) : undefined;
  const max = typeof schema.maximum === 'number' ? schema.maximum : typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum - (integer ? 1 : 0.5) : undefined;
  let n = min ?? (max !== undefined ? Math.min(1, max) : 1);
  if (integer) n = Math.ceil(n);
  return n;
}

function sample(schemaIn: JsonSchema, root: JsonSchema, mode: 'full' | 'required', depth: number, key = '', hints: GenerateHints = {}): unknown {
  const schema = resolveRef(schemaIn, root);
  const again = (s: JsonSchema, k = key) => sample(s, root, mode, depth + 1, k, hints);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if ('default' in schema && mode === 'required') return schema.default;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) {
      const nonNull = options.map(asSchema).find((o) => o.type !== 'null') ?? asSchema(options[0]);
      return again(nonNull);
    }
  }
  if (Array.isArray(schema.allOf)) {
    const merged = Object.assign({}, ...schema.allOf.map((s) => resolveRef(asSchema(s), root)), { allOf: undefined }) as JsonSchema;
    return again(merged);
  }
  switch (firstType(schema)) {
    case 'string':
      return hints.stringFor?.(key, schema) ?? sampleString(schema);
    case 'integer':
      return sampleNumber(schema, true);
    case 'number':
      return sampleNumber(schema, false);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array': {
      const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const count = mode === 'full' ? Math.max(min, 1) : min;
      if (depth >= MAX_DEPTH) return [];
      return Array.from({ length: Math.min(count, 5) }, () => again(asSchema(schema.items)));
    }
    case 'object': {
      if (depth >= MAX_DEPTH) return {};
      const props = asSchema(schema.properties);
      const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
      const out: Record<string, unknown> = {};
      for (const [prop, sub] of Object.entries(props)) {
        if (mode === 'required' && !required.has(prop)) continue;
        out[prop] = again(asSchema(sub), prop);
      }
      return out;
    }
    default:
      return 'run4-probe';
  }
}

/**
 * Generate arguments for a tool from its inputSchema: `full` fills every
 * declared property, `required` only the required ones (so the server's
 * defaults apply). Honours const, enum, examples, formats, min/max and
 * local `$ref`s.
 *
 * @example
 * generateInput({ type: 'object', properties: { n: { type: 'integer', minimum: 3 } }, required: ['n'] }, 'required'); // { n: 3 }
 */
export function generateInput(inputSchema: JsonSchema, mode: 'full' | 'required' = 'full', hints: GenerateHints = {}): Record<string, unknown> {
  const value = sample(inputSchema, inputSchema, mode, 0, '', hints);
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Arguments built from the required properties up, and the optional ones the schema did not allow in. */
export interface CompatibleInput {
  args: Record<string, unknown>;
  /** Optional top-level properties left out because the schema rejects them together with the others. */
  leftOut: string[];
}

/**
 * Valid arguments built required-first: the required properties, then each
 * optional top-level property in turn, kept only if the inputSchema still
 * accepts the arguments with it (so `oneOf`, `not`, `dependentSchemas`,
 * `maxProperties` exclusions are honoured).
 *
 * @example
 * generateCompatibleInput({ type: 'object', properties: { head: { type: 'number' }, tail: { type: 'number' } }, not: { required: ['head', 'tail'] } });
 * // { args: { head: 1 }, leftOut: ['tail'] }
 */
export function generateCompatibleInput(inputSchema: JsonSchema, hints: GenerateHints = {}): CompatibleInput {
  const args = generateInput(inputSchema, 'required', hints);
  const full = generateInput(inputSchema, 'full', hints);
  const validate = validatorFor(inputSchema);
  const leftOut: string[] = [];
  for (const [key, value] of Object.entries(full)) {
    if (key in args) continue;
    const candidate = { ...args, [key]: value };
    if (!validate || validate(candidate)) args[key] = value;
    else leftOut.push(key);
  }
  return { args, leftOut };
}

/** A validator for the schema: strict when it compiles so, else lenient (a schema strict mode rejects still states exclusions); null if neither compiles. */
function validatorFor(schema: JsonSchema): ((value: unknown) => boolean) | null {
  const strict = compileStrict(schema);
  if (strict.ok) return (v) => strict.validate(v) as boolean;
  try {
    const lenient = new Ajv2020({ strict: false, validateSchema: false, validateFormats: false }).compile(schema);
    return (v) => lenient(v) as boolean;
  } catch {
    return null;
  }
}

function wrongTypeFor(schema: JsonSchema): unknown {
  switch (firstType(schema)) {
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
 * Arguments that violate the inputSchema by type: a valid full input with
 * each typed required property (or, when none is required, the first typed
 * property) given a value of the wrong JSON type. Returns null when the
 * schema declares no typed property (no invalid-type input exists).
 *
 * @example
 * generateInvalidInput({ type: 'object', properties: { q: { type: 'string' } }, required: ['q'] }); // { q: 12345 }
 */
export function generateInvalidInput(inputSchema: JsonSchema, hints: GenerateHints = {}): Record<string, unknown> | null {
  const props = Object.entries(asSchema(inputSchema.properties));
  const required = new Set(Array.isArray(inputSchema.required) ? (inputSchema.required as string[]) : []);
  const base = generateCompatibleInput(inputSchema, hints).args;
  const typed = props.map(([k, s]) => [k, wrongTypeFor(resolveRef(asSchema(s), inputSchema))] as const).filter(([, v]) => v !== undefined);
  const targets = typed.filter(([k]) => required.has(k));
  const chosen = targets.length > 0 ? targets : typed.slice(0, 1);
  if (chosen.length === 0) return null;
  for (const [k, v] of chosen) base[k] = v;
  return base;
}
