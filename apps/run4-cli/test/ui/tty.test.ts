import { execa } from 'execa';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TmuxPane } from './tmux-pane.js';

// The built CLI on a real terminal: a tmux pane, read back with capture-pane.
const cli = path.resolve(__dirname, '../../dist/main.js');
const tmp = () => mkdtempSync(path.join(tmpdir(), 'run4-ui-'));
const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
const m1 = (out: string, extra = '') => `node ${quote(cli)} -o ${quote(out)}${extra} milestone m1`;

const HEADER = /^run4 {2}elapsed \d\d:\d\d/gm;
const PLAIN_START = /^\[\d\d:\d\d\] M1 Test infrastructure \+ fixtures$/m;
const PLAIN_PHASE = /^\[\d\d:\d\d\] M1 · config and state$/m;

const panes: TmuxPane[] = [];
async function pane(script: string): Promise<TmuxPane> {
  const p = new TmuxPane();
  panes.push(p);
  await p.start(script);
  return p;
}
afterEach(async () => {
  for (const p of panes.splice(0)) await p.kill();
});

describe('progress on a terminal', () => {
  it('draws the live view and redraws it in place: milestone table while running, final frame left on screen', async () => {
    const p = await pane(m1(tmp()));
    // the running state, drawn while M1 runs
    await p.waitFor((s) => /^> M1 {2}Test infrastructure \+ fixtures +running +\d\d:\d\d/m.test(s), 'the live view to show M1 running');
    const code = await p.exitCode();
    expect([0, 1]).toContain(code);
    const history = await p.capture(true);
    // one frame, redrawn in place: its header is on the screen exactly once, however many times it was drawn
    expect(history.match(HEADER)).toHaveLength(1);
    expect(history).toMatch(/^[ !] M1 {2}Test infrastructure \+ fixtures +(passed|FAILED) +\d\d:\d\d/m);
    // the outcome line stays above the view, as in the plain log; the start and phase lines are the table instead
    expect(history).toMatch(/^\[\d\d:\d\d\] M1 (passed|FAILED): \d+\/\d+ checks passed/m);
    expect(history).not.toMatch(PLAIN_START);
    expect(history).not.toMatch(PLAIN_PHASE);
    // the summary on stdout comes after the final frame
    expect(history.search(/\d+ passed, \d+ failed, \d+ skipped/)).toBeGreaterThan(history.search(HEADER));
  }, 240_000);

  it('Ctrl+C: the view shows what was running as stopped, and stays on the screen', async () => {
    const out = tmp();
    // M1 first (plain, out of sight), then M2, whose MCP servers take a while
    const p = await pane(`${m1(out, ' --no-tty')} >/dev/null 2>&1; node ${quote(cli)} -o ${quote(out)} milestone m2`);
    await p.waitFor((s) => /^> {7}server {2}\S+ +running/m.test(s), 'an MCP server row of M2 running', 180_000);
    await p.sendKeys('C-c');
    expect(await p.exitCode()).toBe(130);
    const history = await p.capture(true);
    expect(history).toMatch(/^\[\d\d:\d\d\] {3}SIGINT received: saving state and tearing down/m);
    expect(history).toMatch(/^! M2 {2}Build 1 .* +stopped +\d\d:\d\d/m);
    expect(history.match(HEADER)).toHaveLength(1);
  }, 300_000);

  it('--no-tty and CI give the plain lines on a terminal', async () => {
    for (const script of [m1(tmp(), ' --no-tty'), `CI=1 ${m1(tmp())}`]) {
      const p = await pane(script);
      expect([0, 1], script).toContain(await p.exitCode());
      const history = await p.capture(true);
      expect(history, script).toMatch(PLAIN_START);
      expect(history, script).toMatch(PLAIN_PHASE);
      expect(history, script).not.toMatch(HEADER);
    }
  }, 240_000);
});

describe('progress when stderr is not a terminal', () => {
  it('prints the plain lines, no escape sequence', async () => {
    const r = await execa('node', [cli, '-o', tmp(), 'milestone', 'm1'], { reject: false, env: { CI: '' }, timeout: 180_000 });
    expect([0, 1]).toContain(r.exitCode);
    expect(r.stderr).not.toContain('\u001B');
    expect(r.stderr).toMatch(PLAIN_START);
    expect(r.stderr).toMatch(PLAIN_PHASE);
    for (const line of r.stderr.split('\n').filter(Boolean)) expect(line).toMatch(/^\[\d\d:\d\d\] /);
  }, 240_000);
});
