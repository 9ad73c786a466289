import { z } from 'zod';

/**
 * The scan violation the fix loop reads: the quality gate's ScanViolation
 * contract (`code, severity, category, file_path, line, message` plus the
 * Run 4 extras) with an optional `service` (seed 004's ScanViolation field).
 * Severity also accepts the seed's finer grades `critical` and `high`.
 * Unknown fields are kept.
 */
export const FixLoopViolationSchema = z.looseObject({
  code: z.string().regex(/^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$/, 'a scan code such as HEALTH-001'),
  severity: z.enum(['critical', 'high', 'error', 'warning', 'info']),
  category: z.string().default(''),
  file_path: z.string().default(''),
  line: z.number().int().min(0).default(0),
  message: z.string().min(1),
  service: z.string().optional(),
  remediation: z.string().optional(),
  rule_id: z.string().optional(),
});
export type FixLoopViolation = z.infer<typeof FixLoopViolationSchema>;
export type FixLoopViolationInput = z.input<typeof FixLoopViolationSchema>;

/** Codes of contract-compliance violations (Layer 2): SCHEMA-*, PACT-*, CONTRACT-*. */
export function isContractCode(code: string): boolean {
  return /^(SCHEMA|PACT|CONTRACT)-/.test(code);
}

/**
 * Resolve the service a violation belongs to: its `service` field, else the
 * first path segment when it names one of `services` (and strip it from the
 * path so the path is relative to the service's builder directory).
 *
 * @example
 * locateViolation({ code: 'LOG-001', severity: 'warning', category: 'logging', file_path: 'billing-service/src/server.js', line: 3, message: 'print' }, ['billing-service']);
 * // { service: 'billing-service', file: 'src/server.js' }
 */
export function locateViolation(v: FixLoopViolation, services: readonly string[] = []): { service: string | undefined; file: string } {
  const file = v.file_path.replace(/\\/g, '/');
  if (v.service) {
    const prefix = `${v.service}/`;
    return { service: v.service, file: file.startsWith(prefix) ? file.slice(prefix.length) : file };
  }
  const head = file.split('/')[0] ?? '';
  if (services.includes(head)) return { service: head, file: file.slice(head.length + 1) };
  return { service: undefined, file };
}
