import { z } from 'zod';

/**
 * Severity of a scan violation as reported by the gate (cross-team contract).
 * The seed's finer grades (critical, high) map onto `error`; see {@link toScanSeverity}.
 */
export const ScanSeveritySchema = z.enum(['error', 'warning', 'info']);
export type ScanSeverity = z.infer<typeof ScanSeveritySchema>;

/** The severity grades used in seed 004 section 6.4's tables. */
export const SeedSeveritySchema = z.enum(['critical', 'high', 'error', 'warning', 'info']);
export type SeedSeverity = z.infer<typeof SeedSeveritySchema>;

/** Categories of scan codes (seed 004 section 6.4's seven categories plus Layer 4's adversarial). */
export const ScanCategorySchema = z.enum([
  'security',
  'cors',
  'logging',
  'trace',
  'secrets',
  'docker',
  'health',
  'adversarial',
]);
export type ScanCategory = z.infer<typeof ScanCategorySchema>;

/**
 * One quality gate scan violation (seed 004 `ScanViolation`) plus the Run 4 extras
 * `column`, `rule_id`, `remediation` and `snippet`. A snippet never holds a secret value:
 * secrets are redacted to a short prefix followed by `…`.
 */
export const ScanViolationSchema = z
  .object({
    code: z.string().regex(/^[A-Z]+(?:-[A-Z]+)*-\d{3}$/, 'a scan code such as SEC-001 or SEC-SECRET-004'),
    severity: ScanSeveritySchema,
    category: ScanCategorySchema,
    /** Path relative to the scanned root, with forward slashes; '' when not tied to a file. */
    file_path: z.string(),
    /** 1-based line; 0 when unknown. */
    line: z.number().int().min(0),
    message: z.string().min(1),
    /** Service the file belongs to (seed field), when known. */
    service: z.string().optional(),
    /** 1-based column, when known. */
    column: z.number().int().min(1).optional(),
    /** Stable rule identifier (for SARIF), e.g. `run4/SEC-SECRET-007`. */
    rule_id: z.string().optional(),
    remediation: z.string().optional(),
    /** The offending source line, trimmed, with secret values redacted. */
    snippet: z.string().optional(),
  })
  .strict();
export type ScanViolation = z.infer<typeof ScanViolationSchema>;

/**
 * Map a seed severity grade onto the gate's three severities.
 *
 * @example
 * toScanSeverity('critical'); // 'error'
 * toScanSeverity('warning');  // 'warning'
 */
export function toScanSeverity(seed: SeedSeverity): ScanSeverity {
  if (seed === 'critical' || seed === 'high' || seed === 'error') return 'error';
  return seed;
}

/**
 * SARIF `security-severity` score (GitHub code scanning scale 0.0-10.0) for a seed severity.
 *
 * @example
 * securitySeverityScore('critical'); // '9.5'
 */
export function securitySeverityScore(seed: SeedSeverity): string {
  const scores: Record<SeedSeverity, string> = {
    critical: '9.5',
    high: '8.0',
    error: '7.0',
    warning: '4.0',
    info: '1.0',
  };
  return scores[seed];
}
