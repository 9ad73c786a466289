import { kebab, plain, type Section, splitTopLevel, tables } from './markdown.js';
import type { Endpoint, Stack } from './schemas.js';

/** A service found in the PRD with the text that describes it. */
export interface RawService {
  name: string;
  title: string;
  text: string[];
  endpoints: Endpoint[];
}

const NOT_A_SERVICE = new Set(['cross', 'inter', 'multi', 'micro', 'per', 'each', 'all', 'other', 'the', 'a', 'third-party', 'web', 'every', 'this', 'that', 'one', 'new', 'backend', 'external', 'generated', 'our', 'reference', 'sample', 'target', 'your', 'any', 'same', 'owning', 'calling', 'downstream', 'upstream', 'single', 'each-other']);
const SERVICE_TOKEN = /\b([a-z][a-z0-9]*(?:-[a-z0-9]+)*-(?:service|svc|api|gateway|worker))\b/gi;
const SERVICE_WORDS = /\b([A-Z][A-Za-z0-9]*(?:[ -][A-Z][A-Za-z0-9]*){0,2})[ -]Service\b/g;

function valid(name: string): boolean {
  const prefix = name.replace(/-(service|svc|api|gateway|worker)$/, '');
  return prefix.length > 1 && !NOT_A_SERVICE.has(prefix) && !/^\d/.test(prefix) && !/^(the|a|an)-/.test(prefix);
}

/**
 * Service names mentioned in a piece of text (`auth-service`, `Auth Service`).
 *
 * @example
 * serviceNamesIn('The Order Service calls auth-service'); // ['auth-service', 'order-service']
 */
export function serviceNamesIn(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(SERVICE_TOKEN)) found.push(m[1]!.toLowerCase());
  for (const m of text.matchAll(SERVICE_WORDS)) found.push(`${kebab(m[1]!)}-service`);
  return [...new Set(found)].filter(valid);
}

/**
 * Field names of the first top-level `{...}` in a text, nested braces
 * respected: `{items: [{sku}], total}` gives ['items', 'total'].
 *
 * @example
 * topLevelFields('`{email, password}`'); // ['email', 'password']
 */
export function topLevelFields(text: string): string[] {
  const start = text.indexOf('{');
  if (start < 0) return [];
  let depth = 0;
  for (let i = start; i < text.length; i += 1) {
    if (text[i] === '{') depth += 1;
    if (text[i] === '}') {
      depth -= 1;
      if (depth === 0) {
        return splitTopLevel(text.slice(start + 1, i))
          .map((f) => f.trim().replace(/[`"'?]/g, '').split(/[:\s]/)[0]!)
          .filter((f) => /^[A-Za-z_]\w*$/.test(f));
      }
    }
  }
  return [];
}

function bracedGroups(text: string): string[][] {
  const out: string[][] = [];
  let rest = text;
  for (let guard = 0; guard < 6; guard += 1) {
    const start = rest.indexOf('{');
    if (start < 0) break;
    let depth = 0;
    let end = -1;
    for (let i = start; i < rest.length; i += 1) {
      if (rest[i] === '{') depth += 1;
      if (rest[i] === '}' && --depth === 0) {
        end = i;
        break;
      }
    }
    if (end < 0) break;
    out.push(topLevelFields(rest.slice(start, end + 1)));
    rest = rest.slice(end + 1);
  }
  return out;
}

const ENDPOINT = /\b(GET|POST|PUT|PATCH|DELETE)\s+`?(\/[A-Za-z0-9_\-{}:/.]*)`?(.*)$/;

function normPath(p: string): string {
  return p.replace(/\/+$/, '').replace(/:(\w+)/g, '{$1}') || '/';
}

function merge(out: Map<string, Endpoint>, e: Endpoint): void {
  const key = `${e.method} ${e.path}`;
  const prev = out.get(key);
  if (!prev) {
    out.set(key, e);
    return;
  }
  if (!prev.description) prev.description = e.description;
  if (!prev.request_fields.length) prev.request_fields = e.request_fields;
  if (!prev.response_fields.length) prev.response_fields = e.response_fields;
  prev.success_status ??= e.success_status;
  prev.auth ||= e.auth;
  prev.error_statuses = [...new Set([...prev.error_statuses, ...e.error_statuses])].sort((a, b) => a - b);
}

/**
 * Endpoints of a text: endpoint tables (Method + Path columns, optional
 * Request/Response/Description columns) and lines written as
 * `METHOD /path — description {request fields} -> {response fields}`.
 *
 * @example
 * endpointsIn(['- POST /orders — create an order {items, total} -> {id, status}']);
 */
export function endpointsIn(lines: string[], owner?: string): Endpoint[] {
  const out = new Map<string, Endpoint>();
  for (const t of tables(lines)) {
    const mCol = t.headers.findIndex((h) => /method|verb/.test(h));
    const pCol = t.headers.findIndex((h) => /path|endpoint|route|url/.test(h));
    if (mCol < 0 || pCol < 0) continue;
    const reqCol = t.headers.findIndex((h) => /request|body|input/.test(h));
    const resCol = t.headers.findIndex((h) => /response|returns|output/.test(h));
    const dCol = t.headers.findIndex((h) => /desc|purpose|summary/.test(h));
    const eCol = t.headers.findIndex((h) => /error|fail|status codes/.test(h));
    const aCol = t.headers.findIndex((h) => /^auth|security|authori[sz]ation/.test(h));
    for (const row of t.rows) {
      const method = (row[mCol] ?? '').toUpperCase();
      const path = /\/[A-Za-z0-9_\-{}:/.]*/.exec(row[pCol] ?? '')?.[0];
      if (!/^(GET|POST|PUT|PATCH|DELETE)$/.test(method) || !path) continue;
      const res = resCol >= 0 ? row[resCol] ?? '' : '';
      merge(out, {
        method, path: normPath(path), description: dCol >= 0 ? row[dCol] ?? '' : '',
        request_fields: reqCol >= 0 ? topLevelFields(row[reqCol] ?? '') : [],
        response_fields: topLevelFields(res),
        success_status: Number(/\b([12]\d\d)\b/.exec(res)?.[1] ?? 0) || null,
        auth: aCol >= 0 ? plain(row[aCol] ?? '').trim() : '',
        error_statuses: eCol >= 0 ? [...(row[eCol] ?? '').matchAll(/\b([45]\d\d)\b/g)].map((x) => Number(x[1])) : [],
      });
    }
  }
  for (const line of lines) {
    if (/^\s*\|/.test(line)) continue;
    const m = ENDPOINT.exec(line);
    if (!m) continue;
    // "calls GET /users/me on the auth-service" describes another service's endpoint.
    if (owner && serviceNamesIn(line).some((n) => n !== owner && new RegExp(`\\bon\\s+(?:the\\s+)?[\`*]*${n}`, 'i').test(line))) continue;
    const rest = m[3]!.replace(/^[\s`)|:—–-]+/, '');
    const arrow = rest.search(/->|→|\breturns?\b/i);
    const groups = bracedGroups(rest);
    const req = arrow >= 0 ? bracedGroups(rest.slice(0, arrow))[0] ?? [] : m[1] === 'GET' ? [] : groups[0] ?? [];
    const res = arrow >= 0 ? bracedGroups(rest.slice(arrow))[0] ?? [] : m[1] === 'GET' ? groups[0] ?? [] : groups[1] ?? [];
    const description = plain(rest.replace(/^\?\S*/, '').replace(/\{[^{}]*\}/g, '').replace(/->|→/g, ' ')).replace(/^[\s,;:.—–-]+|[\s,;:.—–-]+$/g, '').slice(0, 200);
    merge(out, { method: m[1]!, path: normPath(m[2]!), description, request_fields: req, response_fields: res, success_status: null, error_statuses: [], auth: '' });
  }
  return [...out.values()];
}

/**
 * Find the services of a PRD: headings naming a service (`### auth-service`,
 * `## 3. Order Service`), else rows of a table with a Service column, else
 * any `xxx-service` token; each with its describing text and endpoints.
 *
 * @example
 * findServices(lines, sections(lines)).map((s) => s.name);
 */
export function findServices(lines: string[], secs: Section[]): RawService[] {
  const byName = new Map<string, RawService>();
  for (const s of secs) {
    const names = serviceNamesIn(s.title);
    if (names.length !== 1) continue;
    const name = names[0]!;
    const existing = byName.get(name);
    if (existing) existing.text.push(...s.body);
    else byName.set(name, { name, title: s.title, text: [...s.body], endpoints: [] });
  }
  // Services listed (bullets, numbered items, table rows) in a "Services" / "Architecture" section.
  for (const s of secs) {
    if (!/^[\d.\s]*(services|service (architecture|catalog|overview|list)|architecture|components|system (design|architecture))\b/i.test(s.title)) continue;
    for (const line of s.body) {
      const item = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line)?.[1] ?? (/^\s*\|/.test(line) && !/^\s*\|?\s*:?-{2,}/.test(line) ? line.split('|')[1] : undefined);
      if (!item) continue;
      const head = item.split(/\s[—–:-]\s|:\s/)[0]!;
      const name = serviceNamesIn(head)[0];
      if (name && !byName.has(name)) byName.set(name, { name, title: plain(head), text: [line], endpoints: [] });
    }
  }
  if (byName.size === 0) {
    for (const t of tables(lines)) {
      const col = t.headers.findIndex((h) => /service|component/.test(h));
      if (col < 0) continue;
      for (const row of t.rows) {
        const name = serviceNamesIn(row[col] ?? '')[0] ?? (row[col] && /^[A-Za-z][\w -]*$/.test(row[col]!) ? `${kebab(row[col]!)}-service`.replace(/-service-service$/, '-service') : undefined);
        if (name && valid(name) && !byName.has(name)) byName.set(name, { name, title: row[col]!, text: [row.join(' | ')], endpoints: [] });
      }
    }
  }
  if (byName.size === 0) {
    for (const name of serviceNamesIn(lines.join('\n'))) byName.set(name, { name, title: name, text: [], endpoints: [] });
  }
  // Services known only from tables or prose: collect the lines that mention them.
  const sparse = [...byName.values()].filter((svc) => svc.text.length <= 1);
  if (sparse.length) {
    const wanted = new Map(sparse.map((svc) => [svc.name, svc]));
    for (const l of lines) {
      if (!/service|svc|api|gateway|worker/i.test(l)) continue;
      for (const n of serviceNamesIn(l)) wanted.get(n)?.text.push(l);
    }
  }
  for (const svc of byName.values()) svc.endpoints = endpointsIn(svc.text, svc.name);
  assignTableEndpoints(lines, byName);
  return [...byName.values()];
}

/** Endpoint tables with Service + Method + Path columns. */
function assignTableEndpoints(lines: string[], byName: Map<string, RawService>): void {
  for (const t of tables(lines)) {
    const svcCol = t.headers.findIndex((h) => /service/.test(h));
    const mCol = t.headers.findIndex((h) => /method|verb/.test(h));
    const pCol = t.headers.findIndex((h) => /path|endpoint|route|url/.test(h));
    if (svcCol < 0 || mCol < 0 || pCol < 0) continue;
    for (const row of t.rows) {
      const cell = row[svcCol] ?? '';
      const svc = byName.get(serviceNamesIn(cell)[0] ?? '') ?? byName.get(`${kebab(cell)}-service`) ?? byName.get(kebab(cell));
      if (!svc) continue;
      const header = `| ${t.headers.join(' | ')} |`;
      const sep = `|${t.headers.map(() => '---').join('|')}|`;
      for (const e of endpointsIn([header, sep, `| ${row.join(' | ')} |`])) {
        if (!svc.endpoints.some((x) => x.method === e.method && x.path === e.path)) svc.endpoints.push(e);
      }
    }
  }
}

const LANGS: [RegExp, string][] = [[/\bpython\b/i, 'python'], [/\btypescript\b/i, 'typescript'], [/\b(node\.?js|javascript)\b/i, 'javascript'], [/\b(golang|Go 1\.\d+|Go\s*\+|Go\/)/, 'go'], [/\bjava\b(?!script)/i, 'java'], [/\bkotlin\b/i, 'kotlin'], [/\brust\b/i, 'rust'], [/\bc#|\.net\b/i, 'csharp'], [/\bruby\b/i, 'ruby']];
const FRAMEWORKS: [RegExp, string, string][] = [
  [/\bfastapi\b/i, 'fastapi', 'python'], [/\bflask\b/i, 'flask', 'python'], [/\bdjango\b/i, 'django', 'python'],
  [/\bexpress\b/i, 'express', 'javascript'], [/\bfastify\b/i, 'fastify', 'typescript'], [/\bnest\.?js\b/i, 'nestjs', 'typescript'], [/\bhono\b/i, 'hono', 'typescript'],
  [/\bspring( boot)?\b/i, 'spring-boot', 'java'], [/\bgin\b/, 'gin', 'go'], [/\brails\b/i, 'rails', 'ruby'], [/\bnode:http\b/i, 'node-http', 'javascript'],
];
const DATABASES: [RegExp, string][] = [[/\bpostgres(ql)?\b/i, 'postgresql'], [/\bmysql\b/i, 'mysql'], [/\bsqlite\b/i, 'sqlite'], [/\bmongo(db)?\b/i, 'mongodb'], [/\bdynamodb\b/i, 'dynamodb'], [/\bredis\b/i, 'redis'], [/\bin[- ]memory\b/i, 'in-memory']];

/**
 * Detect language, framework and database in a text (empty strings when absent).
 *
 * @example
 * detectStack('Python + FastAPI + PostgreSQL'); // { language: 'python', framework: 'fastapi', database: 'postgresql' }
 */
export function detectStack(text: string): Stack {
  const fw = FRAMEWORKS.find(([re]) => re.test(text));
  const lang = LANGS.find(([re]) => re.test(text))?.[1] ?? fw?.[2] ?? '';
  const db = DATABASES.find(([re]) => re.test(text))?.[1] ?? '';
  return { language: lang, framework: fw?.[1] ?? '', database: db };
}
