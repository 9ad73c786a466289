import { resolve } from 'node:path';
import type { BuilderResult } from '../builder-result.js';
import type { BuilderStateError } from '../errors.js';
import { parseBuilderState } from '../builder-state.js';
import { failedBuilderResult, listArtifacts } from '../run-builder.js';

/**
 * The {@link BuilderResult} of a builder someone else ran (a Build 3), read
 * by Run 4 from the builder's own STATE.json in `dir`: the seed fields come
 * from the file, never from what the orchestrator says about it; the
 * process fields are unknown (null / empty).
 *
 * @example
 * const r = await observeBuilderResult('accounts-api', '/out/.super-orchestrator/builders/accounts-api');
 * r.success; r.test_passed; r.cost;
 */
export async function observeBuilderResult(serviceId: string, dir: string): Promise<BuilderResult> {
  const abs = resolve(dir);
  try {
    const state = await parseBuilderState(abs);
    const ok = state.summary.success;
    const base = failedBuilderResult({ service_id: serviceId, dir: abs }, 'reported_failure', '');
    return {
      ...base,
      success: ok,
      failure: ok ? null : 'reported_failure',
      error: ok ? '' : `builder ${serviceId} reported summary.success=false (health ${state.health}, tests ${state.summary.test_passed}/${state.summary.test_total})`,
      cost: state.total_cost,
      test_passed: state.summary.test_passed,
      test_total: state.summary.test_total,
      convergence_ratio: state.summary.convergence_ratio,
      artifacts: await listArtifacts(abs),
      health: state.health,
      completed_phases: state.completed_phases,
    };
  } catch (error) {
    const e = error as BuilderStateError;
    return failedBuilderResult({ service_id: serviceId, dir: abs }, e.reason === 'missing' ? 'state_missing' : 'state_invalid', `builder ${serviceId}: ${e.message}`);
  }
}
