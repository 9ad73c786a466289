import { describe, expect, it } from 'vitest';
import { liveViewFor, wantsLiveView } from '../../src/ui/live-mode.js';
import { LiveView } from '../../src/ui/live-view.js';
import { FakeTerminal } from './fake-terminal.js';

describe('wantsLiveView', () => {
  const tty = new FakeTerminal(true);
  it('draws the live view on a terminal', () => {
    expect(wantsLiveView({ stream: tty, env: {} })).toBe(true);
    expect(wantsLiveView({ stream: tty, env: { CI: '' } })).toBe(true);
    expect(wantsLiveView({ stream: tty, env: { CI: 'false' } })).toBe(true);
    expect(wantsLiveView({ stream: tty, env: { CI: '0' } })).toBe(true);
    expect(liveViewFor({ stream: tty, env: {} })).toBeInstanceOf(LiveView);
  });

  it('prints plain lines when the stream is not a terminal, under CI, on a dumb terminal and with --no-tty', () => {
    expect(wantsLiveView({ stream: new FakeTerminal(false), env: {} })).toBe(false);
    expect(wantsLiveView({ stream: tty, env: { CI: 'true' } })).toBe(false);
    expect(wantsLiveView({ stream: tty, env: { CI: '1' } })).toBe(false);
    expect(wantsLiveView({ stream: tty, env: { TERM: 'dumb' } })).toBe(false);
    expect(wantsLiveView({ stream: tty, env: {}, tty: false })).toBe(false);
    expect(liveViewFor({ stream: tty, env: {}, tty: false })).toBeUndefined();
  });
});
