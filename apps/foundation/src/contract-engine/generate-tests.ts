import { derefLocal } from './json-ref.js';
import { asObj, listOperations, requestSchema, responseSchema } from './openapi-walk.js';
import { invalidSampleFor, sampleFor } from './sample-data.js';
import type { ContractEntry } from './schemas.js';

type Obj = Record<string, unknown>;

/** One generated test case, independent of the target framework. */
interface Case {
  name: string;
  kind: 'http' | 'message';
  method?: string;
  path?: string;
  body?: unknown;
  expectStatus?: number[];
  expectClientError?: boolean;
  schema?: Obj;
  payload?: unknown;
  expectValid?: boolean;
  /** Create the resource first and put its id into the path: prefix + id + suffix. */
  setup?: { path: string; body: unknown; expectStatus: number[]; idField: string; prefix: string; suffix: string };
}

function successStatuses(operation: Obj): number[] {
  const s = Object.keys(asObj(operation.responses)).filter((k) => /^2/.test(k)).map(Number);
  return s.length ? s : [200];
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'root';
}

function fillPath(path: string, params: unknown[], bogus: boolean): string {
  return path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    if (bogus) return '00000000-0000-4000-8000-00000000dead';
    const p = params.map(asObj).find((x) => x.name === name && x.in === 'path');
    const v = p ? sampleFor(asObj(p.schema)) : '1';
    return encodeURIComponent(String(v));
  });
}

/** For `/items/{id}...`, the `POST /items` that creates the resource, if the contract has one. */
function creatorFor(spec: Obj, ops: ReturnType<typeof listOperations>, path: string, params: unknown[]): Case['setup'] {
  const m = /^(.*)\/\{([^}]+)\}(.*)$/.exec(path);
  if (!m) return undefined;
  const [, base, param, rest] = m as unknown as [string, string, string, string];
  if (/\{/.test(base)) return undefined;
  const creator = ops.find((o) => o.method === 'post' && o.path === base);
  if (!creator) return undefined;
  const reqS = requestSchema(creator.operation);
  const statuses = successStatuses(creator.operation);
  const created = responseSchema(creator.operation, String(statuses[0]));
  const props = asObj(asObj(derefLocal(created ?? {}, spec)).properties);
  return {
    path: base,
    body: reqS ? sampleFor(asObj(derefLocal(reqS, spec))) : undefined,
    expectStatus: statuses,
    idField: param in props ? param : 'id',
    prefix: `${base}/`,
    suffix: fillPath(rest, params, false),
  };
}

function httpCases(spec: Obj, negative: boolean): Case[] {
  const cases: Case[] = [];
  const ops = listOperations(spec);
  for (const op of ops) {
    const params = [...((asObj(spec.paths)[op.path] as Obj)?.parameters as unknown[] ?? []), ...((op.operation.parameters as unknown[]) ?? [])].map((p) => derefLocal(p, spec));
    const success = Object.keys(asObj(op.operation.responses)).filter((s) => /^2/.test(s)).map(Number);
    const expect = success.length ? success : [200];
    const okStatus = String(expect[0]);
    const rs = responseSchema(op.operation, okStatus);
    const reqS = requestSchema(op.operation);
    const body = reqS ? sampleFor(asObj(derefLocal(reqS, spec))) : undefined;
    const label = `${op.method}_${slug(op.path)}`;
    cases.push({
      name: `${label}_positive`,
      kind: 'http',
      method: op.method.toUpperCase(),
      path: fillPath(op.path, params, false),
      body,
      expectStatus: expect,
      schema: rs ? asObj(derefLocal(rs, spec)) : undefined,
      setup: creatorFor(spec, ops, op.path, params),
    });
    if (!negative) continue;
    if (reqS) {
      const bad = invalidSampleFor(asObj(derefLocal(reqS, spec)));
      if (bad !== undefined) {
        cases.push({ name: `${label}_rejects_invalid_body`, kind: 'http', method: op.method.toUpperCase(), path: fillPath(op.path, params, false), body: bad, expectClientError: true });
      }
    }
    if (/\{[^}]+\}/.test(op.path) && op.method === 'get') {
      cases.push({ name: `${label}_unknown_id_is_client_error`, kind: 'http', method: 'GET', path: fillPath(op.path, params, true), expectClientError: true });
    }
  }
  return cases;
}

function messageCases(spec: Obj, negative: boolean): Case[] {
  const cases: Case[] = [];
  for (const [chName, ch] of Object.entries(asObj(spec.channels))) {
    for (const [mName, msg] of Object.entries(asObj(asObj(derefLocal(ch, spec)).messages))) {
      const schema = asObj(derefLocal(asObj(msg).payload, spec));
      cases.push({ name: `${slug(chName)}_${slug(mName)}_example_matches_schema`, kind: 'message', schema, payload: sampleFor(schema), expectValid: true });
      const bad = negative ? invalidSampleFor(schema) : undefined;
      if (bad !== undefined) cases.push({ name: `${slug(chName)}_${slug(mName)}_invalid_payload_rejected`, kind: 'message', schema, payload: bad, expectValid: false });
    }
  }
  return cases;
}

function buildCases(contract: ContractEntry, negative: boolean): Case[] {
  if (contract.type === 'openapi') return httpCases(contract.spec, negative);
  if (contract.type === 'asyncapi') return messageCases(contract.spec, negative);
  const schema = asObj(derefLocal(contract.spec, contract.spec));
  const cases: Case[] = [{ name: 'example_matches_schema', kind: 'message', schema, payload: sampleFor(schema), expectValid: true }];
  const bad = negative ? invalidSampleFor(schema) : undefined;
  if (bad !== undefined) cases.push({ name: 'invalid_document_rejected', kind: 'message', schema, payload: bad, expectValid: false });
  return cases;
}

/** Python string literal holding `value` as JSON (JSON escapes are valid Python escapes). */
function pyJson(value: unknown): string {
  return `json.loads(${JSON.stringify(JSON.stringify(value ?? null))})`;
}

const PY_HELPERS = `BASE_URL = os.environ.get("BASE_URL", "http://localhost:8080")
TYPES = {"string": str, "integer": int, "number": (int, float), "boolean": bool, "array": list, "object": dict}


def _request(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"}
    if os.environ.get("AUTH_TOKEN"):
        headers["Authorization"] = "Bearer " + os.environ["AUTH_TOKEN"]
    req = urllib.request.Request(BASE_URL + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            raw = resp.read()
            return resp.status, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as err:
        raw = err.read()
        try:
            return err.code, (json.loads(raw) if raw else None)
        except ValueError:
            return err.code, raw.decode(errors="replace")


def _shape_errors(value, schema, where="body"):
    """Structural check: types, required properties, enums, additionalProperties."""
    errors = []
    expected = schema.get("type")
    if isinstance(expected, list):
        expected = next((t for t in expected if t != "null"), None)
        if value is None:
            return errors
    if expected in TYPES and not isinstance(value, TYPES[expected]) or (expected in ("integer", "number") and isinstance(value, bool)):
        return [where + ": expected " + str(expected) + ", got " + type(value).__name__]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(where + ": not in enum")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                errors.append(where + "." + name + ": missing")
        for name, sub in props.items():
            if name in value:
                errors.extend(_shape_errors(value[name], sub, where + "." + name))
        if schema.get("additionalProperties") is False:
            errors.extend(where + "." + k + ": not allowed" for k in value if k not in props)
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(value):
            errors.extend(_shape_errors(item, schema["items"], where + "[" + str(i) + "]"))
    return errors
`;

function toPytest(contract: ContractEntry, cases: Case[]): string {
  const lines = [
    `"""Contract tests for ${contract.service_name} (${contract.type} ${contract.version}, contract ${contract.id}).`,
    '',
    'Generated by the Run 4 reference Contract Engine. Set BASE_URL to the running service.',
    '"""',
    'import json',
    'import os',
    'import urllib.error',
    'import urllib.parse',
    'import urllib.request',
    '',
    'import pytest',
    '',
    PY_HELPERS,
  ];
  for (const c of cases) {
    lines.push('', '');
    lines.push(`def test_${c.name}():`);
    if (c.kind === 'message') {
      lines.push(`    schema = ${pyJson(c.schema)}`, `    payload = ${pyJson(c.payload)}`);
      lines.push(c.expectValid ? '    assert _shape_errors(payload, schema) == []' : '    assert _shape_errors(payload, schema) != []');
      continue;
    }
    let pathExpr = JSON.stringify(c.path);
    if (c.setup && !c.expectClientError) {
      lines.push(`    created_status, created = _request("POST", ${JSON.stringify(c.setup.path)}, ${c.setup.body === undefined ? 'None' : pyJson(c.setup.body)})`);
      lines.push(`    assert created_status in ${JSON.stringify(c.setup.expectStatus)}, "could not create the resource: " + str(created_status)`);
      pathExpr = `${JSON.stringify(c.setup.prefix)} + urllib.parse.quote(str(created[${JSON.stringify(c.setup.idField)}])) + ${JSON.stringify(c.setup.suffix)}`;
    }
    lines.push(`    status, body = _request(${JSON.stringify(c.method)}, ${pathExpr}, ${c.body === undefined ? 'None' : pyJson(c.body)})`);
    if (c.expectClientError) {
      lines.push('    assert 400 <= status < 500, "expected a client error, got " + str(status)');
    } else {
      lines.push(`    assert status in ${JSON.stringify(c.expectStatus)}, "unexpected status " + str(status)`);
      if (c.schema) lines.push(`    assert _shape_errors(body, ${pyJson(c.schema)}) == []`);
    }
  }
  lines.push('', '', 'if __name__ == "__main__":', '    raise SystemExit(pytest.main([__file__, "-v"]))', '');
  return lines.join('\n');
}

const TS_HELPERS = `const BASE_URL = process.env.BASE_URL ?? 'http://localhost:8080';

type Schema = Record<string, unknown>;

async function request(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (process.env.AUTH_TOKEN) headers.authorization = \`Bearer \${process.env.AUTH_TOKEN}\`;
  const res = await fetch(BASE_URL + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed };
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Structural check: types, required properties, enums, additionalProperties. */
function shapeErrors(value: unknown, schema: Schema, where = 'body'): string[] {
  const declared = Array.isArray(schema.type) ? (schema.type as string[]) : schema.type ? [schema.type as string] : [];
  const actual = typeName(value);
  if (declared.length && !declared.includes(actual) && !(actual === 'integer' && declared.includes('number'))) {
    return [\`\${where}: expected \${declared.join('|')}, got \${actual}\`];
  }
  const errors: string[] = [];
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) errors.push(\`\${where}: not in enum\`);
  if (actual === 'object') {
    const obj = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required as string[] | undefined) ?? []) if (!(name in obj)) errors.push(\`\${where}.\${name}: missing\`);
    for (const [name, sub] of Object.entries(props)) if (name in obj) errors.push(...shapeErrors(obj[name], sub, \`\${where}.\${name}\`));
    if (schema.additionalProperties === false) for (const k of Object.keys(obj)) if (!(k in props)) errors.push(\`\${where}.\${k}: not allowed\`);
  }
  if (actual === 'array' && schema.items && typeof schema.items === 'object') {
    (value as unknown[]).forEach((item, i) => errors.push(...shapeErrors(item, schema.items as Schema, \`\${where}[\${i}]\`)));
  }
  return errors;
}
`;

function toVitest(contract: ContractEntry, cases: Case[]): string {
  const lines = [
    `// Contract tests for ${contract.service_name} (${contract.type} ${contract.version}, contract ${contract.id}).`,
    '// Generated by the Run 4 reference Contract Engine. Set BASE_URL to the running service.',
    "import { describe, expect, it } from 'vitest';",
    '',
    TS_HELPERS,
    `describe(${JSON.stringify(`${contract.service_name} ${contract.type} ${contract.version}`)}, () => {`,
  ];
  for (const c of cases) {
    if (c.kind === 'message') {
      lines.push(`  it(${JSON.stringify(c.name)}, () => {`);
      lines.push(`    const schema: Schema = ${JSON.stringify(c.schema)};`, `    const payload: unknown = ${JSON.stringify(c.payload ?? null)};`);
      lines.push(c.expectValid ? '    expect(shapeErrors(payload, schema)).toEqual([]);' : '    expect(shapeErrors(payload, schema)).not.toEqual([]);', '  });');
      continue;
    }
    lines.push(`  it(${JSON.stringify(c.name)}, async () => {`);
    let pathExpr = JSON.stringify(c.path);
    if (c.setup && !c.expectClientError) {
      lines.push(`    const created = await request('POST', ${JSON.stringify(c.setup.path)}${c.setup.body === undefined ? '' : `, ${JSON.stringify(c.setup.body)}`});`);
      lines.push(`    expect(${JSON.stringify(c.setup.expectStatus)}).toContain(created.status);`);
      pathExpr = `${JSON.stringify(c.setup.prefix)} + encodeURIComponent(String((created.body as Record<string, unknown>)[${JSON.stringify(c.setup.idField)}])) + ${JSON.stringify(c.setup.suffix)}`;
    }
    lines.push(`    const res = await request(${JSON.stringify(c.method)}, ${pathExpr}${c.body === undefined ? '' : `, ${JSON.stringify(c.body)}`});`);
    if (c.expectClientError) {
      lines.push('    expect(res.status).toBeGreaterThanOrEqual(400);', '    expect(res.status).toBeLessThan(500);');
    } else {
      lines.push(`    expect(${JSON.stringify(c.expectStatus)}).toContain(res.status);`);
      if (c.schema) lines.push(`    expect(shapeErrors(res.body, ${JSON.stringify(c.schema)})).toEqual([]);`);
    }
    lines.push('  });');
  }
  lines.push('});', '');
  return lines.join('\n');
}

/**
 * Generate a complete test file for a contract: `pytest` (stdlib HTTP, no
 * extra packages) or `vitest` (global fetch). Each operation gets a positive
 * case checked against the response schema; with `includeNegative`, invalid
 * bodies and unknown ids must yield 4xx.
 *
 * @example
 * const { content, count } = generateTests(contract, 'vitest', true);
 */
export function generateTests(contract: ContractEntry, framework: 'pytest' | 'vitest', includeNegative: boolean): { content: string; count: number } {
  const cases = buildCases(contract, includeNegative);
  const content = framework === 'pytest' ? toPytest(contract, cases) : toVitest(contract, cases);
  return { content, count: cases.length };
}
