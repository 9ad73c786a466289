import { derefLocal } from './json-ref.js';
import { asObj, listOperations, requestSchema, responseSchema } from './openapi-walk.js';
import { invalidSampleFor, sampleFor } from './sample-data.js';
import type { ContractEntry } from './schemas.js';
import { toPytest } from './render-pytest.js';
import { toVitest } from './render-vitest.js';
import type { Case } from './test-case.js';

type Obj = Record<string, unknown>;

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
