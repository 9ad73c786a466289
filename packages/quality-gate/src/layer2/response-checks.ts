import type { ContractCheckName } from './contract-violation.js';
import type { Operation, OperationResponse } from './openapi-operations.js';
import type { CaseKind } from './request-cases.js';
import { findUndocumentedFields, validateAgainst } from './schema-validator.js';

/** What came back for one request. */
export interface ObservedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  elapsedMs: number;
}

/** One failed check on one response. */
export interface CheckFailure {
  check: ContractCheckName;
  message: string;
  expected: string;
  actual: string;
}

/** Which named checks apply to which case kind. */
export const CHECKS_BY_KIND: Readonly<Record<CaseKind, readonly ContractCheckName[]>> = {
  positive: [
    'not_a_server_error',
    'status_code_conformance',
    'content_type_conformance',
    'response_headers_conformance',
    'response_schema_conformance',
    'positive_data_acceptance',
    'max_response_time',
  ],
  negative: [
    'not_a_server_error',
    'status_code_conformance',
    'content_type_conformance',
    'response_headers_conformance',
    'response_schema_conformance',
    'negative_data_rejection',
    'max_response_time',
  ],
  missing_header: ['not_a_server_error', 'missing_required_header', 'max_response_time'],
  no_auth: ['not_a_server_error', 'ignored_auth', 'max_response_time'],
};

/**
 * The documented response for a status: exact code, then range (`2XX`), then `default`.
 *
 * @example
 * documentedResponse(op, 201)?.content; // { 'application/json': {...} }
 */
export function documentedResponse(op: Operation, status: number): OperationResponse | undefined {
  return op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? op.responses.DEFAULT;
}

function mediaMatches(documented: string, actual: string): boolean {
  const [dt, ds] = documented.toLowerCase().split(';')[0]!.trim().split('/');
  const [at, as] = actual.toLowerCase().split(';')[0]!.trim().split('/');
  return (dt === '*' || dt === at) && (ds === '*' || ds === as);
}

function isJsonMedia(media: string): boolean {
  return /^application\/(?:[\w.+-]*\+)?json\b/i.test(media.trim());
}

function coerceHeader(value: string, schema: Record<string, unknown>): unknown {
  if ((schema.type === 'integer' || schema.type === 'number') && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  if (schema.type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

type Checker = (op: Operation, res: ObservedResponse, limits: { maxResponseTimeMs: number }) => CheckFailure[];

const CHECKERS: Record<Exclude<ContractCheckName, 'pact_verification'>, Checker> = {
  not_a_server_error: (_op, res) =>
    res.status >= 500 ? [{ check: 'not_a_server_error', message: `server error ${res.status}`, expected: 'a status below 500', actual: String(res.status) }] : [],
  status_code_conformance: (op, res) => {
    if (res.status >= 500 || documentedResponse(op, res.status)) return [];
    const documented = Object.keys(op.responses).join(', ') || 'none';
    return [{ check: 'status_code_conformance', message: `status ${res.status} is not documented`, expected: documented, actual: String(res.status) }];
  },
  content_type_conformance: (op, res) => {
    const doc = documentedResponse(op, res.status);
    const media = Object.keys(doc?.content ?? {});
    if (!doc || media.length === 0 || res.body.length === 0) return [];
    const actual = res.headers['content-type'];
    if (!actual) return [{ check: 'content_type_conformance', message: 'response has a body but no Content-Type', expected: media.join(', '), actual: '(none)' }];
    if (media.some((m) => mediaMatches(m, actual))) return [];
    return [{ check: 'content_type_conformance', message: `content type ${actual} is not documented for ${res.status}`, expected: media.join(', '), actual }];
  },
  response_headers_conformance: (op, res) => {
    const doc = documentedResponse(op, res.status);
    const out: CheckFailure[] = [];
    for (const [name, spec] of Object.entries(doc?.headers ?? {})) {
      const value = res.headers[name];
      if (value === undefined) {
        if (spec.required) out.push({ check: 'response_headers_conformance', message: `required header ${name} missing`, expected: name, actual: '(absent)' });
        continue;
      }
      const errors = spec.schema ? validateAgainst(spec.schema, coerceHeader(value, spec.schema)) : [];
      if (errors && errors.length > 0) {
        out.push({ check: 'response_headers_conformance', message: `header ${name} does not match its schema: ${errors[0]}`, expected: JSON.stringify(spec.schema), actual: value });
      }
    }
    return out;
  },
  response_schema_conformance: (op, res) => {
    const doc = documentedResponse(op, res.status);
    const actual = res.headers['content-type'] ?? '';
    if (!doc || res.body.length === 0 || !isJsonMedia(actual)) return [];
    const entry = Object.entries(doc.content).find(([m]) => mediaMatches(m, actual));
    const schema = entry?.[1];
    if (!schema) return [];
    let data: unknown;
    try {
      data = JSON.parse(res.body);
    } catch {
      return [{ check: 'response_schema_conformance', message: 'response body is not valid JSON', expected: 'JSON', actual: res.body.slice(0, 80) }];
    }
    const out: CheckFailure[] = [];
    for (const field of findUndocumentedFields(schema, data)) {
      out.push({ check: 'response_schema_conformance', message: `response field ${field} is not in the contract`, expected: 'only documented properties', actual: field });
    }
    const errors = validateAgainst(schema, data) ?? [];
    const typeErrors = errors.filter((e) => !/must NOT have additional properties/.test(e));
    if (typeErrors.length > 0) {
      out.push({ check: 'response_schema_conformance', message: `response body does not match the schema: ${typeErrors.slice(0, 3).join('; ')}`, expected: 'the documented schema', actual: typeErrors[0] ?? '' });
    }
    return out;
  },
  positive_data_acceptance: (_op, res) =>
    res.status >= 400 && res.status < 500 && ![401, 403, 404, 409].includes(res.status)
      ? [{ check: 'positive_data_acceptance', message: `valid request rejected with ${res.status}`, expected: '2xx (or 401/403/404/409)', actual: String(res.status) }]
      : [],
  negative_data_rejection: (_op, res) =>
    res.status >= 200 && res.status < 300
      ? [{ check: 'negative_data_rejection', message: `invalid request accepted with ${res.status}`, expected: '4xx', actual: String(res.status) }]
      : [],
  missing_required_header: (_op, res) =>
    res.status < 400 ? [{ check: 'missing_required_header', message: `request without a required header answered ${res.status}`, expected: '4xx', actual: String(res.status) }] : [],
  ignored_auth: (_op, res) =>
    res.status >= 200 && res.status < 300
      ? [{ check: 'ignored_auth', message: `secured operation answered ${res.status} without valid credentials`, expected: '401 or 403', actual: String(res.status) }]
      : [],
  max_response_time: (_op, res, limits) =>
    res.elapsedMs > limits.maxResponseTimeMs
      ? [{ check: 'max_response_time', message: `response took ${Math.round(res.elapsedMs)} ms`, expected: `<= ${limits.maxResponseTimeMs} ms`, actual: `${Math.round(res.elapsedMs)} ms` }]
      : [],
};

/**
 * Run the named checks that apply to a case kind on one response.
 *
 * @example
 * evaluateResponse('positive', op, { status: 500, headers: {}, body: '', elapsedMs: 3 }, { maxResponseTimeMs: 2000 });
 * // [{ check: 'not_a_server_error', message: 'server error 500', ... }]
 */
export function evaluateResponse(
  kind: CaseKind,
  op: Operation,
  res: ObservedResponse,
  limits: { maxResponseTimeMs: number },
): { ran: ContractCheckName[]; failures: CheckFailure[] } {
  const ran = [...CHECKS_BY_KIND[kind]];
  const failures = ran.flatMap((name) => CHECKERS[name as keyof typeof CHECKERS](op, res, limits));
  return { ran, failures };
}
