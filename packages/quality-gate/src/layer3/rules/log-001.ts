import type { Node as SyntaxNode } from 'web-tree-sitter';
import { calleeName, calleeObject, columnOf, lineOf, nodesOfType } from '../ast.js';
import { CODE_LANGUAGES, defineFileRule } from '../define-rule.js';
import { findRoutes, isInRequestHandler } from '../http-code.js';
import { goJavaStdoutCalls } from '../go-java.js';

function inMainGuard(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'if_statement' && /__name__\s*==\s*['"]__main__['"]/.test(p.childForFieldName('condition')?.text ?? '')) return true;
  }
  return false;
}

/** `console.log(...)`, `console.debug(...)` or `console['log'](...)`. */
export function isConsoleStdout(call: SyntaxNode): boolean {
  return calleeObject(call) === 'console' && /^(log|debug)$/.test(calleeName(call));
}

export const rule = defineFileRule({
  code: 'LOG-001',
  languages: [...CODE_LANGUAGES, 'go', 'java'],
  prefilter: /print|Print|console/,
  skipTests: true,
  message: 'print()/console.log used instead of a logger in service code.',
  remediation: 'Use the structured logger (logging.getLogger(__name__) / the service logger) so output has level, timestamp and request context.',
  samples: {
    truePositive: [
      { path: 'svc/app/main.py', content: 'def create_order(order):\n    print("creating order", order.id)\n    return repo.save(order)\n' },
      { path: 'svc/src/server.js', content: "app.post('/orders', (req, res) => {\n  console.log('new order', req.body);\n  res.status(201).end();\n});\n" },
    ],
    subtleTruePositive: [
      { path: 'svc/app/worker.py', content: 'import sys\nasync def handle(msg):\n    print(f"got {msg.id}", file=sys.stderr, flush=True)\n' },
      { path: 'svc/src/server.js', content: "const server = http.createServer((req, res) => {\n  console['log'](req.method, req.url);\n  res.end();\n});\n" },
    ],
    decoys: [
      { path: 'svc/app/main.py', content: 'logger.info("print(x) is not used here")\n# print(debug)\nif __name__ == "__main__":\n    print("usage: main.py")\n' },
      { path: 'svc/tests/test_orders.py', content: 'def test_create():\n    print("debug")\n' },
      { path: 'svc/src/server.js', content: "app.post('/orders', (req, res) => {\n  console.error('failed to create order', err);\n  logger.log('info', 'created');\n});\n" },
    ],
  },
  check(file) {
    if (!file.tree) return [];
    if (file.language === 'go' || file.language === 'java') return goJavaStdoutCalls(file).map((call) => ({ line: lineOf(call), column: columnOf(call) }));
    const routes = file.language === 'python' ? [] : findRoutes(file);
    return nodesOfType(file.tree, ['call', 'call_expression'])
      .filter((call) =>
        file.language === 'python'
          ? call.childForFieldName('function')?.text === 'print' && !inMainGuard(call)
          : isConsoleStdout(call) && isInRequestHandler(call, routes),
      )
      .map((call) => ({ line: lineOf(call), column: columnOf(call) }));
  },
});
