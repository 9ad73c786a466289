import { mkdir, rename, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { z } from 'zod';
import { FixInstructionsError } from './errors.js';
import { formatZodIssues } from './zod-issues.js';

export const FIX_INSTRUCTIONS_FILE = 'FIX_INSTRUCTIONS.md';
export const FIX_PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const;
export const FixPrioritySchema = z.enum(FIX_PRIORITIES);
export type FixPriority = z.infer<typeof FixPrioritySchema>;

/** Priority used when a violation carries none: by severity (critical P0, error P1, warning P2, info P3). */
export const PRIORITY_BY_SEVERITY: Record<string, FixPriority> = { critical: 'P0', error: 'P1', warning: 'P2', info: 'P3' };

/**
 * One violation to fix: the scan-violation shape (code, severity, file_path,
 * line, message, remediation) plus the fix-loop priority. Extra fields are ignored.
 */
export const FixViolationSchema = z
  .object({
    code: z.string().regex(/^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$/, 'a scan code such as HEALTH-001'),
    priority: FixPrioritySchema.optional(),
    severity: z.string().optional(),
    file_path: z.string().min(1),
    line: z.number().int().positive().nullable().optional(),
    message: z.string().min(1),
    remediation: z.string().optional(),
  })
  .loose();
export type FixViolationInput = z.input<typeof FixViolationSchema>;

/** A violation as written to / read from FIX_INSTRUCTIONS.md. */
export interface FixInstruction {
  priority: FixPriority;
  code: string;
  file: string;
  line?: number;
  message: string;
  remediation?: string;
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

function toInstruction(v: z.infer<typeof FixViolationSchema>, dir: string | undefined): FixInstruction {
  let file = v.file_path;
  if (dir && isAbsolute(file)) {
    const rel = relative(dir, file);
    if (rel && !rel.startsWith('..') && !isAbsolute(rel)) file = rel;
  }
  file = file.split(sep).join('/');
  const priority = v.priority ?? PRIORITY_BY_SEVERITY[(v.severity ?? '').toLowerCase()] ?? 'P2';
  return {
    priority,
    code: v.code,
    file,
    ...(v.line ? { line: v.line } : {}),
    message: oneLine(v.message),
    ...(v.remediation && oneLine(v.remediation) ? { remediation: oneLine(v.remediation) } : {}),
  };
}

/**
 * Render FIX_INSTRUCTIONS.md: `# Fix Instructions`, then `## P0`..`## P3`,
 * `### <CODE>` groups (sorted), one `- [<CODE>] <file>:<line> — <message>`
 * line per violation (sorted by file and line), with an optional
 * `  - Fix: <remediation>` line. File paths inside `dir` become relative.
 *
 * @example
 * const md = formatFixInstructions([{ code: 'LOG-001', priority: 'P2', file_path: 'src/server.js', line: 3, message: 'console.log' }]);
 */
export function formatFixInstructions(violations: readonly FixViolationInput[], dir?: string): string {
  const parsed = z.array(FixViolationSchema).safeParse(violations);
  if (!parsed.success) {
    const issues = formatZodIssues(parsed.error.issues, violations);
    throw new FixInstructionsError(
      `cannot write ${FIX_INSTRUCTIONS_FILE}: ${issues.length} invalid violation field(s):\n${issues.map((i) => `  - ${i}`).join('\n')}`,
      { issues },
    );
  }
  const items = parsed.data.map((v) => toInstruction(v, dir));
  const out: string[] = ['# Fix Instructions', ''];
  for (const priority of FIX_PRIORITIES) {
    out.push(`## ${priority}`, '');
    const inPriority = items.filter((i) => i.priority === priority);
    const codes = [...new Set(inPriority.map((i) => i.code))].sort();
    for (const code of codes) {
      out.push(`### ${code}`, '');
      const group = inPriority
        .filter((i) => i.code === code)
        .sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
      for (const i of group) {
        out.push(`- [${i.code}] ${i.file}${i.line ? `:${i.line}` : ''} \u2014 ${i.message}`);
        if (i.remediation) out.push(`  - Fix: ${i.remediation}`);
      }
      out.push('');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/**
 * Write `{dir}/FIX_INSTRUCTIONS.md` atomically and return its path.
 *
 * @example
 * await writeFixInstructions('/tmp/b/payments-api', [
 *   { code: 'HEALTH-001', priority: 'P0', file_path: 'src/server.js', message: 'no /health route', remediation: 'add GET /health' },
 * ]);
 */
export async function writeFixInstructions(dir: string, violations: readonly FixViolationInput[]): Promise<string> {
  const text = formatFixInstructions(violations, dir);
  await mkdir(dir, { recursive: true });
  const target = join(dir, FIX_INSTRUCTIONS_FILE);
  const tmp = `${target}.${process.pid}.tmp`;
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, target);
  return target;
}

const ITEM_RE = /^- \[([^\]]+)\] (.+?)(?::(\d+))? \u2014 (.*)$/;
const FIX_RE = /^ {2}- Fix: (.*)$/;

/**
 * Parse FIX_INSTRUCTIONS.md back into instructions (the inverse of
 * {@link formatFixInstructions}). Throws {@link FixInstructionsError} naming
 * the line number of anything that does not fit the format.
 *
 * @example
 * const items = parseFixInstructions(await readFile('svc/FIX_INSTRUCTIONS.md', 'utf8'));
 */
export function parseFixInstructions(text: string): FixInstruction[] {
  const lines = text.split(/\r?\n/);
  const issues: string[] = [];
  const items: FixInstruction[] = [];
  let priority: FixPriority | undefined;
  let code: string | undefined;
  if ((lines[0] ?? '').trim() !== '# Fix Instructions') issues.push(`line 1: expected "# Fix Instructions", got ${JSON.stringify(lines[0] ?? '')}`);
  lines.forEach((line, index) => {
    const n = index + 1;
    if (index === 0 || line.trim() === '') return;
    const h2 = /^## (P[0-3])\s*$/.exec(line);
    if (h2) {
      priority = h2[1] as FixPriority;
      code = undefined;
      return;
    }
    const h3 = /^### (\S+)\s*$/.exec(line);
    if (h3) {
      if (!priority) issues.push(`line ${n}: "### ${h3[1]}" appears before any "## P0".."## P3" section`);
      code = h3[1];
      return;
    }
    const item = ITEM_RE.exec(line);
    if (item) {
      const [, itemCode, file, lineNo, message] = item as unknown as [string, string, string, string | undefined, string];
      if (!priority || !code) issues.push(`line ${n}: violation outside a "## P<n>" / "### <CODE>" group`);
      else if (itemCode !== code) issues.push(`line ${n}: violation [${itemCode}] is inside the "### ${code}" group`);
      else items.push({ priority, code, file, ...(lineNo ? { line: Number(lineNo) } : {}), message });
      return;
    }
    const fix = FIX_RE.exec(line);
    if (fix && items.length > 0) {
      const last = items[items.length - 1] as FixInstruction;
      last.remediation = fix[1];
      return;
    }
    issues.push(`line ${n}: not a FIX_INSTRUCTIONS.md line: ${JSON.stringify(line.slice(0, 80))}`);
  });
  if (issues.length > 0) {
    throw new FixInstructionsError(`FIX_INSTRUCTIONS.md is malformed, ${issues.length} problem(s):\n${issues.map((i) => `  - ${i}`).join('\n')}`, {
      issues,
    });
  }
  return items;
}
