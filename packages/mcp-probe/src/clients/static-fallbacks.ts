import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

// The documented fallbacks of seed 001 (Build 2 without its MCP servers), used when a Build 1 MCP
// server is unavailable: a static contract scan instead of the Contract
// Engine, a static codebase map instead of Codebase Intelligence. Both read
// files only (bounded walk, no network).

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', '__pycache__', '.venv', 'venv']);
const MAX_DEPTH = 6;
const MAX_FILES = 5000;
const MAX_BYTES = 2_000_000;

/** One contract document found by the static scan. */
export const StaticContractSchema = z.object({
  file: z.string(),
  type: z.enum(['openapi', 'asyncapi']),
  specVersion: z.string(),
  title: z.string(),
  version: z.string(),
  /** OpenAPI paths, or AsyncAPI channels. */
  operations: z.number().int(),
});
export type StaticContract = z.infer<typeof StaticContractSchema>;

/** One source file of the static codebase map. */
export const CodebaseMapEntrySchema = z.object({
  file: z.string(),
  language: z.string(),
  lines: z.number().int(),
  bytes: z.number().int(),
});
export type CodebaseMapEntry = z.infer<typeof CodebaseMapEntrySchema>;

const LANGUAGES: Record<string, string> = {
  '.py': 'python',
  '.ts': 'typescript',
  '.tsx': 'typescript',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.java': 'java',
  '.kt': 'kotlin',
  '.go': 'go',
  '.rs': 'rust',
  '.cs': 'csharp',
  '.rb': 'ruby',
  '.php': 'php',
};

function walk(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string, depth: number) => {
    if (depth > MAX_DEPTH || out.length >= MAX_FILES) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (out.length >= MAX_FILES) return;
      const full = join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) visit(full, depth + 1);
      } else if (e.isFile()) out.push(full);
    }
  };
  visit(root, 0);
  return out;
}

function readSmall(file: string): string | null {
  try {
    if (statSync(file).size > MAX_BYTES) return null;
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

const ContractDocSchema = z.looseObject({
  openapi: z.string().optional(),
  asyncapi: z.string().optional(),
  info: z.looseObject({ title: z.string().optional(), version: z.string().optional() }).optional(),
  paths: z.record(z.string(), z.unknown()).optional(),
  channels: z.record(z.string(), z.unknown()).optional(),
});

/**
 * Static contract scan (the Contract Engine fallback):
 * every OpenAPI or AsyncAPI document (`.json`, `.yaml`, `.yml`) under `dir`,
 * with its title, version and number of paths / channels. Files that are not
 * contracts, or do not parse, are ignored.
 *
 * @example
 * const contracts = staticContractScan('services/'); // [{ file: 'auth/openapi.yaml', type: 'openapi', ... }]
 */
export function staticContractScan(dir: string): StaticContract[] {
  const found: StaticContract[] = [];
  for (const file of walk(dir)) {
    const ext = extname(file).toLowerCase();
    if (ext !== '.json' && ext !== '.yaml' && ext !== '.yml') continue;
    const text = readSmall(file);
    if (text === null) continue;
    let doc: unknown;
    try {
      doc = ext === '.json' ? JSON.parse(text) : parseYaml(text);
    } catch {
      continue;
    }
    const parsed = ContractDocSchema.safeParse(doc);
    if (!parsed.success) continue;
    const d = parsed.data;
    const type = d.openapi ? 'openapi' : d.asyncapi ? 'asyncapi' : null;
    if (!type) continue;
    found.push({
      file: relative(dir, file),
      type,
      specVersion: (type === 'openapi' ? d.openapi : d.asyncapi) ?? '',
      title: d.info?.title ?? '',
      version: d.info?.version ?? '',
      operations: Object.keys((type === 'openapi' ? d.paths : d.channels) ?? {}).length,
    });
  }
  return found;
}

/**
 * Static codebase map (the Codebase Intelligence fallback): every source file under `dir` with its language (by extension),
 * line count and size. No symbols: that is what the MCP server adds.
 *
 * @example
 * const map = staticCodebaseMap('services/'); // [{ file: 'auth/user.py', language: 'python', lines: 40, bytes: 1200 }]
 */
export function staticCodebaseMap(dir: string): CodebaseMapEntry[] {
  const entries: CodebaseMapEntry[] = [];
  for (const file of walk(dir)) {
    const language = LANGUAGES[extname(file).toLowerCase()];
    if (!language) continue;
    const text = readSmall(file);
    if (text === null) continue;
    entries.push({ file: relative(dir, file), language, lines: text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0), bytes: Buffer.byteLength(text) });
  }
  return entries;
}
