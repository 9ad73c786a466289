import type { Node as SyntaxNode, Tree } from 'web-tree-sitter';

/**
 * All nodes of the given types under `root` (document order).
 *
 * @example
 * nodesOfType(tree, ['call', 'call_expression']);
 */
export function nodesOfType(root: Tree | SyntaxNode, types: readonly string[]): SyntaxNode[] {
  if ('rootNode' in root && types.every((t) => INDEXED_TYPES.has(t))) {
    const index = treeIndex(root);
    if (types.length === 1) return index.get(types[0] as string) ?? [];
    return types.flatMap((t) => index.get(t) ?? []).sort((a, b) => a.startIndex - b.startIndex);
  }
  const node = 'rootNode' in root ? root.rootNode : root;
  return node.descendantsOfType(types as string[]).filter((n): n is SyntaxNode => n !== null);
}

/** Node types the per-tree index holds (everything the rules query on whole trees). */
const INDEXED_TYPES: ReadonlySet<string> = new Set([
  'call', 'call_expression', 'pair', 'keyword_argument', 'assignment', 'variable_declarator', 'assignment_expression',
  'augmented_assignment_expression', 'augmented_assignment', 'update_expression', 'public_field_definition', 'string',
  'template_string', 'regex', 'decorator', 'await', 'await_expression', 'except_clause',
  // Go and Java
  'short_var_declaration', 'assignment_statement', 'const_spec', 'var_spec', 'keyed_element', 'element_value_pair',
  'interpreted_string_literal', 'raw_string_literal', 'string_literal', 'method_invocation', 'annotation', 'marker_annotation',
]);
const TREE_INDEX = new WeakMap<Tree, Map<string, SyntaxNode[]>>();

/** One pass over a tree collecting the indexed node types (rules share it instead of walking again). */
function treeIndex(tree: Tree): Map<string, SyntaxNode[]> {
  let index = TREE_INDEX.get(tree);
  if (index) return index;
  index = new Map();
  for (const n of tree.rootNode.descendantsOfType([...INDEXED_TYPES])) {
    if (!n) continue;
    const list = index.get(n.type);
    if (list) list.push(n);
    else index.set(n.type, [n]);
  }
  TREE_INDEX.set(tree, index);
  return index;
}

const MEMO = new WeakMap<object, Map<string, unknown>>();

/**
 * Compute `fn()` once per (owner object, key): rules share per-tree and per-node results.
 *
 * @example
 * memo(file.tree, 'routes', () => expensive());
 */
export function memo<T>(owner: object, key: string, fn: () => T): T {
  let m = MEMO.get(owner);
  if (!m) MEMO.set(owner, (m = new Map()));
  if (m.has(key)) return m.get(key) as T;
  const v = fn();
  m.set(key, v);
  return v;
}

/** 1-based line of a node. */
export function lineOf(node: SyntaxNode): number {
  return node.startPosition.row + 1;
}

/** 1-based column of a node. */
export function columnOf(node: SyntaxNode): number {
  return node.startPosition.column + 1;
}

const STRING_TYPES = new Set(['string', 'template_string', 'interpreted_string_literal', 'raw_string_literal', 'string_literal']);

/** Whether the node is a plain string literal (no interpolation); Go's `literal_element` wrapper is looked through. */
export function isStringLiteral(node: SyntaxNode | null | undefined): node is SyntaxNode {
  if (node?.type === 'literal_element' && node.namedChildCount === 1) return isStringLiteral(node.namedChildren[0]);
  if (!node || !STRING_TYPES.has(node.type)) return false;
  return !node.namedChildren.some((c) => c?.type === 'interpolation' || c?.type === 'template_substitution');
}

/**
 * The value of a string literal node (quotes and prefixes removed), or undefined for other nodes.
 *
 * @example
 * stringValue(node); // 'HS256'
 */
export function stringValue(node: SyntaxNode | null | undefined): string | undefined {
  if (!isStringLiteral(node)) return undefined;
  const text = node.type === 'literal_element' ? (node.namedChildren[0]?.text ?? '') : node.text;
  const m = /^[rRbBuUfF]{0,2}("""|'''|"|'|`)([\s\S]*)\1$/.exec(text);
  return m ? m[2] : undefined;
}

/** The text of the called function (`jwt.decode`, `print`, `console['log']`). */
export function calleeText(call: SyntaxNode): string {
  return memo(call, 'calleeText', () => call.childForFieldName('function')?.text ?? '');
}

/** The last name of the callee: `decode` for `jwt.decode`, `print` for `print`. */
export function calleeName(call: SyntaxNode): string {
  return memo(call, 'calleeName', () => calleeNameRaw(call));
}
function calleeNameRaw(call: SyntaxNode): string {
  const fn = call.childForFieldName('function');
  if (!fn) return '';
  if (fn.type === 'identifier') return fn.text;
  const prop = fn.childForFieldName('property') ?? fn.childForFieldName('attribute') ?? fn.childForFieldName('field');
  if (prop) return prop.type === 'string' ? (stringValue(prop) ?? prop.text) : prop.text;
  const index = fn.childForFieldName('index');
  if (index) return stringValue(index) ?? index.text;
  return fn.text;
}

/** The object part of a member callee: `jwt` for `jwt.decode`, '' for a plain call. */
export function calleeObject(call: SyntaxNode): string {
  const fn = call.childForFieldName('function');
  return (fn?.childForFieldName('object') ?? fn?.childForFieldName('operand'))?.text ?? '';
}

/** Positional and keyword arguments of a call (named children of its argument list). */
export function callArguments(call: SyntaxNode): SyntaxNode[] {
  return memo(call, 'args', () => callArgumentsRaw(call));
}
function callArgumentsRaw(call: SyntaxNode): SyntaxNode[] {
  const args = call.childForFieldName('arguments');
  if (!args) return [];
  return args.namedChildren.filter((n): n is SyntaxNode => n !== null && n.type !== 'comment');
}

/**
 * Key/value pairs found anywhere under a node: JS object pairs, Python dict pairs and keyword arguments.
 * Keys are returned as plain names (quotes removed).
 */
export function keyValuePairs(root: Tree | SyntaxNode): { key: string; keyNode: SyntaxNode; value: SyntaxNode }[] {
  if ('rootNode' in root) return memo(root, 'pairs', () => keyValuePairsRaw(root));
  return keyValuePairsRaw(root);
}
function keyValuePairsRaw(root: Tree | SyntaxNode): { key: string; keyNode: SyntaxNode; value: SyntaxNode }[] {
  const out: { key: string; keyNode: SyntaxNode; value: SyntaxNode }[] = [];
  for (const n of nodesOfType(root, ['pair', 'keyword_argument'])) {
    const keyNode = n.childForFieldName('key') ?? n.childForFieldName('name');
    const value = n.childForFieldName('value');
    if (!keyNode || !value) continue;
    out.push({ key: stringValue(keyNode) ?? keyNode.text, keyNode, value });
  }
  return out;
}

/** Whether a node is the literal `false`/`False`/`0`. */
export function isFalseLiteral(node: SyntaxNode): boolean {
  return node.type === 'false' || node.text === 'False' || node.text === 'false';
}

/** Whether a node is the literal `true`/`True`. */
export function isTrueLiteral(node: SyntaxNode): boolean {
  return node.type === 'true' || node.text === 'True' || node.text === 'true';
}

/** String values of a literal or of every literal element of an array/list/tuple. */
export function stringValues(node: SyntaxNode): string[] {
  if (['as_expression', 'satisfies_expression', 'parenthesized_expression', 'non_null_expression'].includes(node.type) && node.namedChildren[0]) {
    return stringValues(node.namedChildren[0]);
  }
  const single = stringValue(node);
  if (single !== undefined) return [single];
  if (['array', 'list', 'tuple', 'set'].includes(node.type)) {
    return node.namedChildren.map((c) => stringValue(c)).filter((v): v is string => v !== undefined);
  }
  return [];
}

const FUNCTION_TYPES = new Set([
  'function_definition',
  'function_declaration',
  'function_expression',
  'function',
  'arrow_function',
  'method_definition',
  'generator_function_declaration',
  'lambda',
  // Go and Java
  'func_literal',
  'method_declaration',
  'lambda_expression',
  'constructor_declaration',
]);

/** Whether a node is a function of any kind (JS/TS, Python, Go or Java). */
export function isFunction(node: SyntaxNode): boolean {
  return FUNCTION_TYPES.has(node.type);
}

/** The nearest enclosing function, or null at module level. */
export function enclosingFunction(node: SyntaxNode): SyntaxNode | null {
  for (let p = node.parent; p; p = p.parent) if (isFunction(p)) return p;
  return null;
}

/** Parameter names of a function node. */
export function parameterNames(fn: SyntaxNode): string[] {
  const params = fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter');
  if (!params) return [];
  if (params.type === 'identifier') return [params.text];
  const names: string[] = [];
  for (const p of params.namedChildren) {
    if (!p) continue;
    const id = p.type === 'identifier' ? p : (p.childForFieldName('pattern') ?? p.childForFieldName('name') ?? p.namedChildren[0]);
    if (id && id.type === 'identifier') names.push(id.text);
  }
  return names;
}

/**
 * Split an identifier into lower-case words: `dbPassword` → ['db','password'], `API_KEY` → ['api','key'].
 *
 * @example
 * identifierWords('X-Api-Key'); // ['x', 'api', 'key']
 */
export function identifierWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** A name bound to a value: assignment, declaration, object/dict key, keyword argument, class field. */
export interface NamedValue {
  readonly name: string;
  readonly nameNode: SyntaxNode;
  readonly value: SyntaxNode;
}

const BINDING_TYPES = [
  'assignment', 'variable_declarator', 'assignment_expression', 'pair', 'keyword_argument', 'public_field_definition', 'augmented_assignment',
  // Go: `x := v`, `x = v`, `const x = v`, `var x = v`, `T{Key: v}`; Java annotations: `@A(key = v)`
  'short_var_declaration', 'assignment_statement', 'const_spec', 'var_spec', 'keyed_element', 'element_value_pair',
];

/** Go's `a, b := x, y` (expression lists, or several `name` fields of a spec) as name/value pairs. */
function goBindings(n: SyntaxNode): Array<[SyntaxNode, SyntaxNode]> {
  const left = n.type === 'const_spec' || n.type === 'var_spec' ? n.childrenForFieldName('name').filter((c): c is SyntaxNode => c !== null) : (n.childForFieldName('left')?.namedChildren ?? []);
  const right = n.childForFieldName('right')?.namedChildren ?? n.childForFieldName('value')?.namedChildren ?? [];
  const out: Array<[SyntaxNode, SyntaxNode]> = [];
  left.forEach((l, i) => {
    const r = right[i];
    if (l && r) out.push([l, r]);
  });
  return out;
}

/**
 * Every name/value binding in a tree (JS/TS, Python, Go and Java).
 *
 * @example
 * namedValues(tree.rootNode).filter((b) => b.name === 'password');
 */
export function namedValues(root: Tree | SyntaxNode): NamedValue[] {
  if ('rootNode' in root) return memo(root, 'named', () => namedValuesRaw(root));
  return namedValuesRaw(root);
}
function namedValuesRaw(root: Tree | SyntaxNode): NamedValue[] {
  const out: NamedValue[] = [];
  for (const n of nodesOfType(root, BINDING_TYPES)) {
    if (['short_var_declaration', 'assignment_statement', 'const_spec', 'var_spec'].includes(n.type)) {
      for (const [nameNode, value] of goBindings(n)) out.push({ name: lastName(nameNode), nameNode, value });
      continue;
    }
    if (n.type === 'keyed_element') {
      const key = n.childForFieldName('key') ?? n.namedChildren[0];
      const value = n.childForFieldName('value') ?? n.namedChildren[1];
      if (key && value) out.push({ name: stringValue(key) ?? key.text, nameNode: key, value: value.type === 'literal_element' && value.namedChildren[0] ? value.namedChildren[0] : value });
      continue;
    }
    const nameNode =
      n.childForFieldName('left') ?? n.childForFieldName('name') ?? n.childForFieldName('key') ?? n.childForFieldName('property');
    const value = n.childForFieldName('right') ?? n.childForFieldName('value');
    if (!nameNode || !value) continue;
    let name = stringValue(nameNode) ?? nameNode.text;
    const lastProp = nameNode.childForFieldName('property') ?? nameNode.childForFieldName('attribute');
    if (lastProp) name = lastProp.text;
    if (nameNode.type === 'subscript' || nameNode.type === 'subscript_expression') {
      const idx = nameNode.childForFieldName('subscript') ?? nameNode.childForFieldName('index');
      name = stringValue(idx) ?? name;
    }
    out.push({ name, nameNode, value });
  }
  return out;
}

/** The last name of a Go selector (`cfg.Password` → `Password`), or the node's text. */
function lastName(node: SyntaxNode): string {
  return node.childForFieldName('field')?.text ?? node.text;
}

/**
 * The literal fallback of `process.env.X || 'lit'`, `process.env.X ?? 'lit'` or Python `os.getenv('X') or 'lit'`.
 */
export function literalFallback(value: SyntaxNode): SyntaxNode | undefined {
  if (value.type !== 'binary_expression' && value.type !== 'boolean_operator') return undefined;
  const op = value.childForFieldName('operator')?.text ?? value.children.find((c) => c && /^(\|\||\?\?|or)$/.test(c.text))?.text;
  if (!op || !/^(\|\||\?\?|or)$/.test(op)) return undefined;
  const right = value.childForFieldName('right');
  return right && stringValue(right) !== undefined ? right : undefined;
}
