import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunStateSchema } from '../src/state.js';
import { builderDir, removeScratch, runCli, scratch, TASKTRACKER } from './support.js';

// STATE.json's summary is computed by running the generated tests: a service
// whose behaviour breaks its contract must report the failures.
describe('STATE.json summary honesty', () => {
  let root: string;
  let dir: string;

  beforeAll(async () => {
    root = await scratch('honesty');
    dir = await builderDir(root, 'order-service', { openapi: join(TASKTRACKER, 'sample_openapi_order.yaml'), asyncapi: join(TASKTRACKER, 'sample_asyncapi_order.yaml') });
    const run = await runCli(['--cwd', dir, '--depth', 'standard']);
    expect(run.exitCode, run.stderr).toBe(0);
  });

  afterAll(() => removeScratch(root));

  it('reports failed tests, a failed endpoint and a violated contract when the state machine is broken', async () => {
    const file = join(dir, 'src/lib/behaviours.js');
    const text = await readFile(file, 'utf8');
    const broken = text.replace('if (!(machine.transitions[from] ?? []).includes(to)) {', 'if (false) {');
    expect(broken).not.toBe(text);
    await writeFile(file, broken);
    // A fix pass re-runs the service tests without regenerating the service.
    await writeFile(join(dir, 'FIX_INSTRUCTIONS.md'), '# Fix Instructions\n\n## P3\n\n### ADV-005\n\n- [ADV-005] src/lib/behaviours.js \u2014 unrelated advisory\n');
    const run = await runCli(['--cwd', dir, '--depth', 'quick']);
    expect(run.exitCode).toBe(1);
    const state = RunStateSchema.parse(JSON.parse(await readFile(join(dir, '.agent-team/STATE.json'), 'utf8')));
    expect(state.summary.success).toBe(false);
    expect(state.summary.test_passed).toBeLessThan(state.summary.test_total);
    expect(state.summary.convergence_ratio).toBeLessThan(1);
    expect(state.health).toBe('failed');
    expect(state.endpoint_test_report.failed_endpoints).toBeGreaterThanOrEqual(1);
    expect(state.contract_report.violated_contract_ids).toContain('order-api');
    expect(state.test_run.failures.some((f) => f.name.includes('409'))).toBe(true);
    expect(state.fix_passes[0]?.not_fixed[0]).toMatchObject({ code: 'ADV-005' });
  });
});
