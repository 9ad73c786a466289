import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OrchestratorInputError } from '../../src/errors.js';
import { createPipelineState, PipelineStateSchema } from '../../src/state/pipeline-state.js';
import { loadState, saveState, stateFilePath } from '../../src/state/state-store.js';
import { fakePipeline } from '../helpers/fake-pipeline.js';

/** Every field name of seed 003 section 7.2. */
const SEED_FIELDS = [
  'pipeline_id', 'prd_path', 'config_path', 'depth', 'current_state', 'previous_state', 'completed_phases', 'phase_artifacts',
  'architect_retries', 'max_architect_retries', 'service_map_path', 'contract_registry_path', 'domain_model_path',
  'builder_statuses', 'builder_costs', 'builder_results', 'total_builders', 'successful_builders', 'services_deployed',
  'integration_report_path', 'quality_attempts', 'max_quality_retries', 'last_quality_results', 'quality_report_path',
  'total_cost', 'phase_costs', 'budget_limit', 'started_at', 'updated_at', 'interrupted', 'interrupt_reason', 'schema_version',
];

describe('PIPELINE_STATE.json', () => {
  it('has every field of seed 003 section 7.2 with the seed names', () => {
    const state = createPipelineState({ prd_path: '/x/PRD.md', config_path: '', depth: 'standard', state_dir: '/x' });
    for (const field of SEED_FIELDS) expect(Object.keys(state)).toContain(field);
    expect(Object.keys(PipelineStateSchema.shape)).toEqual(expect.arrayContaining(SEED_FIELDS));
    expect(state.pipeline_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(state).toMatchObject({ current_state: 'init', previous_state: '', schema_version: 1, max_architect_retries: 2, max_quality_retries: 3, budget_limit: null });
  });

  it('save/load round trip preserves all fields (B3-08)', () => {
    const { state, dir } = fakePipeline();
    Object.assign(state, {
      current_state: 'builders_running',
      previous_state: 'contracts_registering',
      completed_phases: ['init', 'architect_running', 'architect_review', 'contracts_registering'],
      phase_artifacts: { architect_running: { service_map: '/s.yaml' } },
      builder_statuses: { 'a-service': 'building', 'b-service': 'built' },
      builder_costs: { 'b-service': 12 },
      builder_results: [{ system_id: 'b-service', service_id: 'b-service', success: true, cost: 12 }],
      successful_builders: 1,
      total_builders: 2,
      phase_costs: { builders_running: 12 },
      total_cost: 12,
      budget_limit: 50,
      interrupted: true,
      interrupt_reason: 'SIGINT received during builders_running',
      transition_history: [{ from: 'init', to: 'architect_running', trigger: 'start_architect', timestamp: new Date().toISOString() }],
    });
    saveState(state);
    const loaded = loadState(dir);
    expect(loaded).toEqual(state);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a state that breaks the schema before writing anything', () => {
    const { state, dir } = fakePipeline();
    saveState(state);
    const before = readFileSync(stateFilePath(dir), 'utf8');
    (state as { current_state: string }).current_state = 'flying';
    expect(() => saveState(state)).toThrow();
    expect(readFileSync(stateFilePath(dir), 'utf8')).toBe(before);
  });

  it('a corrupt or invalid file is bad input naming the file and field', () => {
    const { dir } = fakePipeline();
    writeFileSync(join(dir, 'PIPELINE_STATE.json'), '{"pipeline_id": ');
    expect(() => loadState(dir)).toThrow(OrchestratorInputError);
    writeFileSync(join(dir, 'PIPELINE_STATE.json'), JSON.stringify({ pipeline_id: 'x' }));
    expect(() => loadState(dir)).toThrow(/PIPELINE_STATE\.json: field "prd_path" is invalid/);
  });

  it('no file means no pipeline', () => {
    expect(loadState('/nonexistent-dir-so')).toBeNull();
  });
});
