import { existsSync, readFileSync } from 'node:fs';
import type { SuperOrchestratorConfig } from '../config/config-schema.js';
import type { PipelineState } from '../state/pipeline-state.js';
import { type GuardName, isTerminal } from '../state-machine/states.js';

/** Seed 004 section 5.3: a PRD must hold more than this many characters. */
export const MIN_PRD_CHARS = 100;

/** The facts the guards read besides the state. */
export interface GuardFacts {
  config: SuperOrchestratorConfig | null;
  /** The user asked for a retry (`verify` on a failed pipeline). */
  manualRetry: boolean;
}

function isFile(path: string): boolean {
  return path !== '' && existsSync(path);
}

/** CONTRACTS.json with at least one contract, every one valid. */
function registryValid(path: string): boolean {
  if (!isFile(path)) return false;
  try {
    const registry = JSON.parse(readFileSync(path, 'utf8')) as { contracts?: { valid?: boolean }[] };
    return Array.isArray(registry.contracts) && registry.contracts.length > 0 && registry.contracts.every((c) => c.valid === true);
  } catch {
    return false;
  }
}

function prdLength(path: string): number {
  try {
    return readFileSync(path, 'utf8').trim().length;
  } catch {
    return 0;
  }
}

/**
 * Evaluate one guard of seed 004 section 5.3 against the state and facts.
 * File guards check the files really exist (seed risk 7: "re-checks actual
 * file existence, not just state flags").
 *
 * @example
 * evaluateGuard('at_least_one_builder_succeeded', state, { config, manualRetry: false }); // state.successful_builders >= 1
 */
export function evaluateGuard(guard: GuardName, state: PipelineState, facts: GuardFacts): boolean {
  switch (guard) {
    case 'has_valid_prd':
      return prdLength(state.prd_path) > MIN_PRD_CHARS;
    case 'has_valid_config':
      return facts.config !== null;
    case 'architect_outputs_exist':
      return isFile(state.service_map_path) && isFile(state.contract_registry_path);
    case 'review_approved':
      return state.architect_review_verdict === 'approved';
    case 'retries_remaining':
      return state.architect_retries < state.max_architect_retries;
    case 'contracts_valid':
      return registryValid(state.contract_registry_path);
    case 'at_least_one_builder_succeeded':
      return state.successful_builders >= 1;
    case 'integration_report_exists':
      return isFile(state.integration_report_path);
    case 'all_layers_passed':
      // No layer failed: Layer 4 is advisory and a "partial" layer proceeds with warnings (seed 004 section 6.6).
      return ['passed', 'partial'].includes(state.last_quality_results.overall_verdict ?? '') && isFile(state.quality_report_path);
    case 'fix_retries_remaining':
      return state.quality_attempts < state.max_quality_retries;
    case 'is_not_terminal':
      return !isTerminal(state.current_state);
    case 'manual_retry_requested':
      return facts.manualRetry;
  }
}
