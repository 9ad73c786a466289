import { describe, expect, it } from 'vitest';
import { PipelineStateFileSchema, SEED_PIPELINE_STATES, SeedPipelineStateNameSchema, TransitionEntrySchema } from '../src/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a raw JSON document, planted with defects below
type Json = any;

/** The example of seed 003 section 7.2, as written there. */
const seedExample: Json = {
  pipeline_id: 'uuid',
  prd_path: 'path/to/prd.md',
  config_path: 'config.yaml',
  depth: 'standard',
  current_state: 'builders_running',
  previous_state: 'contracts_registering',
  completed_phases: ['init', 'architect_running', 'architect_review', 'contracts_registering'],
  phase_artifacts: { architect_running: { service_map: 'path', domain_model: 'path' }, contracts_registering: { registry: 'path' } },
  architect_retries: 0,
  max_architect_retries: 2,
  service_map_path: 'path',
  contract_registry_path: 'path',
  domain_model_path: 'path',
  builder_statuses: { 'auth-service': 'building', 'order-service': 'built' },
  builder_costs: { 'auth-service': 15.0, 'order-service': 12.0 },
  builder_results: [{ system_id: '...', service_id: '...', success: true, '...': '...' }],
  total_builders: 3,
  successful_builders: 2,
  services_deployed: ['auth-service', 'order-service'],
  integration_report_path: 'path',
  quality_attempts: 0,
  max_quality_retries: 3,
  last_quality_results: {},
  quality_report_path: 'path',
  total_cost: 45.0,
  phase_costs: { architect_running: 5.0, builders_running: 30.0 },
  budget_limit: null,
  started_at: 'ISO-8601',
  updated_at: 'ISO-8601',
  interrupted: false,
  interrupt_reason: '',
  schema_version: 1,
};

const issuePaths = (raw: Json) => {
  const r = PipelineStateFileSchema.safeParse(raw);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};

describe('SEED_PIPELINE_STATES', () => {
  it('holds the 11 states of seed 004 section 5.1 in pipeline order', () => {
    expect(SEED_PIPELINE_STATES).toEqual(['init', 'architect_running', 'architect_review', 'contracts_registering', 'builders_running', 'builders_complete', 'integrating', 'quality_gate', 'fix_pass', 'complete', 'failed']);
    expect(SeedPipelineStateNameSchema.safeParse('deploying').success).toBe(false);
  });
});

describe('PipelineStateFileSchema (seed 003 section 7.2)', () => {
  it('accepts the seed\'s example', () => {
    expect(PipelineStateFileSchema.parse(seedExample)).toEqual(seedExample);
  });

  it('keeps fields an orchestrator adds, and reads a transition_history when there is one', () => {
    const raw = { ...seedExample, failure_reason: '', transition_history: [{ from: 'init', to: 'architect_running', trigger: 'start_architect', timestamp: 'ISO-8601', by: 'cli' }, { from: 'architect_running', to: 'architect_review' }] };
    const parsed = PipelineStateFileSchema.parse(raw);
    expect(parsed).toEqual(raw);
    expect(parsed.transition_history?.[0]).toMatchObject({ trigger: 'start_architect', by: 'cli' });
  });

  it('accepts an empty previous_state (the first state) and a positive budget_limit', () => {
    expect(issuePaths({ ...seedExample, current_state: 'init', previous_state: '', budget_limit: 0.5 })).toEqual([]);
  });

  it.each(Object.keys(seedExample))('names the missing field %s', (field) => {
    const raw = { ...seedExample };
    delete raw[field];
    expect(issuePaths(raw)).toEqual([field]);
  });

  it.each([
    ['current_state', 'deploying'],
    ['previous_state', 'nowhere'],
    ['pipeline_id', ''],
    ['architect_retries', 1.5],
    ['total_builders', -1],
    ['total_cost', -0.01],
    ['budget_limit', 0],
    ['interrupted', 'false'],
    ['schema_version', '1'],
    ['builder_costs', { 'auth-service': '15' }],
    ['phase_artifacts', { architect_running: 'path' }],
    ['completed_phases', 'init'],
  ])('rejects %s = %j', (field, value) => {
    const paths = issuePaths({ ...seedExample, [field]: value });
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.every((p) => p === field || p.startsWith(`${field}.`))).toBe(true);
  });

  it('rejects a transition entry without its destination, and a history that is not a list', () => {
    expect(TransitionEntrySchema.safeParse({ from: 'init' }).success).toBe(false);
    expect(issuePaths({ ...seedExample, transition_history: [{ from: 'init', to: 'architect_running' }, { from: 'architect_running' }] })).toEqual(['transition_history.1.to']);
    expect(issuePaths({ ...seedExample, transition_history: {} })).toEqual(['transition_history']);
  });
});
