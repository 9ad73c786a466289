import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { derefLocal } from './json-ref.js';
import { asObj, jsonType, listOperations, matchPath, responseSchema } from './openapi-walk.js';
import type { ContractEntry, Violation } from './schemas.js';

function fieldOf(instancePath: string): string {
  return instancePath.replace(/^\//, '').replace(/\//g, '.') || '(body)';
}

function valueAt(body: unknown, instancePath: string): unknown {
  let cur: unknown = body;
  for (const p of instancePath.split('/').filter(Boolean)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function toViolation(e: ErrorObject, body: unknown): Violation {
  const field = fieldOf(e.instancePath);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { field: field === '(body)' ? String(params.missingProperty) : `${field}.${String(params.missingProperty)}`, expected: 'present (required)', actual: 'missing', severity: 'error' };
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const extra = String(params.additionalProperty ?? params.unevaluatedProperty);
      return { field: field === '(body)' ? extra : `${field}.${extra}`, expected: 'absent (additionalProperties: false)', actual: 'present', severity: 'error' };
    }
    case 'type':
      return { field, expected: String(params.type), actual: jsonType(valueAt(body, e.instancePath)), severity: 'error' };
    case 'enum':
      return { field, expected: `one of ${JSON.stringify(params.allowedValues)}`, actual: JSON.stringify(valueAt(body, e.instancePath)), severity: 'error' };
    default:
      return { field, expected: `${e.keyword}: ${e.message ?? ''}`.trim(), actual: JSON.stringify(valueAt(body, e.instancePath)) ?? 'undefined', severity: 'error' };
  }
}

/** Inputs of validate_endpoint. */
export interface EndpointCheck {
  method: string;
  path: string;
  response_body: unknown;
  status_code: number;
}

/**
 * Validate a response body against the OpenAPI contracts of a service:
 * resolve the templated path, pick the response for the status code
 * (exact, then `2XX`, then `default`) and check the body with Ajv.
 *
 * @example
 * validateEndpoint(contracts, { method: 'GET', path: '/orders/1', response_body: {}, status_code: 200 });
 */
export function validateEndpoint(contracts: ContractEntry[], check: EndpointCheck): { valid: boolean; violations: Violation[] } {
  const method = check.method.toLowerCase();
  if (contracts.length === 0) {
    return { valid: false, violations: [{ field: 'contract', expected: 'a registered openapi contract for the service', actual: 'none', severity: 'error' }] };
  }
  for (const contract of contracts) {
    const ops = listOperations(contract.spec);
    const template = matchPath(check.path, [...new Set(ops.map((o) => o.path))]);
    if (!template) continue;
    const op = ops.find((o) => o.path === template && o.method === method);
    if (!op) {
      return { valid: false, violations: [{ field: 'method', expected: ops.filter((o) => o.path === template).map((o) => o.method.toUpperCase()).join('|'), actual: check.method.toUpperCase(), severity: 'error' }] };
    }
    const status = String(check.status_code);
    const responses = asObj(op.operation.responses);
    const key = [status, `${status[0]}XX`, `${status[0]}xx`, 'default'].find((k) => k in responses);
    if (!key) {
      return { valid: false, violations: [{ field: 'status_code', expected: Object.keys(responses).join('|'), actual: status, severity: 'error' }] };
    }
    const schema = responseSchema(op.operation, key);
    if (!schema) return { valid: true, violations: [] };
    const resolved = asObj(derefLocal(schema, contract.spec));
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(resolved);
    if (validate(check.response_body)) return { valid: true, violations: [] };
    return { valid: false, violations: (validate.errors ?? []).map((e) => toViolation(e, check.response_body)) };
  }
  return { valid: false, violations: [{ field: 'path', expected: 'a path declared in the service contract', actual: check.path, severity: 'error' }] };
}
