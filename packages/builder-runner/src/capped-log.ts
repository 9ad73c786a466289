import { createWriteStream, type WriteStream } from 'node:fs';

/**
 * A log file that keeps at most `maxBytes` of a stream (the head), notes how
 * much was dropped, and remembers the last `tailBytes` for error messages.
 */
export class CappedLog {
  readonly path: string;
  readonly maxBytes: number;
  private readonly stream: WriteStream;
  private written = 0;
  private dropped = 0;
  private tail = Buffer.alloc(0);
  private readonly tailBytes: number;

  constructor(path: string, maxBytes: number, tailBytes = 2048) {
    this.path = path;
    this.maxBytes = maxBytes;
    this.tailBytes = tailBytes;
    this.stream = createWriteStream(path, { flags: 'w' });
    this.stream.on('error', () => undefined);
  }

  write(chunk: Buffer | string): void {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.tail = Buffer.concat([this.tail, buf]);
    if (this.tail.length > this.tailBytes) this.tail = this.tail.subarray(this.tail.length - this.tailBytes);
    const room = this.maxBytes - this.written;
    if (room <= 0) {
      this.dropped += buf.length;
      return;
    }
    const part = buf.length > room ? buf.subarray(0, room) : buf;
    this.stream.write(part);
    this.written += part.length;
    this.dropped += buf.length - part.length;
  }

  get truncated(): boolean {
    return this.dropped > 0;
  }

  /** The last bytes seen (even past the cap), as text. */
  tailText(): string {
    return this.tail.toString('utf8');
  }

  async close(): Promise<void> {
    if (this.dropped > 0) {
      this.stream.write(`\n[run4: output truncated at ${this.maxBytes} bytes; ${this.dropped} more bytes dropped]\n`);
    }
    await new Promise<void>((resolve) => this.stream.end(() => resolve()));
  }
}
