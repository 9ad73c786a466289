import { readFile, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isMap, isScalar, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import { lineOfOffset } from '../layer3/source-file.js';

/** Facts Layer 4 needs from one contract file. */
export interface ContractFacts {
  readonly file: string;
  readonly kind: 'openapi' | 'asyncapi';
  /** OpenAPI operations. */
  readonly operations: { method: string; path: string; line: number }[];
  /** AsyncAPI channels: every name the channel is known by (id, address, message names) and its declared actions. */
  readonly channels: { names: string[]; line: number; actions: ('send' | 'receive')[] }[];
  /** Property names of every schema, with their lines. */
  readonly properties: { name: string; line: number }[];
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

function line(text: string, node: unknown): number {
  const start = (node as { range?: [number] } | null)?.range?.[0];
  return start === undefined ? 0 : lineOfOffset(text, start);
}

function pairs(node: unknown): Pair[] {
  return isMap(node) ? (node.items as Pair[]) : [];
}

function keyOf(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

function collectProperties(node: unknown, text: string, out: { name: string; line: number }[], depth = 0): void {
  if (depth > 40 || node === null || typeof node !== 'object') return;
  if (isMap(node)) {
    for (const p of pairs(node)) {
      if (keyOf(p) === 'properties') for (const prop of pairs(p.value)) out.push({ name: keyOf(prop), line: line(text, prop.key) });
      collectProperties(p.value, text, out, depth + 1);
    }
    return;
  }
  const items = (node as { items?: unknown[] }).items;
  if (Array.isArray(items)) for (const item of items) collectProperties(item, text, out, depth + 1);
}

/**
 * Read an OpenAPI or AsyncAPI document (YAML or JSON) and extract operations, channels and field names.
 * Returns undefined for files that are neither.
 *
 * @example
 * const facts = await readContractFacts('/svc/contracts/openapi.yaml');
 */
export async function readContractFacts(file: string): Promise<ContractFacts | undefined> {
  const text = await readFile(file, 'utf8');
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) return undefined;
  const root = doc.contents as YamlNode | null;
  const js = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown> | null;
  if (!js || typeof js !== 'object') return undefined;
  const kind = 'openapi' in js ? 'openapi' : 'asyncapi' in js ? 'asyncapi' : undefined;
  if (!kind) return undefined;
  const properties: { name: string; line: number }[] = [];
  collectProperties(root, text, properties);
  const facts: ContractFacts = { file, kind, operations: [], channels: [], properties };
  const top = new Map(pairs(root).map((p) => [keyOf(p), p.value]));
  if (kind === 'openapi') {
    for (const p of pairs(top.get('paths'))) {
      for (const op of pairs(p.value)) {
        if (METHODS.has(keyOf(op))) facts.operations.push({ method: keyOf(op), path: keyOf(p), line: line(text, op.key) });
      }
    }
    return facts;
  }
  const v3 = String(js.asyncapi ?? '').startsWith('3');
  const byId = new Map<string, ContractFacts['channels'][number]>();
  for (const ch of pairs(top.get('channels'))) {
    const id = keyOf(ch);
    const value = (js.channels as Record<string, Record<string, unknown>>)[id] ?? {};
    const names = [id];
    if (typeof value.address === 'string') names.push(value.address);
    for (const [msgKey, msg] of Object.entries((value.messages as Record<string, { name?: unknown }> | undefined) ?? {})) {
      names.push(msgKey);
      if (typeof msg?.name === 'string') names.push(msg.name);
    }
    const actions: ('send' | 'receive')[] = [];
    if (!v3) {
      if (value.publish) actions.push('send');
      if (value.subscribe) actions.push('receive');
    }
    const entry = { names: [...new Set(names)], line: line(text, ch.key), actions };
    byId.set(id, entry);
    facts.channels.push(entry);
  }
  if (v3) {
    for (const [, op] of Object.entries((js.operations as Record<string, { action?: string; channel?: { $ref?: string } }> | undefined) ?? {})) {
      const ref = op.channel?.$ref?.split('/').pop();
      const entry = ref ? byId.get(ref.replace(/~1/g, '/').replace(/~0/g, '~')) : undefined;
      if (entry && (op.action === 'send' || op.action === 'receive')) entry.actions.push(op.action);
    }
  }
  return facts;
}

/**
 * Contract files of a service: the given paths (relative to the service dir), or every YAML/JSON file
 * under `<dir>/contracts` when none are given.
 *
 * @example
 * await contractFiles('/svc', undefined); // ['/svc/contracts/openapi.yaml', ...]
 */
export async function contractFiles(dir: string, contracts: readonly string[] | undefined): Promise<string[]> {
  if (contracts) return contracts.map((c) => resolve(dir, c));
  const base = join(dir, 'contracts');
  const entries = await readdir(base, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && /\.(ya?ml|json)$/i.test(e.name))
    .map((e) => join(e.parentPath ?? base, e.name))
    .sort();
}
