import { Ajv, type AnySchema, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; its default export is the plugin function.
const addFormats = addFormatsModule as unknown as (ajv: Ajv | Ajv2019 | Ajv2020) => void;

type AnyAjv = Ajv | Ajv2019 | Ajv2020;

const OPTIONS = { strict: true, strictTuples: false, allowUnionTypes: true, allErrors: true, validateFormats: true } as const;

function makeAjv(draft: 'draft-07' | '2019-09' | '2020-12'): AnyAjv {
  const ajv = draft === '2020-12' ? new Ajv2020(OPTIONS) : draft === '2019-09' ? new Ajv2019(OPTIONS) : new Ajv(OPTIONS);
  addFormats(ajv);
  return ajv;
}

function draftOf(schema: unknown): 'draft-07' | '2019-09' | '2020-12' {
  const id = typeof schema === 'object' && schema !== null ? String((schema as { $schema?: unknown }).$schema ?? '') : '';
  if (id.includes('2019-09')) return '2019-09';
  if (id.includes('draft-07') || id.includes('draft-06') || id.includes('draft-04')) return 'draft-07';
  // MCP 2025-11-25: a schema without $schema is JSON Schema 2020-12.
  return '2020-12';
}

export type CompileResult = { ok: true; validate: ValidateFunction } | { ok: false; error: string };

/**
 * Compile a tool's inputSchema/outputSchema with Ajv in strict mode (the
 * dialect its `$schema` names, 2020-12 when absent). Unknown keywords,
 * bad types and broken `$ref`s are reported, not thrown.
 *
 * @example
 * compileStrict({ type: 'object', properties: { a: { type: 'string' } } }).ok; // true
 */
export function compileStrict(schema: unknown): CompileResult {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return { ok: false, error: 'schema is not an object' };
  try {
    const ajv = makeAjv(draftOf(schema));
    return { ok: true, validate: ajv.compile(schema as AnySchema) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Human-readable Ajv errors, at most `max` of them.
 *
 * @example
 * const c = compileStrict(schema); if (c.ok && !c.validate(v)) console.log(describeErrors(c.validate));
 */
export function describeErrors(validate: ValidateFunction, max = 3): string {
  return (validate.errors ?? [])
    .slice(0, max)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? 'invalid'}`)
    .join('; ');
}
