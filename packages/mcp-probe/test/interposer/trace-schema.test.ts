import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTrace, readTrace, startInterposer, TraceEntrySchema, TraceFormatError } from '../../src/index.js';
import { scratch, cleanupScratch } from './helpers.js';

afterAll(cleanupScratch);

async function recordSome(trace: string): Promise<void> {
  const input = new PassThrough();
  const h = startInterposer({
    command: 'cat',
    tracePath: trace,
    input,
    output: new PassThrough(),
    log: new PassThrough(),
    faults: { rules: [{ tool: 'x', calls: { first: 1 }, fault: { kind: 'transient-error' } }] },
  });
  input.write('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","arguments":{}}}\n');
  input.end('{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"x","arguments":{}}}\nnot json\n');
  await h.exited;
}

describe('trace file', () => {
  it('round-trips every entry through TraceEntrySchema (JSON text -> entries -> JSON text)', async () => {
    const { trace } = scratch();
    await recordSome(trace);
    const text = readFileSync(trace, 'utf8');
    const entries = readTrace(trace);
    expect(entries.length).toBeGreaterThanOrEqual(8);
    const lines = text.trimEnd().split('\n');
    expect(entries).toHaveLength(lines.length);
    // Nothing lost or added by the schema: parse(line) == schema.parse(parse(line)), and back through JSON.
    lines.forEach((line, i) => {
      expect(TraceEntrySchema.parse(JSON.parse(line))).toStrictEqual(JSON.parse(line));
      expect(JSON.parse(JSON.stringify(entries[i]))).toStrictEqual(JSON.parse(line));
    });
    expect(entries.some((e) => e.type === 'message' && e.injected && e.errorCode === -32001)).toBe(true);
  });

  it('fails with the line number on an entry that breaks the schema; ignores a last line cut short', async () => {
    const { trace } = scratch();
    await recordSome(trace);
    const good = readTrace(trace).length;
    appendFileSync(trace, '{"seq":1,"start":1,"pid');
    expect(readTrace(trace)).toHaveLength(good);
    const lines = readFileSync(trace, 'utf8').split('\n');
    lines[2] = JSON.stringify({ ...JSON.parse(lines[2]!), dir: 'sideways' });
    writeFileSync(trace, lines.join('\n'));
    const error = (() => {
      try {
        readTrace(trace);
      } catch (e) {
        return e;
      }
    })() as TraceFormatError;
    expect(error).toBeInstanceOf(TraceFormatError);
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/:3: dir:/);
    expect(() => parseTrace('nope\n{}\n', 't')).toThrow(/t:1: not JSON/);
    expect(readTrace(`${trace}.missing`)).toEqual([]);
  });
});
