import { check, type CheckRecord } from '@run4/checks';
import type { StackProfile } from '@run4/schemas';
import { runDataFlows } from './run-flows.js';
import { resolveVars } from './template.js';

/** Pass counts of the cross-service flow checks, folded into the IntegrationReport. */
export interface FlowCounts {
  total: number;
  passed: number;
}

/**
 * Run the stack profile's cross-service data flows (`sample_app.flows`, in
 * order) against the live services, with the profile's variables resolved;
 * one SKIP naming `profilePath` when it declares none. Returns the flow
 * checks and their pass counts (SKIPs not counted).
 *
 * @example
 * const { checks, counts } = await runProfileFlows(profile, { urls: { 'billing-api': 'http://127.0.0.1:8080' }, signal, profilePath: 'stack.yaml' });
 */
export async function runProfileFlows(profile: Pick<StackProfile, 'sample_app'>, options: { urls: Record<string, string>; signal: AbortSignal; profilePath: string }): Promise<{ checks: CheckRecord[]; counts: FlowCounts }> {
  const flows = profile.sample_app.flows.length
    ? await runDataFlows(profile.sample_app.flows, { urls: options.urls, vars: resolveVars(profile.sample_app.vars), signal: options.signal })
    : [check('m4.flow', 'cross-service data flows', 'SKIP', `the stack profile declares no data flow (sample_app.flows in ${options.profilePath})`, ['R4-M4-006'])];
  const ran = flows.filter((c) => c.status !== 'SKIP');
  return { checks: flows, counts: { total: ran.length, passed: ran.filter((c) => c.status === 'PASS').length } };
}
