import { redactTokens } from '../layer3/secret-values.js';
import type { QualityGateReport } from './report-schema.js';

function redactDeep(value: unknown): unknown {
  if (typeof value === 'string') return redactTokens(value);
  if (Array.isArray(value)) return value.map(redactDeep);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[redactTokens(k)] = redactDeep(v);
    return out;
  }
  return value;
}

/**
 * Redact value-shaped secrets (AWS key ids, GitHub/GitLab/Slack/Stripe/SendGrid
 * tokens, JWTs) from every string of a report: file paths, snippets,
 * messages, check evidence, curl commands. The last line of defence
 * before a report is rendered; Layer 3 has already redacted every secret
 * value it found, in every finding.
 *
 * @example
 * redactReportSecrets(report).layers.layer3_system.violations[0].file_path; // 'keys/AKIA….pem'
 */
export function redactReportSecrets(report: QualityGateReport): QualityGateReport {
  return redactDeep(report) as QualityGateReport;
}
