import type { LiveStream } from '../../src/ui/live-view.js';

/** A stream that records what is written to it, posing as a terminal of a given size. */
export class FakeTerminal implements LiveStream {
  readonly chunks: string[] = [];
  constructor(
    readonly isTTY = true,
    readonly columns = 100,
    readonly rows = 30,
  ) {}

  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }

  get text(): string {
    return this.chunks.join('');
  }
}

/** The text without escape sequences (what a reader of a log file would see). */
export const stripEscapes = (text: string): string => text.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '');
