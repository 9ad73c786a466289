import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { check } from '@run4/checks';
import type { PipelineStateFile, StackProfile } from '@run4/schemas';
import { afterAll, describe, expect, it } from 'vitest';
import { build3Layout, build3TemplateValues, checkBuild3Contracts, followBuild3State, orchestrateBuild3, type OrchestrateBuild3Options } from '../../src/index.js';
import { FIXTURES, removeTempDirs, tempDir } from '../helpers.js';
import { pipelineState } from './helpers.js';

afterAll(removeTempDirs);

const builderState = (success: boolean) => JSON.stringify({ total_cost: 0.25, health: 'passed', completed_phases: ['generate'], summary: { success, test_passed: 9, test_total: 10, convergence_ratio: 0.9 } });

/** A prepared Build 3 output tree: the final state and each builder's own STATE.json (`ok` per service). */
async function prepared(ok: Record<string, boolean>, state: Partial<PipelineStateFile> = {}): Promise<string> {
  const src = await tempDir('b3src-');
  for (const [service, success] of Object.entries(ok)) {
    mkdirSync(join(src, 'builders', service, '.agent-team'), { recursive: true });
    writeFileSync(join(src, 'builders', service, '.agent-team', 'STATE.json'), builderState(success));
  }
  mkdirSync(join(src, '.super-orchestrator'), { recursive: true });
  const services = Object.keys(ok);
  writeFileSync(join(src, '.super-orchestrator', 'PIPELINE_STATE.json'), JSON.stringify(pipelineState({
    builder_statuses: Object.fromEntries(services.map((s) => [s, ok[s] ? 'built' : 'failed'])),
    builder_costs: Object.fromEntries(services.map((s) => [s, 0.25])),
    builder_results: services.map((s) => ({ service_id: s, output_dir: `builders/${s}` })),
    total_cost: 0.25 * services.length,
    ...state,
  })));
  return src;
}

async function options(src: string, overrides: Partial<OrchestrateBuild3Options> = {}): Promise<OrchestrateBuild3Options> {
  const layout = build3Layout(await tempDir('b3work-'), '.super-orchestrator/PIPELINE_STATE.json');
  return {
    layout, values: { stack: '/stack', plant_target: '' },
    build3: { command: `${process.execPath} ${join(FIXTURES, 'copy-orchestrator.mjs')} ${src} -c {config} -o {output}`, config: { output: '{output}' } },
    prd: 'prd.md', maxConcurrent: 3, timeoutMs: 60_000, signal: new AbortController().signal, plant: [], idPrefix: 'x',
    onCommand: () => undefined, onState: () => undefined,
    listContracts: async () => ({ body: { items: [{ service_name: 'svc-a', type: 'openapi' }, { service_name: 'svc-b' }, { service_name: 'svc-c' }] } }),
    checkReports: () => [check('x.reports', 'reports', 'PASS', 'ok')], checkCompose: async () => [], checkPlanted: () => check('x.planted', 'planted', 'PASS', 'ok'),
    ...overrides,
  };
}

const SLOW = { timeout: 120_000 };

describe('orchestrateBuild3', SLOW, () => {
  it('runs Build 3, judges its builders by their own STATE.json, writes its files and passes the gate', async () => {
    const o = await options(await prepared({ 'svc-a': true, 'svc-b': true, 'svc-c': false }));
    const r = await orchestrateBuild3(o);
    const byId = Object.fromEntries(r.checks.map((c) => [c.id, c]));
    expect(byId['x.build3.complete']!.status).toBe('PASS');
    expect(byId['x.build3.contracts']!.status).toBe('PASS');
    expect(byId['x.build3.builders']).toMatchObject({ status: 'PASS' });
    expect(byId['x.build3.builders']!.evidence).toContain('2/3 succeeded (gate >= 2)');
    expect(byId['x.reports']!.status).toBe('PASS');
    expect(r.gateFailed).toBeUndefined();
    expect(r.data).toMatchObject({ end_state: 'complete', pipeline_id: 'pipe-1' });
    for (const f of ['build3_run.json', 'builder_results.json', 'build3.values.json', 'build3.config.yaml']) expect(existsSync(join(o.layout.workDir, f)), f).toBe(true);
    expect(JSON.parse(readFileSync(join(o.layout.workDir, 'builder_results.json'), 'utf8'))).toMatchObject({ total: 3, succeeded: 2 });
  });

  it('fails its gate when fewer than two thirds of the builders succeeded by their own STATE.json', async () => {
    const r = await orchestrateBuild3(await options(await prepared({ 'svc-a': true, 'svc-b': false, 'svc-c': false })));
    const builders = r.checks.find((c) => c.id === 'x.build3.builders')!;
    expect(builders.status).toBe('FAIL');
    expect(r.gateFailed).toBe(builders.evidence);
  });

  it('FAILs the planted check when no Build 2 invocation carried the plant arguments', async () => {
    const o = await options(await prepared({ 'svc-a': true }));
    const r = await orchestrateBuild3({ ...o, values: { stack: '/stack', plant_target: 'svc-a' }, plant: ['HEALTH-001'] });
    expect(r.checks.find((c) => c.id === 'x.build3.planted')).toMatchObject({ status: 'FAIL' });
  });
});

describe('checkBuild3Contracts', () => {
  it('FAILs a planned service with no OpenAPI contract listed, an empty plan, and a listing error', async () => {
    expect((await checkBuild3Contracts(['a', 'b'], async () => ({ body: [{ service_name: 'a' }, { service_name: 'b', type: 'asyncapi' }] }), 'x')).evidence).toContain('no OpenAPI contract stored for b');
    expect((await checkBuild3Contracts([], async () => ({ body: [] }), 'x')).status).toBe('FAIL');
    expect(await checkBuild3Contracts(['a'], async () => ({ error: 'list_contracts: timeout' }), 'x')).toMatchObject({ status: 'FAIL', evidence: 'list_contracts: timeout' });
    expect((await checkBuild3Contracts(['a'], async () => ({ body: { items: [{ service_name: 'a' }] } }), 'x')).status).toBe('PASS');
  });
});

describe('build3TemplateValues and followBuild3State', () => {
  const profile = { build2: { plant_option: '--plant {codes}' }, sample_app: {}, services: { environment: { A: '${X}' } }, compose: { build_args: {} } } as unknown as StackProfile;
  const settings = { mcp_config_path: '/m.json', builder_command: 'node b.js', builder_depth: 'quick', max_concurrent_builders: 3, builder_timeout_s: 60, max_fix_passes: 5, stack_profile: '/stack/run4.stack.yaml' };

  it('plants in the first planned service when the profile names no target, and expands profile values', () => {
    const v = build3TemplateValues({ settings, profile, layout: build3Layout('/w', 'PIPELINE_STATE.json'), plant: ['LOG-001'], backend: 'process', contractEngineUrl: 'http://ce', plannedServices: ['p', 'q'], expand: (s, where) => `${where}=${s}` });
    expect(v).toMatchObject({ plant_target: 'p', stack: '/stack', max_fix_retries: 1, service_environment: { A: 'services.environment.A=${X}' }, output: '/w/build3' });
    expect(String(v.builder_command)).toContain('--plant-service p');
    const none = build3TemplateValues({ settings, profile, layout: build3Layout('/w', 'PIPELINE_STATE.json'), plant: [], backend: 'process', contractEngineUrl: '', plannedServices: ['p'], expand: (s) => s });
    expect(none.plant_target).toBe('');
  });

  it('reports each new state once and maps builder statuses onto the live view', () => {
    const lines: string[] = [];
    const rows: string[] = [];
    const follow = followBuild3State({ info: (l) => void lines.push(l), detail: () => undefined, builder: (s, shown) => void rows.push(`${s}:${shown}`) });
    follow(pipelineState({ current_state: 'builders_running', builder_statuses: { a: 'queued', b: 'running' }, total_cost: 0 }));
    follow(pipelineState({ current_state: 'builders_running', builder_statuses: { a: 'failed', b: 'running' }, total_cost: 0 }));
    expect(lines).toEqual(['build3: start -> builders_running']);
    expect(rows).toEqual(['a:pending', 'b:running', 'a:failed']);
  });
});
