import { check, type CheckRecord } from '@run4/checks';
import type { DataFlow } from '@run4/schemas';
import { runSteps, type StepEnvironment } from './run-steps.js';

/**
 * Run the stack profile's cross-service data flows against the live
 * services, in order, sharing variables: one check record per flow
 * (`m4.flow.<id>`), FAIL with the first failing step and what it saw. A
 * flow whose input an earlier flow did not produce fails naming the
 * missing variable; nothing is skipped silently.
 *
 * @example
 * const checks = await runDataFlows(profile.sample_app.flows, { urls, vars: resolveVars(profile.sample_app.vars) });
 */
export async function runDataFlows(flows: readonly DataFlow[], env: StepEnvironment): Promise<CheckRecord[]> {
  const checks: CheckRecord[] = [];
  for (const flow of flows) {
    const out = await runSteps(flow.steps, env);
    checks.push(check(`m4.flow.${flow.id}`, flow.name, out.ok ? 'PASS' : 'FAIL', out.evidence.join('; '), flow.requirement_ids, out.ms));
  }
  return checks;
}
