import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BuilderResultSchema, observeBuilderResult } from '../../src/index.js';
import { removeTempDirs, tempDir } from '../helpers.js';

afterAll(removeTempDirs);

/** A STATE.json of seed 003 section 7.1, as a builder run by someone else left it. */
const builderState = (summary: { success: boolean; test_passed: number; test_total: number; convergence_ratio: number }, total_cost = 0.42) => ({
  total_cost,
  health: summary.success ? 'passed' : 'failed',
  completed_phases: ['architect', 'code', 'test'],
  summary,
});

async function builderDir(state?: unknown): Promise<string> {
  const dir = join(await tempDir('b3-builder-'), 'svc-a');
  mkdirSync(join(dir, '.agent-team'), { recursive: true });
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'server.js'), '');
  if (state !== undefined) writeFileSync(join(dir, '.agent-team', 'STATE.json'), typeof state === 'string' ? state : JSON.stringify(state));
  return dir;
}

describe('observeBuilderResult', () => {
  it('takes success, cost and tests from the builder\'s own STATE.json', async () => {
    const dir = await builderDir(builderState({ success: true, test_passed: 9, test_total: 10, convergence_ratio: 0.9 }));
    const result = await observeBuilderResult('svc-a', dir);
    expect(BuilderResultSchema.parse(result)).toStrictEqual(result);
    expect(result).toMatchObject({
      service_id: 'svc-a',
      output_dir: dir,
      success: true,
      failure: null,
      error: '',
      cost: 0.42,
      test_passed: 9,
      test_total: 10,
      convergence_ratio: 0.9,
      health: 'passed',
      completed_phases: ['architect', 'code', 'test'],
      exit_code: null,
      command: [],
    });
    expect(result.artifacts).toEqual(['.agent-team/STATE.json', 'src/server.js']);
  });

  it('reports a builder that said summary.success=false as a reported failure, keeping its figures', async () => {
    const result = await observeBuilderResult('svc-a', await builderDir(builderState({ success: false, test_passed: 2, test_total: 10, convergence_ratio: 0.2 }, 0.1)));
    expect(result).toMatchObject({ success: false, failure: 'reported_failure', cost: 0.1, test_passed: 2, test_total: 10, error: 'builder svc-a reported summary.success=false (health failed, tests 2/10)' });
  });

  it('says state_missing when there is no STATE.json, and state_invalid when it breaks the contract', async () => {
    const missing = await observeBuilderResult('svc-a', await builderDir());
    expect(missing).toMatchObject({ success: false, failure: 'state_missing', cost: 0, test_total: 0 });
    expect(missing.error).toMatch(/^builder svc-a: .*STATE\.json was not written/);
    const invalid = await observeBuilderResult('svc-a', await builderDir({ total_cost: 1, health: 'passed', completed_phases: [] }));
    expect(invalid).toMatchObject({ success: false, failure: 'state_invalid', cost: 0 });
    expect(invalid.error).toMatch(/summary: expected object, got missing/);
    expect((await observeBuilderResult('svc-a', await builderDir('{"total_cost": '))).failure).toBe('state_invalid');
  });
});
