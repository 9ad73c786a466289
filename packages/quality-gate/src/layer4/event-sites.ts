import type { Node as SyntaxNode } from 'web-tree-sitter';
import { callArguments, calleeName, calleeObject, isFunction, lineOf, nodesOfType, stringValue } from '../layer3/ast.js';
import type { ParsedFile } from '../layer3/rule.js';
import { isOutboundHttpCall } from '../layer3/rules/trace-001.js';
import { normalizeEventName, type EventCatalog } from './event-catalog.js';

/** A place in code that publishes or subscribes to a named event/channel. */
export interface EventSite {
  /** Channel key (see {@link EventCatalog}), or the normalized name for events no contract declares. */
  readonly name: string;
  /** The name as written in the code. */
  readonly label: string;
  readonly kind: 'publish' | 'subscribe';
  readonly file: string;
  readonly line: number;
}

type Kind = EventSite['kind'];

const PUBLISH = /^(publish|publishEvent|emit|emitEvent|send|sendEvent|sendMessage|produce|xadd|lpush|rpush|sendToQueue|basic_publish|dispatch|fire|notify)$/;
const SUBSCRIBE = /^(subscribe|subscriber|on|once|consume|listen|addListener|handle|registerHandler|onEvent|xread|xreadgroup|basic_consume|subscribeTo|consumer|bindQueue|queue_bind|bind)$/;
const NOT_BUS = /^(res|response|reply|ws|socket|process|server|req|request|stream|child|proc)$/;
/** Event names look like `order.created`, `orders/created`, `order:created` or `ORDER_CREATED`. */
export const EVENT_NAME = /^(?:[a-z][\w-]*(?:[.:/][\w-]+)+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)$/;
/** Keys of a bus call's options object that name the event: `producer.send({ topic })`, `consumer.subscribe({ topic })`. */
const OPTION_KEY = /^(topic|topics|subject|channel|event|eventName|event_name|routingKey|routing_key|stream|name)$/;

/** An event name a bus call passes by reference (`ORDER_PLACED`, `Topics.PriceChanged`), resolved once the service's constants are known. */
export interface PendingEventRef {
  readonly ref: string;
  readonly kind: 'publish' | 'subscribe';
  readonly file: string;
  readonly line: number;
}

/** Keys whose value names an event: `{ event: 'OrderCreated' }`, `{ topic: 'orders.created' }`. */
const NAME_KEY = /^(name|event|events|eventName|event_name|eventType|event_type|type|topic|channel|subject|message|messageName|message_name|routingKey|routing_key|address|operationId|operation_id)$/;
/** Keys of a schema that pin the value of an event-name field: `event: { const: 'OrderCreated' }`. */
const SCHEMA_VALUE_KEY = /^(const|enum|default|examples?)$/;
/** Words in a key, variable or function name that say which side of an event it is on. */
const PUBLISH_WORDS = /(^|[^a-z])(publish|publishes|published|publisher|publishers|publications?|emit|emits|emitter|produce|produces|producer|producers|outgoing|outbound|outbox|sends?)([^a-z]|$)/;
const SUBSCRIBE_WORDS = /(^|[^a-z])(subscribe|subscribes|subscriber|subscribers|subscriptions?|consume|consumes|consumer|consumers|ingest|ingests|listen|listener|listeners|handlers?|receive|receives|receiver|incoming|inbound|inbox|request ?body)([^a-z]|$)/;
const MAX_CLIMB = 24;

function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .toLowerCase();
}

function kindOfName(name: string): Kind | undefined {
  const w = words(name);
  if (PUBLISH_WORDS.test(w)) return 'publish';
  if (SUBSCRIBE_WORDS.test(w)) return 'subscribe';
  return undefined;
}

function keyText(node: SyntaxNode | null | undefined): string {
  if (!node) return '';
  return stringValue(node) ?? node.text;
}

function callKind(call: SyntaxNode, python: boolean): Kind | undefined {
  const name = calleeName(call);
  if (NOT_BUS.test(calleeObject(call))) return undefined;
  if (PUBLISH.test(name)) return 'publish';
  if (SUBSCRIBE.test(name)) return 'subscribe';
  return isOutboundHttpCall(call, python) ? 'publish' : undefined;
}

function functionName(fn: SyntaxNode): string {
  const own = fn.childForFieldName('name')?.text;
  if (own) return own;
  const holder = fn.parent;
  if (holder?.type === 'variable_declarator') return holder.childForFieldName('name')?.text ?? '';
  if (holder?.type === 'pair') return keyText(holder.childForFieldName('key'));
  return '';
}

/**
 * The side of an event a node sits on, from its surroundings: the nearest enclosing key, variable,
 * call or function that names a side (`events.publish[]`, `requestBody`, `bus.subscribe(...)`,
 * `fetch(...)`, `function handleEvent`).
 */
function contextKind(node: SyntaxNode, python: boolean): Kind | undefined {
  let p: SyntaxNode | null = node;
  for (let i = 0; p && i < MAX_CLIMB; i++, p = p.parent) {
    let named = '';
    if (p.type === 'pair') named = keyText(p.childForFieldName('key'));
    else if (p.type === 'keyword_argument') named = p.childForFieldName('name')?.text ?? '';
    else if (p.type === 'variable_declarator') named = p.childForFieldName('name')?.text ?? '';
    else if (p.type === 'assignment' || p.type === 'assignment_expression') named = p.childForFieldName('left')?.text ?? '';
    else if (p.type === 'call' || p.type === 'call_expression') {
      const kind = callKind(p, python);
      if (kind) return kind;
    } else if (isFunction(p)) named = functionName(p);
    const kind = named ? kindOfName(named) : undefined;
    if (kind) return kind;
  }
  return undefined;
}

/** The field a comparison or switch tests, when it is an event-name field (`body.event`, `msg["type"]`). */
function testsEventField(node: SyntaxNode | null | undefined): boolean {
  if (!node) return false;
  const last = /([A-Za-z_]\w*)['"]?\]?$/.exec(node.text.replace(/[()\s]+$/, ''))?.[1] ?? '';
  return NAME_KEY.test(last) || /event|type|topic|channel/i.test(last);
}

/**
 * The side of an event named by a string literal whose value a contract declares, or undefined when the
 * literal is not used as an event name (a bare mention, a log message).
 */
function literalKind(lit: SyntaxNode, python: boolean): Kind | undefined {
  let parent = lit.parent;
  if (!parent) return undefined;
  if (parent.type === 'array' || parent.type === 'list') parent = parent.parent ?? parent;
  if (parent.type === 'pair' || parent.type === 'keyword_argument') {
    const keyNode = parent.childForFieldName('key') ?? parent.childForFieldName('name');
    const valueNode = parent.childForFieldName('value');
    if (keyNode && keyNode.id === lit.id) {
      // A dispatch table keyed by event name: `{ OrderCreated: onCreated }`, a discriminator mapping.
      const ctx = contextKind(parent.parent ?? parent, python);
      if (ctx) return ctx;
      return valueNode && (isFunction(valueNode) || valueNode.type === 'identifier' || valueNode.type === 'member_expression' || valueNode.type === 'attribute') ? 'subscribe' : undefined;
    }
    const key = keyText(keyNode);
    if (NAME_KEY.test(key)) return contextKind(parent, python);
    if (SCHEMA_VALUE_KEY.test(key)) {
      const field = parent.parent?.parent;
      if ((field?.type === 'pair' || field?.type === 'keyword_argument') && NAME_KEY.test(keyText(field.childForFieldName('key') ?? field.childForFieldName('name')))) {
        return contextKind(field, python);
      }
    }
    return undefined;
  }
  // Dispatch on the event name: `case 'OrderCreated':`, `if (body.event === 'OrderCreated')`.
  if (parent.type === 'switch_case' || parent.type === 'case_pattern') {
    const sw = parent.type === 'switch_case' ? parent.parent?.parent : parent.parent?.parent?.parent;
    return testsEventField(sw?.childForFieldName('value') ?? sw?.childForFieldName('subject')) ? 'subscribe' : undefined;
  }
  if (parent.type === 'binary_expression' || parent.type === 'comparison_operator') {
    if (!/===|==/.test(parent.text.slice(0, 400))) return undefined;
    const other = parent.namedChildren.find((c) => c !== null && c.id !== lit.id);
    return testsEventField(other) ? 'subscribe' : undefined;
  }
  if (parent.type === 'arguments' || parent.type === 'argument_list') {
    const call = parent.parent;
    return call ? callKind(call, python) : undefined;
  }
  return undefined;
}

/**
 * Publish/subscribe sites of a file:
 * - calls of a bus API (`publish`, `emit`, `subscribe`, `on`, ...) whose first arguments name an event
 *   (a string that looks like an event, or any name a contract declares);
 * - string literals a contract declares (message name, channel id, channel address, operation id) used
 *   as an event name: in a publish table or outbound request (`events.publish[].name`,
 *   `fetch(url, {body: {event: 'OrderCreated'}})`), an ingest route's request schema
 *   (`requestBody … event: {const: 'OrderCreated'}`), a dispatch (`case 'OrderCreated':`,
 *   `if (body.event === 'OrderCreated')`, `{ OrderCreated: handler }`) or a subscription option
 *   (`consumer.subscribe({ topic: 'orders.created' })`).
 *
 * Event names passed by reference (constants) are appended to `pending`, for {@link resolvePendingEvents}.
 *
 * @example
 * findEventSites(file, buildEventCatalog(contracts));
 */
export function findEventSites(file: ParsedFile, catalog: EventCatalog, pending?: PendingEventRef[]): EventSite[] {
  if (!file.tree) return [];
  const python = file.language === 'python';
  const out = new Map<string, EventSite>();
  const add = (label: string, kind: Kind, node: SyntaxNode): void => {
    const name = catalog.keyOf(label) ?? normalizeEventName(label);
    const site: EventSite = { name, label, kind, file: file.path, line: lineOf(node) };
    out.set(`${name}|${kind}|${site.line}`, site);
  };
  for (const call of nodesOfType(file.tree, ['call', 'call_expression'])) {
    const name = calleeName(call);
    const kind = PUBLISH.test(name) ? 'publish' : SUBSCRIBE.test(name) ? 'subscribe' : undefined;
    if (!kind || NOT_BUS.test(calleeObject(call))) continue;
    const refs: string[] = [];
    let found = false;
    for (const arg of callArguments(call).slice(0, 3)) {
      const target = arg.type === 'keyword_argument' ? arg.childForFieldName('value') : arg;
      const candidates = target?.type === 'object' || target?.type === 'dictionary' ? optionValues(target) : target ? [target] : [];
      for (const c of candidates) {
        const value = stringValue(c);
        if (value && (catalog.keyOf(value) !== undefined || EVENT_NAME.test(value))) {
          add(value, kind, call);
          found = true;
          break;
        }
        if (value === undefined && REFERENCE.test(c.type) && /^[\w$.]+$/.test(c.text)) refs.push(c.text);
      }
      if (found) break;
    }
    if (!found && pending) for (const ref of refs.slice(0, 2)) pending.push({ ref, kind, file: file.path, line: lineOf(call) });
  }
  const literals = nodesOfType(file.tree, ['string', 'template_string']);
  const keys = nodesOfType(file.tree, ['pair']).map((p) => p.childForFieldName('key')).filter((k): k is SyntaxNode => k?.type === 'property_identifier');
  for (const lit of [...literals, ...keys]) {
    const value = lit.type === 'property_identifier' ? lit.text : stringValue(lit);
    if (!value || value.length > 120 || catalog.keyOf(value) === undefined) continue;
    const kind = literalKind(lit, python);
    if (kind) add(value, kind, lit);
  }
  return [...out.values()].sort((a, b) => a.line - b.line);
}

const REFERENCE = /^(identifier|member_expression|attribute)$/;

function optionValues(obj: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const pair of obj.namedChildren) {
    if (pair?.type !== 'pair') continue;
    const key = pair.childForFieldName('key');
    const value = pair.childForFieldName('value');
    if (key && value && OPTION_KEY.test(stringValue(key) ?? key.text)) out.push(value);
  }
  return out;
}

/**
 * String constants of a file that can name events: module-level `NAME = "x"` / `const NAME = 'x'`,
 * members of constant objects, enums and classes (`Topics.PriceChanged`, `Events.CREATED`).
 *
 * @example
 * stringConstants(file).get('Topics.PriceChanged'); // 'catalog.price-changed'
 */
export function stringConstants(file: ParsedFile): Map<string, string> {
  const out = new Map<string, string>();
  const root = file.tree?.rootNode;
  if (!root) return out;
  const visit = (node: SyntaxNode, owner: string | undefined): void => {
    for (const child of node.namedChildren) {
      if (!child) continue;
      switch (child.type) {
        case 'export_statement':
        case 'lexical_declaration':
        case 'variable_declaration':
        case 'expression_statement':
        case 'block':
          visit(child, owner);
          break;
        case 'variable_declarator':
        case 'assignment': {
          const name = (child.childForFieldName('name') ?? child.childForFieldName('left'))?.text;
          let value = child.childForFieldName('value') ?? child.childForFieldName('right');
          if (!name || !value || !/^[\w$]+$/.test(name)) break;
          if (value.type === 'as_expression' || value.type === 'satisfies_expression') value = value.namedChildren[0] ?? value;
          const str = stringValue(value);
          const key = owner ? `${owner}.${name}` : name;
          if (str !== undefined) out.set(key, str);
          else if (value.type === 'object' && !owner) {
            for (const pair of value.namedChildren) {
              const k = pair?.childForFieldName('key');
              const v = pair?.type === 'pair' ? pair.childForFieldName('value') : undefined;
              const sv = stringValue(v);
              if (k && sv !== undefined) out.set(`${name}.${stringValue(k) ?? k.text}`, sv);
            }
          }
          break;
        }
        case 'enum_declaration': {
          const name = child.childForFieldName('name')?.text;
          const body = child.childForFieldName('body');
          for (const m of body?.namedChildren ?? []) {
            const k = m?.childForFieldName('name') ?? m?.namedChildren[0];
            const sv = stringValue(m?.childForFieldName('value'));
            if (name && k && sv !== undefined) out.set(`${name}.${k.text}`, sv);
          }
          break;
        }
        case 'class_definition': {
          const name = child.childForFieldName('name')?.text;
          const body = child.childForFieldName('body');
          if (name && body && !owner) visit(body, name);
          break;
        }
        default:
          break;
      }
    }
  };
  visit(root, undefined);
  return out;
}

/**
 * Turn pending references into event sites with the service's string constants (`ORDER_PLACED`,
 * `events.PATIENT_DISCHARGED`, `Topics.PriceChanged`); references that resolve to no event name are dropped.
 *
 * @example
 * resolvePendingEvents(pending, constants, catalog);
 */
export function resolvePendingEvents(pending: readonly PendingEventRef[], constants: ReadonlyMap<string, string>, catalog: EventCatalog): EventSite[] {
  const out: EventSite[] = [];
  for (const p of pending) {
    const parts = p.ref.split('.');
    const value = constants.get(p.ref) ?? constants.get(parts.slice(-2).join('.')) ?? constants.get(parts.at(-1) ?? '');
    if (!value || (catalog.keyOf(value) === undefined && !EVENT_NAME.test(value))) continue;
    out.push({ name: catalog.keyOf(value) ?? normalizeEventName(value), label: value, kind: p.kind, file: p.file, line: p.line });
  }
  return out;
}
