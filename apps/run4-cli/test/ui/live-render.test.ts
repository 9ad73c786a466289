import { describe, expect, it } from 'vitest';
import { LiveModel } from '../../src/ui/live-model.js';
import { formatCost, formatElapsed, renderLiveFrame } from '../../src/ui/live-render.js';

const ESC = '\u001B';

function chain(): LiveModel {
  const m = new LiveModel();
  m.plan([1, 2, 3, 4].map((n) => ({ n, title: `milestone ${n}`, earlier: n === 1 })));
  m.start(2, 'milestone 2', 10_000);
  m.phase(2, 'probe architect, contract-engine');
  m.start(3, 'milestone 3', 10_000);
  m.row({ milestone: 2, kind: 'server', name: 'architect', status: 'passed', detail: 'healthy' }, 11_000);
  m.row({ milestone: 2, kind: 'server', name: 'contract-engine', status: 'running' }, 12_000);
  m.row({ milestone: 3, kind: 'builder', name: 'auth-service', status: 'passed', elapsedMs: 61_000, cost: 1.2, detail: 'tests 4/4' }, 20_000);
  m.row({ milestone: 3, kind: 'builder', name: 'notes', status: 'failed', elapsedMs: 3_000, cost: 0, detail: 'tests 0/2, timeout' }, 20_000);
  return m;
}

describe('formatElapsed / formatCost', () => {
  it('formats minutes:seconds, hours from one hour on, and dollars', () => {
    expect(formatElapsed(0)).toBe('00:00');
    expect(formatElapsed(83_999)).toBe('01:23');
    expect(formatElapsed(3_723_000)).toBe('1:02:03');
    expect(formatCost(1.234)).toBe('$1.23');
  });
});

describe('renderLiveFrame', () => {
  it('shows a header, every milestone with its status, and the rows under running milestones', () => {
    const lines = renderLiveFrame(chain(), { now: 25_000, startedAt: 5_000, columns: 120, rows: 40 });
    expect(lines[0]).toBe('run4  elapsed 00:20  cost $1.20');
    const text = lines.join('\n');
    expect(lines[1]).toMatch(/^ {2}M1 {2}milestone 1 +done/);
    expect(lines[2]).toMatch(/^> M2 {2}milestone 2 +running +00:15 +probe architect, contract-engine$/);
    expect(lines[3]).toMatch(/^ {8}server {2}architect +passed {21}healthy$/);
    expect(lines[4]).toMatch(/^> {7}server {2}contract-engine +running +00:13$/);
    expect(lines[5]).toMatch(/^> M3 {2}milestone 3 +running +00:15/);
    expect(lines[6]).toMatch(/^ {8}builder auth-service +passed +01:01 +\$1\.20 +tests 4\/4$/);
    expect(lines[7]).toMatch(/^! {7}builder notes +FAILED +00:03 +\$0\.00 +tests 0\/2, timeout$/);
    expect(lines[8]).toMatch(/^ {2}M4 {2}milestone 4 +pending$/);
    expect(lines).toHaveLength(9);
    expect(text).not.toContain(ESC);
  });

  it('leaves the cost column out until something reports a cost', () => {
    const m = new LiveModel();
    m.start(2, 'mcp', 0);
    m.row({ milestone: 2, kind: 'server', name: 'architect', status: 'running' }, 0);
    const lines = renderLiveFrame(m, { now: 2_000, startedAt: 0, columns: 120, rows: 40 });
    expect(lines[0]).toBe('run4  elapsed 00:02');
    expect(lines[2]).toMatch(/^> {7}server {2}architect +running  00:02$/);
  });

  it('folds an ended milestone to one line with its time and cost', () => {
    const m = chain();
    m.finish(3, 'PASS', 70_000, 1.2);
    const lines = renderLiveFrame(m, { now: 70_000, startedAt: 0, columns: 120, rows: 40 });
    const m3 = lines.find((l) => l.includes('M3'))!;
    expect(m3).toMatch(/^ {2}M3 {2}milestone 3 +passed +01:00 +\$1\.20$/);
    expect(lines.some((l) => l.includes('auth-service'))).toBe(false);
  });

  it('cuts every line to the terminal width', () => {
    const lines = renderLiveFrame(chain(), { now: 25_000, startedAt: 0, columns: 40, rows: 40 });
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(40);
    expect(lines[2]).toMatch(/…$/);
  });

  it('keeps to the terminal height, cutting rows first and counting what it left out', () => {
    const m = new LiveModel();
    m.plan([{ n: 4, title: 'pipeline' }, { n: 5, title: 'fix' }]);
    m.start(4, 'pipeline', 0);
    for (let i = 0; i < 12; i++) m.row({ milestone: 4, kind: 'builder', name: `svc-${i}`, status: 'running' }, 0);
    const lines = renderLiveFrame(m, { now: 1_000, startedAt: 0, columns: 100, rows: 10 });
    expect(lines).toHaveLength(9);
    expect(lines.filter((l) => l.includes('svc-'))).toHaveLength(5);
    expect(lines[7]).toMatch(/^ +… 7 more$/);
    expect(lines[8]).toMatch(/M5 +fix +pending/);
  });

  it('paints statuses only when colour is on', () => {
    const plain = renderLiveFrame(chain(), { now: 25_000, startedAt: 0, columns: 120, rows: 40, color: false }).join('\n');
    const painted = renderLiveFrame(chain(), { now: 25_000, startedAt: 0, columns: 120, rows: 40, color: true }).join('\n');
    expect(plain).not.toContain(ESC);
    expect(painted).toContain(`${ESC}[31mFAILED`);
    expect(painted.replace(/\u001B\[\d+m/g, '')).toBe(plain);
  });
});

describe('renderLiveFrame after an interrupt', () => {
  it('labels what was running as stopped', () => {
    const m = chain();
    m.interrupt(30_000);
    const lines = renderLiveFrame(m, { now: 31_000, startedAt: 0, columns: 120, rows: 40 });
    expect(lines.find((l) => l.includes('M2'))).toMatch(/^! M2 {2}milestone 2 +stopped +00:20/);
    expect(lines.find((l) => l.includes('contract-engine'))).toMatch(/^! {7}server {2}contract-engine +stopped +00:18$/);
    expect(lines.find((l) => l.includes('architect'))).toMatch(/passed/);
  });
});
