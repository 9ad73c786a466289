import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BuilderStateError, parseBuilderState, parseBuilderStateText, validateBuilderState } from '../src/index.js';
import { removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const valid = {
  total_cost: 1.5,
  health: 'passed',
  completed_phases: ['architect', 'code'],
  contract_report: {
    total_contracts: 2,
    verified_contracts: 2,
    violated_contracts: 0,
    missing_implementations: 0,
    violations: [],
    health: 'passed',
    verified_contract_ids: ['a', 'b'],
    violated_contract_ids: [],
  },
  endpoint_test_report: { total_endpoints: 3, tested_endpoints: 3, passed_endpoints: 3, failed_endpoints: 0, untested_contracts: [], health: 'passed' },
  registered_artifacts: [],
  agent_teams_active: false,
  summary: { success: true, test_passed: 150, test_total: 160, convergence_ratio: 0.95 },
  extra_field_from_newer_builder: { kept: true },
};

async function writeState(content: string): Promise<string> {
  const dir = await tempDir();
  await mkdir(join(dir, '.agent-team'), { recursive: true });
  await writeFile(join(dir, '.agent-team', 'STATE.json'), content);
  return dir;
}

function issuesOf(raw: unknown): string[] {
  const r = validateBuilderState(raw);
  return r.ok ? [] : r.issues;
}

describe('STATE.json contract (X-05)', () => {
  it('accepts the seed example and keeps unknown fields', async () => {
    const state = await parseBuilderState(await writeState(JSON.stringify(valid)));
    expect(state.summary).toEqual({ success: true, test_passed: 150, test_total: 160, convergence_ratio: 0.95 });
    expect(state.extra_field_from_newer_builder).toEqual({ kept: true });
  });

  it.each([
    ['summary', 'summary: expected object, got missing'],
    ['total_cost', 'total_cost: expected number, got missing'],
    ['health', 'health: expected one of "passed" | "partial" | "failed" | "unknown", got missing'],
    ['completed_phases', 'completed_phases: expected array, got missing'],
  ])('names the missing top-level field %s', (field, message) => {
    const raw: Record<string, unknown> = structuredClone(valid);
    delete raw[field];
    expect(issuesOf(raw)).toEqual([message]);
  });

  it.each([
    ['success', 'yes', 'summary.success: expected boolean, got "yes" (string)'],
    ['test_passed', 1.5, 'summary.test_passed: expected integer, got 1.5 (number)'],
    ['test_total', '160', 'summary.test_total: expected number, got "160" (string)'],
    ['convergence_ratio', null, 'summary.convergence_ratio: expected number, got null'],
    ['convergence_ratio', 1.5, 'summary.convergence_ratio: expected number <= 1, got 1.5 (number)'],
  ])('names the mistyped summary field %s', (field, value, message) => {
    const raw = structuredClone(valid) as { summary: Record<string, unknown> };
    raw.summary[field] = value;
    expect(issuesOf(raw)).toEqual([message]);
  });

  it('names a missing summary field and a mistyped list item together', () => {
    const raw = structuredClone(valid) as Record<string, unknown> & { summary: Record<string, unknown> };
    delete raw.summary.test_total;
    raw.completed_phases = ['ok', 7];
    expect(issuesOf(raw)).toEqual(['completed_phases[1]: expected string, got 7 (number)', 'summary.test_total: expected number, got missing']);
  });

  it('rejects more tests passed than run', () => {
    const raw = structuredClone(valid) as { summary: Record<string, unknown> };
    raw.summary.test_passed = 170;
    expect(issuesOf(raw)[0]).toMatch(/summary.test_passed: expected test_passed <= test_total, got test_passed 170 > test_total 160/);
  });

  it('throws BuilderStateError naming the file for a missing STATE.json', async () => {
    const dir = await tempDir();
    const error = await parseBuilderState(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuilderStateError);
    expect((error as BuilderStateError).reason).toBe('missing');
    expect((error as BuilderStateError).message).toContain(join(dir, '.agent-team', 'STATE.json'));
  });

  it('throws invalid_json with the parser position for a truncated file', async () => {
    const error = await parseBuilderState(await writeState('{"summary": {')).catch((e: unknown) => e);
    expect((error as BuilderStateError).reason).toBe('invalid_json');
  });

  it('lists every issue in the thrown message with a hint', () => {
    expect(() => parseBuilderStateText('{"summary":{}}', 'svc/STATE.json')).toThrow(
      /svc\/STATE.json breaks the STATE.json contract[\s\S]*summary.success: expected boolean, got missing[\s\S]*Fix the builder/,
    );
  });
});
