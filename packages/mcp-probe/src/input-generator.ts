import { asJsonSchema, resolveLocalRef, sampleJsonSchema, wrongTypeValue, type JsonSchema } from '@run4/checks';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { compileStrict } from './json-schema.js';

export type { JsonSchema } from '@run4/checks';

// Values come from @run4/checks' sampleJsonSchema, in its canonical mode (the
// quality gate uses the same sampler seeded). What stays here is what only a
// tool probe needs: required-first arguments checked against the schema with
// Ajv (which @run4/checks does not carry) and one invalid-type input per tool.

/** Hooks for values the schema alone cannot choose well. */
export interface GenerateHints {
  /**
   * A value for a string property, by the name of the property it belongs to
   * (array items: the array's name), e.g. a path inside a scratch directory;
   * undefined = the generator's own sample.
   */
  stringFor?: (key: string, schema: JsonSchema) => string | undefined;
}

/**
 * Generate arguments for a tool from its inputSchema: `full` fills every
 * declared property, `required` only the required ones (so the server's
 * defaults apply). Canonical values from `sampleJsonSchema` of
 * `@run4/checks`: const, enum, examples, formats (URLs at a loopback discard
 * port), min/max, `allOf` and local `$ref`s honoured.
 *
 * @example
 * generateInput({ type: 'object', properties: { n: { type: 'integer', minimum: 3 } }, required: ['n'] }, 'required'); // { n: 3 }
 */
export function generateInput(inputSchema: JsonSchema, mode: 'full' | 'required' = 'full', hints: GenerateHints = {}): Record<string, unknown> {
  // canonical (no rng): one predictable value per schema; `required` mode also takes declared defaults, so the server's own apply
  const value = sampleJsonSchema(inputSchema, { optional: mode === 'full' ? 'all' : 'required', examples: true, defaults: mode === 'required', ...(hints.stringFor ? { stringFor: hints.stringFor } : {}) });
  return asJsonSchema(value) ?? {};
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
  const props = Object.entries(asJsonSchema(inputSchema.properties) ?? {});
  const required = new Set(Array.isArray(inputSchema.required) ? (inputSchema.required as string[]) : []);
  const base = generateCompatibleInput(inputSchema, hints).args;
  const typed = props.map(([k, s]) => [k, wrongTypeValue(resolveLocalRef(asJsonSchema(s) ?? {}, inputSchema))] as const).filter(([, v]) => v !== undefined);
  const targets = typed.filter(([k]) => required.has(k));
  const chosen = targets.length > 0 ? targets : typed.slice(0, 1);
  if (chosen.length === 0) return null;
  for (const [k, v] of chosen) base[k] = v;
  return base;
}
