/**
 * Splits a byte stream into newline-terminated lines without changing a
 * byte: each line keeps its `\n` (and a `\r` before it, if any), so
 * forwarding the lines one after the other reproduces the stream exactly.
 *
 * @example
 * const s = new LineSplitter();
 * s.push(Buffer.from('{"a":1}\n{"b"')); // [<Buffer '{"a":1}\n'>]
 * s.push(Buffer.from(':2}\n'));         // [<Buffer '{"b":2}\n'>]
 */
export class LineSplitter {
  private rest: Buffer | undefined;

  /** Feed a chunk; returns the complete lines it finished. */
  push(chunk: Buffer): Buffer[] {
    const buf = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    const lines: Buffer[] = [];
    let start = 0;
    let nl = buf.indexOf(10, start);
    while (nl !== -1) {
      lines.push(buf.subarray(start, nl + 1));
      start = nl + 1;
      nl = buf.indexOf(10, start);
    }
    this.rest = start < buf.length ? buf.subarray(start) : undefined;
    return lines;
  }

  /** Whatever is left without a final newline (at end of stream). */
  flush(): Buffer | undefined {
    const rest = this.rest;
    this.rest = undefined;
    return rest;
  }
}
