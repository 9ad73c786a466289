import { execa, execaSync } from 'execa';

let count = 0;

/** One command in a detached tmux pane of a given size, on a private tmux server. */
export class TmuxPane {
  private readonly socket = `run4-ui-${process.pid}-${count++}`;

  /** Start `script` (a sh command line) in a fresh pane; the pane stays after it ends. */
  async start(script: string, size = { columns: 120, rows: 40 }): Promise<void> {
    if (execaSync('sh', ['-c', 'command -v tmux'], { reject: false }).exitCode !== 0) {
      throw new Error('tmux is not on PATH: the terminal tests need it (install it with: bash tools/tmux.sh)');
    }
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.TMUX;
    delete env.CI;
    await execa('tmux', ['-L', this.socket, '-f', '/dev/null', 'new-session', '-d', '-s', 'run4', '-x', String(size.columns), '-y', String(size.rows), `${script}; echo __RUN4_EXIT__$?; exec sleep 3600`], {
      env,
      extendEnv: false,
    });
  }

  /** The visible screen, or with `history` everything since the pane started. Escape sequences are interpreted, not shown. */
  async capture(history = false): Promise<string> {
    const r = await execa('tmux', ['-L', this.socket, 'capture-pane', '-p', '-t', 'run4', ...(history ? ['-S', '-'] : [])], { reject: false });
    return r.stdout;
  }

  /** Wait until the screen (or the history) satisfies `test`; throws with `what` and the screen after `timeoutMs`. */
  async waitFor(test: (screen: string) => boolean, what: string, timeoutMs = 120_000, history = false): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = await this.capture(history);
      if (test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the pane shows:\n${screen}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The command's exit code, once it has ended. */
  async exitCode(timeoutMs = 180_000): Promise<number> {
    const screen = await this.waitFor((s) => /__RUN4_EXIT__\d+/.test(s), 'the command to end', timeoutMs, true);
    return Number(/__RUN4_EXIT__(\d+)/.exec(screen)![1]);
  }

  /** Type keys into the pane, e.g. `C-c`. */
  async sendKeys(...keys: string[]): Promise<void> {
    await execa('tmux', ['-L', this.socket, 'send-keys', '-t', 'run4', ...keys]);
  }

  /** Stop the pane's tmux server and everything in it. */
  async kill(): Promise<void> {
    await execa('tmux', ['-L', this.socket, 'kill-server'], { reject: false });
  }
}
