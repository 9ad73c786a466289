import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { LAYER3_SCANNERS, type Layer3ScannerName } from '../models/scan-codes.js';
import type { ScanCategory, ScanViolation } from '../models/scan-violation.js';
import { ScanInputError } from './errors.js';
import type { FileRule, ParsedFile, Rule, RuleFinding } from './rule.js';
import { ALL_RULES } from './rules/index.js';
import { groupByService } from './services.js';
import { grammarOf, isTestPath, parseSource, releaseParsedFile, scanLanguage, SourceParseError, ungrammaredLanguage } from './source-file.js';
import { redactLine, redactTokens, scrubSnippet } from './secret-values.js';
import { isSuppressed } from './suppressions.js';
import { getCodeParser, type CodeLanguage } from './tree-sitter.js';
import { MAX_FILE_BYTES, walkFiles, type WalkedFile } from './walker.js';

/** Violations kept per category (seed 004: capped at 200 per category). */
export const MAX_VIOLATIONS_PER_CATEGORY = 200;
/** Secret values at least this long are redacted from every finding of the scan; shorter ones from their own file's. */
const SCAN_WIDE_SECRET_LENGTH = 8;
/** Lines per chunk of the streaming secrets scan of large files. */
const CHUNK_LINES = 2000;

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

/**
 * A file Layer 3 could not analyse, or only partly: `none` (nothing ran), `secrets_only` (too large
 * for the code rules, scanned for secrets in streaming chunks), `text_only` (no grammar, or content the
 * language's parser refused: secrets and text rules ran), `partial` (a rule failed on it).
 */
export interface NotAnalysedFile {
  readonly file_path: string;
  readonly reason: string;
  readonly coverage: 'none' | 'secrets_only' | 'text_only' | 'partial';
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
  /** Files read and judged (fully or partly). */
  readonly filesAnalysed: number;
  /** Blind spots, each with the reason: never silent. */
  readonly notAnalysed: NotAnalysedFile[];
  /** Files skipped by policy (binary extensions, lock files, symbolic links), per reason. */
  readonly skipped: Record<string, number>;
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

/** A rule finding before redaction: the secrets of the whole scan are known only at the end. */
interface PendingFinding {
  readonly rule: Rule;
  readonly path: string;
  readonly service: string;
  readonly finding: RuleFinding;
  /** Snippet before redaction (rule's own, or the source line); undefined when none may be shown. */
  readonly base: string | undefined;
}

/** Collects findings and every secret value they are about, then redacts all of them from all output. */
class FindingCollector {
  private readonly pending: PendingFinding[] = [];
  private readonly scanWide = new Set<string>();
  private readonly perFile = new Map<string, Set<string>>();
  readonly notAnalysed: NotAnalysedFile[] = [];

  add(rule: Rule, file: ParsedFile | undefined, findings: readonly RuleFinding[], filesByPath: ReadonlyMap<string, ParsedFile>, service: string, lineOffset = 0): number {
    let added = 0;
    for (const f of findings) {
      const target = f.file !== undefined ? filesByPath.get(f.file) : file;
      const path = f.file ?? file?.path ?? '';
      const sourceLine = f.line > 0 ? target?.lines[f.line - 1] : undefined;
      if (isSuppressed(sourceLine, rule.code)) continue;
      for (const secret of f.secrets ?? []) {
        if (!secret) continue;
        if (secret.length >= SCAN_WIDE_SECRET_LENGTH) this.scanWide.add(secret);
        else {
          const set = this.perFile.get(path) ?? new Set<string>();
          set.add(secret);
          this.perFile.set(path, set);
        }
      }
      // A secrets rule shows a snippet only when it names the values to redact, or redacted it itself.
      const base = f.snippet ?? (sourceLine === undefined || (rule.redacts && !f.secrets?.length) ? undefined : sourceLine.trim());
      this.pending.push({ rule, path, service, finding: { ...f, line: f.line + (f.line > 0 ? lineOffset : 0) }, base });
      added++;
    }
    return added;
  }

  notAnalysedFile(entry: NotAnalysedFile): void {
    this.notAnalysed.push(entry);
  }

  /** Redact one text: every scan-wide secret, the file's own short ones, and value-shaped tokens. */
  redact(text: string, path: string): string {
    const own = this.perFile.get(path);
    const secrets = own ? [...this.scanWide, ...own] : [...this.scanWide];
    return redactTokens(secrets.length > 0 ? redactLine(text, secrets) : text);
  }

  violations(): ScanViolation[] {
    return this.pending.map(({ rule, path, service, finding: f, base }) => {
      const snippet = base === undefined ? undefined : trimSnippet(scrubSnippet(this.redact(base, path)));
      return {
        code: rule.code,
        severity: rule.severity,
        category: rule.category,
        file_path: this.redact(path, path),
        line: f.line,
        message: this.redact(f.message ?? rule.message, path),
        service,
        ...(f.column !== undefined ? { column: f.column } : {}),
        rule_id: `run4/${rule.code}`,
        remediation: rule.remediation,
        ...(snippet ? { snippet } : {}),
      };
    });
  }

  redactedNotAnalysed(): NotAnalysedFile[] {
    return this.notAnalysed.map((n) => ({ ...n, file_path: this.redact(n.file_path, n.file_path), reason: this.redact(n.reason, n.file_path) }));
  }
}

/** Run one rule, turning a crash into a named blind spot instead of a crashed gate. */
function runRule<T>(collector: FindingCollector, code: string, where: string, fn: () => T[]): T[] {
  try {
    return fn();
  } catch (error) {
    collector.notAnalysedFile({ file_path: where, reason: `rule ${code} failed on it (${(error as Error).name}: ${(error as Error).message})`, coverage: 'partial' });
    return [];
  }
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
): Promise<Omit<Layer3Result, 'stats' | 'skipped'> & { stats: Omit<Layer3Result['stats'], 'filesSkipped'> }> {
  const rules = options.rules ?? selectRules(options.scanners);
  return runScan(sources, [], [], rules, options.rootName ?? 'root');
}

/** What each code language misses without a grammar. */
const CODE_RULES_NOTE = 'code rules (SEC, CORS, LOG, TRACE, HEALTH) did not run';

async function runScan(
  sources: readonly SourceInput[],
  large: readonly WalkedFile[],
  unread: readonly NotAnalysedFile[],
  rules: readonly Rule[],
  rootName: string,
): Promise<Omit<Layer3Result, 'stats' | 'skipped'> & { stats: Omit<Layer3Result['stats'], 'filesSkipped'> }> {
  const started = performance.now();
  const fileRules = rules.filter((r): r is FileRule => r.scope === 'file');
  const serviceRules = rules.filter((r) => r.scope === 'service');
  const languages = new Map(sources.map((s) => [s.path, scanLanguage(s.path, s.content)]));
  // Only the grammars of the languages present are loaded (and tree-sitter not at all without code).
  const grammars = [...new Set([...languages.values()].map(grammarOf).filter((g): g is CodeLanguage => g !== undefined))];
  const parser = await getCodeParser(grammars);
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
  const largeByPath = new Map(large.map((f) => [f.path, f]));
  const groups = groupByService([...byPath.keys(), ...largeByPath.keys()], rootName, packageName);
  const collector = new FindingCollector();
  for (const u of unread) collector.notAnalysedFile(u);
  const fileStats: FileStat[] = [];
  let bytes = 0;
  let lines = 0;
  for (const [service, paths] of groups) {
    const parsed: ParsedFile[] = [];
    try {
      for (const path of paths) {
        const big = largeByPath.get(path);
        if (big) {
          const stat = await scanLargeFile(big, fileRules, collector, service.name);
          fileStats.push(stat);
          bytes += stat.bytes;
          lines += stat.lines;
          continue;
        }
        const src = byPath.get(path) as SourceInput;
        let language = languages.get(path) ?? 'text';
        let file: ParsedFile;
        try {
          file = parseSource(parser, path, src.content, language, service.name);
        } catch (error) {
          if (!(error instanceof SourceParseError)) throw error;
          collector.notAnalysedFile({ file_path: path, reason: `${error.reason}; scanned as text for secrets`, coverage: 'text_only' });
          language = 'text';
          file = parseSource(parser, path, src.content, language, service.name);
        }
        const foreign = language === 'text' ? ungrammaredLanguage(path) : undefined;
        if (foreign) collector.notAnalysedFile({ file_path: path, reason: `no ${foreign} grammar: secrets and text rules ran, ${CODE_RULES_NOTE}`, coverage: 'text_only' });
        parsed.push(file);
        const size = Buffer.byteLength(src.content);
        bytes += size;
        lines += file.lines.length;
        let found = 0;
        const testPath = isTestPath(path);
        for (const rule of fileRules) {
          if (!rule.languages.includes(language) || (rule.skipTests && testPath)) continue;
          if (rule.prefilter && !rule.prefilter.test(src.content)) continue;
          found += collector.add(rule, file, runRule(collector, rule.code, path, () => rule.check(file)), new Map(), service.name);
        }
        fileStats.push({ path, language, bytes: size, lines: file.lines.length, violations: found });
      }
      const filesByPath = new Map(parsed.map((f) => [f.path, f]));
      for (const rule of serviceRules) {
        const findings = runRule(collector, rule.code, service.dir || '.', () => rule.check({ name: service.name, dir: service.dir, files: parsed }));
        collector.add(rule, undefined, findings, filesByPath, service.name);
      }
    } finally {
      for (const f of parsed) releaseParsedFile(f);
    }
  }
  const { violations, truncated } = finalizeViolations(collector.violations());
  const notAnalysed = collector.redactedNotAnalysed().sort((a, b) => (a.file_path < b.file_path ? -1 : a.file_path > b.file_path ? 1 : 0));
  const files = fileStats.map((f) => ({ ...f, path: collector.redact(f.path, f.path) }));
  return {
    violations,
    files,
    truncated,
    codes: rules.map((r) => r.code),
    filesAnalysed: fileStats.length,
    notAnalysed,
    stats: { filesScanned: fileStats.length, bytesScanned: bytes, linesScanned: lines, durationMs: performance.now() - started },
  };
}

/** Text lines of a large file, a chunk at a time (UTF-8 and UTF-16LE streamed; UTF-16BE decoded whole). */
async function* lineChunks(file: WalkedFile): AsyncGenerator<string[]> {
  if (file.encoding === 'utf16be') {
    const buf = await readFile(file.absPath);
    const all = buf.subarray(0, buf.length - (buf.length % 2)).swap16().toString('utf16le').split(/\r?\n/);
    for (let i = 0; i < all.length; i += CHUNK_LINES) yield all.slice(i, i + CHUNK_LINES);
    return;
  }
  const rl = createInterface({ input: createReadStream(file.absPath, { encoding: file.encoding ?? 'utf8' }), crlfDelay: Infinity });
  let chunk: string[] = [];
  for await (const line of rl) {
    chunk.push(line);
    if (chunk.length >= CHUNK_LINES) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * A file over 1 MiB: too big for the code, Dockerfile and compose rules, but read in chunks by every
 * secrets rule that reads plain text, so a key committed in a dump is still found.
 */
async function scanLargeFile(file: WalkedFile, fileRules: readonly FileRule[], collector: FindingCollector, service: string): Promise<FileStat> {
  const secretRules = fileRules.filter((r) => r.redacts && r.languages.includes('text'));
  let offset = 0;
  let found = 0;
  for await (const lines of lineChunks(file)) {
    const text = lines.join('\n');
    const chunk: ParsedFile = { path: file.path, language: 'text', text, lines, service };
    for (const rule of secretRules) {
      if (rule.prefilter && !rule.prefilter.test(text)) continue;
      found += collector.add(rule, chunk, runRule(collector, rule.code, file.path, () => rule.check(chunk)), new Map(), service, offset);
    }
    offset += lines.length;
  }
  const mib = (file.bytes / 1024 / 1024).toFixed(1);
  collector.notAnalysedFile({
    file_path: file.path,
    reason: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB (${mib} MiB): scanned for secrets in streaming chunks; code, Dockerfile and compose rules skipped`,
    coverage: 'secrets_only',
  });
  return { path: file.path, language: 'text', bytes: file.bytes, lines: offset, violations: found };
}

/** Decode a walked file's text. */
async function readText(file: WalkedFile): Promise<string> {
  const buf = await readFile(file.absPath);
  if (file.encoding === 'utf16le') return buf.toString('utf16le').replace(/^\uFEFF/, '');
  if (file.encoding === 'utf16be') return Buffer.from(buf.subarray(0, buf.length - (buf.length % 2))).swap16().toString('utf16le').replace(/^\uFEFF/, '');
  return buf.toString('utf8');
}

/**
 * Layer 3: run every selected scan code over every text file under `rootDir`: Python, TypeScript/
 * JavaScript, Go and Java code (tree-sitter), Dockerfiles, compose files, and every other text file for
 * secrets. Files over 1 MiB are scanned for secrets in chunks; binaries, unreadable files and files no
 * rule could parse are listed in `notAnalysed` with the reason. Violations are deduplicated and capped
 * at 200 per category; every secret value found is redacted from every snippet, message and path.
 *
 * @example
 * const result = await scanLayer3('/repo', { scanners: ['security', 'secrets'], exclude: ['fixtures'] });
 * console.log(result.violations.length, result.stats.filesScanned, result.notAnalysed);
 */
export async function scanLayer3(rootDir: string, options: Layer3Options = {}): Promise<Layer3Result> {
  const started = performance.now();
  const root = resolve(rootDir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new ScanInputError(`Cannot scan "${rootDir}": it is not a directory. Pass the repository or service directory to scan.`);
  }
  const rules = selectRules(options.scanners);
  const walked = await walkFiles(root, { ...(options.exclude ? { exclude: options.exclude } : {}), includeLarge: true });
  const unread: NotAnalysedFile[] = [...walked.notRead];
  const sources: SourceInput[] = [];
  const large: WalkedFile[] = [];
  for (const f of walked.files) {
    if (f.large) {
      large.push(f);
      continue;
    }
    try {
      sources.push({ path: f.path, content: await readText(f) });
    } catch (error) {
      unread.push({ file_path: f.path, reason: `could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, coverage: 'none' });
    }
  }
  const result = await runScan(sources, large, unread, rules, basename(root));
  return {
    ...result,
    skipped: walked.skippedBy,
    stats: { ...result.stats, filesSkipped: walked.skipped, durationMs: performance.now() - started },
  };
}
