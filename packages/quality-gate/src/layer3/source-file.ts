import { DockerfileParser } from 'dockerfile-ast';
import type { Tree } from 'web-tree-sitter';
import { parseDocument } from 'yaml';
import type { ParsedFile, SourceLanguage } from './rule.js';
import type { CodeParser } from './tree-sitter.js';

const TEXT_EXT = /\.(env|ya?ml|json|toml|ini|cfg|conf|properties|sh|bash|pem|key|txt|tf|tfvars|xml|npmrc|pypirc)$/i;

/**
 * Decide how a file is read from its repo-relative path (and, for YAML, its content).
 * Returns undefined for files no rule reads.
 *
 * @example
 * detectLanguage('svc/Dockerfile'); // 'dockerfile'
 * detectLanguage('app/main.py');    // 'python'
 */
export function detectLanguage(path: string, text?: string): SourceLanguage | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (/\.py$/.test(name)) return 'python';
  if (/\.d\.[mc]?ts$/.test(name)) return undefined;
  if (/\.[mc]?ts$/.test(name)) return 'typescript';
  if (/\.tsx$/.test(name)) return 'tsx';
  if (/\.[mc]?jsx?$/.test(name)) return 'javascript';
  if (/^Dockerfile(\..+)?$|\.dockerfile$/i.test(name)) return 'dockerfile';
  if (/^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/i.test(name)) return 'compose';
  if (/\.ya?ml$/i.test(name) && text !== undefined && /^services:\s*$/m.test(text)) return 'compose';
  if (/^\.env(\..+)?$/.test(name) || TEXT_EXT.test(name)) return 'text';
  return undefined;
}

/**
 * Parse one file for the rules: tree-sitter for code, dockerfile-ast for Dockerfiles, yaml for compose.
 * Call `releaseParsedFile` when done to free the tree-sitter tree.
 *
 * @example
 * const file = parseSource(parser, 'app.py', 'print(1)', 'python');
 */
export function parseSource(
  parser: CodeParser,
  path: string,
  text: string,
  language: SourceLanguage,
  service?: string,
): ParsedFile {
  const lines = text.split(/\r?\n/);
  const base = { path, language, text, lines, ...(service !== undefined ? { service } : {}) };
  switch (language) {
    case 'python':
    case 'typescript':
    case 'tsx':
    case 'javascript': {
      // Parsed on first use: rules whose prefilter rules a file out never pay for the parse.
      let tree: Tree | undefined;
      const file = {
        ...base,
        get tree(): Tree {
          tree ??= parser.parse(language, text);
          return tree;
        },
      };
      PARSED.set(file, () => tree);
      return file;
    }
    case 'dockerfile':
      return { ...base, dockerfile: DockerfileParser.parse(text) };
    case 'compose':
      return { ...base, compose: parseDocument(text, { merge: true, uniqueKeys: false }) };
    default:
      return base;
  }
}

const PARSED = new WeakMap<ParsedFile, () => Tree | undefined>();

/** Free the wasm memory held by a parsed file's tree (if it was ever parsed). */
export function releaseParsedFile(file: ParsedFile): void {
  const peek = PARSED.get(file);
  if (peek) peek()?.delete();
  else file.tree?.delete();
}

/**
 * 1-based line of a character offset in `text`.
 *
 * @example
 * lineOfOffset('a\nb', 2); // 2
 */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Whether the path is inside a `tests/` or `test/` folder (or `__tests__`). */
export function isTestPath(path: string): boolean {
  return /(^|\/)(tests?|__tests__)\//.test(path);
}
