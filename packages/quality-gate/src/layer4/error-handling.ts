import type { Node as SyntaxNode } from 'web-tree-sitter';
import { calleeName, isFunction, lineOf, nodesOfType } from '../layer3/ast.js';
import type { ParsedFile } from '../layer3/rule.js';
import { isOutboundHttpCall } from '../layer3/rules/trace-001.js';

const CLIENTISH = /^(client|http|httpClient|api|session|axios|got|ky|this\.client|this\.http|self\.client|self\.session)$/;

function isNetworkCall(call: SyntaxNode, python: boolean): boolean {
  if (isOutboundHttpCall(call, python)) return true;
  const fn = call.childForFieldName('function');
  const obj = fn?.childForFieldName('object')?.text ?? '';
  return CLIENTISH.test(obj) && /^(get|post|put|patch|delete|request|send|fetch)$/.test(calleeName(call));
}

/** Whether `node` sits in the body of a try statement that has a catch/except clause. */
function isHandled(node: SyntaxNode): boolean {
  let child = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (isFunction(p)) return false;
    if (p.type === 'try_statement') {
      const body = p.childForFieldName('body');
      const inBody = body ? body.id === child.id : false;
      const hasHandler = p.childForFieldName('handler') !== null || p.namedChildren.some((c) => c?.type === 'except_clause' || c?.type === 'except_group_clause');
      if (inBody && hasHandler) return true;
    }
  }
  return false;
}

/**
 * ADV-005 sites: awaited network calls (and Python synchronous `requests` calls) outside any
 * try/catch, and bare `except:` clauses.
 *
 * @example
 * missingErrorHandling(file); // [{ line: 12, message: 'await fetch(...) has no error handling' }]
 */
export function missingErrorHandling(file: ParsedFile): { line: number; message: string }[] {
  if (!file.tree) return [];
  const python = file.language === 'python';
  const out: { line: number; message: string }[] = [];
  for (const aw of nodesOfType(file.tree, [python ? 'await' : 'await_expression'])) {
    const call = aw.namedChildren[0];
    if (!call || (call.type !== 'call' && call.type !== 'call_expression')) continue;
    if (isNetworkCall(call, python) && !isHandled(aw)) {
      out.push({ line: lineOf(aw), message: `Awaited network call \`${call.text.slice(0, 60).split('\n')[0]}\` has no error handling (no enclosing try/catch).` });
    }
  }
  if (python) {
    for (const call of nodesOfType(file.tree, ['call'])) {
      if (call.parent?.type === 'await' || !/^requests\./.test(call.childForFieldName('function')?.text ?? '')) continue;
      if (isNetworkCall(call, true) && !isHandled(call)) out.push({ line: lineOf(call), message: `Network call \`${call.text.slice(0, 60)}\` has no error handling (no enclosing try/except).` });
    }
    for (const clause of nodesOfType(file.tree, ['except_clause'])) {
      const first = clause.namedChildren[0];
      if (!first || first.type === 'block') out.push({ line: lineOf(clause), message: 'Bare `except:` swallows every error, including KeyboardInterrupt and SystemExit.' });
    }
  }
  return out;
}
