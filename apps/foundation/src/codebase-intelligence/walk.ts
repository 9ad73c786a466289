import type { Node, Tree, TreeCursor } from 'web-tree-sitter';

/** An enclosing definition while walking. */
export interface Scope {
  depth: number;
  name: string;
  kind: 'function' | 'class' | 'method';
}

/**
 * Depth-first walk with a TreeCursor (no child arrays allocated). `enter`
 * returns false to skip a subtree; `scopes` holds the enclosing definitions.
 *
 * @example
 * walkTree(tree, (c, depth, scopes) => { if (c.nodeType === 'identifier') count++; return true; });
 */
export function walkTree(tree: Tree, enter: (cursor: TreeCursor, depth: number, scopes: Scope[]) => boolean | Scope | void): void {
  const cursor = tree.walk();
  const scopes: Scope[] = [];
  let depth = 0;
  let guard = 0;
  for (;;) {
    if (guard++ > 50_000_000) break;
    while (scopes.length && scopes[scopes.length - 1]!.depth >= depth) scopes.pop();
    const r = enter(cursor, depth, scopes);
    if (r && typeof r === 'object') scopes.push(r);
    if (r !== false && cursor.gotoFirstChild()) {
      depth += 1;
      continue;
    }
    let done = false;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        done = true;
        break;
      }
      depth -= 1;
    }
    if (done) break;
  }
  cursor.delete();
}

/**
 * Text of a string literal node without quotes (or undefined).
 *
 * @example
 * stringValue(callNode.childForFieldName('arguments')?.namedChild(0));
 */
export function stringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (!/^(string|template_string)$/.test(node.type)) return undefined;
  const t = node.text;
  const m = /^[rbuf]*("""|'''|"|'|`)([\s\S]*)\1$/i.exec(t);
  if (!m || /\$\{/.test(m[2]!)) return undefined;
  return m[2];
}

/**
 * Signature: the definition text before its body, whitespace collapsed.
 *
 * @example
 * signatureOf(functionNode, source); // 'def save(user) -> None'
 */
export function signatureOf(node: Node, source: string): string {
  const body = node.childForFieldName('body');
  const end = body ? body.startIndex : Math.min(node.endIndex, node.startIndex + 200);
  return source.slice(node.startIndex, end).replace(/\s+/g, ' ').replace(/[:{]\s*$/, '').trim().slice(0, 240);
}

export const HTTP_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'all']);
export const PUBLISH_CALLS = new Set(['publish', 'emit', 'produce', 'publishEvent', 'publish_event', 'emitEvent', 'emit_event', 'sendEvent', 'send_event', 'dispatchEvent']);
export const CONSUME_CALLS = new Set(['subscribe', 'consume', 'on', 'addListener', 'subscribeEvent', 'subscribe_event', 'consume_event', 'onEvent', 'on_event', 'listen']);
const NODE_EVENTS = new Set(['error', 'close', 'data', 'end', 'exit', 'message', 'request', 'connection', 'listening', 'finish', 'open', 'readable', 'drain', 'line', 'SIGTERM', 'SIGINT', 'uncaughtException', 'unhandledRejection', 'startup', 'shutdown']);

/**
 * True when a consumed-event name looks like a domain event rather than a runtime event.
 *
 * @example
 * isDomainEvent('error', 'on'); // false
 */
export function isDomainEvent(name: string, callee: string): boolean {
  if (NODE_EVENTS.has(name)) return false;
  if (callee === 'on' || callee === 'listen') return /^[A-Z]|[.:]/.test(name);
  return name.length > 0;
}
