import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SuperOrchestratorConfigSchema } from '../../src/config/config-schema.js';
import { evaluateGuard } from '../../src/pipeline/guards.js';
import { atomicWriteJson } from '../../src/state/state-store.js';
import { fakePipeline } from '../helpers/fake-pipeline.js';

const config = SuperOrchestratorConfigSchema.parse({});

describe('guards of seed 004 section 5.3', () => {
  it('has_valid_prd needs a PRD over 100 characters', () => {
    const { state, dir } = fakePipeline();
    expect(evaluateGuard('has_valid_prd', state, { config, manualRetry: false })).toBe(true);
    writeFileSync(state.prd_path, 'too short');
    expect(evaluateGuard('has_valid_prd', state, { config, manualRetry: false })).toBe(false);
    state.prd_path = join(dir, 'missing.md');
    expect(evaluateGuard('has_valid_prd', state, { config, manualRetry: false })).toBe(false);
  });

  it('has_valid_config needs a config', () => {
    const { state } = fakePipeline();
    expect(evaluateGuard('has_valid_config', state, { config, manualRetry: false })).toBe(true);
    expect(evaluateGuard('has_valid_config', state, { config: null, manualRetry: false })).toBe(false);
  });

  it('architect_outputs_exist checks both files on disk, not just the paths', () => {
    const { state, dir } = fakePipeline();
    state.service_map_path = join(dir, 'ServiceMap.yaml');
    state.contract_registry_path = join(dir, 'index.json');
    expect(evaluateGuard('architect_outputs_exist', state, { config, manualRetry: false })).toBe(false);
    writeFileSync(state.service_map_path, 'services: []');
    expect(evaluateGuard('architect_outputs_exist', state, { config, manualRetry: false })).toBe(false);
    writeFileSync(state.contract_registry_path, '{}');
    expect(evaluateGuard('architect_outputs_exist', state, { config, manualRetry: false })).toBe(true);
  });

  it('review_approved, retries_remaining, fix_retries_remaining, at_least_one_builder_succeeded read the state', () => {
    const { state } = fakePipeline();
    const f = { config, manualRetry: false };
    expect(evaluateGuard('review_approved', state, f)).toBe(false);
    state.architect_review_verdict = 'approved';
    expect(evaluateGuard('review_approved', state, f)).toBe(true);
    state.architect_retries = 2;
    expect(evaluateGuard('retries_remaining', state, f)).toBe(false);
    state.architect_retries = 1;
    expect(evaluateGuard('retries_remaining', state, f)).toBe(true);
    state.quality_attempts = 3;
    expect(evaluateGuard('fix_retries_remaining', state, f)).toBe(false);
    state.quality_attempts = 2;
    expect(evaluateGuard('fix_retries_remaining', state, f)).toBe(true);
    expect(evaluateGuard('at_least_one_builder_succeeded', state, f)).toBe(false);
    state.successful_builders = 1;
    expect(evaluateGuard('at_least_one_builder_succeeded', state, f)).toBe(true);
  });

  it('contracts_valid needs a registry whose every contract is valid', () => {
    const { state, dir } = fakePipeline();
    const f = { config, manualRetry: false };
    state.contract_registry_path = join(dir, 'CONTRACTS.json');
    expect(evaluateGuard('contracts_valid', state, f)).toBe(false);
    atomicWriteJson(state.contract_registry_path, { contracts: [{ id: 'a', valid: true }, { id: 'b', valid: false }] });
    expect(evaluateGuard('contracts_valid', state, f)).toBe(false);
    atomicWriteJson(state.contract_registry_path, { contracts: [] });
    expect(evaluateGuard('contracts_valid', state, f)).toBe(false);
    atomicWriteJson(state.contract_registry_path, { contracts: [{ id: 'a', valid: true }] });
    expect(evaluateGuard('contracts_valid', state, f)).toBe(true);
  });

  it('integration_report_exists and all_layers_passed check the report files', () => {
    const { state, dir } = fakePipeline();
    const f = { config, manualRetry: false };
    state.integration_report_path = join(dir, 'integration_report.json');
    expect(evaluateGuard('integration_report_exists', state, f)).toBe(false);
    writeFileSync(state.integration_report_path, '{}');
    expect(evaluateGuard('integration_report_exists', state, f)).toBe(true);
    state.quality_report_path = join(dir, 'quality_gate_report.json');
    state.last_quality_results = { overall_verdict: 'passed' };
    expect(evaluateGuard('all_layers_passed', state, f)).toBe(false); // no report file
    writeFileSync(state.quality_report_path, '{}');
    expect(evaluateGuard('all_layers_passed', state, f)).toBe(true);
    state.last_quality_results = { overall_verdict: 'partial' };
    expect(evaluateGuard('all_layers_passed', state, f)).toBe(true);
    state.last_quality_results = { overall_verdict: 'failed' };
    expect(evaluateGuard('all_layers_passed', state, f)).toBe(false);
    state.last_quality_results = { overall_verdict: 'skipped' };
    expect(evaluateGuard('all_layers_passed', state, f)).toBe(false);
  });

  it('is_not_terminal and manual_retry_requested', () => {
    const { state } = fakePipeline();
    expect(evaluateGuard('is_not_terminal', state, { config, manualRetry: false })).toBe(true);
    state.current_state = 'failed';
    expect(evaluateGuard('is_not_terminal', state, { config, manualRetry: false })).toBe(false);
    state.current_state = 'complete';
    expect(evaluateGuard('is_not_terminal', state, { config, manualRetry: false })).toBe(false);
    expect(evaluateGuard('manual_retry_requested', state, { config, manualRetry: false })).toBe(false);
    expect(evaluateGuard('manual_retry_requested', state, { config, manualRetry: true })).toBe(true);
  });
});
