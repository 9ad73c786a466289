import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateStore, StateVersionError } from '../../src/state/index.js';
import { oneLine, run4, tmp } from './helpers.js';

const newer = { run_id: '0b7d4c1e-8d7e-4a53-9a4e-3f1a2b3c4d5e', schema_version: 99, current_milestone: 2, current_phase: 'm2:complete', completed_milestones: [1, 2] };

describe('corrupt or newer RUN4_STATE.json', () => {
  it('status on a corrupt state: one line, exit 2, and one copy however often it is called', async () => {
    const cwd = tmp();
    const out = path.join(cwd, 'out');
    mkdirSync(out);
    writeFileSync(path.join(out, 'RUN4_STATE.json'), '{"run_id": broken');
    for (let i = 0; i < 2; i++) {
      const r = await run4(['--output-dir', out, 'status'], cwd);
      expect(r.exitCode, r.stderr).toBe(2);
      expect(oneLine(r.stderr)).toContain(`${path.join(out, 'RUN4_STATE.json')} is corrupt`);
      expect(r.stdout).not.toContain('no run yet');
    }
    expect(readdirSync(out).sort()).toEqual(['RUN4_STATE.json', 'RUN4_STATE.json.corrupt']);
  }, 300_000);

  it('resume refuses a state written by a newer Run 4 and leaves it as it was', async () => {
    const cwd = tmp();
    const out = path.join(cwd, 'out');
    mkdirSync(out);
    const text = JSON.stringify(newer);
    writeFileSync(path.join(out, 'RUN4_STATE.json'), text);
    const r = await run4(['--output-dir', out, 'resume', '--backend', 'process'], cwd);
    expect(r.exitCode, r.stderr).toBe(2);
    expect(oneLine(r.stderr)).toContain('schema_version 99');
    expect(readFileSync(path.join(out, 'RUN4_STATE.json'), 'utf8')).toBe(text);
    expect(readdirSync(out)).toEqual(['RUN4_STATE.json']);
  }, 150_000);

  it('resume refuses a corrupt state (it cannot know what to continue): one line, exit 2, the file left as it was, nothing run', async () => {
    const cwd = tmp();
    const out = path.join(cwd, 'out');
    mkdirSync(out);
    const text = '{"run_id": broken';
    writeFileSync(path.join(out, 'RUN4_STATE.json'), text);
    for (const args of [['resume', '--backend', 'process'], ['run', '--resume', '--backend', 'process']]) {
      const r = await run4(['--output-dir', out, ...args], cwd);
      expect(r.exitCode, r.stderr).toBe(2);
      const line = oneLine(r.stderr);
      expect(line).toContain(`${path.join(out, 'RUN4_STATE.json')} is corrupt`);
      expect(line).toContain('resume cannot continue from it');
      expect(line).toContain('fix:');
      expect(readFileSync(path.join(out, 'RUN4_STATE.json'), 'utf8')).toBe(text);
      // no milestone started: only the state and its one kept copy
      expect(readdirSync(out).sort()).toEqual(['RUN4_STATE.json', 'RUN4_STATE.json.corrupt']);
    }
  }, 300_000);

  it('the store: a newer schema_version throws; the same corrupt content is copied once', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'RUN4_STATE.json'), JSON.stringify(newer));
    expect(() => new StateStore(dir).load()).toThrow(StateVersionError);
    writeFileSync(path.join(dir, 'RUN4_STATE.json'), 'not json');
    const store = new StateStore(dir);
    expect(store.load()).toBeNull();
    expect(store.load()).toBeNull();
    writeFileSync(path.join(dir, 'RUN4_STATE.json'), 'other garbage');
    expect(store.load()).toBeNull();
    expect(readdirSync(dir).filter((f) => f.endsWith('.corrupt'))).toHaveLength(2);
  });
});
