import { derefLocal } from './json-ref.js';
import { asObj, listOperations, requestSchema, responseSchema } from './openapi-walk.js';
import type { BreakingChange } from './schemas.js';

type Obj = Record<string, unknown>;

interface Ctx {
  out: BreakingChange[];
  consumers: string[];
}

function add(ctx: Ctx, change_type: string, path: string, old_value: unknown, new_value: unknown, severity: string): void {
  const str = (v: unknown): string | null => (v === undefined || v === null ? null : typeof v === 'string' ? v : JSON.stringify(v));
  ctx.out.push({ change_type, path, old_value: str(old_value), new_value: str(new_value), severity, affected_consumers: ctx.consumers });
}

function typeOf(s: Obj): string | undefined {
  if (Array.isArray(s.type)) return (s.type as string[]).join('|');
  return typeof s.type === 'string' ? s.type : undefined;
}

/** Compare two response schemas: removed fields, type changes, removed enum values. */
function diffResponse(ctx: Ctx, where: string, oldS: Obj, newS: Obj, depth = 0): void {
  if (depth > 12) return;
  const ot = typeOf(oldS);
  const nt = typeOf(newS);
  if (ot && nt && ot !== nt) add(ctx, 'type_changed', where, ot, nt, 'error');
  diffEnum(ctx, where, oldS, newS);
  const oldProps = asObj(oldS.properties);
  const newProps = asObj(newS.properties);
  for (const [name, sub] of Object.entries(oldProps)) {
    if (!(name in newProps)) add(ctx, 'field_removed', `${where}.${name}`, typeOf(asObj(sub)) ?? 'field', null, 'error');
    else diffResponse(ctx, `${where}.${name}`, asObj(sub), asObj(newProps[name]), depth + 1);
  }
  for (const name of Object.keys(newProps)) {
    if (!(name in oldProps)) add(ctx, 'field_added', `${where}.${name}`, null, typeOf(asObj(newProps[name])) ?? 'field', 'info');
  }
  if (oldS.items && newS.items) diffResponse(ctx, `${where}[]`, asObj(oldS.items), asObj(newS.items), depth + 1);
}

function diffEnum(ctx: Ctx, where: string, oldS: Obj, newS: Obj): void {
  if (!Array.isArray(oldS.enum) || !Array.isArray(newS.enum)) return;
  for (const v of oldS.enum as unknown[]) {
    if (!(newS.enum as unknown[]).some((n) => JSON.stringify(n) === JSON.stringify(v))) add(ctx, 'enum_value_removed', where, v, null, 'error');
  }
}

/** Compare request schemas: new required fields, type changes, removed enum values. */
function diffRequest(ctx: Ctx, where: string, oldS: Obj, newS: Obj, depth = 0): void {
  if (depth > 12) return;
  const ot = typeOf(oldS);
  const nt = typeOf(newS);
  if (ot && nt && ot !== nt) add(ctx, 'type_changed', where, ot, nt, 'error');
  diffEnum(ctx, where, oldS, newS);
  const oldReq = new Set((oldS.required as string[] | undefined) ?? []);
  for (const r of (newS.required as string[] | undefined) ?? []) {
    if (!oldReq.has(r)) add(ctx, 'required_field_added', `${where}.${r}`, null, r, 'error');
  }
  const oldProps = asObj(oldS.properties);
  const newProps = asObj(newS.properties);
  for (const [name, sub] of Object.entries(newProps)) {
    if (name in oldProps) diffRequest(ctx, `${where}.${name}`, asObj(oldProps[name]), asObj(sub), depth + 1);
  }
}

function diffOpenApi(ctx: Ctx, oldSpec: Obj, newSpec: Obj): void {
  const oldOps = listOperations(oldSpec);
  const newOps = listOperations(newSpec);
  const newPaths = new Set(newOps.map((o) => o.path));
  const oldPaths = new Set(oldOps.map((o) => o.path));
  for (const p of oldPaths) if (!newPaths.has(p)) add(ctx, 'path_removed', p, p, null, 'error');
  for (const p of newPaths) if (!oldPaths.has(p)) add(ctx, 'path_added', p, null, p, 'info');
  for (const op of oldOps) {
    if (!newPaths.has(op.path)) continue;
    const label = `${op.method.toUpperCase()} ${op.path}`;
    const next = newOps.find((o) => o.path === op.path && o.method === op.method);
    if (!next) {
      add(ctx, 'operation_removed', label, label, null, 'error');
      continue;
    }
    const oldReq = requestSchema(op.operation);
    const newReq = requestSchema(next.operation);
    if (newReq) diffRequest(ctx, `${label} request`, asObj(derefLocal(oldReq ?? {}, oldSpec)), asObj(derefLocal(newReq, newSpec)));
    for (const status of Object.keys(asObj(op.operation.responses))) {
      const oldS = responseSchema(op.operation, status);
      if (!(status in asObj(next.operation.responses))) {
        add(ctx, 'response_removed', `${label} ${status}`, status, null, 'error');
        continue;
      }
      const newS = responseSchema(next.operation, status);
      if (oldS && newS) diffResponse(ctx, `${label} ${status}`, asObj(derefLocal(oldS, oldSpec)), asObj(derefLocal(newS, newSpec)));
    }
  }
}

function diffAsyncApi(ctx: Ctx, oldSpec: Obj, newSpec: Obj): void {
  const oldCh = asObj(oldSpec.channels);
  const newCh = asObj(newSpec.channels);
  for (const [name, ch] of Object.entries(oldCh)) {
    if (!(name in newCh)) {
      add(ctx, 'channel_removed', name, name, null, 'error');
      continue;
    }
    const oldMsgs = asObj(asObj(derefLocal(ch, oldSpec)).messages);
    const newMsgs = asObj(asObj(derefLocal(newCh[name], newSpec)).messages);
    for (const [m, msg] of Object.entries(oldMsgs)) {
      if (!(m in newMsgs)) add(ctx, 'message_removed', `${name}.${m}`, m, null, 'error');
      else diffResponse(ctx, `${name}.${m}.payload`, asObj(asObj(msg).payload), asObj(asObj(newMsgs[m]).payload));
    }
  }
}

/**
 * List the changes from `oldSpec` to `newSpec` with a severity (`error` for
 * breaking, `info` for additive) and the consumers declared in
 * `info.x-consumers`: removed paths/operations/response fields, type changes,
 * new required request fields, removed enum values (OpenAPI; channels and
 * message fields for AsyncAPI; schema fields for JSON Schema).
 *
 * @example
 * checkBreakingChanges('openapi', oldSpec, newSpec).filter((c) => c.severity === 'error');
 */
export function checkBreakingChanges(type: string, oldSpec: Obj, newSpec: Obj, consumers: string[] = []): BreakingChange[] {
  const declared = asObj(newSpec.info)['x-consumers'] ?? asObj(oldSpec.info)['x-consumers'];
  const all = [...new Set([...consumers, ...(Array.isArray(declared) ? (declared as string[]) : [])])];
  const ctx: Ctx = { out: [], consumers: all };
  if (type === 'openapi') diffOpenApi(ctx, oldSpec, newSpec);
  else if (type === 'asyncapi') diffAsyncApi(ctx, oldSpec, newSpec);
  else diffResponse(ctx, '(root)', asObj(derefLocal(oldSpec, oldSpec)), asObj(derefLocal(newSpec, newSpec)));
  return ctx.out;
}
