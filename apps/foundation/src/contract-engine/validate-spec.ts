import type { Parser } from '@asyncapi/parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ContractType, ValidationResult } from './schemas.js';

// The OpenAPI and AsyncAPI parsers are large: load them on first use so the
// servers start fast.
let asyncParser: Parser | undefined;

function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}

async function validateOpenApiSpec(spec: Record<string, unknown>): Promise<ValidationResult> {
  if (typeof spec.openapi !== 'string') {
    return { valid: false, errors: ['openapi: missing the "openapi" version field (expected e.g. "3.1.0")'], warnings: [] };
  }
  const { validate: validateOpenApi } = await import('@readme/openapi-parser');
  const result = await validateOpenApi(structuredClone(spec) as never, { resolve: { http: false }, timeoutMs: 10_000 } as never);
  if (result.valid) {
    return { valid: true, errors: [], warnings: result.warnings.map((w) => firstLine(w.message)) };
  }
  return {
    valid: false,
    errors: result.errors.map((e) => firstLine(e.message)),
    warnings: result.warnings.map((w) => firstLine(w.message)),
  };
}

async function validateAsyncApiSpec(spec: Record<string, unknown>): Promise<ValidationResult> {
  if (!asyncParser) {
    const { Parser: AsyncApiParser } = await import('@asyncapi/parser');
    asyncParser = new AsyncApiParser();
  }
  const diagnostics = await asyncParser.validate(structuredClone(spec) as never);
  const fmt = (d: { message: string; path: (string | number)[] }): string =>
    `${d.path.length ? d.path.join('.') : '(root)'}: ${d.message}`;
  const errors = diagnostics.filter((d) => d.severity === 0).map(fmt);
  const warnings = diagnostics.filter((d) => d.severity === 1).map(fmt);
  return { valid: errors.length === 0, errors, warnings };
}

function validateJsonSchema(spec: Record<string, unknown>): ValidationResult {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  const ok = ajv.validateSchema(spec);
  if (!ok) {
    return {
      valid: false,
      errors: (ajv.errors ?? []).map((e) => `${e.instancePath || '(root)'}: ${e.message ?? 'invalid'}`),
      warnings: [],
    };
  }
  try {
    ajv.compile(spec);
  } catch (err) {
    return { valid: false, errors: [`(root): ${(err as Error).message}`], warnings: [] };
  }
  return { valid: true, errors: [], warnings: [] };
}

/**
 * Warm the OpenAPI parser in the background once the server is up (cheap,
 * ~0.2 s). The AsyncAPI parser (~2 s of ruleset set-up on first use) is left
 * to the first AsyncAPI validation so it never delays unrelated calls.
 *
 * @example
 * preloadParsers();
 */
export function preloadParsers(): void {
  setTimeout(() => {
    void validateSpec({ openapi: '3.1.0', info: { title: 'warm-up', version: '0' }, paths: {} }, 'openapi');
  }, 50).unref();
}

/**
 * Validate a specification with a real parser: @readme/openapi-parser for
 * OpenAPI, @asyncapi/parser for AsyncAPI, Ajv (2020-12 meta-schema) for JSON
 * Schema. Never reaches the network.
 *
 * @example
 * await validateSpec({ openapi: '3.1.0', info: { title: 'x', version: '1' }, paths: {} }, 'openapi'); // { valid: true, ... }
 */
export async function validateSpec(spec: Record<string, unknown>, type: ContractType): Promise<ValidationResult> {
  try {
    if (type === 'openapi') return await validateOpenApiSpec(spec);
    if (type === 'asyncapi') return await validateAsyncApiSpec(spec);
    return validateJsonSchema(spec);
  } catch (err) {
    return { valid: false, errors: [`${type}: ${firstLine((err as Error).message)}`], warnings: [] };
  }
}
