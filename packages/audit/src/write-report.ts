import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildAuditReport } from './build-report.js';
import { AuditWriteError } from './errors.js';
import type { AuditInputsInput } from './inputs.js';
import { renderAuditHtml } from './render-html.js';
import { renderAuditMarkdown } from './render-markdown.js';

export const AUDIT_MARKDOWN_FILE = 'SUPER_TEAM_AUDIT_REPORT.md';
export const AUDIT_JSON_FILE = 'audit_report.json';
export const AUDIT_HTML_FILE = 'SUPER_TEAM_AUDIT_REPORT.html';

/**
 * Build the audit and write `{outputDir}/SUPER_TEAM_AUDIT_REPORT.md`,
 * `{outputDir}/SUPER_TEAM_AUDIT_REPORT.html` (self-contained, see
 * `renderAuditHtml`) and `{outputDir}/audit_report.json`, each atomically
 * (tmp + rename). Bad input throws before anything is written.
 *
 * @example
 * const { markdownPath, htmlPath, jsonPath } = await writeAuditReport('.run4', { checks, tools, findings, fixPasses, costs, repoRoot: '.' });
 */
export async function writeAuditReport(outputDir: string, inputs: AuditInputsInput): Promise<{ markdownPath: string; htmlPath: string; jsonPath: string; verdict: string }> {
  const report = await buildAuditReport(inputs);
  const markdown = renderAuditMarkdown(report);
  const page = renderAuditHtml(report);
  const markdownPath = join(outputDir, AUDIT_MARKDOWN_FILE);
  const htmlPath = join(outputDir, AUDIT_HTML_FILE);
  const jsonPath = join(outputDir, AUDIT_JSON_FILE);
  const write = async (path: string, text: string) => {
    const tmp = `${path}.${process.pid}.tmp`;
    try {
      await writeFile(tmp, text, 'utf8');
      await rename(tmp, path);
    } catch (error) {
      throw new AuditWriteError(path, error);
    }
  };
  try {
    await mkdir(outputDir, { recursive: true });
  } catch (error) {
    throw new AuditWriteError(outputDir, error);
  }
  await write(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  await write(markdownPath, markdown);
  await write(htmlPath, page);
  return { markdownPath, htmlPath, jsonPath, verdict: report.verdict };
}
