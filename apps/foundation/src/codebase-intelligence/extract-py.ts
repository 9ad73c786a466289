import type { Node, Tree } from 'web-tree-sitter';
import type { ExtractedSymbol, FileFacts, SymbolKind } from './model.js';
import { CONSUME_CALLS, HTTP_VERBS, isDomainEvent, PUBLISH_CALLS, signatureOf, stringValue, walkTree } from './walk.js';

function docstring(node: Node): string | null {
  const body = node.childForFieldName('body');
  const first = body?.namedChild(0);
  if (!first || first.type !== 'expression_statement') return null;
  const s = first.namedChild(0);
  if (!s || s.type !== 'string') return null;
  return stringValue(s)?.trim() ?? null;
}

function calleeName(fn: Node | null): string | undefined {
  if (!fn) return undefined;
  if (fn.type === 'identifier') return fn.text;
  if (fn.type === 'attribute') return fn.childForFieldName('attribute')?.text;
  return undefined;
}

interface RouteInfo {
  endpoints: { method: string; path: string }[];
  decorated: boolean;
}

function decoratorRoutes(node: Node): RouteInfo {
  const parent = node.parent;
  const info: RouteInfo = { endpoints: [], decorated: false };
  if (!parent || parent.type !== 'decorated_definition') return info;
  info.decorated = true;
  for (const d of parent.namedChildren) {
    if (!d || d.type !== 'decorator') continue;
    const call = d.namedChild(0);
    if (!call || call.type !== 'call') continue;
    const verb = calleeName(call.childForFieldName('function'));
    const path = stringValue(call.childForFieldName('arguments')?.namedChild(0));
    if (!verb || !path?.startsWith('/')) continue;
    if (HTTP_VERBS.has(verb)) info.endpoints.push({ method: verb.toUpperCase(), path });
    else if (verb === 'route' || verb === 'api_route') {
      const methods = /methods\s*=\s*\[([^\]]*)\]/.exec(call.text)?.[1];
      const list = methods ? [...methods.matchAll(/['"](\w+)['"]/g)].map((m) => m[1]!.toUpperCase()) : ['GET'];
      for (const m of list) info.endpoints.push({ method: m, path });
    }
  }
  return info;
}

/**
 * Extract symbols, imports, call sites, references, FastAPI/Flask routes and
 * events from a Python syntax tree.
 *
 * @example
 * const facts = extractPy(parser.parse(src), src);
 */
export function extractPy(tree: Tree, source: string): FileFacts {
  const facts: FileFacts = { language: 'python', symbols: [], imports: [], calls: [], refs: new Map(), endpoints: [], events: [], isEntrypoint: false };
  const defNames = new Set<number>();
  const add = (node: Node, nameNode: Node, kind: SymbolKind, parent: string | null): ExtractedSymbol => {
    defNames.add(nameNode.startIndex);
    const sym: ExtractedSymbol = {
      name: nameNode.text, kind,
      line_start: node.startPosition.row + 1,
      line_end: node.endPosition.row + 1,
      signature: kind === 'constant' || kind === 'variable' ? null : signatureOf(node, source),
      docstring: kind === 'constant' || kind === 'variable' ? null : docstring(node),
      exported: !nameNode.text.startsWith('_'),
      parent,
      is_handler: false,
      content: source.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + 2000)),
    };
    facts.symbols.push(sym);
    return sym;
  };
  walkTree(tree, (c, depth, scopes) => {
    const type = c.nodeType;
    if (type === 'identifier') {
      if (!defNames.has(c.startIndex)) {
        const name = source.slice(c.startIndex, c.endIndex);
        facts.refs.set(name, (facts.refs.get(name) ?? 0) + 1);
      }
      return false;
    }
    const enclosing = scopes[scopes.length - 1];
    if (type === 'function_definition' || type === 'class_definition') {
      const node = c.currentNode;
      const nameNode = node.childForFieldName('name');
      if (!nameNode) return true;
      const inClass = enclosing?.kind === 'class';
      const kind: SymbolKind = type === 'class_definition' ? 'class' : inClass ? 'method' : 'function';
      const sym = add(node, nameNode, kind, inClass ? enclosing!.name : null);
      if (enclosing && enclosing.kind !== 'class') sym.exported = false;
      const routes = decoratorRoutes(node);
      for (const r of routes.endpoints) facts.endpoints.push({ ...r, handler: sym.name, line: sym.line_start });
      if (routes.decorated) sym.is_handler = true;
      return { depth, name: sym.name, kind: kind === 'class' ? 'class' : kind };
    }
    if (type === 'assignment' && depth <= 2 && !enclosing) {
      const node = c.currentNode;
      const left = node.childForFieldName('left');
      if (left?.type === 'identifier' && node.parent?.parent?.type === 'module') {
        add(node, left, /^[A-Z][A-Z0-9_]*$/.test(left.text) ? 'constant' : 'variable', null);
      }
      return true;
    }
    if (type === 'import_statement') {
      const node = c.currentNode;
      for (const n of node.namedChildren) {
        if (!n) continue;
        const dotted = n.type === 'aliased_import' ? n.childForFieldName('name') : n;
        if (dotted?.type === 'dotted_name') facts.imports.push({ specifier: dotted.text, line: node.startPosition.row + 1 });
      }
      return true;
    }
    if (type === 'import_from_statement') {
      const node = c.currentNode;
      const mod = node.childForFieldName('module_name');
      if (mod) {
        const names = node.namedChildren.filter((n) => n && n.id !== mod.id).map((n) => (n!.type === 'aliased_import' ? n!.childForFieldName('name')?.text : n!.text)).filter(Boolean) as string[];
        if (mod.text.replace(/\./g, '') === '' ) for (const n of names) facts.imports.push({ specifier: `${mod.text}${n}`, line: node.startPosition.row + 1 });
        else facts.imports.push({ specifier: mod.text, line: node.startPosition.row + 1 });
      }
      return true;
    }
    if (type === 'call') {
      const node = c.currentNode;
      const callee = calleeName(node.childForFieldName('function'));
      if (!callee) return true;
      const line = node.startPosition.row + 1;
      facts.calls.push({ callee, caller: enclosing?.name ?? '<module>', line });
      const first = stringValue(node.childForFieldName('arguments')?.namedChild(0));
      if (first && PUBLISH_CALLS.has(callee) && isDomainEvent(first, callee)) facts.events.push({ direction: 'published', name: first, line });
      if (first && CONSUME_CALLS.has(callee) && isDomainEvent(first, callee)) facts.events.push({ direction: 'consumed', name: first, line });
      return true;
    }
    if (type === 'if_statement' && !enclosing) {
      const cond = c.currentNode.childForFieldName('condition')?.text ?? '';
      if (/__name__\s*==\s*['"]__main__['"]/.test(cond)) facts.isEntrypoint = true;
    }
    return true;
  });
  return facts;
}
