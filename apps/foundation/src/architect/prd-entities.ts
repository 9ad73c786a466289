import { plain, type Section, singular, splitTopLevel, tables } from './markdown.js';
import { serviceNamesIn } from './prd-services.js';
import type { DomainEntity, DomainRelationship, EntityField, StateMachine } from './schemas.js';

const FIELD_NAME = /^[a-z_][a-zA-Z0-9_]*$/;

/**
 * Parse one field description: `id (UUID)`, `status (enum: a/b/c)`,
 * `email: string`, `` `total` — decimal ``, `notes (string, optional)`.
 *
 * @example
 * parseField('status (enum: pending/confirmed)'); // { name: 'status', type: 'enum', required: true, enum_values: [...] }
 */
export function parseField(raw: string): EntityField | undefined {
  const text = plain(raw).replace(/^[-*+]\s*/, '');
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(([^)]*(?:\([^)]*\))?[^)]*)\)|[:—–-]\s*([^,;—–]+))?/.exec(text);
  if (!m || !FIELD_NAME.test(m[1]!)) return undefined;
  const spec = (m[2] ?? m[3] ?? 'string').trim();
  const optional = /\boptional\b|nullable|\?$/i.test(spec) || /\boptional\b/i.test(text);
  const enumMatch = /enum\s*[:(]?\s*([A-Za-z0-9_]+(?:\s*[/|,]\s*[A-Za-z0-9_]+)+)/i.exec(spec);
  if (enumMatch) {
    const values = enumMatch[1]!.split(/\s*[/|,]\s*/).filter(Boolean);
    return { name: m[1]!, type: 'enum', required: !optional, enum_values: values };
  }
  const type = spec.split(/[,;]/)[0]!.replace(/\b(required|optional|unique|nullable|primary key|pk|fk)\b/gi, '').trim() || 'string';
  return { name: m[1]!, type: type.toLowerCase(), required: !optional };
}

function fieldsFromList(text: string): EntityField[] {
  return splitTopLevel(text).map(parseField).filter((f): f is EntityField => f !== undefined);
}

const ENTITY_SECTION = /entit|data model|domain model|schema|models?\b/i;

function entityTitle(title: string): string | undefined {
  const t = title.replace(/^[\d.\s]+/, '').trim();
  const m = /^(?:entity:?\s*)?([A-Z][A-Za-z0-9]*)(?:\s+(?:entity|model|record))?(?:\s*\(.*\))?$/i.exec(t);
  if (!m || !/^[A-Z]/.test(m[1]!)) return undefined;
  if (/^(Overview|Entities|Services|Endpoints|Contracts|Events|Requirements|Security|Deployment|Architecture|Data|Model|Models|Schema|Notes|Appendix|Glossary|Introduction|Summary|Testing|Observability|Logging|Health)$/i.test(m[1]!)) return undefined;
  return m[1];
}

function bulletFields(body: string[]): EntityField[] {
  const fields: EntityField[] = [];
  for (const t of tables(body)) {
    const nCol = t.headers.findIndex((h) => /field|name|attribute|column|property/.test(h));
    const tCol = t.headers.findIndex((h) => /type/.test(h));
    if (nCol < 0) continue;
    for (const row of t.rows) {
      const reqCol = t.headers.findIndex((h) => /required|nullable|optional/.test(h));
      const f = parseField(`${row[nCol]} (${tCol >= 0 ? row[tCol] : 'string'}${reqCol >= 0 && /no|false|optional/i.test(row[reqCol] ?? '') ? ', optional' : ''})`);
      if (f) fields.push(f);
    }
  }
  for (const line of body) {
    if (!/^\s*[-*+]\s+/.test(line)) continue;
    const f = parseField(line);
    if (f) fields.push(f);
  }
  return fields;
}

/** Raw entity before owners are resolved. */
export interface RawEntity {
  name: string;
  owner: string;
  description: string;
  fields: EntityField[];
}

/**
 * Find entities: tables with an Entity column (plus Service and Fields
 * columns), headings under an Entities/Data Model section with bullet or
 * table fields, and `Entity: Name (field, field)` lines.
 *
 * @example
 * findEntities(lines, sections(lines)).map((e) => e.name); // ['User', 'Order']
 */
export function findEntities(lines: string[], secs: Section[]): RawEntity[] {
  const out = new Map<string, RawEntity>();
  const put = (e: RawEntity): void => {
    const prev = out.get(e.name);
    if (!prev) out.set(e.name, e);
    else {
      if (!prev.owner) prev.owner = e.owner;
      if (prev.fields.length === 0) prev.fields = e.fields;
    }
  };
  for (const t of tables(lines)) {
    const eCol = t.headers.findIndex((h) => /^entit|^model|^resource/.test(h));
    const fCol = t.headers.findIndex((h) => /field|attribute|propert|column/.test(h));
    if (eCol < 0 || fCol < 0) continue;
    const sCol = t.headers.findIndex((h) => /service|owner/.test(h));
    for (const row of t.rows) {
      const name = /([A-Z][A-Za-z0-9]*)/.exec(row[eCol] ?? '')?.[1];
      if (!name) continue;
      put({ name, owner: sCol >= 0 ? serviceNamesIn(row[sCol] ?? '')[0] ?? '' : '', description: '', fields: fieldsFromList(row[fCol] ?? '') });
    }
  }
  for (const s of secs) {
    const name = entityTitle(s.title);
    const underEntities = s.parents.some((p) => ENTITY_SECTION.test(p)) || /entity|model/i.test(s.title);
    if (!name || !underEntities) continue;
    const fields = bulletFields(s.body);
    if (fields.length === 0) continue;
    const fromParent = [...s.parents].reverse().map((p) => serviceNamesIn(p)).find((n) => n.length === 1)?.[0];
    const owned = /owned by\s+(?:the\s+)?[`*]*([a-z][a-z0-9-]*)/i.exec(`${s.title} ${s.body.join(' ')}`)?.[1]?.toLowerCase();
    const inTitle = serviceNamesIn(s.title)[0];
    const owner = owned ?? inTitle ?? fromParent ?? '';
    const description = plain(s.body.find((l) => l.trim() && !/^\s*[-*|+]/.test(l)) ?? '');
    put({ name, owner, description, fields });
  }
  for (const line of lines) {
    const m = /^\s*[-*+]?\s*\**(?:entity|model)\**\s*:?\**\s*`?([A-Z][A-Za-z0-9]*)`?\**\s*[:(—–-]\s*(.+?)\)?\s*$/i.exec(line);
    if (!m) continue;
    const fields = fieldsFromList(m[2]!.replace(/^fields?\s*:?/i, ''));
    if (fields.length >= 2) put({ name: m[1]!, owner: '', description: '', fields });
  }
  return [...out.values()];
}

/**
 * Entity name for a path like `/orders/{id}` (by the first literal segment).
 *
 * @example
 * entityForPath('/orders/{id}', ['Order']); // 'Order'
 */
export function entityForPath(path: string, entities: string[]): string | undefined {
  for (const seg of path.split('/').filter((s) => s && !s.startsWith('{'))) {
    const word = singular(seg.toLowerCase().replace(/[^a-z0-9]/g, ''));
    const hit = entities.find((e) => e.toLowerCase() === word);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Relationships from `<entity>_id` fields (many_to_one) and sentences
 * like "A User has many Orders" (one_to_many).
 *
 * @example
 * findRelationships(entities, text);
 */
export function findRelationships(entities: RawEntity[], text: string): DomainRelationship[] {
  const names = entities.map((e) => e.name);
  const out: DomainRelationship[] = [];
  for (const e of entities) {
    for (const f of e.fields) {
      const m = /^(.+?)_?id$/i.exec(f.name);
      if (!m || f.name.toLowerCase() === 'id') continue;
      const target = names.find((n) => n.toLowerCase() === m[1]!.toLowerCase().replace(/_$/, ''));
      if (target && target !== e.name) out.push({ source_entity: e.name, target_entity: target, relationship_type: 'many_to_one', field: f.name, description: `${e.name}.${f.name} references ${target}.id` });
    }
  }
  for (const t of tables(text.split('\n'))) {
    const sCol = t.headers.findIndex((h) => /^(source|from|parent)/.test(h));
    const tCol = t.headers.findIndex((h) => /^(target|to|child)/.test(h));
    if (sCol < 0 || tCol < 0) continue;
    const cCol = t.headers.findIndex((h) => /cardinality|type|kind/.test(h));
    const rCol = t.headers.findIndex((h) => /relationship|relation|verb/.test(h));
    const vCol = t.headers.findIndex((h) => /via|field|key/.test(h));
    for (const row of t.rows) {
      const src = names.find((n) => n === row[sCol]);
      const tgt = names.find((n) => n === row[tCol]);
      if (!src || !tgt || out.some((r) => (r.source_entity === src && r.target_entity === tgt) || (r.source_entity === tgt && r.target_entity === src))) continue;
      const card = (cCol >= 0 ? row[cCol] ?? '' : '').toLowerCase().replace(/[^a-z]+/g, '_').replace(/^_|_$/g, '');
      const type = /^(one|many)_to_(one|many)$/.test(card) ? card : 'one_to_many';
      const field = vCol >= 0 ? (row[vCol] ?? '').split('.').pop() ?? null : null;
      out.push({ source_entity: src, target_entity: tgt, relationship_type: type, field: field || null, description: rCol >= 0 ? `${src} ${row[rCol]} ${tgt}` : `${src} -> ${tgt}` });
    }
  }
  for (const m of text.matchAll(/\b(?:an?|each|one)\s+([A-Z][A-Za-z0-9]*)\s+(?:has|owns|can have)\s+(?:many|multiple|zero or more)\s+([A-Z][A-Za-z0-9]*?)s?\b/g)) {
    const [src, tgt] = [names.find((n) => n === m[1]), names.find((n) => n === m[2] || `${n}s` === m[2])];
    if (src && tgt && !out.some((r) => r.source_entity === src && r.target_entity === tgt)) {
      out.push({ source_entity: src, target_entity: tgt, relationship_type: 'one_to_many', field: null, description: plain(m[0]) });
    }
  }
  return out;
}

const ARROW = /([A-Za-z_]+)\s*(?:-+\s*\(\s*([A-Za-z_ ]+?)\s*\)\s*-*>|-+>|→|=>)\s*([A-Za-z_]+)(?:\s*(?:\(|on\s+|via\s+|:\s*)\s*([A-Za-z_]+)\)?)?/g;

/** A state transition written somewhere in the PRD. */
export interface TransitionCandidate {
  from: string;
  to: string;
  trigger: string;
  /** For an ASCII branch line (`+--(cancel)--+--> cancelled`): the states it applies to. */
  branchFrom?: string[];
}

/**
 * Collect transition candidates once for the whole PRD: arrow notation
 * (`a --(event)--> b`, `a -> b (event)`, `a → b`), ASCII branch lines under a
 * diagram row, and From/To tables.
 *
 * @example
 * transitionCandidates(['pending --(confirm)--> confirmed']); // [{ from: 'pending', to: 'confirmed', trigger: 'confirm' }]
 */
export function transitionCandidates(lines: string[]): TransitionCandidate[] {
  const out: TransitionCandidate[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (!/->|→|=>/.test(line)) continue;
    ARROW.lastIndex = 0;
    let m: RegExpExecArray | null;
    let matched = false;
    while ((m = ARROW.exec(line))) {
      matched = true;
      out.push({ from: m[1]!, to: m[3]!, trigger: (m[2] ?? m[4] ?? `to_${m[3]}`).trim().replace(/\s+/g, '_') });
      ARROW.lastIndex = m.index + m[0].indexOf(m[3]!, m[1]!.length + 1);
    }
    const branch = /\(([A-Za-z_]+)\)[^A-Za-z]*>\s*([A-Za-z_]+)\s*$/.exec(line);
    if (!matched && branch) {
      const above = lines.slice(Math.max(0, i - 3), i).reverse().find((l) => (l.match(/[A-Za-z_]+/g) ?? []).length >= 2 && /-+\s*\(?[A-Za-z_ ]*\)?\s*-*>/.test(l)) ?? '';
      const cols = [...line.matchAll(/\+/g)].map((x) => x.index ?? -1);
      const from = [...above.matchAll(/[A-Za-z_]+/g)]
        .filter((w) => cols.length === 0 || cols.some((c) => c >= (w.index ?? 0) && c < (w.index ?? 0) + w[0].length + 2))
        .map((w) => w[0]);
      out.push({ from: '', to: branch[2]!, trigger: branch[1]!, branchFrom: from });
    }
  }
  for (const t of tables(lines)) {
    const f = t.headers.findIndex((h) => /^from/.test(h));
    const to = t.headers.findIndex((h) => /^to/.test(h));
    const trig = t.headers.findIndex((h) => /trigger|event|action/.test(h));
    if (f < 0 || to < 0) continue;
    for (const row of t.rows) out.push({ from: row[f] ?? '', to: row[to] ?? '', trigger: trig >= 0 ? row[trig] ?? '' : `to_${row[to]}` });
  }
  return out;
}

/**
 * The state machine of an entity with an enum `status`/`state` field, from
 * the transition candidates whose both states are values of that field.
 *
 * @example
 * stateMachineFor(orderEntity, transitionCandidates(prdLines));
 */
export function stateMachineFor(entity: RawEntity, candidates: TransitionCandidate[]): StateMachine | null {
  const field = entity.fields.find((f) => f.enum_values && /^(status|state)$/i.test(f.name)) ?? entity.fields.find((f) => f.enum_values && /status|state/i.test(f.name));
  if (!field || !field.enum_values) return null;
  const states = field.enum_values;
  const known = new Set(states);
  const transitions: StateMachine['transitions'] = [];
  const add = (from: string, to: string, trigger: string): void => {
    if (!known.has(from) || !known.has(to) || from === to) return;
    if (!transitions.some((t) => t.from_state === from && t.to_state === to)) transitions.push({ from_state: from, to_state: to, trigger });
  };
  for (const c of candidates) {
    if (c.branchFrom) for (const s of c.branchFrom) add(s, c.to, c.trigger);
    else add(c.from, c.to, c.trigger);
  }
  return { field: field.name, states, initial_state: states[0]!, transitions };
}

/**
 * Complete DomainEntity objects.
 *
 * @example
 * toDomainEntities(findEntities(lines, secs), lines);
 */
export function toDomainEntities(raw: RawEntity[], lines: string[]): DomainEntity[] {
  const candidates = transitionCandidates(lines);
  return raw.map((e) => ({ name: e.name, owning_service: e.owner, description: e.description, fields: e.fields, state_machine: stateMachineFor(e, candidates) }));
}
