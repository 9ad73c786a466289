import { describe, expect, it } from 'vitest';
import { LiveModel } from '../../src/ui/live-model.js';

describe('LiveModel', () => {
  it('keeps planned milestones pending until they start, and earlier ones as done', () => {
    const m = new LiveModel();
    m.plan([{ n: 1, title: 'one', earlier: true }, { n: 2, title: 'two' }, { n: 3, title: 'three' }]);
    m.start(2, 'two', 1_000);
    m.phase(2, 'probe a, b');
    expect(m.milestones.map((x) => [x.n, x.status, x.phase])).toEqual([
      [1, 'earlier', undefined],
      [2, 'running', 'probe a, b'],
      [3, 'pending', undefined],
    ]);
    expect(m.running).toBe(true);
    m.finish(2, 'FAIL', 6_000, 0.25);
    expect(m.milestones[1]).toMatchObject({ status: 'failed', elapsedMs: 5_000, cost: 0.25 });
    expect(m.running).toBe(false);
  });

  it('a second plan adds only the milestones it does not know yet', () => {
    const m = new LiveModel();
    m.plan([{ n: 1, title: 'one' }]);
    m.start(1, 'one', 0);
    m.plan([{ n: 1, title: 'one' }, { n: 4, title: 'four' }]);
    expect(m.milestones.map((x) => x.status)).toEqual(['running', 'pending']);
  });

  it('counts a row from when it was first seen running; a restart counts anew', () => {
    const m = new LiveModel();
    m.start(3, 'builders', 0);
    m.row({ milestone: 3, kind: 'builder', name: 'notes', status: 'running' }, 100);
    m.row({ milestone: 3, kind: 'builder', name: 'notes', status: 'running', detail: 'still' }, 900);
    expect(m.rowsOf(3)[0]).toMatchObject({ since: 100, detail: 'still' });
    m.row({ milestone: 3, kind: 'builder', name: 'notes', status: 'passed', elapsedMs: 700, cost: 0.5 }, 1_000);
    m.row({ milestone: 3, kind: 'builder', name: 'notes', status: 'running' }, 5_000);
    expect(m.rowsOf(3)[0]).toMatchObject({ since: 5_000, status: 'running' });
    expect(m.rowsOf(3)[0]!.elapsedMs).toBeUndefined();
  });

  it('an item that ends without a duration gets the time since it started', () => {
    const m = new LiveModel();
    m.start(2, 'mcp', 0);
    m.row({ milestone: 2, kind: 'server', name: 'architect', status: 'running' }, 1_000);
    m.row({ milestone: 2, kind: 'server', name: 'architect', status: 'failed', detail: 'unhealthy' }, 4_500);
    expect(m.rowsOf(2)[0]).toMatchObject({ status: 'failed', elapsedMs: 3_500, detail: 'unhealthy' });
  });

  it('keeps the rows of each milestone apart (M2 and M3 run at once) and drops them when a milestone starts again', () => {
    const m = new LiveModel();
    m.start(3, 'b', 0);
    m.start(4, 'c', 0);
    m.row({ milestone: 3, kind: 'builder', name: 'notes', status: 'running' }, 0);
    m.row({ milestone: 4, kind: 'builder', name: 'notes', status: 'failed', elapsedMs: 10 }, 0);
    expect(m.rowsOf(3).map((r) => r.status)).toEqual(['running']);
    expect(m.rowsOf(4).map((r) => r.status)).toEqual(['failed']);
    m.start(3, 'b', 10);
    expect(m.rowsOf(3)).toEqual([]);
    expect(m.rowsOf(4)).toHaveLength(1);
  });

  it('sums the cost of ended milestones and of the running ones\' rows; no cost reported is no cost shown', () => {
    const m = new LiveModel();
    m.plan([{ n: 1, title: 'a' }, { n: 3, title: 'b' }]);
    expect(m.totalCost()).toBeUndefined();
    m.start(1, 'a', 0);
    m.finish(1, 'PASS', 1, 1.5);
    m.start(3, 'b', 1);
    m.row({ milestone: 3, kind: 'builder', name: 'x', status: 'passed', cost: 0.25 }, 2);
    m.row({ milestone: 3, kind: 'builder', name: 'y', status: 'running' }, 2);
    expect(m.totalCost()).toBe(1.75);
    m.finish(3, 'PASS', 3, 2);
    expect(m.totalCost()).toBe(3.5);
  });
});

describe('LiveModel.interrupt', () => {
  it('shows what was running as stopped, with the time it ran, and leaves the rest', () => {
    const m = new LiveModel();
    m.plan([{ n: 1, title: 'a' }, { n: 2, title: 'b' }, { n: 4, title: 'c' }]);
    m.start(1, 'a', 0);
    m.finish(1, 'PASS', 1_000);
    m.start(2, 'b', 1_000);
    m.row({ milestone: 2, kind: 'server', name: 'x', status: 'running' }, 2_000);
    m.row({ milestone: 2, kind: 'server', name: 'y', status: 'passed' }, 2_000);
    m.interrupt(5_000);
    expect(m.milestones.map((x) => x.status)).toEqual(['passed', 'stopped', 'pending']);
    expect(m.milestones[1]!.elapsedMs).toBe(4_000);
    expect(m.rowsOf(2).map((r) => [r.status, r.elapsedMs])).toEqual([['stopped', 3_000], ['passed', undefined]]);
    expect(m.running).toBe(false);
  });

  it('keeps a milestone stopped when it ends after Ctrl+C with the failures its aborted work reported', () => {
    const m = new LiveModel();
    m.start(2, 'b', 0);
    m.interrupt(1_000);
    m.finish(2, 'FAIL', 1_500, 0.2);
    expect(m.milestones[0]).toMatchObject({ status: 'stopped', elapsedMs: 1_000, cost: 0.2 });
  });

  it('still counts the cost the rows of an interrupted milestone reported', () => {
    const m = new LiveModel();
    m.start(5, 'fix', 0);
    m.row({ milestone: 5, kind: 'builder', name: 'x', status: 'passed', cost: 0.4 }, 1);
    m.interrupt(2);
    expect(m.totalCost()).toBe(0.4);
  });
});
