import { execa } from 'execa';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newState, Run4StateSchema, StateStore } from '../../src/state/index.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'run4-state-'));
const fixture = (name: string) => path.join(__dirname, 'fixtures', name);
const nodeArgs = ['--conditions=@run4/source', '--import', 'tsx'];

describe('StateStore', () => {
  it('returns null for a missing file', () => {
    expect(new StateStore(tmp()).load()).toBeNull();
  });

  it('saves atomically with every seed field and loads the same state back', async () => {
    const dir = tmp();
    const store = new StateStore(dir);
    const saved = await store.update((s) => {
      s.completed_milestones = [1];
      s.defect_catalog = [{ finding_id: 'FINDING-001', priority: 'P0', system: 'build1', component: 'architect' }];
    });
    expect(store.load()).toEqual(saved);
    const raw = JSON.parse(readFileSync(path.join(dir, 'RUN4_STATE.json'), 'utf8'));
    for (const field of ['run_id', 'schema_version', 'current_milestone', 'current_phase', 'mcp_health', 'b1_b2_wiring_passed', 'fix_passes', 'per_system_scores', 'phase_costs']) {
      expect(raw, field).toHaveProperty(field);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps a .corrupt copy of an unreadable file, says so, and starts fresh', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'RUN4_STATE.json'), '{"run_id": "x", trunc');
    const notices: string[] = [];
    const store = new StateStore(dir, { onCorrupt: (n) => notices.push(n.reason) });
    expect(store.load()).toBeNull();
    expect(notices[0]).toMatch(/not valid JSON/);
    expect(readFileSync(path.join(dir, 'RUN4_STATE.json.corrupt'), 'utf8')).toBe('{"run_id": "x", trunc');
    const fresh = await store.update((s) => s);
    expect(Run4StateSchema.safeParse(fresh).success).toBe(true);
  });

  it('treats a schema violation as corrupt too', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'RUN4_STATE.json'), JSON.stringify({ ...newState(), current_milestone: 9 }));
    const store = new StateStore(dir);
    expect(store.load()).toBeNull();
    expect(store.lastCorruption?.reason).toContain('current_milestone');
    expect(existsSync(path.join(dir, 'RUN4_STATE.json.corrupt'))).toBe(true);
  });

  it('loses no update when several processes read-modify-write at the same moment', async () => {
    const dir = tmp();
    const rounds = 25;
    const workers = ['m2', 'm3', 'm4', 'm5'];
    await Promise.all(workers.map((w) => execa('node', [...nodeArgs, fixture('bump.ts'), dir, w, String(rounds)])));
    const state = new StateStore(dir).load()!;
    for (const w of workers) {
      expect(state.phase_costs[w], w).toBe(rounds);
      for (let i = 1; i <= rounds; i++) expect(state.mcp_tool_results[`${w}-${i}`], `${w}-${i}`).toEqual({ server: `round-${i}`, valid: 'PASS' });
    }
  }, 120_000);

  it('saves interrupted: true and runs teardown on SIGTERM and SIGINT', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const dir = tmp();
      const child = execa('node', [...nodeArgs, fixture('interrupt.ts'), dir], { reject: false });
      await new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
      child.kill(signal);
      const result = await child;
      expect(result.exitCode, signal).toBe(signal === 'SIGINT' ? 130 : 143);
      const state = new StateStore(dir).load()!;
      expect(state.interrupted).toBe(true);
      expect(state.current_phase).toBe('m4:deploy');
      expect(readFileSync(path.join(dir, 'teardown.done'), 'utf8')).toBe('yes');
    }
  }, 60_000);
});
