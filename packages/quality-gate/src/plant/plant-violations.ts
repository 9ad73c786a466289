import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Node as SyntaxNode, Tree } from 'web-tree-sitter';
import { calleeText, isFunction, nodesOfType, parameterNames, stringValue } from '../layer3/ast.js';
import { ScanInputError } from '../layer3/errors.js';
import { HEALTH_PATH } from '../layer3/rules/health-001.js';
import { getCodeParser, type CodeLanguage } from '../layer3/tree-sitter.js';
import { IGNORED_DIRS } from '../layer3/walker.js';
import { PLANT_CODES, PlantManifestSchema, type PlantCode, type PlantedItem, type PlantLanguage, type PlantManifest } from './manifest.js';

/** The response field SCHEMA-001 plants unless the caller names another. */
export const PLANTED_FIELD = 'run4_planted_field';
/** What a renamed health route is called: `/health` becomes `/run4-planted-missing-health`. */
export const MISSING_HEALTH_PREFIX = 'run4-planted-missing-';
/** What the handler bound to a renamed health key is called: `getHealth` becomes `run4PlantedMissing_getHealth`. */
export const MISSING_HEALTH_HANDLER = 'run4PlantedMissing_';
const LOG_MARKER = 'run4 planted: handling a request';
const JS_HELPER = 'run4PlantedBody';
const PY_HELPER = '_run4_planted_body';

export interface PlantOptions {
  /** Service name for the manifest (default: the directory's name). */
  service?: string;
  /** The service's language; by default the language most of its source files are in. */
  language?: PlantLanguage;
  /** Which violations to plant (default all three). */
  codes?: readonly PlantCode[];
  /** SCHEMA-001's undeclared field (default {@link PLANTED_FIELD}). */
  field?: string;
}

interface SourceFile {
  rel: string;
  language: CodeLanguage;
  text: string;
  tree: Tree;
  edits: { start: number; end: number; text: string }[];
}

const TEST_PATH = /(^|\/)(tests?|__tests__|spec|e2e)\/|\.(test|spec)\.[mc]?[jt]sx?$|(^|\/)test_[^/]*\.py$|_test\.py$|(^|\/)conftest\.py$|\.d\.[mc]?ts$/;

function languageOfPath(rel: string): CodeLanguage | undefined {
  if (/\.py$/.test(rel)) return 'python';
  if (/\.d\.[mc]?ts$/.test(rel)) return undefined;
  if (/\.[mc]?ts$/.test(rel)) return 'typescript';
  if (/\.tsx$/.test(rel)) return 'tsx';
  if (/\.[mc]?jsx?$/.test(rel)) return 'javascript';
  return undefined;
}

function familyOf(language: CodeLanguage): PlantLanguage | undefined {
  if (language === 'python') return 'python';
  if (language === 'typescript' || language === 'tsx') return 'typescript';
  if (language === 'javascript') return 'javascript';
  return undefined;
}

/** The service's own source files (no tests, dependencies, build output or hidden directories), sorted. */
async function sourcePaths(root: string, rel = ''): Promise<string[]> {
  const entries = await readdir(join(root, rel), { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (IGNORED_DIRS.has(e.name) || e.name.startsWith('.')) continue;
      out.push(...(await sourcePaths(root, path)));
    } else if (e.isFile() && languageOfPath(path) && !TEST_PATH.test(path)) out.push(path);
  }
  return out;
}

/** The node's text range in `text`, or undefined when the offsets do not line up with the text (never edit blind). */
function range(file: SourceFile, node: SyntaxNode): { start: number; end: number } | undefined {
  return file.text.slice(node.startIndex, node.endIndex) === node.text ? { start: node.startIndex, end: node.endIndex } : undefined;
}

function lineAt(text: string, needle: string, from = 0): number {
  const at = text.indexOf(needle, from);
  return at < 0 ? 0 : text.slice(0, at).split('\n').length;
}

/**
 * The handler a renamed health key is bound to (`{ "GET /health": getHealth }`), when it is a function declared
 * in the same file and named in no other source file: renamed too, so the health handler is gone by name as well
 * (a builder that repairs HEALTH-001 by adding it back must not collide with Run 4's leftover).
 */
function renameBoundHandler(file: SourceFile, files: readonly SourceFile[], key: SyntaxNode, renamed: string[]): void {
  const pair = key.parent;
  const value = pair?.type === 'pair' && pair.childForFieldName('key')?.id === key.id ? pair.childForFieldName('value') : null;
  if (value?.type !== 'identifier') return;
  const name = value.text;
  const declared = nodesOfType(file.tree, ['function_declaration', 'function_definition']).some((fn) => fn.childForFieldName('name')?.text === name);
  // Named by code in another file (an import, a re-export, `handlers.getHealth`): leave it; a string such as an operationId is no reference.
  const named = (f: SourceFile) => nodesOfType(f.tree, ['identifier', 'property_identifier', 'shorthand_property_identifier']).some((id) => id.text === name);
  if (!declared || files.some((f) => f !== file && named(f))) return;
  const next = `${MISSING_HEALTH_HANDLER}${name}`;
  for (const id of nodesOfType(file.tree, ['identifier'])) {
    const at = id.text === name ? range(file, id) : undefined;
    if (at) file.edits.push({ ...at, text: next });
  }
  renamed.push(`${file.rel} handler ${name} -> ${next}`);
}

/** Rename every string literal that binds a health path (`'/health'`, `"GET /health"`), except one built into an outbound URL, and the handler a health key is bound to. */
function plantMissingHealth(files: SourceFile[]): Omit<PlantedItem, 'code' | 'layer'> {
  const renamed: string[] = [];
  const touched = new Set<string>();
  for (const file of files) {
    for (const node of nodesOfType(file.tree, ['string', 'template_string'])) {
      const value = stringValue(node);
      if (!value || !HEALTH_PATH.test(value)) continue;
      const parent = node.parent;
      const concatenated = (parent?.type === 'binary_expression' || parent?.type === 'binary_operator') && parent.childForFieldName('operator')?.text === '+';
      if (concatenated) continue;
      const next = value.replace(/([\w.-]+)(\/?)$/, `${MISSING_HEALTH_PREFIX}$1$2`);
      const at = range(file, node);
      if (!at || HEALTH_PATH.test(next)) continue;
      file.edits.push({ ...at, text: node.text.replace(value, next) });
      renamed.push(`${file.rel}:${node.startPosition.row + 1} ${value} -> ${next}`);
      touched.add(file.rel);
      renameBoundHandler(file, files, node, renamed);
    }
  }
  if (renamed.length === 0) return { planted: false, file: '', line: 0, files: [], detail: `no string literal in ${files.length} source file(s) binds a health path (/health, /healthz, /ready, ...): nothing to remove` };
  const first = renamed[0]!.split(':')[0]!;
  return { planted: true, file: first, line: 0, files: [...touched], detail: `health route removed by renaming: ${renamed.join('; ')}` };
}

const RESPONSE_WRITE_JS = /\b(res|response|reply)\s*\.\s*(end|send|json|writeHead|write)\s*\(|\.writeHead\s*\(|\bnew Response\s*\(/;
const RESPONSE_CALL_JS = /^(res|response|reply)\.(json|send)$/;
const RESPONSE_WRITE_PY = /send_response\s*\(|wfile\.write\s*\(|start_response|self\.write\s*\(|Response\s*\(/;
const RESPONSE_CALL_PY = /^(jsonify|JSONResponse|web\.json_response|json_response)$/;

function enclosingText(node: SyntaxNode): string {
  for (let p = node.parent; p; p = p.parent) if (isFunction(p)) return p.text;
  return '';
}

function firstPositional(call: SyntaxNode): SyntaxNode | undefined {
  const args = call.childForFieldName('arguments');
  return args?.namedChildren.find((a): a is SyntaxNode => !!a && a.type !== 'keyword_argument' && a.type !== 'comment') ?? undefined;
}

/** Where a JSON response body is serialised: the call and its body argument. */
function responseBodySite(file: SourceFile): SyntaxNode | undefined {
  for (const call of nodesOfType(file.tree, ['call', 'call_expression'])) {
    const callee = calleeText(call).replace(/\s+/g, '');
    const arg = firstPositional(call);
    if (!arg) continue;
    if (file.language === 'python') {
      if (RESPONSE_CALL_PY.test(callee) || (callee === 'json.dumps' && RESPONSE_WRITE_PY.test(enclosingText(call)))) return arg;
    } else if (RESPONSE_CALL_JS.test(callee) || (callee === 'JSON.stringify' && RESPONSE_WRITE_JS.test(enclosingText(call)))) return arg;
  }
  return undefined;
}

function pythonHelperAt(file: SourceFile): number {
  const root = file.tree.rootNode;
  const imports = root.namedChildren.filter((c): c is SyntaxNode => !!c && /^(import_statement|import_from_statement|future_import_statement)$/.test(c.type));
  const last = imports.at(-1);
  if (!last) return 0;
  const end = file.text.indexOf('\n', last.endIndex);
  return end < 0 ? file.text.length : end + 1;
}

/** Wrap the body of the service's JSON response writer so every object body carries `field`. */
function plantUndeclaredField(files: SourceFile[], field: string): Omit<PlantedItem, 'code' | 'layer'> {
  for (const file of files) {
    const arg = responseBodySite(file);
    const at = arg ? range(file, arg) : undefined;
    if (!arg || !at) continue;
    const python = file.language === 'python';
    const helper = python ? PY_HELPER : JS_HELPER;
    file.edits.push({ ...at, text: `${helper}(${arg.text})` });
    const note = 'Planted by Run 4 (seed 001 R4-M4-008, SCHEMA-001): every JSON object body carries a field the contract does not declare.';
    if (python) {
      file.edits.push({ start: pythonHelperAt(file), end: pythonHelperAt(file), text: `\n\ndef ${PY_HELPER}(body):\n    # ${note}\n    return {**body, ${JSON.stringify(field)}: "planted by Run 4"} if isinstance(body, dict) else body\n\n` });
    } else {
      const param = file.language === 'javascript' ? 'body' : 'body: any';
      const ret = file.language === 'javascript' ? '' : ': any';
      file.edits.push({ start: file.text.length, end: file.text.length, text: `\n// ${note}\nfunction ${JS_HELPER}(${param})${ret} {\n  return body !== null && typeof body === 'object' && !Array.isArray(body) ? { ...body, ${field}: 'planted by Run 4' } : body;\n}\n` });
    }
    return { planted: true, file: file.rel, line: arg.startPosition.row + 1, files: [file.rel], field, detail: `every JSON object response body carries the undeclared field "${field}" (body of ${calleeText(arg.parent!.parent!) || 'the response writer'} wrapped in ${file.rel}:${arg.startPosition.row + 1})` };
  }
  return { planted: false, file: '', line: 0, files: [], field, detail: `no JSON response writer found in ${files.length} source file(s) (JSON.stringify/json.dumps next to a response write, res.json/res.send/reply.send, jsonify/JSONResponse): the undeclared field could not be planted` };
}

const JS_REQUEST_PARAMS = new Set(['req', 'request', 'res', 'response', 'reply', 'ctx']);
const PY_HANDLER_NAME = /^(do_[A-Z]+|_?handle\w*|_?serve\w*|_?dispatch\w*|_?route\w*)$/;
const PY_ROUTE_DECORATOR = /\.(get|post|put|patch|delete|route|api_route)\s*\(/;

function inMainGuard(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'if_statement' && /__name__/.test(p.childForFieldName('condition')?.text ?? '')) return true;
  return false;
}

/** A request handler to put a print()/console.log in: JS/TS a function taking req/res/ctx; Python a route-decorated or handler-named function, else any. */
function logTarget(files: SourceFile[]): { file: SourceFile; fn: SyntaxNode; first: SyntaxNode } | undefined {
  const candidates: { file: SourceFile; fn: SyntaxNode; first: SyntaxNode; rank: number }[] = [];
  for (const file of files) {
    for (const fn of nodesOfType(file.tree, file.language === 'python' ? ['function_definition'] : ['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'function'])) {
      const body = fn.childForFieldName('body');
      const first = body?.namedChildren.find((c): c is SyntaxNode => !!c && c.type !== 'comment');
      if (!body || !first || first.startPosition.row === fn.startPosition.row) continue;
      if (file.language === 'python') {
        const name = fn.childForFieldName('name')?.text ?? '';
        if (inMainGuard(fn) || name === 'main' || name.startsWith('__')) continue;
        const decorated = fn.parent?.type === 'decorated_definition' && PY_ROUTE_DECORATOR.test(fn.parent.text.slice(0, fn.startIndex - fn.parent.startIndex));
        const rank = decorated || parameterNames(fn).some((p) => p === 'request' || p === 'req') ? 0 : PY_HANDLER_NAME.test(name) ? 1 : 2;
        candidates.push({ file, fn, first, rank });
      } else if (body.type === 'statement_block' && parameterNames(fn).some((p) => JS_REQUEST_PARAMS.has(p))) {
        candidates.push({ file, fn, first, rank: 0 });
      }
    }
  }
  return candidates.sort((a, b) => a.rank - b.rank)[0];
}

function plantPrint(files: SourceFile[]): Omit<PlantedItem, 'code' | 'layer'> {
  const target = logTarget(files);
  if (!target) return { planted: false, file: '', line: 0, files: [], detail: `no request handler with a block body found in ${files.length} source file(s) to put a print()/console.log in` };
  const { file, fn, first } = target;
  const column = first.startPosition.column;
  const lineStart = first.startIndex - column;
  if (file.text.slice(lineStart, first.startIndex).trim() !== '') return { planted: false, file: '', line: 0, files: [], detail: `the handler at ${file.rel}:${fn.startPosition.row + 1} does not start its body on a line of its own` };
  const indent = file.text.slice(lineStart, first.startIndex);
  const statement = file.language === 'python' ? `print(${JSON.stringify(LOG_MARKER)})` : `console.log('${LOG_MARKER}');`;
  file.edits.push({ start: lineStart, end: lineStart, text: `${indent}${statement}\n` });
  const name = fn.childForFieldName('name')?.text ?? 'anonymous handler';
  return { planted: true, file: file.rel, line: 0, files: [file.rel], detail: `${file.language === 'python' ? 'print()' : 'console.log'} at the start of ${name} (${file.rel}:${fn.startPosition.row + 1})` };
}

/**
 * Plant the seed's deliberate violations (seed 001 R4-M4-008) into a
 * service directory, which must be a copy Run 4 made: nothing is copied
 * here, the files are edited in place. Works on Python, JavaScript and
 * TypeScript services without assuming a file layout: the sources are
 * parsed with tree-sitter and
 *
 * - HEALTH-001: every string literal that binds a health path (a route
 *   registration, a comparison, a handler-map key) is renamed to
 *   `/run4-planted-missing-<name>`, so no health route is served;
 * - SCHEMA-001: the body argument of the service's JSON response writer
 *   (`JSON.stringify` next to a response write, `res.json`, `reply.send`,
 *   `json.dumps` next to `send_response`/`wfile.write`, `jsonify`, ...) is
 *   wrapped so every object body carries `field`, which no contract declares;
 * - LOG-001: a `print()` / `console.log` opens a request handler.
 *
 * A kind that cannot be planted in this service is in the manifest with
 * `planted: false` and the reason. Test files are never edited.
 *
 * @example
 * const manifest = await plantViolations('.run4/m4/planted/services/billing-api');
 * manifest.items.map((i) => `${i.code} ${i.planted ? `${i.file}:${i.line}` : i.detail}`);
 * // ['HEALTH-001 src/handlers.js:42', 'SCHEMA-001 src/lib/http.js:31', 'LOG-001 src/handlers.js:8']
 */
export async function plantViolations(serviceDir: string, options: PlantOptions = {}): Promise<PlantManifest> {
  let paths: string[];
  try {
    paths = await sourcePaths(serviceDir);
  } catch (error) {
    throw new ScanInputError(`cannot plant violations in ${serviceDir}: ${(error as Error).message}`, { cause: error });
  }
  const service = options.service ?? (serviceDir.replace(/[\\/]+$/, '').split(/[\\/]/).pop() || 'service');
  const counts = new Map<PlantLanguage, number>();
  for (const p of paths) {
    const family = familyOf(languageOfPath(p)!);
    if (family) counts.set(family, (counts.get(family) ?? 0) + 1);
  }
  const language = options.language ?? [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  const codes = options.codes ?? PLANT_CODES;
  const layerOf = (code: PlantCode) => (code === 'SCHEMA-001' ? 'layer2' : 'layer3') as PlantedItem['layer'];
  if (!language) {
    return PlantManifestSchema.parse({ service, dir: serviceDir, language: null, items: codes.map((code) => ({ code, planted: false, layer: layerOf(code), detail: `no Python, JavaScript or TypeScript source file in ${serviceDir}` })) });
  }
  const mine = paths.filter((p) => familyOf(languageOfPath(p)!) === language);
  const parser = await getCodeParser([...new Set(mine.map((p) => languageOfPath(p)!))]);
  const files: SourceFile[] = [];
  for (const rel of mine) {
    const text = await readFile(join(serviceDir, rel), 'utf8');
    const lang = languageOfPath(rel)!;
    files.push({ rel, language: lang, text, tree: parser.parse(lang, text), edits: [] });
  }
  const field = options.field ?? PLANTED_FIELD;
  const items: PlantedItem[] = [];
  try {
    for (const code of codes) {
      const outcome = code === 'HEALTH-001' ? plantMissingHealth(files) : code === 'SCHEMA-001' ? plantUndeclaredField(files, field) : plantPrint(files);
      items.push({ code, layer: layerOf(code), ...outcome });
    }
    for (const file of files.filter((f) => f.edits.length > 0)) {
      let text = file.text;
      for (const e of [...file.edits].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.text + text.slice(e.end);
      await writeFile(join(serviceDir, file.rel), text);
      for (const item of items.filter((i) => i.planted && i.file === file.rel)) {
        const needle = item.code === 'HEALTH-001' ? MISSING_HEALTH_PREFIX : item.code === 'LOG-001' ? LOG_MARKER : `${file.language === 'python' ? PY_HELPER : JS_HELPER}(`;
        // The helper's own definition comes after the wrapped call in JS/TS; in Python it sits after the imports.
        const from = item.code === 'SCHEMA-001' && file.language === 'python' ? text.indexOf(`def ${PY_HELPER}(`) + `def ${PY_HELPER}(`.length : 0;
        item.line = lineAt(text, needle, from) || item.line;
      }
    }
  } finally {
    for (const f of files) f.tree.delete();
  }
  return PlantManifestSchema.parse({ service, dir: serviceDir, language, items });
}
