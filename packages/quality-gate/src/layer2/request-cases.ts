import { createRng, jsonSchemaType, sampleJsonSchema, schemaMutations, type Rng } from '@run4/checks';
import type { JsonSchema, Operation, OperationParameter } from './openapi-operations.js';
import { validateAgainst } from './schema-validator.js';

/** What a generated request is meant to exercise. */
export type CaseKind = 'positive' | 'negative' | 'missing_header' | 'no_auth';

/** One generated HTTP request against an operation. */
export interface RequestCase {
  kind: CaseKind;
  operation: Operation;
  /** Path with parameters substituted, plus the query string. */
  target: string;
  headers: Record<string, string>;
  /** JSON body, already serialized. */
  body?: string;
  /** What the case does, e.g. `negative: body.quantity wrong type (string)`. */
  description: string;
}

/** Options for generating cases. */
export interface CaseOptions {
  seed: number;
  /** Maximum positive and maximum negative examples per operation. */
  maxExamples: number;
  /** Headers that authenticate (e.g. `{ authorization: 'Bearer …' }`), sent on all but no_auth cases. */
  authHeaders?: Record<string, string>;
  /**
   * Values seen in earlier responses for a path parameter (e.g. ids of
   * created resources). Every other positive case takes one, so operations
   * on existing resources are reached, not only their 404s.
   */
  knownValues?: (param: OperationParameter) => readonly unknown[];
}

interface Values {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  header: Record<string, unknown>;
  body?: unknown;
}

function encodeValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function render(op: Operation, v: Values, kind: CaseKind, description: string, auth: Record<string, string>): RequestCase {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(encodeValue(v.path[name] ?? 'x')));
  const qs = new URLSearchParams();
  for (const [name, value] of Object.entries(v.query)) {
    if (Array.isArray(value)) for (const item of value) qs.append(name, encodeValue(item));
    else qs.append(name, encodeValue(value));
  }
  const headers: Record<string, string> = { accept: 'application/json', ...auth };
  for (const [name, value] of Object.entries(v.header)) headers[name] = encodeValue(value);
  let body: string | undefined;
  if (v.body !== undefined && op.requestBody) {
    headers['content-type'] = op.requestBody.mediaType;
    body = JSON.stringify(v.body);
  }
  const query = qs.toString();
  return { kind, operation: op, target: query ? `${path}?${query}` : path, headers, ...(body !== undefined ? { body } : {}), description };
}

/** Seeded positive data (request bodies never send readOnly properties); the schema's examples and defaults first when asked. */
function generateValid(schema: JsonSchema, rng: Rng, preferExamples = false): unknown {
  return sampleJsonSchema(schema, { rng, examples: preferExamples, defaults: preferExamples, skipReadOnly: true });
}

function isValid(schema: JsonSchema, value: unknown): boolean {
  const errors = validateAgainst(schema, value);
  return errors === undefined || errors.length === 0;
}

function positiveValues(op: Operation, rng: Rng, preferExamples: boolean, known?: CaseOptions['knownValues']): Values | undefined {
  const v: Values = { path: {}, query: {}, header: {} };
  for (const p of op.parameters) {
    if (p.in === 'cookie') continue;
    if (!p.required && rng.next() < 0.5) continue;
    const seen = p.in === 'path' && known ? known(p).filter((x) => isValid(p.schema, x)) : [];
    const value = seen.length > 0 ? rng.pick(seen) : generateValid(p.schema, rng, preferExamples);
    if (!isValid(p.schema, value)) return undefined;
    v[p.in][p.name] = value;
  }
  if (op.requestBody && (op.requestBody.required || rng.next() < 0.7)) {
    const body = generateValid(op.requestBody.schema, rng, preferExamples);
    if (!isValid(op.requestBody.schema, body)) return undefined;
    v.body = body;
  }
  return v;
}

function shuffle<T>(items: T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function negativeVariants(op: Operation, base: Values): Array<{ description: string; values: Values }> {
  const out: Array<{ description: string; values: Values }> = [];
  if (op.requestBody) {
    const schema = op.requestBody.schema;
    const valid = base.body ?? generateValid(schema, createRng(1));
    for (const m of schemaMutations(schema, valid, 'body')) {
      if (!isValid(schema, m.value)) out.push({ description: m.description, values: { ...base, body: m.value } });
    }
    if (op.requestBody.required) out.push({ description: 'body: required request body missing', values: { ...base, body: undefined } });
  }
  for (const p of op.parameters) {
    if (p.in !== 'query' && p.in !== 'path') continue;
    if (p.in === 'query' && p.required) {
      const query = { ...base.query };
      delete query[p.name];
      out.push({ description: `query.${p.name}: required parameter missing`, values: { ...base, query } });
    }
    const type = jsonSchemaType(p.schema);
    if (type === 'integer' || type === 'number' || type === 'boolean' || Array.isArray(p.schema.enum)) {
      const bad = Array.isArray(p.schema.enum) ? '__not_in_enum__' : 'not-a-number';
      if (!isValid(p.schema, bad)) {
        out.push({ description: `${p.in}.${p.name}: wrong type (${JSON.stringify(bad)})`, values: { ...base, [p.in]: { ...base[p.in], [p.name]: bad } } });
      }
    }
  }
  return out;
}

/**
 * Generate the bounded, seeded request cases for one operation: up to
 * `maxExamples` positive and `maxExamples` negative cases, one case per
 * missing required header, and two unauthenticated cases (none / bogus
 * token) when the operation declares security. The same seed yields the
 * same cases.
 *
 * @example
 * const cases = buildCases(operation, { seed: 42, maxExamples: 5 });
 * cases.filter((c) => c.kind === 'negative').length; // <= 5
 */
export function buildCases(op: Operation, options: CaseOptions): RequestCase[] {
  const rng = createRng(options.seed ^ hashString(`${op.method} ${op.path}`));
  const auth = options.authHeaders ?? {};
  const cases: RequestCase[] = [];
  const seen = new Set<string>();
  let base: Values | undefined;
  for (let attempt = 0; attempt < options.maxExamples * 3 && cases.length < options.maxExamples; attempt++) {
    const v = positiveValues(op, rng, attempt === 0, cases.length % 2 === 0 ? options.knownValues : undefined);
    if (!v) continue;
    base ??= v;
    const c = render(op, v, 'positive', 'positive: generated valid request', auth);
    const key = `${c.target} ${c.body ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    cases.push(c);
  }
  if (!base) return cases;
  for (const variant of shuffle(negativeVariants(op, base), rng).slice(0, options.maxExamples)) {
    cases.push(render(op, variant.values, 'negative', `negative: ${variant.description}`, auth));
  }
  const authNames = new Set(Object.keys(auth).map((h) => h.toLowerCase()));
  for (const p of op.parameters) {
    if (p.in !== 'header' || !p.required || authNames.has(p.name.toLowerCase())) continue;
    const header = { ...base.header };
    delete header[p.name];
    cases.push(render(op, { ...base, header }, 'missing_header', `missing required header ${p.name}`, auth));
  }
  if (op.secured) {
    cases.push(render(op, base, 'no_auth', 'no credentials', {}));
    cases.push(render(op, base, 'no_auth', 'invalid bearer token', { authorization: 'Bearer run4-invalid-token' }));
  }
  return cases;
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
