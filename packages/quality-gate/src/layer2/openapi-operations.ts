import { Run4Error, type JsonSchema } from '@run4/checks';

/** A JSON Schema object as found in an OpenAPI document (already dereferenced); the one type of `@run4/checks`. */
export type { JsonSchema };

/** One parameter of an operation. */
export interface OperationParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
}

/** One documented response of an operation. */
export interface OperationResponse {
  /** Media type → schema (undefined when the media type has no schema). */
  content: Record<string, JsonSchema | undefined>;
  headers: Record<string, { required: boolean; schema?: JsonSchema }>;
}

/** An operation of an OpenAPI document, flattened for request generation. */
export interface Operation {
  method: string;
  path: string;
  operationId?: string;
  parameters: OperationParameter[];
  requestBody?: { required: boolean; mediaType: string; schema: JsonSchema };
  /** Status key as documented: '200', '2XX', 'default'. */
  responses: Record<string, OperationResponse>;
  /** True when a non-empty security requirement applies to the operation. */
  secured: boolean;
}

/** A loaded OpenAPI document. */
export interface LoadedContract {
  source: string;
  title: string;
  version: string;
  openapi: string;
  operations: Operation[];
}

/** The OpenAPI document could not be read, parsed or dereferenced. */
export class ContractLoadError extends Run4Error {
  readonly source: string;
  constructor(source: string, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`cannot load OpenAPI contract ${source}: ${why}\nFix the document (it must be valid OpenAPI 3.x with local $refs only).`, {
      code: 'CONTRACT_LOAD_FAILED',
      exitCode: 2,
      cause,
    });
    this.source = source;
  }
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function toParameter(raw: unknown): OperationParameter | undefined {
  const p = asRecord(raw);
  const where = p.in;
  if (typeof p.name !== 'string' || (where !== 'path' && where !== 'query' && where !== 'header' && where !== 'cookie')) {
    return undefined;
  }
  return { name: p.name, in: where, required: where === 'path' || p.required === true, schema: asRecord(p.schema) };
}

function toResponse(raw: unknown): OperationResponse {
  const r = asRecord(raw);
  const content: Record<string, JsonSchema | undefined> = {};
  for (const [mediaType, media] of Object.entries(asRecord(r.content))) {
    const schema = asRecord(media).schema;
    content[mediaType] = schema === undefined ? undefined : asRecord(schema);
  }
  const headers: OperationResponse['headers'] = {};
  for (const [name, header] of Object.entries(asRecord(r.headers))) {
    const h = asRecord(header);
    headers[name.toLowerCase()] = { required: h.required === true, ...(h.schema ? { schema: asRecord(h.schema) } : {}) };
  }
  return { content, headers };
}

function pickJsonMedia(content: Record<string, unknown>): [string, unknown] | undefined {
  const entries = Object.entries(content);
  return entries.find(([m]) => /json/i.test(m)) ?? entries[0];
}

/**
 * Flatten a dereferenced OpenAPI 3.x document into operations.
 *
 * @example
 * const ops = extractOperations(doc);
 * ops.map((o) => `${o.method} ${o.path}`); // ['GET /orders', 'POST /orders']
 */
export function extractOperations(doc: Record<string, unknown>): Operation[] {
  const rootSecurity = Array.isArray(doc.security) ? doc.security : [];
  const operations: Operation[] = [];
  for (const [path, rawItem] of Object.entries(asRecord(doc.paths))) {
    const item = asRecord(rawItem);
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      if (!(method in item)) continue;
      const op = asRecord(item[method]);
      const byKey = new Map<string, OperationParameter>();
      for (const raw of [...shared, ...(Array.isArray(op.parameters) ? op.parameters : [])]) {
        const p = toParameter(raw);
        if (p) byKey.set(`${p.in}:${p.name}`, p);
      }
      const security = Array.isArray(op.security) ? op.security : rootSecurity;
      const secured = security.length > 0 && !security.some((req) => Object.keys(asRecord(req)).length === 0);
      const body = asRecord(op.requestBody);
      // fetch cannot send a body with GET/HEAD, and servers ignore one there.
      const media = method === 'get' || method === 'head' ? undefined : pickJsonMedia(asRecord(body.content));
      const responses: Record<string, OperationResponse> = {};
      for (const [status, raw] of Object.entries(asRecord(op.responses))) responses[status.toUpperCase()] = toResponse(raw);
      operations.push({
        method: method.toUpperCase(),
        path,
        ...(typeof op.operationId === 'string' ? { operationId: op.operationId } : {}),
        parameters: [...byKey.values()],
        ...(media ? { requestBody: { required: body.required === true, mediaType: media[0], schema: asRecord(asRecord(media[1]).schema) } } : {}),
        responses,
        secured,
      });
    }
  }
  return operations;
}

/**
 * Load and dereference an OpenAPI 3.x document from a file path (YAML or
 * JSON) or an object. Remote `$ref`s are never fetched.
 *
 * @example
 * const contract = await loadContract('contracts/openapi.yaml');
 * contract.operations.length; // 4
 */
export async function loadContract(source: string | Record<string, unknown>): Promise<LoadedContract> {
  const label = typeof source === 'string' ? source : '<inline document>';
  let doc: Record<string, unknown>;
  try {
    const input = typeof source === 'string' ? source : structuredClone(source);
    const { dereference } = await import('@readme/openapi-parser');
    doc = asRecord(await dereference(input as never, { resolve: { http: false } } as never));
  } catch (error) {
    throw new ContractLoadError(label, error);
  }
  if (typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.')) {
    throw new ContractLoadError(label, new Error(`expected "openapi: 3.x", found ${JSON.stringify(doc.openapi ?? doc.swagger)}`));
  }
  const info = asRecord(doc.info);
  return {
    source: label,
    title: typeof info.title === 'string' ? info.title : '',
    version: typeof info.version === 'string' ? info.version : '',
    openapi: doc.openapi,
    operations: extractOperations(doc),
  };
}
