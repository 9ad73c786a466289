import type { ServiceModel } from '../model/service-model.js';
import type { RunState } from '../state.js';
import type { TestRun } from './run-tests.js';

type Health = RunState['health'];

const healthOf = (good: number, bad: number, total: number): Health => (total === 0 ? 'unknown' : bad === 0 && good === total ? 'passed' : good > 0 ? 'partial' : 'failed');

/**
 * Compute the seed's contract_report, endpoint_test_report and summary from
 * the contract model, the set of implemented operations and the test run.
 *
 * @example
 * const reports = computeReports(model, new Set(['POST /orders']), run);
 */
export function computeReports(
  model: ServiceModel,
  implemented: ReadonlySet<string>,
  run: TestRun,
): Pick<RunState, 'contract_report' | 'endpoint_test_report' | 'summary'> {
  const openapiIds = new Set(model.service.contracts.filter((c) => c.kind === 'openapi').map((c) => c.id));
  const endpoints = model.operations.filter((op) => op.contract !== null && openapiIds.has(op.contract));
  const byTarget = new Map<string, TestRun['results']>();
  for (const r of run.results) if (r.target) byTarget.set(r.target, [...(byTarget.get(r.target) ?? []), r]);
  const tested = endpoints.filter((op) => (byTarget.get(op.key)?.length ?? 0) > 0);
  const passedEndpoints = tested.filter((op) => byTarget.get(op.key)?.every((r) => r.status === 'pass'));
  const untested = endpoints.filter((op) => !tested.includes(op)).map((op) => op.key);
  const endpoint_test_report = {
    total_endpoints: endpoints.length,
    tested_endpoints: tested.length,
    passed_endpoints: passedEndpoints.length,
    failed_endpoints: tested.length - passedEndpoints.length,
    untested_contracts: untested,
    health: untested.length > 0 && tested.length === passedEndpoints.length && tested.length > 0 ? 'partial' : healthOf(passedEndpoints.length, tested.length - passedEndpoints.length, endpoints.length),
  } satisfies RunState['endpoint_test_report'];

  const violations: RunState['contract_report']['violations'] = [];
  const verified: string[] = [];
  const violated: string[] = [];
  let missing = 0;
  for (const contract of model.service.contracts) {
    let targets: string[];
    if (contract.kind === 'openapi') {
      const ops = endpoints.filter((op) => op.contract === contract.id);
      missing += ops.filter((op) => !implemented.has(op.key)).length;
      targets = ops.map((op) => op.key);
    } else {
      targets = [
        ...model.service.events.publish.map((e) => `event ${e.name}`),
        ...model.operations.filter((op) => op.behaviour === 'ingest-event').map((op) => op.key),
      ];
    }
    const results = targets.flatMap((t) => byTarget.get(t) ?? []);
    const failures = results.filter((r) => r.status === 'fail');
    for (const f of failures) violations.push({ contract_id: contract.id, target: f.target ?? '', test: f.name, message: f.error ?? 'test failed' });
    const complete = contract.kind === 'openapi' ? targets.every((t) => implemented.has(t) && (byTarget.get(t)?.length ?? 0) > 0) : results.length > 0;
    if (failures.length > 0) violated.push(contract.id);
    else if (complete) verified.push(contract.id);
  }
  const total = model.service.contracts.length;
  const contract_report = {
    total_contracts: total,
    verified_contracts: verified.length,
    violated_contracts: violated.length,
    missing_implementations: missing,
    violations,
    health: violated.length === 0 && missing === 0 && verified.length === total ? 'passed' : verified.length > 0 ? 'partial' : 'failed',
    verified_contract_ids: verified,
    violated_contract_ids: violated,
  } satisfies RunState['contract_report'];

  const summary = {
    success: run.total > 0 && run.passed === run.total && !run.timedOut,
    test_passed: run.passed,
    test_total: run.total,
    convergence_ratio: run.total > 0 ? Math.round((run.passed / run.total) * 10_000) / 10_000 : 0,
  };
  return { contract_report, endpoint_test_report, summary };
}

/**
 * The top-level `health`: failed when tests fail, passed when everything holds, else partial.
 *
 * @example
 * overallHealth({ ...computeReports(model, implemented, run), health_gate: { ran: false, passed: false, detail: '' } });
 */
export function overallHealth(state: Pick<RunState, 'summary' | 'contract_report' | 'endpoint_test_report' | 'health_gate'>): Health {
  if (!state.summary.success) return 'failed';
  const gateOk = !state.health_gate.ran || state.health_gate.passed;
  return state.contract_report.health === 'passed' && state.endpoint_test_report.health === 'passed' && gateOk ? 'passed' : 'partial';
}
