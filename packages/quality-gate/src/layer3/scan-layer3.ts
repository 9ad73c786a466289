import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { LAYER3_SCANNERS, type Layer3ScannerName } from '../models/scan-codes.js';
import type { ScanCategory, ScanViolation } from '../models/scan-violation.js';
import { ScanInputError } from './errors.js';
import type { ParsedFile, Rule } from './rule.js';
import { ALL_RULES } from './rules/index.js';
import { groupByService } from './services.js';
import { detectLanguage, isTestPath, parseSource, releaseParsedFile } from './source-file.js';
import { scrubSnippet } from './secret-values.js';
import { isSuppressed } from './suppressions.js';
import { getCodeParser } from './tree-sitter.js';
import { walkFiles } from './walker.js';

/** Violations kept per category (seed 004: capped at 200 per category). */
export const MAX_VIOLATIONS_PER_CATEGORY = 200;

/** Options of {@link scanLayer3}. */
export interface Layer3Options {
  /** The seed's `layer3_scanners` selection (security, cors, logging, trace, secrets, docker, health); default all. */
  readonly scanners?: readonly string[];
  /** Repo-relative paths or globs to skip. */
  readonly exclude?: readonly string[];
}

/** Per-file statistics. */
export interface FileStat {
  readonly path: string;
  readonly language: string;
  readonly bytes: number;
  readonly lines: number;
  readonly violations: number;
}

/** Result of a Layer 3 scan. */
export interface Layer3Result {
  readonly violations: ScanViolation[];
  readonly files: FileStat[];
  readonly stats: {
    readonly filesScanned: number;
    readonly filesSkipped: number;
    readonly bytesScanned: number;
    readonly linesScanned: number;
    readonly durationMs: number;
  };
  /** Violations dropped by the per-category cap. */
  readonly truncated: Partial<Record<ScanCategory, number>>;
  /** Rule codes that ran. */
  readonly codes: string[];
}

/** An in-memory source file. */
export interface SourceInput {
  readonly path: string;
  readonly content: string;
}

/**
 * Resolve a `layer3_scanners` selection to the rules that run.
 *
 * @example
 * selectRules(['secrets']).length; // 12
 */
export function selectRules(scanners?: readonly string[]): Rule[] {
  if (!scanners) return [...ALL_RULES];
  const valid = Object.keys(LAYER3_SCANNERS);
  const unknown = scanners.filter((s) => !valid.includes(s));
  if (unknown.length > 0) {
    throw new ScanInputError(
      `Unknown layer3 scanner(s) ${unknown.map((u) => `"${u}"`).join(', ')}; valid names: ${valid.join(', ')}. Fix the layer3_scanners list.`,
    );
  }
  const codes = new Set(scanners.flatMap((s) => LAYER3_SCANNERS[s as Layer3ScannerName]));
  return ALL_RULES.filter((r) => codes.has(r.code));
}

function trimSnippet(line: string): string {
  const t = line.trim();
  return t.length > 200 ? `${t.slice(0, 199)}…` : t;
}

function toViolations(rule: Rule, file: ParsedFile | undefined, findings: ReturnType<Rule['check']>, filesByPath: Map<string, ParsedFile>, service: string): ScanViolation[] {
  const out: ScanViolation[] = [];
  for (const f of findings) {
    const target = f.file !== undefined ? filesByPath.get(f.file) : file;
    const path = f.file ?? file?.path ?? '';
    const sourceLine = f.line > 0 ? target?.lines[f.line - 1] : undefined;
    if (isSuppressed(sourceLine, rule.code)) continue;
    const snippet = f.snippet ?? (rule.redacts || sourceLine === undefined ? undefined : scrubSnippet(trimSnippet(sourceLine)));
    out.push({
      code: rule.code,
      severity: rule.severity,
      category: rule.category,
      file_path: path,
      line: f.line,
      message: f.message ?? rule.message,
      service,
      ...(f.column !== undefined ? { column: f.column } : {}),
      rule_id: `run4/${rule.code}`,
      remediation: rule.remediation,
      ...(snippet ? { snippet } : {}),
    });
  }
  return out;
}

/**
 * Deduplicate (code, file, line), sort by file/line/code and cap each category at 200.
 *
 * @example
 * const { violations, truncated } = finalizeViolations(raw);
 */
export function finalizeViolations(raw: readonly ScanViolation[]): {
  violations: ScanViolation[];
  truncated: Partial<Record<ScanCategory, number>>;
} {
  const seen = new Set<string>();
  const unique = raw.filter((v) => {
    const key = `${v.code}|${v.file_path}|${v.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  unique.sort((a, b) =>
    a.file_path !== b.file_path ? (a.file_path < b.file_path ? -1 : 1) : a.line !== b.line ? a.line - b.line : a.code < b.code ? -1 : 1,
  );
  const perCategory = new Map<ScanCategory, number>();
  const truncated: Partial<Record<ScanCategory, number>> = {};
  const violations = unique.filter((v) => {
    const n = (perCategory.get(v.category) ?? 0) + 1;
    perCategory.set(v.category, n);
    if (n <= MAX_VIOLATIONS_PER_CATEGORY) return true;
    truncated[v.category] = (truncated[v.category] ?? 0) + 1;
    return false;
  });
  return { violations, truncated };
}

/**
 * Scan in-memory sources (grouped into services the same way as on disk) with the selected rules.
 *
 * @example
 * const { violations } = await scanSources([{ path: 'app.py', content: 'print(1)\n' }]);
 */
export async function scanSources(
  sources: readonly SourceInput[],
  options: Pick<Layer3Options, 'scanners'> & { rules?: readonly Rule[]; rootName?: string } = {},
): Promise<Omit<Layer3Result, 'stats'> & { stats: Omit<Layer3Result['stats'], 'filesSkipped'> }> {
  const started = performance.now();
  const rules = options.rules ?? selectRules(options.scanners);
  const fileRules = rules.filter((r) => r.scope === 'file');
  const serviceRules = rules.filter((r) => r.scope === 'service');
  const parser = await getCodeParser();
  const byPath = new Map(sources.map((s) => [s.path, s]));
  const packageName = (dir: string): string | undefined => {
    const pkg = byPath.get(dir === '' ? 'package.json' : `${dir}/package.json`);
    if (!pkg) return undefined;
    try {
      const name = (JSON.parse(pkg.content) as { name?: unknown }).name;
      return typeof name === 'string' ? name.replace(/^@[^/]+\//, '') : undefined;
    } catch {
      return undefined;
    }
  };
  const groups = groupByService([...byPath.keys()], options.rootName ?? 'root', packageName);
  const raw: ScanViolation[] = [];
  const fileStats: FileStat[] = [];
  let bytes = 0;
  let lines = 0;
  for (const [service, paths] of groups) {
    const parsed: ParsedFile[] = [];
    try {
      for (const path of paths) {
        const src = byPath.get(path) as SourceInput;
        const language = detectLanguage(path, src.content);
        if (!language) continue;
        const file = parseSource(parser, path, src.content, language, service.name);
        parsed.push(file);
        bytes += Buffer.byteLength(src.content);
        lines += file.lines.length;
        const before = raw.length;
        const testPath = isTestPath(path);
        for (const rule of fileRules) {
          if (!rule.languages.includes(language) || (rule.skipTests && testPath)) continue;
          if (rule.prefilter && !rule.prefilter.test(src.content)) continue;
          raw.push(...toViolations(rule, file, rule.check(file), new Map(), service.name));
        }
        fileStats.push({ path, language, bytes: Buffer.byteLength(src.content), lines: file.lines.length, violations: raw.length - before });
      }
      const filesByPath = new Map(parsed.map((f) => [f.path, f]));
      for (const rule of serviceRules) {
        const findings = rule.check({ name: service.name, dir: service.dir, files: parsed });
        raw.push(...toViolations(rule, undefined, findings, filesByPath, service.name));
      }
    } finally {
      for (const f of parsed) releaseParsedFile(f);
    }
  }
  const { violations, truncated } = finalizeViolations(raw);
  return {
    violations,
    files: fileStats,
    truncated,
    codes: rules.map((r) => r.code),
    stats: { filesScanned: fileStats.length, bytesScanned: bytes, linesScanned: lines, durationMs: performance.now() - started },
  };
}

/**
 * Layer 3: run every selected scan code over the Python, TypeScript/JavaScript, Dockerfile, compose and
 * config files under `rootDir`. Violations are deduplicated and capped at 200 per category.
 *
 * @example
 * const result = await scanLayer3('/repo', { scanners: ['security', 'secrets'], exclude: ['fixtures'] });
 * console.log(result.violations.length, result.stats.filesScanned);
 */
export async function scanLayer3(rootDir: string, options: Layer3Options = {}): Promise<Layer3Result> {
  const started = performance.now();
  const root = resolve(rootDir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new ScanInputError(`Cannot scan "${rootDir}": it is not a directory. Pass the repository or service directory to scan.`);
  }
  const rules = selectRules(options.scanners);
  const { files, skipped } = await walkFiles(root, options.exclude ? { exclude: options.exclude } : {});
  const sources: SourceInput[] = [];
  for (const f of files) {
    if (!detectLanguage(f.path, '')) {
      if (!/\.ya?ml$/i.test(f.path)) continue;
    }
    sources.push({ path: f.path, content: await readFile(f.absPath, 'utf8') });
  }
  const result = await scanSources(sources, { rules, rootName: basename(root) });
  return {
    ...result,
    stats: { ...result.stats, filesSkipped: skipped, durationMs: performance.now() - started },
  };
}
