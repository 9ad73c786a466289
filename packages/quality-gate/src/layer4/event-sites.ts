import { callArguments, calleeName, calleeObject, lineOf, nodesOfType, stringValue } from '../layer3/ast.js';
import type { ParsedFile } from '../layer3/rule.js';

/** A place in code that publishes or subscribes to a named event/channel. */
export interface EventSite {
  readonly name: string;
  readonly kind: 'publish' | 'subscribe';
  readonly file: string;
  readonly line: number;
}

const PUBLISH = /^(publish|publishEvent|emit|emitEvent|send|sendEvent|sendMessage|produce|xadd|lpush|rpush|sendToQueue|basic_publish|dispatch|fire|notify)$/;
const SUBSCRIBE = /^(subscribe|subscriber|on|once|consume|listen|addListener|handle|registerHandler|onEvent|xread|xreadgroup|basic_consume|subscribeTo|consumer)$/;
const NOT_BUS = /^(res|response|reply|ws|socket|process|server|req|request|stream|child|proc)$/;
/** Event names look like `order.created`, `orders/created`, `order:created` or `ORDER_CREATED`. */
const EVENT_NAME = /^(?:[a-z][\w-]*(?:[.:/][\w-]+)+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)$/;

/**
 * Publish/subscribe call sites in a file whose event name is a string literal. Names either look like
 * events (`order.created`) or are among `known` (channel names from the AsyncAPI contracts).
 *
 * @example
 * findEventSites(file, new Set(['order.created']));
 */
export function findEventSites(file: ParsedFile, known: ReadonlySet<string>): EventSite[] {
  if (!file.tree) return [];
  const out: EventSite[] = [];
  for (const call of nodesOfType(file.tree, ['call', 'call_expression'])) {
    const name = calleeName(call);
    const kind = PUBLISH.test(name) ? 'publish' : SUBSCRIBE.test(name) ? 'subscribe' : undefined;
    if (!kind || NOT_BUS.test(calleeObject(call))) continue;
    for (const arg of callArguments(call).slice(0, 2)) {
      const target = arg.type === 'keyword_argument' ? arg.childForFieldName('value') : arg;
      const value = stringValue(target);
      if (value && (known.has(value.toLowerCase()) || EVENT_NAME.test(value))) {
        out.push({ name: value.toLowerCase(), kind, file: file.path, line: lineOf(call) });
        break;
      }
    }
  }
  return out;
}
