import { DockerfileParser } from 'dockerfile-ast';
import type { Tree } from 'web-tree-sitter';
import { parseDocument } from 'yaml';
import type { ParsedFile, SourceLanguage } from './rule.js';
import type { CodeLanguage, CodeParser } from './tree-sitter.js';

/** A file the scanner cannot read the way its language needs (a YAML alias bomb, a syntax error). */
export class SourceParseError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'SourceParseError';
  }
}

/** Aliases a YAML document may expand (the `yaml` package's `maxAliasCount`): bounds "billion laughs" bombs. */
export const MAX_YAML_ALIASES = 100;

/** Code languages the gate has no grammar for: their files get secrets and text rules only. */
const NO_GRAMMAR: ReadonlyArray<[RegExp, string]> = [
  // Gradle's Kotlin build scripts are build configuration, not service code.
  [/(?<!\.gradle)\.kts?$/, 'Kotlin'],
  [/\.cs$/, 'C#'],
  [/\.rs$/, 'Rust'],
  [/\.rb$/, 'Ruby'],
  [/\.php$/, 'PHP'],
  [/\.scala$/, 'Scala'],
  [/\.swift$/, 'Swift'],
  [/\.(c|h|cc|cpp|cxx|hpp)$/, 'C/C++'],
  [/\.(ex|exs)$/, 'Elixir'],
  [/\.(clj|cljs)$/, 'Clojure'],
  [/\.(fs|fsx)$/, 'F#'],
  [/\.dart$/, 'Dart'],
  [/\.groovy$/, 'Groovy'],
  [/\.lua$/, 'Lua'],
  [/\.pl$/, 'Perl'],
];

/**
 * The code language of a file the gate has no grammar (and so no code rules) for, e.g. `Kotlin`.
 *
 * @example
 * ungrammaredLanguage('svc/src/Main.kt'); // 'Kotlin'
 * ungrammaredLanguage('svc/main.go');     // undefined
 */
export function ungrammaredLanguage(path: string): string | undefined {
  return NO_GRAMMAR.find(([re]) => re.test(path))?.[1];
}

/**
 * How Layer 3 reads a file: its specific language when it has one, else `text` (every text file is read
 * by the secrets rules, whatever its name).
 *
 * @example
 * scanLanguage('svc/src/Main.kt', 'val x = 1'); // 'text'
 * scanLanguage('svc/main.go', 'package main');  // 'go'
 */
export function scanLanguage(path: string, text?: string): SourceLanguage {
  return detectLanguage(path, text) ?? 'text';
}

/** The tree-sitter grammar a language needs, if any. */
export function grammarOf(language: SourceLanguage): CodeLanguage | undefined {
  return ['python', 'typescript', 'tsx', 'javascript', 'go', 'java'].includes(language) ? (language as CodeLanguage) : undefined;
}

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
  if (/\.go$/.test(name)) return 'go';
  if (/\.java$/.test(name)) return 'java';
  if (/^Dockerfile(\..+)?$|\.dockerfile$/i.test(name)) return 'dockerfile';
  if (/^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/i.test(name)) return 'compose';
  if (/\.ya?ml$/i.test(name) && text !== undefined && /^services:\s*$/m.test(text)) return 'compose';
  if (/^\.env(\..+)?$/.test(name) || TEXT_EXT.test(name)) return 'text';
  return undefined;
}

/**
 * Parse one file for the rules: tree-sitter for code, dockerfile-ast for Dockerfiles, yaml for compose.
 * Call `releaseParsedFile` when done to free the tree-sitter tree. Throws a {@link SourceParseError} for a
 * compose file that is not valid YAML or expands more than {@link MAX_YAML_ALIASES} aliases.
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
    case 'javascript':
    case 'go':
    case 'java': {
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
    case 'compose': {
      const compose = parseDocument(text, { merge: true, uniqueKeys: false });
      const first = compose.errors[0];
      if (first) throw new SourceParseError(path, `not valid YAML (${first.code} at line ${first.linePos?.[0]?.line ?? '?'}); compose rules skipped`);
      try {
        // Resolve aliases once, bounded: the rules' composeServices() then never meets an alias bomb.
        compose.toJS({ maxAliasCount: MAX_YAML_ALIASES });
      } catch (error) {
        throw new SourceParseError(path, `YAML alias expansion over the limit of ${MAX_YAML_ALIASES} aliases (an alias bomb?): ${(error as Error).message}; compose rules skipped`);
      }
      return { ...base, compose };
    }
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
