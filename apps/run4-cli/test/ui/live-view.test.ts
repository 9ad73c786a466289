import { describe, expect, it } from 'vitest';
import { LiveView } from '../../src/ui/live-view.js';
import { FakeTerminal, stripEscapes } from './fake-terminal.js';

const ESC = '\u001B';

function view(term: FakeTerminal, clock = { t: 0 }) {
  return new LiveView(term, { now: () => clock.t, refreshMs: 60_000, color: false, hideCursor: false });
}

describe('LiveView', () => {
  it('draws the frame when opened and redraws it in place, not below it', () => {
    const term = new FakeTerminal();
    const clock = { t: 0 };
    const v = view(term, clock);
    v.model.plan([{ n: 1, title: 'fixtures' }, { n: 2, title: 'wiring' }]);
    const close = v.open();
    expect(stripEscapes(term.text)).toContain('run4  elapsed 00:00');
    const first = term.chunks.length;
    clock.t = 5_000;
    v.model.start(1, 'fixtures', 5_000);
    v.redraw();
    const patch = term.chunks.slice(first).join('');
    // the cursor goes back up over the old frame and the changed lines are rewritten
    expect(patch).toMatch(new RegExp(`${ESC}\\[\\d*A`));
    expect(patch).toContain(`${ESC}[2K`);
    expect(stripEscapes(patch)).toContain('running');
    close();
  });

  it('prints log lines above the frame, unchanged, and draws the frame again under them', () => {
    const term = new FakeTerminal();
    const v = view(term);
    v.model.plan([{ n: 1, title: 'fixtures' }]);
    const close = v.open();
    const before = term.chunks.length;
    v.log('[00:01]   architect: healthy');
    const after = term.chunks.slice(before).join('');
    const plain = stripEscapes(after);
    expect(plain.indexOf('[00:01]   architect: healthy\n')).toBeGreaterThanOrEqual(0);
    expect(plain.indexOf('run4  elapsed')).toBeGreaterThan(plain.indexOf('architect: healthy'));
    close();
  });

  it('nested opens share one view; the last close leaves the final frame and later lines go below it', () => {
    const term = new FakeTerminal();
    const clock = { t: 0 };
    const v = view(term, clock);
    v.model.plan([{ n: 1, title: 'fixtures' }]);
    const outer = v.open();
    const inner = v.open();
    v.model.start(1, 'fixtures', 0);
    clock.t = 3_000;
    v.model.finish(1, 'PASS', 3_000);
    inner();
    inner();
    expect(v.active).toBe(true);
    outer();
    expect(v.active).toBe(false);
    expect(stripEscapes(term.chunks.at(-1) ?? '')).toMatch(/M1 {2}fixtures +passed +00:03/);
    const count = term.chunks.length;
    v.log('[00:04]   teardown: ok');
    v.redraw();
    expect(term.chunks.slice(count)).toEqual(['[00:04]   teardown: ok\n']);
  });

  it('refreshes the elapsed time on its own while open, and stops when closed', async () => {
    const term = new FakeTerminal();
    const clock = { t: 0 };
    const v = new LiveView(term, { now: () => clock.t, refreshMs: 20, color: false, hideCursor: false });
    v.model.plan([{ n: 1, title: 'fixtures' }]);
    const close = v.open();
    clock.t = 61_000;
    const deadline = Date.now() + 30_000;
    while (!stripEscapes(term.text).includes('elapsed 01:01') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(stripEscapes(term.text)).toContain('elapsed 01:01');
    close();
    const count = term.chunks.length;
    clock.t = 122_000;
    await new Promise((r) => setTimeout(r, 100));
    expect(term.chunks.length).toBe(count);
  });
});
