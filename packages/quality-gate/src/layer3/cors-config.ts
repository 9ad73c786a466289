import type { Node as SyntaxNode } from 'web-tree-sitter';
import { memo, callArguments, calleeName, isFunction, isTrueLiteral, keyValuePairs, lineOf, namedValues, nodesOfType, stringValue, stringValues } from './ast.js';
import type { ParsedFile } from './rule.js';

/** One CORS policy found in code. */
export interface CorsSite {
  readonly line: number;
  readonly origin: 'wildcard' | 'reflect' | 'list';
  readonly credentials: boolean;
}

const ACAO = /^access-control-allow-origin$/i;
const ACAC = /^access-control-allow-credentials$/i;
const REQUEST_ORIGIN = /(req|request|ctx|c)\.(headers?|get|header)\b.*origin|\borigin\b/i;

function guardedByAllowlist(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'if_statement' || p.type === 'ternary_expression' || p.type === 'conditional_expression') {
      const cond = p.childForFieldName('condition')?.text ?? p.namedChildren[0]?.text ?? '';
      if (/origin/i.test(cond) && /includes|\.has\(|indexOf|\bin\b|test\(|match|===|==|startsWith|endsWith/.test(cond)) return true;
    }
    if (isFunction(p)) break;
  }
  return false;
}

function alwaysAllows(fn: SyntaxNode): boolean {
  const body = fn.childForFieldName('body');
  if (!body) return false;
  if (body.type !== 'statement_block') return isTrueLiteral(body) || /^\w+\(\s*null\s*,\s*(true|origin)\s*\)$/.test(body.text);
  const hasCondition = nodesOfType(body, ['if_statement', 'ternary_expression', 'binary_expression']).length > 0;
  return !hasCondition && /\(\s*null\s*,\s*(true|origin)\s*\)/.test(body.text);
}

function classifyOrigin(value: SyntaxNode): CorsSite['origin'] {
  const values = stringValues(value);
  if (values.includes('*')) return 'wildcard';
  if (isTrueLiteral(value)) return 'reflect';
  if (value.type === 'regex' && /^\/\^?\.[*+]\$?\//.test(value.text)) return 'reflect';
  if (isFunction(value) && alwaysAllows(value)) return 'reflect';
  return 'list';
}

/** Option pairs of a CORS call: inline, or from an options object declared in the same file (`cors(corsOptions)`). */
function optionPairs(file: ParsedFile, call: SyntaxNode, args: readonly SyntaxNode[]): ReturnType<typeof keyValuePairs> {
  const inline = keyValuePairs(call);
  if (inline.length > 0 || !file.tree) return inline;
  const ids = new Set(args.filter((a) => a.type === 'identifier').map((a) => a.text));
  for (const { name, nameNode, value } of namedValues(file.tree)) {
    if (ids.has(name) && nameNode.type === 'identifier' && (value.type === 'object' || value.type === 'dictionary' || value.type === 'call')) return keyValuePairs(value);
  }
  return inline;
}

/**
 * Every CORS policy in a JS/TS or Python file: cors()/CORSMiddleware/flask-cors options and
 * hand-set Access-Control-Allow-Origin headers.
 *
 * @example
 * findCorsSites(file).filter((s) => s.origin === 'wildcard');
 */
export function findCorsSites(file: ParsedFile): CorsSite[] {
  const tree = file.tree;
  if (!tree) return [];
  return memo(tree, 'cors', () => findCorsSitesRaw(file));
}

function findCorsSitesRaw(file: ParsedFile): CorsSite[] {
  if (!file.tree) return [];
  const sites: CorsSite[] = [];
  const fileCredentials = { value: false };
  for (const call of nodesOfType(file.tree, ['call_expression', 'call'])) {
    const name = calleeName(call);
    const args = callArguments(call);
    const starlette = (name === 'add_middleware' || name === 'Middleware') && /CORSMiddleware/.test(args[0]?.text ?? '');
    // @fastify/cors, hono/koa plugins: app.register(cors, { origin: true }), app.use(cors, opts)
    const plugin = (name === 'register' || name === 'use') && args[0]?.type === 'identifier' && /cors/i.test(args[0].text);
    if (name === 'cors' || name === 'CORS' || starlette || plugin) {
      const pairs = optionPairs(file, call, args);
      const originPair = pairs.find((p) => /^(origin|origins|allow_origins|allow_origin_regex)$/.test(p.key));
      const credentials = pairs.some((p) => /^(credentials|allow_credentials|supports_credentials)$/.test(p.key) && isTrueLiteral(p.value));
      let origin: CorsSite['origin'] = 'list';
      if (!originPair) origin = starlette ? 'list' : 'wildcard';
      else if (originPair.key === 'allow_origin_regex') origin = /^\^?\.[*+]\$?$/.test(stringValue(originPair.value) ?? '') ? 'reflect' : 'list';
      else origin = classifyOrigin(originPair.value);
      sites.push({ line: lineOf(call), origin, credentials });
      continue;
    }
    if (/^(setHeader|header|set|append|writeHead)$/.test(name)) {
      const header = stringValue(args[0]);
      if (header && ACAC.test(header) && /true/.test(args[1]?.text ?? '')) fileCredentials.value = true;
      if (header && ACAO.test(header) && args[1]) {
        const v = args[1];
        if (stringValue(v) === '*') sites.push({ line: lineOf(call), origin: 'wildcard', credentials: false });
        else if (stringValue(v) === undefined && REQUEST_ORIGIN.test(v.text) && !guardedByAllowlist(call)) sites.push({ line: lineOf(call), origin: 'reflect', credentials: false });
      }
    }
  }
  for (const { name, nameNode, value } of namedValues(file.tree)) {
    if (ACAC.test(name) && /true/i.test(value.text)) fileCredentials.value = true;
    if (!ACAO.test(name) || nameNode.type === 'pair') continue;
    if (stringValue(value) === '*') sites.push({ line: lineOf(nameNode), origin: 'wildcard', credentials: false });
    else if (stringValue(value) === undefined && REQUEST_ORIGIN.test(value.text) && !guardedByAllowlist(nameNode)) sites.push({ line: lineOf(nameNode), origin: 'reflect', credentials: false });
  }
  return sites.map((s) => (fileCredentials.value ? { ...s, credentials: true } : s));
}
