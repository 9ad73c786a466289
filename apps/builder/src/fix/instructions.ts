import { BuilderError } from '../errors.js';

/** One violation line of FIX_INSTRUCTIONS.md. */
export interface FixItem {
  priority: string;
  code: string;
  file: string;
  line?: number;
  message: string;
  remediation?: string;
}

const ITEM = /^- \[([^\]]+)\] (.+?)(?::(\d+))? \u2014 (.*)$/;
const FIX = /^\s{2,}- Fix: (.*)$/;

/**
 * Parse FIX_INSTRUCTIONS.md (`# Fix Instructions`, `## P0`..`## P3`,
 * `### <CODE>`, `- [<CODE>] <file>:<line> — <message>` lines with optional
 * `  - Fix: ...`). Throws a BuilderError (exit 2) when the title is missing
 * or a violation line does not fit the format.
 *
 * @example
 * parseFixInstructions('# Fix Instructions\n\n## P2\n\n### LOG-001\n\n- [LOG-001] src/handlers.js:12 \u2014 console.log\n');
 */
export function parseFixInstructions(text: string, file = 'FIX_INSTRUCTIONS.md'): FixItem[] {
  const lines = text.split(/\r?\n/);
  if ((lines[0] ?? '').trim() !== '# Fix Instructions') {
    throw new BuilderError(`${file}: line 1 must be "# Fix Instructions"`, { code: 'FIX_INSTRUCTIONS_INVALID', exitCode: 2 });
  }
  const items: FixItem[] = [];
  let priority = 'P2';
  lines.forEach((line, index) => {
    const h2 = /^## (P[0-3])\s*$/.exec(line);
    if (h2?.[1]) {
      priority = h2[1];
      return;
    }
    if (line.startsWith('- [')) {
      const m = ITEM.exec(line);
      if (!m) throw new BuilderError(`${file}:${index + 1}: expected "- [CODE] file:line \u2014 message", got ${JSON.stringify(line)}`, { code: 'FIX_INSTRUCTIONS_INVALID', exitCode: 2 });
      items.push({ priority, code: m[1] ?? '', file: m[2] ?? '', ...(m[3] ? { line: Number(m[3]) } : {}), message: m[4] ?? '' });
      return;
    }
    const fix = FIX.exec(line);
    const last = items[items.length - 1];
    if (fix?.[1] && last) last.remediation = fix[1];
  });
  return items;
}
