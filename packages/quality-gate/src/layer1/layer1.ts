import { check, type CheckRecord } from '@run4/checks';
import { z } from 'zod';

/**
 * The BuilderResult fields Layer 1 reads (seed 004 section 3.1). Extra
 * fields (such as @run4/builder-runner's process evidence) pass through.
 */
export const Layer1BuilderResultSchema = z
  .object({
    system_id: z.string().default(''),
    service_id: z.string().min(1),
    success: z.boolean(),
    error: z.string().default(''),
    output_dir: z.string().default(''),
    test_passed: z.number().int().min(0),
    test_total: z.number().int().min(0),
    convergence_ratio: z.number().min(0),
  })
  .passthrough();
export type Layer1BuilderResult = z.infer<typeof Layer1BuilderResultSchema>;

/** Seed 004 section 6.2 thresholds. */
export const LAYER1_THRESHOLDS = { testPassRate: 0.9, convergence: 0.9 } as const;

/** Layer 1 verdict for one service. */
export interface Layer1ServiceResult {
  service_id: string;
  passed: boolean;
  /** Why it failed, one entry per failed condition. */
  reasons: string[];
  test_pass_rate: number | null;
  convergence_ratio: number;
}

/** Result of Layer 1 over all builder results. */
export interface Layer1Result {
  services: Layer1ServiceResult[];
  passed: string[];
  failed: string[];
  total_checks: number;
  passed_checks: number;
  checks: CheckRecord[];
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(3);
}

/**
 * Layer 1 (seed 004 section 6.2): a service passes when its builder
 * succeeded, its test pass rate is at least 0.9 and its convergence ratio
 * at least 0.9. A service with no tests has no pass rate and fails. Each
 * condition is one check record (X-09, R4-M4-007).
 *
 * @example
 * const l1 = evaluateLayer1([{ service_id: 'accounts-service', success: true, test_passed: 9, test_total: 10, convergence_ratio: 0.95 }]);
 * l1.passed; // ['accounts-service']
 */
export function evaluateLayer1(builderResults: readonly unknown[]): Layer1Result {
  const services: Layer1ServiceResult[] = [];
  const checks: CheckRecord[] = [];
  const req = ['X-09', 'R4-M4-007'];
  for (const [index, raw] of builderResults.entries()) {
    const parsed = Layer1BuilderResultSchema.safeParse(raw);
    if (!parsed.success) {
      const id = (raw as { service_id?: unknown } | null)?.service_id;
      const name = typeof id === 'string' && id ? id : `builder-result-${index}`;
      const why = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      services.push({ service_id: name, passed: false, reasons: [`BuilderResult is malformed (${why})`], test_pass_rate: null, convergence_ratio: 0 });
      checks.push(check(`l1.${name}.result`, `${name}: BuilderResult readable`, 'FAIL', why, req));
      continue;
    }
    const r = parsed.data;
    const reasons: string[] = [];
    const rate = r.test_total > 0 ? r.test_passed / r.test_total : null;
    const buildOk = r.success;
    const rateOk = rate !== null && rate >= LAYER1_THRESHOLDS.testPassRate;
    const convOk = r.convergence_ratio >= LAYER1_THRESHOLDS.convergence;
    if (!buildOk) reasons.push(`build failed${r.error ? `: ${r.error}` : ''}`);
    if (!rateOk) reasons.push(rate === null ? 'no tests reported (test_total = 0)' : `test pass rate ${fmt(rate)} < ${LAYER1_THRESHOLDS.testPassRate}`);
    if (!convOk) reasons.push(`convergence ${fmt(r.convergence_ratio)} < ${LAYER1_THRESHOLDS.convergence}`);
    services.push({ service_id: r.service_id, passed: reasons.length === 0, reasons, test_pass_rate: rate, convergence_ratio: r.convergence_ratio });
    const s = r.service_id;
    checks.push(check(`l1.${s}.build`, `${s}: build success`, buildOk ? 'PASS' : 'FAIL', buildOk ? 'success=true' : `success=false${r.error ? `: ${r.error}` : ''}`, req));
    checks.push(
      check(`l1.${s}.test-pass-rate`, `${s}: test pass rate >= 0.9`, rateOk ? 'PASS' : 'FAIL', `${r.test_passed}/${r.test_total}${rate === null ? ' (no tests)' : ` = ${fmt(rate)}`}`, req, 0, {
        test_passed: r.test_passed,
        test_total: r.test_total,
      }),
    );
    checks.push(check(`l1.${s}.convergence`, `${s}: convergence >= 0.9`, convOk ? 'PASS' : 'FAIL', `convergence_ratio=${fmt(r.convergence_ratio)}`, req));
  }
  return {
    services,
    passed: services.filter((s) => s.passed).map((s) => s.service_id),
    failed: services.filter((s) => !s.passed).map((s) => s.service_id),
    total_checks: checks.length,
    passed_checks: checks.filter((c) => c.status === 'PASS').length,
    checks,
  };
}
