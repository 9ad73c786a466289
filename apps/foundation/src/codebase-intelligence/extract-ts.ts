import type { Node, Tree } from 'web-tree-sitter';
import type { ExtractedSymbol, FileFacts, SymbolKind } from './model.js';
import { CONSUME_CALLS, HTTP_VERBS, isDomainEvent, PUBLISH_CALLS, signatureOf, stringValue, walkTree } from './walk.js';

const DEFS: Record<string, SymbolKind> = {
  function_declaration: 'function',
  generator_function_declaration: 'function',
  class_declaration: 'class',
  abstract_class_declaration: 'class',
  method_definition: 'method',
  interface_declaration: 'interface',
  type_alias_declaration: 'type',
  enum_declaration: 'enum',
};
const REF_TYPES = new Set(['identifier', 'type_identifier', 'property_identifier', 'shorthand_property_identifier', 'shorthand_property_identifier_pattern']);
const FUNC_VALUES = new Set(['arrow_function', 'function_expression', 'function', 'generator_function']);

function docComment(node: Node): string | null {
  // The comment sits before the outermost statement: export, const/let/var, or expression statement.
  let target = node;
  while (target.parent && /^(export_statement|lexical_declaration|variable_declaration|expression_statement|variable_declarator)$/.test(target.parent.type)) target = target.parent;
  const prev = target.previousNamedSibling;
  if (!prev || prev.type !== 'comment' || !prev.text.startsWith('/**')) return null;
  if (target.startPosition.row - prev.endPosition.row > 1) return null;
  return prev.text.replace(/^\/\*\*|\*\/$/g, '').split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n').trim() || null;
}

function isExported(node: Node): boolean {
  let cur: Node | null = node.parent;
  for (let i = 0; cur && i < 3; i += 1, cur = cur.parent) if (cur.type === 'export_statement') return true;
  return false;
}

function calleeName(fn: Node | null): string | undefined {
  if (!fn) return undefined;
  if (fn.type === 'identifier') return fn.text;
  if (fn.type === 'member_expression') return fn.childForFieldName('property')?.text;
  return undefined;
}

/**
 * Extract symbols, imports, call sites, references, routes and events from a
 * TypeScript/JavaScript syntax tree.
 *
 * @example
 * const facts = extractTs(parser.parse(src), src, 'typescript');
 */
export function extractTs(tree: Tree, source: string, language: 'typescript' | 'javascript'): FileFacts {
  const facts: FileFacts = { language, symbols: [], imports: [], calls: [], refs: new Map(), endpoints: [], events: [], isEntrypoint: false };
  const defNames = new Set<number>();
  const handlers = new Set<string>();
  const isHttpServer = /createServer\s*\(/.test(source);
  const add = (node: Node, nameNode: Node, kind: SymbolKind, parent: string | null): ExtractedSymbol => {
    defNames.add(nameNode.startIndex);
    const sym: ExtractedSymbol = {
      name: nameNode.text,
      kind,
      line_start: node.startPosition.row + 1,
      line_end: node.endPosition.row + 1,
      signature: signatureOf(node, source),
      docstring: docComment(node),
      exported: isExported(node),
      parent,
      is_handler: false,
      content: source.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + 2000)),
    };
    facts.symbols.push(sym);
    return sym;
  };
  walkTree(tree, (c, depth, scopes) => {
    const type = c.nodeType;
    if (REF_TYPES.has(type)) {
      if (!defNames.has(c.startIndex)) {
        const name = source.slice(c.startIndex, c.endIndex);
        facts.refs.set(name, (facts.refs.get(name) ?? 0) + 1);
      }
      return false;
    }
    const kind = DEFS[type];
    const enclosing = scopes[scopes.length - 1];
    if (kind) {
      const node = c.currentNode;
      const nameNode = node.childForFieldName('name');
      if (!nameNode) return true;
      const parentClass = kind === 'method' ? scopes.filter((s) => s.kind === 'class').pop()?.name ?? null : null;
      const sym = add(node, nameNode, kind, parentClass);
      if (kind === 'function' || kind === 'method' || kind === 'class') return { depth, name: sym.name, kind };
      return true;
    }
    if (type === 'variable_declarator') {
      const node = c.currentNode;
      const decl = node.parent;
      const top = decl?.parent && (decl.parent.type === 'program' || decl.parent.type === 'export_statement');
      const nameNode = node.childForFieldName('name');
      if (!top || !nameNode || nameNode.type !== 'identifier') return true;
      const value = node.childForFieldName('value');
      const isFn = value ? FUNC_VALUES.has(value.type) : false;
      const isConst = decl!.text.startsWith('const');
      const sym = add(isFn ? node : decl!, nameNode, isFn ? 'function' : isConst ? 'constant' : 'variable', null);
      sym.exported = isExported(node);
      if (isFn) return { depth, name: sym.name, kind: 'function' };
      return true;
    }
    if (type === 'assignment_expression' && depth <= 3) {
      // CommonJS: exports.name = function () {} / module.exports.name = ...
      const node = c.currentNode;
      const left = node.childForFieldName('left');
      const obj = left?.type === 'member_expression' ? left.childForFieldName('object')?.text : undefined;
      const prop = left?.childForFieldName('property');
      if (node.parent?.parent?.type === 'program' && prop && (obj === 'exports' || obj === 'module.exports')) {
        const value = node.childForFieldName('right');
        const isFn = value ? FUNC_VALUES.has(value.type) : false;
        const sym = add(node, prop, isFn ? 'function' : 'constant', null);
        sym.exported = true;
        if (isFn) return { depth, name: sym.name, kind: 'function' };
      }
      return true;
    }
    if (type === 'import_statement' || (type === 'export_statement')) {
      const node = c.currentNode;
      const src = stringValue(node.childForFieldName('source'));
      if (src) facts.imports.push({ specifier: src, line: node.startPosition.row + 1 });
      return true;
    }
    if (type === 'call_expression' || type === 'new_expression') {
      const node = c.currentNode;
      const fn = node.childForFieldName(type === 'call_expression' ? 'function' : 'constructor');
      const callee = calleeName(fn);
      if (!callee) return true;
      const line = node.startPosition.row + 1;
      facts.calls.push({ callee, caller: enclosing?.name ?? '<module>', line });
      const args = node.childForFieldName('arguments');
      const first = args?.namedChild(0);
      const firstStr = stringValue(first);
      if (callee === 'require' && firstStr) facts.imports.push({ specifier: firstStr, line });
      if (fn?.type === 'member_expression' && HTTP_VERBS.has(callee) && firstStr?.startsWith('/')) {
        const last = args!.namedChild(args!.namedChildCount - 1);
        const handler = last && last.id !== first!.id ? calleeName(last) ?? (last.type === 'identifier' ? last.text : null) : null;
        if (handler) handlers.add(handler);
        facts.endpoints.push({ method: callee === 'all' ? 'ANY' : callee.toUpperCase(), path: firstStr, handler: handler ?? null, line });
      }
      if (callee === 'route' && first?.type === 'object') {
        // fastify.route({ method: 'GET', url: '/x', handler })
        const text = first.text;
        const url = /\b(?:url|path)\s*:\s*['"`](\/[^'"`]*)['"`]/.exec(text)?.[1];
        const methods = /\bmethod\s*:\s*\[?([^\]\n,}]*(?:,\s*['"`]\w+['"`])*)/.exec(text)?.[1]?.match(/\w+/g) ?? ['GET'];
        const handler = /\bhandler\s*:\s*([A-Za-z_$][\w$]*)/.exec(text)?.[1] ?? null;
        if (handler) handlers.add(handler);
        if (url) for (const m of methods) facts.endpoints.push({ method: m.toUpperCase(), path: url, handler, line });
      }
      if (firstStr && PUBLISH_CALLS.has(callee) && isDomainEvent(firstStr, callee)) facts.events.push({ direction: 'published', name: firstStr, line });
      if (firstStr && CONSUME_CALLS.has(callee) && isDomainEvent(firstStr, callee)) facts.events.push({ direction: 'consumed', name: firstStr, line });
      return true;
    }
    if (type === 'pair') {
      // Route tables keyed "METHOD /path" (e.g. handlers = { 'GET /orders/:id': getOrder }).
      const node = c.currentNode;
      const key = stringValue(node.childForFieldName('key'));
      const route = key ? /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\/\S*)$/.exec(key) : null;
      if (route) {
        const value = node.childForFieldName('value');
        const handler = value?.type === 'identifier' ? value.text : enclosing?.name ?? null;
        if (value?.type === 'identifier') handlers.add(value.text);
        facts.endpoints.push({ method: route[1]!, path: route[2]!, handler, line: node.startPosition.row + 1 });
      }
      return true;
    }
    if (isHttpServer && type === 'if_statement') {
      const node = c.currentNode;
      const cond = node.childForFieldName('condition')?.text ?? '';
      const path = /(?:url|pathname|path)\s*===?\s*['"`](\/[^'"`]*)['"`]/.exec(cond)?.[1];
      if (path) {
        const method = /method\s*===?\s*['"`](GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)['"`]/.exec(cond)?.[1] ?? 'ANY';
        facts.endpoints.push({ method, path, handler: enclosing?.name ?? null, line: node.startPosition.row + 1 });
      }
    }
    return true;
  });
  for (const s of facts.symbols) if (handlers.has(s.name)) s.is_handler = true;
  facts.isEntrypoint = /\bcreateServer\s*\(|\.listen\s*\(/.test(source);
  return facts;
}
