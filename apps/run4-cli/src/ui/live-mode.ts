import { LiveView, type LiveStream } from './live-view.js';

/** What decides between the live view and plain lines. */
export interface LiveModeInput {
  /** The stream progress goes to (process.stderr). */
  stream: LiveStream;
  env: NodeJS.ProcessEnv;
  /** `false` with `--no-tty`. */
  tty?: boolean;
}

/**
 * Whether to draw the live view: only on a terminal (the progress stream is
 * a TTY), not under CI (`CI` set to anything but "", "0" or "false"), not on
 * a dumb terminal (`TERM=dumb`), and not with `--no-tty`. Otherwise progress
 * is the plain line log.
 *
 * @example
 * wantsLiveView({ stream: process.stderr, env: process.env, tty: opts.tty });
 */
export function wantsLiveView(input: LiveModeInput): boolean {
  const ci = input.env.CI;
  const underCi = ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
  return input.tty !== false && input.stream.isTTY === true && !underCi && input.env.TERM !== 'dumb';
}

/**
 * The live view for this stream, or undefined when plain lines are wanted
 * ({@link wantsLiveView}).
 *
 * @example
 * const live = liveViewFor({ stream: process.stderr, env: process.env, tty: global.tty });
 */
export function liveViewFor(input: LiveModeInput): LiveView | undefined {
  return wantsLiveView(input) ? new LiveView(input.stream, { color: !input.env.NO_COLOR }) : undefined;
}
