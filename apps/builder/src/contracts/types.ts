/** A JSON Schema object as found in a contract (fully dereferenced). */
export type JsonSchema = Record<string, unknown>;

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

export interface ContractParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
}

/** One operation of an OpenAPI document, with schemas resolved. */
export interface ContractOperation {
  key: string;
  method: string;
  path: string;
  operationId?: string;
  secured: boolean;
  params: ContractParameter[];
  requestBody: { required: boolean; schema: JsonSchema } | null;
  responses: Record<string, JsonSchema | null>;
}

export interface OpenApiContract {
  kind: 'openapi';
  file: string;
  id: string;
  title: string;
  operations: ContractOperation[];
  /** Component schemas that describe an entity (object with an `id` property), by name. */
  entities: Record<string, JsonSchema>;
}

/** One message a service sends over an AsyncAPI channel. */
export interface ContractMessage {
  name: string;
  action: 'send' | 'receive';
  channel: string;
  address: string;
  /** HTTP path the message is POSTed to (the channel server's pathname, else /events/{address}). */
  route: string;
  /** Environment variable holding the consumer's base URL (from the server name). */
  targetEnv: string;
  payload: JsonSchema;
}

export interface AsyncApiContract {
  kind: 'asyncapi';
  file: string;
  id: string;
  title: string;
  messages: ContractMessage[];
}

/** The marker the loader puts on component schemas so entity names survive dereferencing. */
export const ENTITY_MARK = 'x-run4-entity';

/**
 * Remove loader/parser annotations from a schema (deep copy).
 *
 * @example
 * cleanSchema({ type: 'object', 'x-run4-entity': 'Order' }); // { type: 'object' }
 */
export function cleanSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cleanSchema);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === ENTITY_MARK || key.startsWith('x-parser-')) continue;
    out[key] = cleanSchema(v);
  }
  return out;
}

/**
 * A contract id: `x-contract-id`, else "Contract <id>." in the description, else the file stem.
 *
 * @example
 * contractIdOf({ description: 'Contract order-api. Orders.' }, 'openapi.yaml'); // 'order-api'
 */
export function contractIdOf(info: Record<string, unknown> | undefined, file: string): string {
  const explicit = info?.['x-contract-id'];
  if (typeof explicit === 'string' && explicit) return explicit;
  const described = /\bContract ([a-z][a-z0-9-]*)\b/.exec(String(info?.description ?? ''));
  if (described?.[1]) return described[1];
  return (file.split('/').pop() ?? file).replace(/\.(ya?ml|json)$/i, '');
}
