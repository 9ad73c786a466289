import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { readTrace, startInterposer, type TraceMessage } from '../../src/index.js';
import { scratch, waitFor, cleanupScratch } from './helpers.js';

afterAll(cleanupScratch);

/** Collects everything written to a stream. */
function sink(stream: PassThrough): () => Buffer {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return () => Buffer.concat(chunks);
}

describe('interposer byte stream (in process, `cat` as the server)', { timeout: 60_000 }, () => {
  it('forwards every byte unchanged both ways: odd spacing, key order, escapes, CRLF, non-JSON lines and a last line without newline', async () => {
    const { trace } = scratch();
    const input = new PassThrough();
    const output = new PassThrough();
    const got = sink(output);
    const h = startInterposer({ command: 'cat', tracePath: trace, input, output, log: new PassThrough() });
    const lines = [
      '{ "id" : 1, "jsonrpc":"2.0",  "method":"tools/call","params":{"name":"é\\u00e9","arguments":{}} }\n',
      '{"jsonrpc":"2.0","method":"notifications/x"}\r\n',
      'not json at all\n',
      '{"jsonrpc":"2.0","id":"s-1","result":{"ok":true}}\n',
      '{"jsonrpc":"2.0","id":7,"method":"ping"}', // no final newline: forwarded at EOF
    ];
    const bytes = Buffer.from(lines.join(''), 'utf8');
    // Split the stream at awkward places (inside a multibyte character, inside a line).
    for (const [a, b] of [
      [0, 3],
      [3, 60],
      [60, 61],
      [61, bytes.length],
    ]) {
      input.write(bytes.subarray(a, b));
    }
    input.end();
    const exit = await h.exited;
    expect(exit.exitCode).toBe(0);
    expect(got().equals(bytes)).toBe(true);
    const t = readTrace(trace).filter((e): e is TraceMessage => e.type === 'message');
    expect(t.filter((m) => m.dir === 'client->server').map((m) => m.kind)).toEqual(['request', 'notification', 'invalid', 'response', 'request']);
    expect(t.filter((m) => m.dir === 'client->server').reduce((n, m) => n + m.bytes, 0)).toBe(bytes.length);
    expect(t[0]).toMatchObject({ method: 'tools/call', tool: 'éé', id: 1 });
    expect(t.find((m) => m.kind === 'invalid')!.raw).toBe('not json at all\n');
  });

  it('exits with the server exit code, and 127 with one line when the command does not exist', async () => {
    const input = new PassThrough();
    const h = startInterposer({ command: process.execPath, args: ['-e', 'process.exit(3)'], input, output: new PassThrough(), log: new PassThrough() });
    expect((await h.exited).exitCode).toBe(3);
    const log = new PassThrough();
    const logged = sink(log);
    const missing = startInterposer({ command: 'no-such-mcp-server-cmd', input: new PassThrough(), output: new PassThrough(), log });
    expect(await missing.exited).toMatchObject({ exitCode: 127, refused: false });
    expect(logged().toString()).toMatch(/^run4 interpose: cannot start "no-such-mcp-server-cmd" in .*ENOENT.*\n$/);
  });

  it('on client EOF closes the server stdin; a server that ignores EOF and SIGTERM is SIGKILLed with its group', async () => {
    const { trace } = scratch();
    const input = new PassThrough();
    const stubborn = "process.on('SIGTERM', () => {}); process.stdin.resume(); process.stdin.on('end', () => {}); setInterval(() => {}, 1000); console.log('up')";
    const output = new PassThrough();
    const got = sink(output);
    const h = startInterposer({ command: process.execPath, args: ['-e', stubborn], input, output, tracePath: trace, shutdownGraceMs: 300, killGraceMs: 300, log: new PassThrough() });
    expect(await waitFor(() => got().toString().includes('up'))).toBe(true);
    input.end();
    const exit = await h.exited;
    expect(exit).toMatchObject({ signal: 'SIGKILL', exitCode: 137 });
    expect(readTrace(trace).filter((e) => e.type === 'event').map((e) => (e.type === 'event' ? e.event : ''))).toEqual(['start', 'server-spawned', 'client-eof', 'server-exit']);
  });

  it('kill(signal) forwards the signal to the server, which exits by it', async () => {
    const { trace } = scratch();
    const output = new PassThrough();
    const got = sink(output);
    const h = startInterposer({ command: process.execPath, args: ['-e', "setInterval(() => {}, 1000); console.log('up')"], input: new PassThrough(), output, tracePath: trace, log: new PassThrough() });
    expect(await waitFor(() => got().toString().includes('up'))).toBe(true);
    h.kill('SIGTERM');
    expect(await h.exited).toMatchObject({ signal: 'SIGTERM', exitCode: 143 });
    expect(readTrace(trace).some((e) => e.type === 'event' && e.event === 'signal' && e.signal === 'SIGTERM')).toBe(true);
  });
});
