import { createHash } from 'node:crypto';
import { isAbsolute, relative, sep } from 'node:path';
import { securitySeverityScore } from '../models/scan-violation.js';
import type { QualityGateReport } from '../gate/report-schema.js';
import { describeCode } from './code-catalog.js';
import { collectFindings, type Finding } from './findings.js';
import { notAnalysedFiles } from './markdown.js';

/** Tool identity written into the SARIF driver. */
export const SARIF_TOOL = { name: 'run4-quality-gate', semanticVersion: '0.1.0' } as const;

type SarifLevel = 'error' | 'warning' | 'note';

function level(severity: 'error' | 'warning' | 'info'): SarifLevel {
  return severity === 'info' ? 'note' : severity;
}

function ruleName(name: string): string {
  return name
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** Repo-relative, forward-slash path; undefined when the file lies outside the root. */
function repoPath(file: string, rootDir: string): string | undefined {
  if (!file) return undefined;
  const rel = isAbsolute(file) ? relative(rootDir, file) : file;
  if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

function fingerprint(f: Finding, path: string | undefined): string {
  // Stable across line shifts: code + file + what was found (snippet, or the message/endpoint).
  const basis = [f.code, path ?? f.service ?? '', f.snippet ?? f.endpoint ?? f.message].join('\u0000');
  return createHash('sha256').update(basis).digest('hex').slice(0, 32);
}

/**
 * Render SARIF 2.1.0 for GitHub code scanning: one rule per code (with
 * description, help, `security-severity` and tags), one result per
 * finding with repo-relative paths, regions where the line is known, and
 * `partialFingerprints`.
 *
 * @example
 * await writeFile('quality_gate.sarif', renderSarif(report));
 */
export function renderSarif(report: QualityGateReport): string {
  const findings = collectFindings(report);
  const codes = [...new Set(findings.map((f) => f.code))].sort();
  const index = new Map(codes.map((c, i) => [c, i]));
  const rules = codes.map((code) => {
    const d = describeCode(code);
    return {
      id: code,
      name: ruleName(d.name),
      shortDescription: { text: `${code}: ${d.name}` },
      fullDescription: { text: d.description },
      help: { text: d.remediation, markdown: `**${code} — ${d.name}** (Layer ${d.layer}, ${d.category})\n\n${d.remediation}` },
      defaultConfiguration: { level: level(d.severity) },
      properties: {
        tags: ['run4', d.category, ...(['security', 'secrets', 'cors', 'docker'].includes(d.category) ? ['security'] : [])].filter((t, i, a) => a.indexOf(t) === i),
        'security-severity': securitySeverityScore(d.seedSeverity),
        precision: d.layer === 4 ? 'medium' : 'high',
        'problem.severity': d.severity === 'info' ? 'recommendation' : d.severity,
      },
    };
  });
  const seen = new Map<string, number>();
  const serviceDirs = new Map(report.services.filter((s) => s.dir && !isAbsolute(s.dir)).map((s) => [s.name, s.dir]));
  const results = findings.map((f) => {
    // GitHub needs a location per result: fall back to the service's directory when the finding has no file in the repo.
    const path = repoPath(f.file, report.root_dir) ?? (f.service ? serviceDirs.get(f.service) : undefined);
    const hash = fingerprint(f, path);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    const region = f.line > 0 ? { startLine: f.line, ...(f.column ? { startColumn: f.column } : {}) } : undefined;
    return {
      ruleId: f.code,
      ruleIndex: index.get(f.code)!,
      level: level(f.severity),
      message: { text: f.endpoint ? `${f.endpoint}: ${f.message}` : f.message },
      ...(path ? { locations: [{ physicalLocation: { artifactLocation: { uri: path, uriBaseId: '%SRCROOT%' }, ...(region ? { region } : {}) } }] } : {}),
      partialFingerprints: { primaryLocationLineHash: `${hash}:${n}` },
      properties: {
        layer: f.layer,
        blocking: f.blocking,
        ...(f.service ? { service: f.service } : {}),
        ...(f.curl ? { reproduce: f.curl } : {}),
      },
    };
  });
  // Blind spots are tool execution notifications: GitHub shows them with the run.
  const notifications = notAnalysedFiles(report).map((f) => {
    const path = repoPath(f.file_path, report.root_dir);
    return {
      level: f.coverage === 'none' ? 'warning' : 'note',
      message: { text: `${f.file_path} not fully analysed by ${f.layer} (${f.coverage}): ${f.reason}` },
      descriptor: { id: `run4/not-analysed/${f.coverage}` },
      ...(path ? { locations: [{ physicalLocation: { artifactLocation: { uri: path, uriBaseId: '%SRCROOT%' } } }] } : {}),
    };
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { ...SARIF_TOOL, rules } },
        automationDetails: { id: 'run4/quality-gate/' },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        columnKind: 'utf16CodeUnits',
        results,
        properties: {
          overall_verdict: report.overall_verdict,
          blocking_violations: report.blocking_violations,
          gating_mode: report.gating_mode ?? 'promotion',
          files_not_analysed: notifications.length,
        },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
