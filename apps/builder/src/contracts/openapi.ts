import { readFile } from 'node:fs/promises';
import { dereference, validate, compileErrors, type ParserOptions } from '@readme/openapi-parser';
import { parse as parseYaml } from 'yaml';
import { ContractError } from '../errors.js';
import {
  cleanSchema,
  contractIdOf,
  ENTITY_MARK,
  HTTP_METHODS,
  type ContractOperation,
  type ContractParameter,
  type JsonSchema,
  type OpenApiContract,
} from './types.js';

type Doc = Record<string, unknown>;
const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

function isBearer(doc: Doc, security: unknown): boolean {
  if (!Array.isArray(security)) return false;
  const schemes = asRecord(asRecord(doc.components).securitySchemes);
  return security.some((req) =>
    Object.keys(asRecord(req)).some((name) => {
      const s = asRecord(schemes[name]);
      return (s.type === 'http' && String(s.scheme).toLowerCase() === 'bearer') || s.type === 'oauth2' || s.type === 'openIdConnect';
    }),
  );
}

function jsonSchemaOf(content: unknown): JsonSchema | null {
  const map = asRecord(content);
  const key = Object.keys(map).find((k) => /json/i.test(k)) ?? Object.keys(map)[0];
  if (!key) return null;
  const schema = asRecord(map[key]).schema;
  return schema && typeof schema === 'object' ? (schema as JsonSchema) : null;
}

function operationsOf(doc: Doc): ContractOperation[] {
  const ops: ContractOperation[] = [];
  for (const [path, rawItem] of Object.entries(asRecord(doc.paths))) {
    const item = asRecord(rawItem);
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of HTTP_METHODS) {
      const op = asRecord(item[method]);
      if (!item[method]) continue;
      const byKey = new Map<string, ContractParameter>();
      for (const raw of [...shared, ...(Array.isArray(op.parameters) ? op.parameters : [])]) {
        const p = asRecord(raw);
        const param: ContractParameter = {
          name: String(p.name),
          in: p.in as ContractParameter['in'],
          required: p.in === 'path' ? true : Boolean(p.required),
          schema: asRecord(p.schema),
        };
        byKey.set(`${param.in}:${param.name}`, param);
      }
      const body = asRecord(op.requestBody);
      const bodySchema = op.requestBody ? jsonSchemaOf(body.content) : null;
      const responses: Record<string, JsonSchema | null> = {};
      for (const [status, raw] of Object.entries(asRecord(op.responses))) responses[status] = jsonSchemaOf(asRecord(raw).content);
      const security = op.security !== undefined ? op.security : doc.security;
      ops.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        ...(typeof op.operationId === 'string' ? { operationId: op.operationId } : {}),
        secured: isBearer(doc, security),
        params: [...byKey.values()],
        requestBody: bodySchema ? { required: Boolean(body.required), schema: bodySchema } : null,
        responses,
      });
    }
  }
  return ops;
}

/**
 * Load an OpenAPI 3.x document: validate it (no network: remote $refs are
 * not followed), dereference it, and list its operations with schemas.
 * Entity names (component schemas with an `id` property) are kept through
 * dereferencing with an `x-run4-entity` marker.
 *
 * @example
 * const contract = await loadOpenApi('contracts/openapi.yaml');
 * contract.operations.map((op) => op.key); // ['POST /orders', 'GET /orders/{id}', ...]
 */
export async function loadOpenApi(file: string): Promise<OpenApiContract> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ContractError(`OpenAPI contract ${file} not found; check contracts.openapi in config.yaml`, file);
  }
  let raw: Doc;
  try {
    raw = asRecord(parseYaml(text));
  } catch (error) {
    throw new ContractError(`OpenAPI contract ${file} is not valid YAML/JSON: ${(error as Error).message.split('\n')[0]}`, file, error);
  }
  if (typeof raw.openapi !== 'string' || !raw.openapi.startsWith('3.')) {
    throw new ContractError(`${file}: not an OpenAPI 3.x document (field "openapi" is ${JSON.stringify(raw.openapi)})`, file);
  }
  // No network: a remote $ref must fail fast instead of hanging (the typings omit `http: false`).
  const options = { resolve: { http: false } } as unknown as ParserOptions;
  const result = await validate(structuredClone(raw) as never, options);
  if (!result.valid) {
    const detail = compileErrors(result).split('\n').map((l) => l.trim()).filter((l) => l && !/^API definition .*failed\.?$/.test(l)).slice(0, 3).join('; ');
    throw new ContractError(`${file}: invalid OpenAPI document: ${detail}; fix the contract and re-run`, file);
  }
  const marked = structuredClone(raw);
  const schemas = asRecord(asRecord(marked.components).schemas);
  for (const [name, schema] of Object.entries(schemas)) {
    const s = asRecord(schema);
    if (asRecord(s.properties).id !== undefined) s[ENTITY_MARK] = name;
  }
  let deref: Doc;
  try {
    deref = asRecord(await dereference(marked as never, options));
  } catch (error) {
    throw new ContractError(`${file}: cannot resolve $ref pointers: ${(error as Error).message}`, file, error);
  }
  const entities: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(asRecord(asRecord(deref.components).schemas))) {
    if (asRecord(schema)[ENTITY_MARK] === name) entities[name] = schema as JsonSchema;
  }
  const info = asRecord(raw.info);
  return {
    kind: 'openapi',
    file,
    id: contractIdOf(info, file),
    title: String(info.title ?? file),
    operations: operationsOf(deref),
    entities,
  };
}

export { cleanSchema };
