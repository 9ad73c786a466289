import { ENTITY_MARK, type JsonSchema } from '../contracts/types.js';
import { entityOfSchema, propsOf } from './behaviour.js';

/** One field of an entity model, as the contract schema defines it. */
export interface ModelField {
  name: string;
  schema: JsonSchema;
  required: boolean;
}

/** A model module of the generated service: one per entity the OpenAPI contract defines. */
export interface EntityModelSpec {
  /** The component schema name (`components.schemas.<entity>`). */
  entity: string;
  /** The exported JS class name. */
  className: string;
  /** The module path inside the service, `src/models/<kebab-name>.js`. */
  file: string;
  /** The id of the contract that defines it. */
  contract: string;
  collection: string;
  fields: ModelField[];
}

/** How a handler turns its behaviour's result into model views. */
export interface ModelBinding {
  model: EntityModelSpec;
  /** `record`: the body is one record; `array`: a list of records; `wrapper`: these body properties are lists of records. */
  shape: 'record' | 'array' | 'wrapper';
  wrapperKeys: string[];
}

/**
 * The kebab-case module name of an entity.
 *
 * @example
 * kebabName('OrderItem'); // 'order-item'
 */
export function kebabName(entity: string): string {
  const kebab = entity
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return kebab || 'entity';
}

/**
 * A JS class name for an entity (PascalCase identifier).
 *
 * @example
 * classNameOf('order.v1'); // 'OrderV1'
 */
export function classNameOf(entity: string): string {
  const name = entity
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => `${part.charAt(0).toUpperCase()}${part.slice(1)}`)
    .join('');
  if (!name) return 'Entity';
  return /^[0-9]/.test(name) ? `Model${name}` : name;
}

/**
 * The model modules of a service: one per entity its OpenAPI contract
 * defines, i.e. per `components.schemas` entry with an `id` property (the
 * same rule that makes it a stored entity). Schemas the builder invents
 * (a path-named entity without a schema, raw `Event` storage) get none.
 * Class and file names are made unique.
 *
 * @example
 * entityModels(openapi.entities, 'order-api', collectionOf).map((m) => m.file); // ['src/models/order.js']
 */
export function entityModels(
  entities: Record<string, JsonSchema>,
  contract: string,
  collectionOf: (entity: string) => string,
): EntityModelSpec[] {
  const classes = new Set<string>();
  const files = new Set<string>();
  const out: EntityModelSpec[] = [];
  for (const [entity, schema] of Object.entries(entities)) {
    const base = classNameOf(entity);
    let className = base;
    for (let i = 2; classes.has(className); i += 1) className = `${base}${i}`;
    classes.add(className);
    const stem = kebabName(entity);
    let file = `src/models/${stem}.js`;
    for (let i = 2; files.has(file); i += 1) file = `src/models/${stem}-${i}.js`;
    files.add(file);
    const required = new Set(collectRequired(schema));
    const fields = Object.entries(propsOf(schema)).map(([name, sub]) => ({ name, schema: sub, required: required.has(name) }));
    out.push({ entity, className, file, contract, collection: collectionOf(entity), fields });
  }
  return out;
}

function collectRequired(schema: JsonSchema): string[] {
  const own = Array.isArray(schema.required) ? schema.required.map(String) : [];
  const fromAll = Array.isArray(schema.allOf) ? schema.allOf.flatMap((s) => collectRequired(s as JsonSchema)) : [];
  return [...own, ...fromAll];
}

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** Behaviours whose handler returns stored records of the operation's entity. */
const RECORD_BEHAVIOURS = new Set(['create', 'read', 'update', 'remove', 'list', 'register', 'current-user']);

/**
 * Whether (and how) an operation's handler returns records of an entity
 * that has a model: its behaviour returns stored records and its success
 * response is that entity, a list of it, or a wrapper holding lists of it.
 *
 * @example
 * modelBinding(getOrderOp, models); // { model: <Order>, shape: 'record', wrapperKeys: [] }
 */
export function modelBinding(
  op: { behaviour: string; entity?: string; successStatus: number; responses: Record<string, JsonSchema | null> },
  models: readonly EntityModelSpec[],
): ModelBinding | undefined {
  if (!RECORD_BEHAVIOURS.has(op.behaviour) || !op.entity) return undefined;
  const model = models.find((m) => m.entity === op.entity);
  const response = op.responses[String(op.successStatus)];
  if (!model || !response || entityOfSchema(response) !== op.entity) return undefined;
  // Only list handlers return lists; every other record behaviour returns one record.
  if (op.behaviour !== 'list') return response[ENTITY_MARK] === op.entity ? { model, shape: 'record', wrapperKeys: [] } : undefined;
  if (response.type === 'array') return { model, shape: 'array', wrapperKeys: [] };
  const wrapperKeys = Object.entries(rec(response.properties))
    .filter(([, sub]) => rec(sub).type === 'array' && entityOfSchema(rec(rec(sub).items) as JsonSchema) === op.entity)
    .map(([key]) => key);
  return wrapperKeys.length > 0 ? { model, shape: 'wrapper', wrapperKeys } : undefined;
}
