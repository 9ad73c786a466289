import type { Node as SyntaxNode } from 'web-tree-sitter';
import { calleeName, enclosingFunction, lineOf, nodesOfType } from '../layer3/ast.js';
import { findRoutes, isInRequestHandler } from '../layer3/http-code.js';
import type { ParsedFile } from '../layer3/rule.js';

const MUTATORS = /^(push|pop|shift|unshift|splice|set|delete|add|clear|sort|reverse|fill|append|extend|insert|remove|update|setdefault|popitem|discard)$/;
const MUTABLE_INIT = /^(\{|\[|new (Map|Set|WeakMap|Array|Object)\b|dict\(|list\(|set\(|defaultdict\(|OrderedDict\(|Counter\(|deque\()/;

function moduleLevelState(file: ParsedFile): { state: Map<string, SyntaxNode>; rebindOnly: Map<string, SyntaxNode> } {
  const root = file.tree?.rootNode;
  const rebindOnly = new Map<string, SyntaxNode>();
  const state = new Map<string, SyntaxNode>();
  if (!root) return { state, rebindOnly };
  for (const stmt of root.namedChildren) {
    if (!stmt) continue;
    const decl = stmt.type === 'export_statement' ? stmt.namedChildren.find((c) => c?.type === 'lexical_declaration' || c?.type === 'variable_declaration') : stmt;
    if (decl && (decl.type === 'lexical_declaration' || decl.type === 'variable_declaration')) {
      const isConst = decl.text.startsWith('const');
      for (const d of nodesOfType(decl, ['variable_declarator'])) {
        const name = d.childForFieldName('name');
        const value = d.childForFieldName('value');
        if (name?.type === 'identifier' && (!isConst || MUTABLE_INIT.test(value?.text ?? ''))) state.set(name.text, d);
      }
    }
    if (stmt.type === 'expression_statement' && stmt.namedChildren[0]?.type === 'assignment') {
      const a = stmt.namedChildren[0];
      const left = a.childForFieldName('left');
      const right = a.childForFieldName('right');
      if (left?.type === 'identifier' && right) (MUTABLE_INIT.test(right.text) ? state : rebindOnly).set(left.text, a);
    }
  }
  return { state, rebindOnly };
}

/** Callbacks a message consumer runs once per message: `ch.consume(q, (msg) => …)`, `bus.subscribe(t, handler)`. */
const CONSUMER_CALLS = /^(consume|subscribe|subscriber|basic_consume|addListener|eachMessage|eachBatch|process|onMessage)$/;

function isConcurrentFunction(fn: SyntaxNode, file: ParsedFile, routes: ReturnType<typeof findRoutes>): boolean {
  if (/^async\b/.test(fn.text) || fn.children.some((c) => c?.type === 'async')) return true;
  const call = fn.parent?.type === 'arguments' ? fn.parent.parent : null;
  if (call && CONSUMER_CALLS.test(calleeName(call))) return true;
  return isInRequestHandler(fn.namedChildren[0] ?? fn, routes) || routes.some((r) => r.handler?.id === fn.id) || (file.language === 'python' && fn.parent?.type === 'decorated_definition');
}

function underLock(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'with_statement' && /lock|semaphore|mutex/i.test(p.namedChildren[0]?.text ?? '')) return true;
    if (p.type === 'call_expression' && /^(runExclusive|acquire|lock|withLock)$/.test(calleeName(p))) return true;
  }
  return false;
}

function mutatedName(node: SyntaxNode): { name: string; rebinding: boolean } | undefined {
  switch (node.type) {
    case 'assignment_expression':
    case 'augmented_assignment_expression':
    case 'assignment':
    case 'augmented_assignment': {
      const left = node.childForFieldName('left');
      if (!left) return undefined;
      if (left.type === 'identifier') return { name: left.text, rebinding: true };
      const obj = left.childForFieldName('object') ?? left.childForFieldName('value');
      return obj?.type === 'identifier' ? { name: obj.text, rebinding: false } : undefined;
    }
    case 'update_expression': {
      const arg = node.childForFieldName('argument') ?? node.namedChildren[0];
      return arg?.type === 'identifier' ? { name: arg.text, rebinding: true } : undefined;
    }
    case 'call':
    case 'call_expression': {
      const fn = node.childForFieldName('function');
      const obj = fn?.childForFieldName('object');
      return obj?.type === 'identifier' && MUTATORS.test(calleeName(node)) ? { name: obj.text, rebinding: false } : undefined;
    }
    default:
      return undefined;
  }
}

/** Names a file imports from another module of its own service (`import { a as b } from './x'`, `const { a } = require('../x')`, `from .x import a`). */
function importedNames(file: ParsedFile): string[] {
  const out: string[] = [];
  for (const m of file.text.matchAll(/import\s+(?:[\w$]+\s*,\s*)?\{([^}]*)\}\s*from\s*['"]\.{1,2}\//g)) {
    for (const b of (m[1] ?? '').split(',')) out.push(b.trim().split(/\s+as\s+/).pop() ?? '');
  }
  for (const m of file.text.matchAll(/(?:const|let|var)\s*\{([^}]*)\}\s*=\s*require\(\s*['"]\.{1,2}\//g)) {
    for (const b of (m[1] ?? '').split(',')) out.push(b.trim().split(/\s*:\s*/).pop() ?? '');
  }
  for (const m of file.text.matchAll(/^from\s+\.[\w.]*\s+import\s+\(?([\w\s,]+)\)?/gm)) {
    for (const b of (m[1] ?? '').split(',')) out.push(b.trim().split(/\s+as\s+/).pop() ?? '');
  }
  return out.filter((n) => /^[\w$]+$/.test(n));
}

/**
 * Module-level mutable containers a service's files define (`export const cache = new Map()`,
 * `sessions = {}`): imported elsewhere and mutated in a handler, they are shared state too.
 *
 * @example
 * moduleStateNames(['export const positions = new Map();\n']); // Set { 'positions' }
 */
export function moduleStateNames(texts: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const t of texts) {
    for (const m of t.matchAll(/^(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=\n]+)?=\s*(?:new\s+(?:Map|Set|Array)\b|\[)/gm)) if (m[1]) out.add(m[1]);
    for (const m of t.matchAll(/^([a-z_]\w*)\s*(?::[^=\n]+)?=\s*(?:\{|\[|dict\(|list\(|set\(|defaultdict\(|OrderedDict\(|deque\()/gm)) if (m[1]) out.add(m[1]);
  }
  return out;
}

/**
 * ADV-006 sites: module-level mutable state (a `let`, a module-level object/array/Map, a Python
 * module-level dict/list) mutated inside a request handler or async function without a lock.
 *
 * @example
 * sharedStateMutations(file); // [{ line: 9, message: 'Module-level "orders" is mutated in a handler…' }]
 */
export function sharedStateMutations(file: ParsedFile, moduleState: ReadonlySet<string> = new Set()): { line: number; message: string }[] {
  if (!file.tree) return [];
  const python = file.language === 'python';
  const { state, rebindOnly } = moduleLevelState(file);
  for (const name of importedNames(file)) if (moduleState.has(name) && !state.has(name)) state.set(name, file.tree.rootNode);
  if (state.size === 0 && rebindOnly.size === 0) return [];
  const routes = findRoutes(file);
  const out: { line: number; message: string }[] = [];
  const seen = new Set<string>();
  const types = ['assignment_expression', 'augmented_assignment_expression', 'update_expression', 'call_expression', 'assignment', 'augmented_assignment', 'call'];
  for (const node of nodesOfType(file.tree, types)) {
    const m = mutatedName(node);
    if (!m || !(state.has(m.name) || (m.rebinding && rebindOnly.has(m.name)))) continue;
    if (m.rebinding && state.get(m.name)?.type === (python ? 'module' : 'program')) continue; // an imported binding cannot be rebound
    // `conn = await connect()`, `nc ??= await connect()`: a resource handle initialised from an async factory, not shared data.
    const right = node.childForFieldName('right');
    if (m.rebinding && (right?.type === 'await_expression' || right?.type === 'await')) continue;
    const fn = enclosingFunction(node);
    if (!fn || !isConcurrentFunction(fn, file, routes) || underLock(node)) continue;
    if (python && m.rebinding && !new RegExp(`\\b(global|nonlocal)\\s+[\\w\\s,]*\\b${m.name}\\b`).test(fn.text)) continue;
    if (!python && m.rebinding && nodesOfType(fn, ['variable_declarator']).some((d) => d.childForFieldName('name')?.text === m.name)) continue;
    const key = `${m.name}|${fn.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ line: lineOf(node), message: `Module-level mutable "${m.name}" is mutated in a concurrent handler without a lock: requests interleave across awaits.` });
  }
  return out;
}
