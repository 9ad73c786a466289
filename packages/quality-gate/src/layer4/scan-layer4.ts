import { readFile, stat } from 'node:fs/promises';
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { dirname, relative, resolve, sep } from 'node:path';
import { getScanCode } from '../models/scan-codes.js';
import type { ScanViolation } from '../models/scan-violation.js';
import { calleeName, nodesOfType, stringValue } from '../layer3/ast.js';
import { ScanInputError } from '../layer3/errors.js';
import { finalizeViolations } from '../layer3/scan-layer3.js';
import { detectLanguage, isTestPath, parseSource, releaseParsedFile } from '../layer3/source-file.js';
import { isSuppressed } from '../layer3/suppressions.js';
import { getCodeParser, type CodeLanguage } from '../layer3/tree-sitter.js';
import { walkFiles } from '../layer3/walker.js';
import { contractFiles, readContractFacts, type ContractFacts } from './contracts.js';
import { missingErrorHandling } from './error-handling.js';
import { addIngestRouteSites, deadEventFindings } from './dead-events.js';
import { buildEventCatalog, type EventCatalog } from './event-catalog.js';
import { findEventSites, resolvePendingEvents, stringConstants, type EventSite, type PendingEventRef } from './event-sites.js';
import { mentionsName as mentions, serviceNameVariants as nameVariants } from './contract-owner.js';
import { moduleStateNames, sharedStateMutations } from './shared-state.js';

/** One service given to Layer 4. */
export interface Layer4Service {
  readonly name: string;
  /** Service source directory. */
  readonly dir: string;
  /** Contract files (OpenAPI/AsyncAPI), relative to `dir` or absolute; default: every YAML/JSON under `<dir>/contracts`. */
  readonly contracts?: readonly string[];
}

/** Options of {@link scanLayer4}. */
export interface Layer4Options {
  /** Violation paths are relative to this directory (default: the common parent of the service dirs). */
  readonly rootDir?: string;
  readonly exclude?: readonly string[];
}

const REMEDIATION: Record<string, string> = {
  'ADV-001': 'Add a consumer for the event, or stop publishing it (and drop it from the AsyncAPI contract).',
  'ADV-002': 'Implement the operation/channel the contract promises, or remove it from the contract.',
  'ADV-003': 'Wire the service into the system (calls, events, compose dependencies) or remove it.',
  'ADV-004': 'Pick one naming convention for fields that cross service boundaries (e.g. snake_case in every contract).',
  'ADV-005': 'Wrap awaited network calls in try/catch (with a timeout and a clear error), and catch specific exceptions instead of a bare except.',
  'ADV-006': 'Keep per-request state local, or guard shared state with a lock/queue (asyncio.Lock, a mutex) or move it to a store.',
};

interface ServiceFacts {
  readonly service: Layer4Service;
  readonly absDir: string;
  readonly contracts: ContractFacts[];
  readonly events: EventSite[];
  readonly literals: Set<string>;
  /** Lower-cased code and config text, for cross-service references. */
  readonly text: string;
  readonly lines: Map<string, readonly string[]>;
  readonly local: ScanViolation[];
  implementsRoute(path: string): boolean;
}

function commonParent(dirs: readonly string[]): string {
  if (dirs.length === 0) return process.cwd();
  let parts = (dirs[0] as string).split(sep);
  for (const d of dirs.slice(1)) {
    const other = d.split(sep);
    let i = 0;
    while (i < parts.length && parts[i] === other[i]) i++;
    parts = parts.slice(0, i);
  }
  const joined = parts.join(sep) || sep;
  return dirs.length === 1 ? dirname(joined) : joined;
}

/** The languages Layer 4 parses (event sites, routes, error handling, shared state). */
const LAYER4_GRAMMARS: readonly CodeLanguage[] = ['python', 'typescript', 'tsx', 'javascript'];

function violation(code: string, file: string, line: number, message: string, service: string): ScanViolation {
  const info = getScanCode(code);
  if (!info) throw new Error(`unknown scan code ${code}`);
  return { code, severity: info.severity, category: info.category, file_path: file, line, message, service, rule_id: `run4/${code}`, remediation: REMEDIATION[code] };
}

function routeRegex(path: string): RegExp {
  const segments = path.split('/').filter(Boolean).map((s) => (/^\{.*\}$/.test(s) ? '[^/\\s]*' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`(^|/|\\^)${segments.join('/')}($|[/?$)'"\\s]|\\b)`, 'i');
}

async function gatherFacts(service: Layer4Service, root: string, catalog: EventCatalog, exclude?: readonly string[]): Promise<ServiceFacts> {
  const absDir = resolve(service.dir);
  const info = await stat(absDir).catch(() => undefined);
  if (!info?.isDirectory()) throw new ScanInputError(`Layer 4: service "${service.name}" directory "${service.dir}" does not exist. Pass each service's source directory.`);
  const contracts: ContractFacts[] = [];
  for (const file of await contractFiles(absDir, service.contracts)) {
    const facts = await readContractFacts(file).catch((cause: unknown) => {
      throw new ScanInputError(`Layer 4: cannot read contract "${file}" of service "${service.name}": ${String(cause)}`, { cause });
    });
    if (facts) contracts.push({ ...facts, file: relative(root, facts.file).split(sep).join('/') });
  }
  const { files } = await walkFiles(absDir, exclude ? { exclude } : {});
  const events: EventSite[] = [];
  const literals = new Set<string>();
  const lines = new Map<string, readonly string[]>();
  const local: ScanViolation[] = [];
  const texts: string[] = [];
  const pending: PendingEventRef[] = [];
  const prefixes = new Set<string>();
  const constants = new Map<string, string>();
  const contents = new Map<string, string>();
  for (const f of files) {
    const language = detectLanguage(f.path, '');
    if (!language || /(^|\/)contracts\//.test(f.path)) continue;
    contents.set(f.absPath, await readFile(f.absPath, 'utf8'));
  }
  const moduleState = moduleStateNames([...contents.values()]);
  const parsedLanguage = (path: string): CodeLanguage | undefined => {
    const language = detectLanguage(path, '');
    return language && LAYER4_GRAMMARS.includes(language as CodeLanguage) && !isTestPath(path) ? (language as CodeLanguage) : undefined;
  };
  // Only the grammars of the languages this service's parsed files are written in are loaded.
  const parser = await getCodeParser([...new Set(files.filter((f) => contents.has(f.absPath)).map((f) => parsedLanguage(f.path)).filter((l) => l !== undefined))]);
  for (const f of files) {
    const language = detectLanguage(f.path, '');
    const content = contents.get(f.absPath);
    if (!language || content === undefined) continue;
    texts.push(content.toLowerCase());
    if (!parsedLanguage(f.path)) continue;
    const relPath = relative(root, f.absPath).split(sep).join('/');
    const parsed = parseSource(parser, relPath, content, language, service.name);
    try {
      lines.set(relPath, parsed.lines);
      events.push(...findEventSites(parsed, catalog, pending));
      for (const [k, v] of stringConstants(parsed)) if (!constants.has(k)) constants.set(k, v);
      const literalNodes = parsed.tree ? nodesOfType(parsed.tree, ['string', 'regex', 'template_string']) : [];
      for (const lit of literalNodes) {
        const v = stringValue(lit) ?? lit.text;
        if (v.includes('/') && v.length < 200) literals.add(v);
        if (v.startsWith('/') && isMountPrefix(lit)) prefixes.add(v.replace(/\/+$/, ''));
      }
      for (const s of missingErrorHandling(parsed)) local.push(violation('ADV-005', relPath, s.line, s.message, service.name));
      for (const s of sharedStateMutations(parsed, moduleState)) local.push(violation('ADV-006', relPath, s.line, s.message, service.name));
    } finally {
      releaseParsedFile(parsed);
    }
  }
  const seen = new Set(events.map((e) => `${e.name}|${e.kind}|${e.file}|${e.line}`));
  for (const site of resolvePendingEvents(pending, constants, catalog)) {
    if (!seen.has(`${site.name}|${site.kind}|${site.file}|${site.line}`)) events.push(site);
  }
  // Routes of routers mounted under a prefix: '/api/products' + '/:sku', prefix="/patients" + "/{patient_id}".
  const composed = new Set(literals);
  const pre = [...prefixes];
  for (const p of [...pre, ...pre.flatMap((a) => pre.map((b) => a + b))]) {
    composed.add(p);
    for (const lit of literals) if (lit.startsWith('/')) composed.add(`${p}${lit}`.replace(/\/+$/, ''));
  }
  const implementsRoute = (path: string): boolean => {
    const re = routeRegex(path);
    return [...composed].some((lit) => re.test(lit.replace(/\\\//g, '/')));
  };
  return { service, absDir, contracts, events, literals, text: texts.join('\n'), lines, local, implementsRoute };
}

/** A string that mounts routes under a prefix: `prefix="/x"`, `{ prefix: '/x' }`, `app.use('/x', router)`, `register_blueprint(bp, url_prefix="/x")`. */
function isMountPrefix(lit: SyntaxNode): boolean {
  const parent = lit.parent;
  if (!parent) return false;
  if (parent.type === 'keyword_argument' || parent.type === 'pair') {
    const key = (parent.childForFieldName('name') ?? parent.childForFieldName('key'))?.text.replace(/['"]/g, '');
    return key === 'prefix' || key === 'url_prefix' || key === 'root_path';
  }
  if (parent.type !== 'arguments' && parent.type !== 'argument_list') return false;
  const call = parent.parent;
  if (!call || parent.namedChildren[0]?.id !== lit.id) return false;
  return /^(use|mount|route|group|register|include_router|register_blueprint|basePath)$/.test(calleeName(call)) && parent.namedChildren.length > 1;
}

function styleOf(name: string): 'snake' | 'camel' | undefined {
  if (/^[a-z0-9]+(_[a-z0-9]+)+$/.test(name)) return 'snake';
  if (/^[a-z][a-z0-9]*([A-Z][a-z0-9]*)+$/.test(name)) return 'camel';
  return undefined;
}

/**
 * Layer 4 (advisory, never blocks): ADV-001 dead events, ADV-002 dead contracts, ADV-003 orphan services,
 * ADV-004 camelCase/snake_case drift across services, ADV-005 missing error handling, ADV-006 shared
 * mutable state mutated in handlers.
 *
 * @example
 * const violations = await scanLayer4([
 *   { name: 'billing-service', dir: 'out/billing-service' },
 *   { name: 'mailer-service', dir: 'out/mailer-service', contracts: ['contracts/asyncapi.yaml'] },
 * ]);
 */
export async function scanLayer4(services: readonly Layer4Service[], options: Layer4Options = {}): Promise<ScanViolation[]> {
  const root = resolve(options.rootDir ?? commonParent(services.map((s) => resolve(s.dir))));
  const prelim = await Promise.all(
    services.map(async (s) => (await contractFiles(resolve(s.dir), s.contracts)).map((f) => readContractFacts(f).catch(() => undefined))),
  );
  const catalog = buildEventCatalog((await Promise.all(prelim.flat())).filter((c): c is ContractFacts => c !== undefined));
  const all: ServiceFacts[] = [];
  for (const s of services) all.push(await gatherFacts(s, root, catalog, options.exclude));

  const out: ScanViolation[] = all.flatMap((f) => f.local);
  // ADV-001 / ADV-002 for events and AsyncAPI channels.
  const eventFacts = all.map((f) => ({ name: f.service.name, contracts: f.contracts, events: f.events, implementsRoute: f.implementsRoute }));
  addIngestRouteSites(eventFacts, catalog);
  for (const v of deadEventFindings(eventFacts, catalog)) out.push(violation(v.code, v.file, v.line, v.message, v.service));
  // ADV-002: OpenAPI operations no route implements.
  for (const f of all) {
    for (const c of f.contracts) {
      for (const op of c.operations) {
        if (op.path !== '/' && !f.implementsRoute(op.path)) {
          out.push(violation('ADV-002', c.file, op.line, `${op.method.toUpperCase()} ${op.path} is defined in ${f.service.name}'s contract but no route in its code implements it.`, f.service.name));
        }
      }
    }
  }

  // ADV-003: orphan services (only meaningful with two or more services).
  if (all.length >= 2) {
    for (const f of all) {
      const mine = nameVariants(f.service.name);
      const others = all.filter((o) => o !== f);
      const inbound = others.some((o) => mentions(o.text, mine));
      const outbound = others.some((o) => mentions(f.text, nameVariants(o.service.name)));
      const myEvents = new Set(f.events.map((e) => e.name));
      const viaEvents = others.some((o) => o.events.some((e) => myEvents.has(e.name)));
      if (!inbound && !outbound && !viaEvents) {
        const where = f.contracts[0]?.file ?? relative(root, f.absDir).split(sep).join('/');
        out.push(violation('ADV-003', where, 0, `Service "${f.service.name}" has no inbound or outbound connection to the other services (no calls, no shared events).`, f.service.name));
      }
    }
  }

  // ADV-004: the same field spelled camelCase in one service's contract and snake_case in another's. The
  // occurrences in the system's minority style are reported (the majority is the convention to keep).
  const fields: { key: string; style: 'snake' | 'camel'; service: string; file: string; line: number; name: string }[] = [];
  for (const f of all) {
    for (const c of f.contracts) {
      for (const p of c.properties) {
        const style = styleOf(p.name);
        if (style) fields.push({ key: p.name.replace(/_/g, '').toLowerCase(), style, service: f.service.name, file: c.file, line: p.line, name: p.name });
      }
    }
  }
  const styleCount = { snake: 0, camel: 0 };
  for (const k of new Set(fields.map((x) => `${x.service}|${x.name}|${x.style}`))) styleCount[k.endsWith('snake') ? 'snake' : 'camel']++;
  const byKey = new Map<string, typeof fields>();
  for (const x of fields) byKey.set(x.key, [...(byKey.get(x.key) ?? []), x]);
  for (const group of byKey.values()) {
    const snake = group.filter((x) => x.style === 'snake');
    const camel = group.filter((x) => x.style === 'camel');
    if (snake.length === 0 || camel.length === 0) continue;
    const minority = styleCount.snake < styleCount.camel ? snake : styleCount.camel < styleCount.snake ? camel : (group[0]?.style === 'snake' ? camel : snake);
    const majority = minority === snake ? camel : snake;
    for (const x of minority) {
      // A service that spells the field both ways is inconsistent inside itself, not across a boundary.
      if (majority.some((m) => m.service === x.service)) continue;
      const other = majority.find((m) => m.service !== x.service);
      if (!other) continue;
      out.push(violation('ADV-004', x.file, x.line, `Field "${x.name}" in ${x.service} is "${other.name}" in ${other.service}: camelCase/snake_case drift across a service boundary (the system mostly uses ${minority === snake ? 'camelCase' : 'snake_case'}).`, x.service));
    }
  }

  const linesOf = new Map(all.flatMap((f) => [...f.lines.entries()]));
  const kept = out.filter((v) => !isSuppressed(linesOf.get(v.file_path)?.[v.line - 1], v.code));
  return finalizeViolations(kept).violations;
}
