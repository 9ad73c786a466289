import { derefLocal } from './json-ref.js';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

export interface OperationInfo {
  path: string;
  method: string;
  operation: Record<string, unknown>;
}

type Obj = Record<string, unknown>;

/**
 * asObj.
 *
 * @example
 * asObj(spec.paths); // {} when not an object
 */
export function asObj(v: unknown): Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};
}

/**
 * Every operation of an OpenAPI document, $refs resolved.
 *
 * @example
 * listOperations(spec).map((o) => `${o.method} ${o.path}`);
 */
export function listOperations(spec: Obj): OperationInfo[] {
  const out: OperationInfo[] = [];
  for (const [path, item] of Object.entries(asObj(spec.paths))) {
    const pathItem = asObj(derefLocal(item, spec));
    for (const method of HTTP_METHODS) {
      if (pathItem[method]) out.push({ path, method, operation: asObj(derefLocal(pathItem[method], spec)) });
    }
  }
  return out;
}

/**
 * The JSON schema of a response (application/json, else the first media type).
 *
 * @example
 * responseSchema(op.operation, '200');
 */
export function responseSchema(operation: Obj, status: string): Obj | undefined {
  const responses = asObj(operation.responses);
  const resp = responses[status];
  if (!resp) return undefined;
  const content = asObj(asObj(resp).content);
  const media = content['application/json'] ?? Object.values(content)[0];
  const schema = asObj(media).schema;
  return schema ? asObj(schema) : undefined;
}

/**
 * The JSON schema of the request body, if any.
 *
 * @example
 * requestSchema(op.operation);
 */
export function requestSchema(operation: Obj): Obj | undefined {
  const content = asObj(asObj(operation.requestBody).content);
  const media = content['application/json'] ?? Object.values(content)[0];
  const schema = asObj(media).schema;
  return schema ? asObj(schema) : undefined;
}

/**
 * Match a concrete path (`/orders/42`) against templated paths (`/orders/{id}`),
 * preferring literal segments over parameters.
 *
 * @example
 * matchPath('/orders/42', ['/orders/{id}', '/orders']); // '/orders/{id}'
 */
export function matchPath(concrete: string, templates: string[]): string | undefined {
  const clean = (p: string): string[] => p.split('?')[0]!.replace(/\/+$/, '').split('/').filter(Boolean);
  const want = clean(concrete);
  let best: { t: string; literal: number } | undefined;
  for (const t of templates) {
    const segs = clean(t.replace(/:(\w+)/g, '{$1}'));
    if (segs.length !== want.length) continue;
    let literal = 0;
    let ok = true;
    for (let i = 0; i < segs.length; i += 1) {
      const s = segs[i]!;
      if (/^\{[^}]+\}$/.test(s)) continue;
      if (s !== want[i]) {
        ok = false;
        break;
      }
      literal += 1;
    }
    if (ok && (!best || literal > best.literal)) best = { t, literal };
  }
  return best?.t;
}

/**
 * A short type label of a JSON value, in JSON Schema terms.
 *
 * @example
 * jsonType(3); // 'integer'
 */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
