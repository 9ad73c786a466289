import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { check } from '@run4/checks';
import { LiveView } from '../../src/ui/live-view.js';
import { builderRow, Progress } from '../../src/ui/progress.js';
import { FakeTerminal, stripEscapes } from './fake-terminal.js';

function script(p: Progress): void {
  p.milestone(2, 'MCP wiring');
  p.phase(2, 'probe architect');
  p.row({ milestone: 2, kind: 'server', name: 'architect', status: 'running' });
  vi.setSystemTime(65_000);
  p.detail('architect: starting');
  p.info('architect: healthy');
  p.check(check('m2.a', 'a', 'PASS', 'fine'));
  p.check(check('m2.b', 'b', 'FAIL', 'tools/list answered 3 tools\nsecond line'));
  p.done(2, 'FAIL', '2/3 servers healthy', 0.5);
}

const PLAIN = [
  '[00:00] M2 MCP wiring',
  '[00:00] M2 · probe architect',
  '[01:05]   architect: healthy',
  '[01:05]   FAIL m2.b — tools/list answered 3 tools',
  '[01:05] M2 FAILED: 2/3 servers healthy',
];

describe('Progress', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(0);
  });
  afterEach(() => vi.useRealTimers());

  it('prints the plain lines, byte for byte, without a live view; rows print nothing', () => {
    const lines: string[] = [];
    const p = new Progress({ write: (l) => lines.push(l) });
    const close = p.open([{ n: 2, title: 'MCP wiring' }]);
    script(p);
    close();
    expect(lines).toEqual(PLAIN);
  });

  it('verbose adds the details and passing checks', () => {
    const lines: string[] = [];
    script(new Progress({ verbose: true, write: (l) => lines.push(l) }));
    expect(lines).toEqual([PLAIN[0], PLAIN[1], '[01:05]   architect: starting', PLAIN[2], '[01:05]   ok   m2.a — fine', PLAIN[3], PLAIN[4]]);
  });

  it('with an open live view: milestone and phase lines become the table, the other lines stay as they are', () => {
    const term = new FakeTerminal();
    const lines: string[] = [];
    const live = new LiveView(term, { color: false, hideCursor: false, refreshMs: 60_000 });
    const p = new Progress({ write: (l) => lines.push(l), live });
    const close = p.open([{ n: 2, title: 'MCP wiring' }, { n: 3, title: 'builders' }]);
    script(p);
    close();
    expect(lines).toEqual([]);
    const text = stripEscapes(term.text);
    for (const l of PLAIN.slice(2)) expect(text).toContain(`${l}\n`);
    expect(text).not.toContain(PLAIN[0]);
    expect(text).not.toContain(PLAIN[1]);
    expect(text).toMatch(/> M2 {2}MCP wiring +running +\d\d:\d\d +probe architect/);
    expect(text).toMatch(/> {7}server {2}architect +running/);
    expect(text).toMatch(/! M2 {2}MCP wiring +FAILED +01:05 +\$0\.50/);
    expect(text).toMatch(/ {2}M3 {2}builders +pending/);
    // closed: back to plain lines
    p.info('teardown: ok');
    expect(lines).toEqual(['[01:05]   teardown: ok']);
  });
});

describe('builderRow', () => {
  it('maps builder-runner events to rows', () => {
    expect(builderRow(3, { type: 'started', service_id: 'notes', dir: '/w', command: ['b'], at: '' })).toEqual({ milestone: 3, kind: 'builder', name: 'notes', status: 'running' });
    const result = { service_id: 'notes', success: false, error: 'timeout', duration_ms: 1_500, cost: 0.75, test_passed: 1, test_total: 4 };
    expect(builderRow(4, { type: 'finished', service_id: 'notes', result: result as never, at: '' })).toEqual({
      milestone: 4, kind: 'builder', name: 'notes', status: 'failed', elapsedMs: 1_500, cost: 0.75, detail: 'tests 1/4, timeout',
    });
    expect(builderRow(4, { type: 'finished', service_id: 'notes', result: { ...result, success: true, error: '' } as never, at: '' }).status).toBe('passed');
  });
});
