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
  /** AsyncAPI channels: every name the channel is known by (id, address, message names, operation ids) and its declared actions. */
  readonly channels: ContractChannel[];
  /** Property names of every schema, with their lines. */
  readonly properties: { name: string; line: number }[];
  /** AsyncAPI only: what says which application the document describes, and where messages are delivered. */
  readonly asyncapi?: AsyncApiFacts;
}

/** One AsyncAPI channel as Layer 4 sees it. */
export interface ContractChannel {
  readonly id: string;
  readonly names: string[];
  readonly line: number;
  readonly actions: ('send' | 'receive')[];
  /** Keys of the servers the channel is bound to (empty: every server of the document). */
  readonly servers: string[];
}

/** Document-level AsyncAPI facts used to attribute the document to a service. */
export interface AsyncApiFacts {
  /** `info.title` and every string `info.x-*` extension. */
  readonly infoTexts: string[];
  /** Ids, titles, summaries and descriptions of the `send` operations (AsyncAPI 3) or of the channels' `subscribe` operations (2.x). */
  readonly sendTexts: string[];
  /** Ids, titles, summaries and descriptions of the `receive` operations. */
  readonly receiveTexts: string[];
  /** Servers: key, host (without port) and path messages are delivered to. */
  readonly servers: { key: string; host: string; pathname: string }[];
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

/** The last segment of a local `$ref` (`#/channels/orderCreated` → `orderCreated`), or a plain string. */
function refName(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const ref = (value as { $ref?: unknown } | null)?.$ref;
  if (typeof ref !== 'string') return undefined;
  return ref.split('/').pop()?.replace(/~1/g, '/').replace(/~0/g, '~');
}

function infoTexts(info: unknown): string[] {
  if (!info || typeof info !== 'object') return [];
  const entries = Object.entries(info as Record<string, unknown>);
  return entries.filter(([k, v]) => (k === 'title' || k.startsWith('x-')) && typeof v === 'string').map(([, v]) => v as string);
}

function operationTexts(id: unknown, op: Record<string, unknown>): string[] {
  return [id, op.title, op.summary, op.description].filter((t): t is string => typeof t === 'string');
}

/** Message names of an AsyncAPI 2.x operation's `message` (a message, or `oneOf` messages). */
function messageNames(message: unknown): string[] {
  if (!message || typeof message !== 'object') return [];
  const m = message as { name?: unknown; oneOf?: unknown[]; $ref?: unknown };
  if (Array.isArray(m.oneOf)) return m.oneOf.flatMap(messageNames);
  return [m.name, m.$ref ? refName(m) : undefined].filter((n): n is string => typeof n === 'string');
}

function serversOf(servers: unknown): AsyncApiFacts['servers'] {
  if (!servers || typeof servers !== 'object') return [];
  return Object.entries(servers as Record<string, Record<string, unknown>>).map(([key, s]) => {
    if (typeof s?.host === 'string') return { key, host: s.host.replace(/:\d+$/, ''), pathname: typeof s.pathname === 'string' ? s.pathname : '' };
    const url = /^(?:[a-z+]+:\/\/)?([^/:]+)(?::\d+)?(\/[^?#]*)?/i.exec(typeof s?.url === 'string' ? s.url : '');
    return { key, host: url?.[1] ?? '', pathname: url?.[2] ?? '' };
  });
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
  const asyncapi: AsyncApiFacts = { infoTexts: infoTexts(js.info), sendTexts: [], receiveTexts: [], servers: serversOf(js.servers) };
  const byId = new Map<string, ContractChannel>();
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
      for (const [verb, action] of [['publish', 'send'], ['subscribe', 'receive']] as const) {
        const op = value[verb] as Record<string, unknown> | undefined;
        if (!op) continue;
        actions.push(action);
        names.push(...messageNames(op.message));
        if (typeof op.operationId === 'string') names.push(op.operationId);
        (action === 'send' ? asyncapi.sendTexts : asyncapi.receiveTexts).push(...operationTexts(op.operationId, op));
      }
    }
    const servers = Array.isArray(value.servers) ? value.servers.map(refName).filter((k): k is string => k !== undefined) : [];
    const entry: ContractChannel = { id, names, line: line(text, ch.key), actions, servers };
    byId.set(id, entry);
    facts.channels.push(entry);
  }
  if (v3) {
    for (const [opId, op] of Object.entries((js.operations as Record<string, { action?: string; channel?: { $ref?: string } }> | undefined) ?? {})) {
      const ref = refName(op.channel);
      const entry = ref ? byId.get(ref) : undefined;
      if (!entry || (op.action !== 'send' && op.action !== 'receive')) continue;
      entry.actions.push(op.action);
      entry.names.push(opId);
      (op.action === 'send' ? asyncapi.sendTexts : asyncapi.receiveTexts).push(...operationTexts(opId, op));
    }
  }
  for (const ch of facts.channels) ch.names.splice(0, ch.names.length, ...new Set(ch.names));
  return { ...facts, asyncapi };
}

const SKIP_DIRS = /^(node_modules|\.git|dist|build|coverage|\.venv|venv|__pycache__|\.nx|\.next|vendor|target|tests?|__tests__|fixtures|examples?)$/;
const CONTRACT_HEAD = /^\s*["']?(openapi|asyncapi|swagger)["']?\s*:/m;

async function isContractFile(path: string): Promise<boolean> {
  const head = await readFile(path, 'utf8').then((t) => t.slice(0, 4096)).catch(() => '');
  return CONTRACT_HEAD.test(head);
}

async function findContracts(dir: string, depth: number, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (depth < 5 && !SKIP_DIRS.test(e.name)) await findContracts(path, depth + 1, out);
    } else if (e.isFile() && /\.(ya?ml|json)$/i.test(e.name) && !/^(package(-lock)?|tsconfig.*|composer|docker-compose.*|compose.*)\.(json|ya?ml)$/i.test(e.name) && (await isContractFile(path))) {
      out.push(path);
    }
  }
}

/**
 * Contract files of a service: the given paths (relative to the service dir), or every OpenAPI/AsyncAPI
 * document (YAML or JSON whose top level declares `openapi`, `asyncapi` or `swagger`) anywhere in the
 * service directory — `contracts/`, `docs/`, `api/`, next to the code — outside dependency, build and test folders.
 *
 * @example
 * await contractFiles('/svc', undefined); // ['/svc/contracts/asyncapi.yaml', '/svc/docs/openapi.yaml']
 */
export async function contractFiles(dir: string, contracts: readonly string[] | undefined): Promise<string[]> {
  if (contracts) return contracts.map((c) => resolve(dir, c));
  const out: string[] = [];
  await findContracts(dir, 0, out);
  return out.sort();
}
