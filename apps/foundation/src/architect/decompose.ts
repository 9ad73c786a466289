import { createHash } from 'node:crypto';
import { PayloadTooLargeError, ValidationError } from '../shared/errors.js';
import { asyncApiStub, openApiStub } from './contract-stubs.js';
import { kebab, plain, sections } from './markdown.js';
import { entityForPath, findEntities, findRelationships, toDomainEntities } from './prd-entities.js';
import { findEvents } from './prd-events.js';
import { detectStack, findServices, serviceNamesIn, type RawService } from './prd-services.js';
import type { ContractStub, DecompositionResult, ServiceDefinition } from './schemas.js';

export const MIN_PRD_CHARS = 10;
export const MAX_PRD_BYTES = 1024 * 1024;

function projectName(lines: string[]): string {
  for (const l of lines) {
    const m = /^\s*[-*]?\s*\**(?:project(?: name)?|application|product|app(?: name)?)\**\s*:\**\s*(.+)$/i.exec(l);
    if (m) return plain(m[1]!).split(/[—–(]/)[0]!.trim();
  }
  const h1 = lines.find((l) => /^#\s+/.test(l));
  if (h1) {
    const t = plain(h1.replace(/^#\s+/, ''))
      .replace(/\b(product requirements? document|requirements|prd|specification|spec)\b/gi, '')
      .replace(/[:—–-]\s*$/, '')
      .split(/\s[—–:|-]\s/)[0]!
      .trim();
    if (t) return t;
  }
  return 'project';
}

function domainOf(svc: RawService): string {
  return svc.name.replace(/-(service|svc|api|gateway|worker)$/, '');
}

function describe(svc: RawService): string {
  const line = svc.text.find((l) => l.trim() && !/^\s*([-*|#>]|```)/.test(l) && !/^\s*\*\*[^*]+\*\*\s*:?\s*$/.test(l));
  return line ? plain(line).slice(0, 300) : '';
}

/**
 * Turn a PRD in Markdown into a ServiceMap, a DomainModel, contract stubs
 * (OpenAPI 3.1 per service with endpoints, AsyncAPI 3.0 per event
 * publisher), validation issues and interview questions. Deterministic: the
 * same text always gives the same services, entities and stubs.
 *
 * @example
 * const result = decompose(readFileSync('fixtures/tasktracker/sample_prd.md', 'utf8'));
 * result.service_map.services.map((s) => s.name); // ['auth-service', 'order-service', 'notification-service']
 */
export function decompose(prdText: string, now = new Date()): DecompositionResult {
  if (typeof prdText !== 'string' || prdText.trim().length < MIN_PRD_CHARS) {
    throw new ValidationError(`prd_text must contain at least ${MIN_PRD_CHARS} non-blank characters (got ${typeof prdText === 'string' ? prdText.trim().length : 0})`);
  }
  const bytes = Buffer.byteLength(prdText, 'utf8');
  if (bytes > MAX_PRD_BYTES) throw new PayloadTooLargeError(`prd_text is ${bytes} bytes; the limit is ${MAX_PRD_BYTES} bytes (1 MB)`);
  const generatedAt = now.toISOString();
  const lines = prdText.replace(/\r\n?/g, '\n').split('\n');
  const secs = sections(lines);
  const project = projectName(lines);
  const issues: string[] = [];
  const questions: string[] = [];

  let raw = findServices(lines, secs);
  if (raw.length === 0) {
    const name = `${kebab(project) || 'app'}-service`;
    raw = [{ name, title: project, text: lines, endpoints: [] }];
    raw[0]!.endpoints = findServices([`## ${name}`, ...lines], sections([`## ${name}`, ...lines]))[0]?.endpoints ?? [];
    issues.push(`no services are named in the PRD; treated it as one service "${name}"`);
    questions.push('Which services should this system be split into, and what does each own?');
  }
  const svcNames = raw.map((s) => s.name);
  const rawEntities = findEntities(lines, secs);
  const entityNames = rawEntities.map((e) => e.name);
  for (const e of rawEntities) {
    if (e.owner && !svcNames.includes(e.owner)) e.owner = '';
    if (e.owner) continue;
    const inText = raw.find((s) => s.text.some((l) => new RegExp(`\\b${e.name}\\b`).test(l) && /own|entit|model|manag|stor/i.test(l)));
    const byPath = raw.find((s) => s.endpoints.some((ep) => entityForPath(ep.path, entityNames) === e.name));
    const byName = raw.find((s) => s.name.startsWith(e.name.toLowerCase()));
    e.owner = (byName ?? byPath ?? inText)?.name ?? '';
  }
  const entities = toDomainEntities(rawEntities, lines);
  const relationships = findRelationships(rawEntities, prdText);
  const owner = (name: string): string => rawEntities.find((e) => e.name === name)?.owner ?? raw.find((s) => s.name.startsWith(kebab(name)))?.name ?? '';
  const events = findEvents(lines, secs, raw, owner);
  const globalStack = detectStack(prdText);

  const services: ServiceDefinition[] = raw.map((s) => {
    const local = detectStack(s.text.join('\n'));
    const stack = {
      language: local.language || globalStack.language,
      framework: local.framework || globalStack.framework,
      database: local.database || globalStack.database,
    };
    const owned = entities.filter((e) => e.owning_service === s.name).map((e) => e.name);
    const deps = serviceNamesIn(s.text.join('\n')).filter((n) => n !== s.name && svcNames.includes(n));
    const published = events.filter((e) => e.publisher === s.name).map((e) => e.name);
    const consumed = events.filter((e) => e.consumers.includes(s.name)).map((e) => e.name);
    for (const ev of events.filter((e) => e.consumers.includes(s.name))) if (ev.publisher && !deps.includes(ev.publisher)) deps.push(ev.publisher);
    const estimated = 200 + 120 * s.endpoints.length + 80 * owned.length + 60 * (published.length + consumed.length);
    return { name: s.name, domain: domainOf(s), description: describe(s), stack, endpoints: s.endpoints, entities: owned, events_published: published, events_consumed: consumed, dependencies: deps, estimated_loc: estimated };
  });

  const stubs: ContractStub[] = [];
  for (const svc of services) {
    if (svc.endpoints.length === 0) {
      issues.push(`service "${svc.name}" has no endpoints in the PRD (write them as "METHOD /path — description")`);
      questions.push(`What HTTP endpoints does ${svc.name} expose?`);
      continue;
    }
    const consumers = services.filter((o) => o.name !== svc.name && o.dependencies.includes(svc.name)).map((o) => o.name);
    stubs.push(openApiStub(svc, entities, consumers));
  }
  for (const svc of services) {
    const published = events.filter((e) => e.publisher === svc.name);
    if (published.length) stubs.push(asyncApiStub(svc.name, published, entities));
  }
  for (const e of entities) {
    if (!e.owning_service) {
      issues.push(`entity "${e.name}" has no owning service`);
      questions.push(`Which service owns the ${e.name} entity?`);
    }
    if (e.fields.length === 0) issues.push(`entity "${e.name}" has no fields`);
  }
  for (const ev of events) {
    if (!ev.publisher) {
      issues.push(`event "${ev.name}" has no publishing service`);
      questions.push(`Which service publishes ${ev.name}?`);
    } else if (ev.consumers.length === 0) questions.push(`Which services consume ${ev.name}?`);
  }
  if (entities.length === 0) {
    issues.push('no entities found (write an Entities table or "### Name" headings with "- field (type)" bullets)');
    questions.push('What are the core data entities and their fields?');
  }
  for (const svc of services) {
    if (!svc.stack.language) questions.push(`Which language and framework should ${svc.name} use?`);
    else if (!svc.stack.database) questions.push(`Which database should ${svc.name} use for persistence?`);
  }
  if (!/\b(auth|jwt|token|oauth|login|api key)\b/i.test(prdText)) questions.push('How are requests authenticated between clients and services?');
  if (!/\/health\b/.test(prdText)) questions.push('Should every service expose a GET /health endpoint for orchestration?');

  return {
    service_map: { project_name: project, services, generated_at: generatedAt, prd_hash: createHash('sha256').update(prdText).digest('hex'), build_cycle_id: null },
    domain_model: { entities, relationships, generated_at: generatedAt },
    contract_stubs: stubs,
    validation_issues: [...new Set(issues)],
    interview_questions: [...new Set(questions)],
  };
}
