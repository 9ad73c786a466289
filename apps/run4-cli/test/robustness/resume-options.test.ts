import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../src/commands/context.js';
import { Run4StateSchema, StateStore, newState } from '../../src/state/index.js';
import { run4, tmp } from './helpers.js';

describe('resume continues the run as it was started', () => {
  it('"milestone m1 --backend process --plant ..." records run_options; a plain resume uses them', async () => {
    const cwd = tmp();
    const out = path.join(cwd, 'out');
    const r = await run4(['--output-dir', out, 'milestone', 'm1', '--backend', 'process', '--plant', 'HEALTH-001'], cwd);
    expect([0, 1], r.stderr).toContain(r.exitCode);
    const state = Run4StateSchema.parse(JSON.parse(readFileSync(path.join(out, 'RUN4_STATE.json'), 'utf8')));
    expect(state.run_options).toEqual({ backend: 'process', plant: ['HEALTH-001'], config_path: null });

    const ctx = createContext({ outputDir: out }, {}, new AbortController().signal, { resume: true });
    expect(ctx.options.backend).toBe('process');
    expect(ctx.options.plant).toEqual(['HEALTH-001']);
    // without resume nothing is inherited
    expect(createContext({ outputDir: out }, {}, new AbortController().signal).options.backend).toBeUndefined();
    // an explicit flag still wins
    expect(createContext({ outputDir: out }, { backend: 'docker' }, new AbortController().signal, { resume: true }).options.backend).toBe('docker');
  }, 150_000);

  it('the recorded config file is used when resume is given none', async () => {
    const out = tmp();
    const cwd = tmp();
    const r = await run4(['--config', 'run4.config.yaml', 'init'], cwd);
    expect(r.exitCode, r.stderr).toBe(0);
    const config = path.join(cwd, 'run4.config.yaml');
    await new StateStore(out).reset({ ...newState(), run_options: { backend: 'process', config_path: config } });
    const ctx = createContext({ outputDir: out }, {}, new AbortController().signal, { resume: true });
    expect(ctx.runRecord.config_path).toBe(config);
    expect(ctx.outputDir).toBe(out);
  }, 150_000);
});
