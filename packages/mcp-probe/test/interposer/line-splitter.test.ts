import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/interposer/line-splitter.js';

describe('LineSplitter', () => {
  it('keeps every byte: lines end with their own newline, CR kept, a split multibyte character rejoined', () => {
    const text = Buffer.from('{"a":"é"}\r\n{"b":1}\n\npartial', 'utf8');
    const s = new LineSplitter();
    const lines = [...s.push(text.subarray(0, 7)), ...s.push(text.subarray(7, 15)), ...s.push(text.subarray(15))];
    expect(lines.map((l) => l.toString('utf8'))).toEqual(['{"a":"é"}\r\n', '{"b":1}\n', '\n']);
    expect(s.flush()?.toString()).toBe('partial');
    expect(s.flush()).toBeUndefined();
    expect(Buffer.concat([...lines, Buffer.from('partial')]).equals(text)).toBe(true);
  });
});
