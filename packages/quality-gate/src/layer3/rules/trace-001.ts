import type { Node as SyntaxNode } from 'web-tree-sitter';
import { callArguments, calleeName, calleeObject, columnOf, lineOf, nodesOfType } from '../ast.js';
import { CODE_LANGUAGES, defineFileRule } from '../define-rule.js';

const PROPAGATION = /traceparent|propagation\.inject|propagate\.inject|inject\(\s*(headers|carrier)|@opentelemetry\/instrumentation-(http|fetch|undici)|opentelemetry\.instrumentation\.(requests|httpx|aiohttp)|RequestsInstrumentor|HTTPXClientInstrumentor/i;
const PY_CLIENTS = /^(requests|httpx|session|client|http_client|self\.client|self\.session|aiohttp\.ClientSession\(\))$/;

/** Whether a call is an outbound HTTP request (fetch, axios, http.request, requests/httpx). */
export function isOutboundHttpCall(call: SyntaxNode, python: boolean): boolean {
  const fn = call.childForFieldName('function');
  const name = calleeName(call);
  const obj = calleeObject(call);
  if (python) return PY_CLIENTS.test(obj) && /^(get|post|put|patch|delete|request|head)$/.test(name);
  if (fn?.type === 'identifier') return name === 'fetch' || name === 'axios';
  return (/^(axios|got|ky|superagent)$/.test(obj) && /^(get|post|put|patch|delete|request|head)$/.test(name)) || (/^(https?)$/.test(obj) && /^(request|get)$/.test(name));
}

export const rule = defineFileRule({
  code: 'TRACE-001',
  languages: CODE_LANGUAGES,
  prefilter: /fetch|axios|requests|httpx|session|client|got|ky|superagent|https?\./,
  skipTests: true,
  message: 'Outbound HTTP call without W3C traceparent propagation: the trace breaks at this hop.',
  remediation: "Forward the incoming traceparent header (or use OpenTelemetry's propagation.inject / HTTP instrumentation) on every service-to-service call.",
  samples: {
    truePositive: [
      { path: 's/src/client.js', content: 'export async function notify(body) {\n  return fetch(`${NOTIFY_URL}/notify`, { method: "POST", body: JSON.stringify(body) });\n}\n' },
      { path: 's/app/client.py', content: 'resp = requests.post(f"{AUTH_URL}/verify", json=payload, timeout=5)\n' },
    ],
    subtleTruePositive: [
      { path: 's/src/client.ts', content: "await fetch(url, { headers: { 'x-request-id': requestId, 'content-type': 'application/json' } });\n" },
      { path: 's/app/client.py', content: 'async with httpx.AsyncClient() as client:\n    r = await client.get(f"{ORDERS}/orders/{oid}")\n' },
    ],
    decoys: [
      { path: 's/src/client.js', content: "await fetch(url, { headers: { traceparent: req.headers['traceparent'] ?? newTraceparent() } });\n" },
      { path: 's/app/client.py', content: 'from opentelemetry.propagate import inject\nheaders = {}\ninject(headers)\nrequests.get(url, headers=headers)\n' },
      { path: 's/src/cache.js', content: 'const value = cache.get(key);\nmap.delete(key);\n' },
    ],
  },
  check(file) {
    if (!file.tree || PROPAGATION.test(file.text)) return [];
    const python = file.language === 'python';
    return nodesOfType(file.tree, ['call', 'call_expression'])
      .filter((call) => isOutboundHttpCall(call, python) && !callArguments(call).some((a) => /traceparent/i.test(a.text)))
      .map((call) => ({ line: lineOf(call), column: columnOf(call) }));
  },
});
