import { columnOf, lineOf, nodesOfType } from '../ast.js';
import { JS_LANGUAGES, defineFileRule } from '../define-rule.js';
import { findRoutes, isInRequestHandler } from '../http-code.js';
import { isConsoleStdout } from './log-001.js';

/** Benchmarks, examples and scripts print to the console by design: not production code. */
const SCRIPT_DIRS = /(^|\/)(bench|benchmarks?|examples?|scripts)\//;

export const rule = defineFileRule({
  code: 'LOG-004',
  languages: JS_LANGUAGES,
  prefilter: /console/,
  skipTests: true,
  message: 'console.log in production code (outside request handlers, which LOG-001 reports).',
  remediation: 'Log through the service logger (pino/winston or a small JSON logger) at the right level; console.error is fine for fatal start-up errors.',
  samples: {
    truePositive: [{ path: 'svc/src/db.ts', content: "export function connect(url: string) {\n  console.log('connecting to', url);\n}\n" }],
    subtleTruePositive: [
      { path: 'svc/src/index.js', content: "server.listen(port, () => console.log(`listening on ${port}`));\n" },
      { path: 'svc/src/util.mjs', content: "export const dump = (x) => console.debug(JSON.stringify(x));\n" },
    ],
    decoys: [
      { path: 'svc/src/index.js', content: "process.on('uncaughtException', (e) => { console.error('fatal', e); process.exit(1); });\n// console.log('old');\nconst s = 'console.log(x)';\n" },
      { path: 'svc/test/server.test.js', content: "console.log('test output');\n" },
      { path: 'svc/bench/load.bench.js', content: "console.log(`p95 ${p95} ms`);\n" },
    ],
  },
  check(file) {
    if (!file.tree || SCRIPT_DIRS.test(file.path)) return [];
    const routes = findRoutes(file);
    return nodesOfType(file.tree, ['call_expression'])
      .filter((call) => isConsoleStdout(call) && !isInRequestHandler(call, routes))
      .map((call) => ({ line: lineOf(call), column: columnOf(call) }));
  },
});
