import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPipelineState } from '../../src/index.js';
import { removeTempDirs, tempDir } from '../helpers.js';
import { pipelineState } from './helpers.js';

afterAll(removeTempDirs);

async function stateFile(content: string): Promise<string> {
  const file = join(await tempDir('b3-state-'), 'PIPELINE_STATE.json');
  writeFileSync(file, content);
  return file;
}

describe('readPipelineState', () => {
  it('says a missing file is missing', async () => {
    const file = join(await tempDir('b3-state-'), 'PIPELINE_STATE.json');
    expect(readPipelineState(file)).toEqual({ ok: false, missing: true, error: `${file}: does not exist` });
  });

  it('says a partial or non-JSON file is not JSON (not missing)', async () => {
    const file = await stateFile('{"pipeline_id": "p", "current_st');
    const read = readPipelineState(file);
    expect(read).toMatchObject({ ok: false, missing: false });
    expect(!read.ok && read.error).toMatch(new RegExp(`^${file}: not JSON \\(`));
  });

  it('names the field that breaks seed 003 section 7.2', async () => {
    const { total_cost: _drop, ...noCost } = pipelineState();
    const file = await stateFile(JSON.stringify(noCost));
    expect(readPipelineState(file)).toEqual({ ok: false, missing: false, error: `${file}: breaks seed 003 section 7.2: total_cost: expected number, got missing` });
    const wrong = readPipelineState(await stateFile(JSON.stringify({ ...pipelineState(), current_state: 'deploying', interrupted: 'no' })));
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.error).toMatch(/current_state: expected one of .*"init".*got "deploying"/);
    expect(!wrong.ok && wrong.error).toMatch(/interrupted: expected boolean, got "no" \(string\)/);
  });

  it('reads a valid file, keeping fields the orchestrator adds', async () => {
    const state = { ...pipelineState({ current_state: 'builders_running' }), failure_reason: '', orchestrator_extra: { x: 1 } };
    const read = readPipelineState(await stateFile(JSON.stringify(state)));
    expect(read.ok).toBe(true);
    if (read.ok) {
      expect(read.state.current_state).toBe('builders_running');
      expect(read.state).toEqual(state);
    }
  });
});
