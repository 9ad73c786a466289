import { describe, expect, it } from 'vitest';
import { toCurl } from '../../src/layer2/curl.js';

describe('toCurl', () => {
  it('quotes for the shell and hides credentials', () => {
    const c = toCurl({ method: 'POST', url: "http://127.0.0.1:1/o?q=it's", headers: { authorization: 'Bearer abc.def', 'x-api-key': 'k1' }, body: '{"a":"b\'c"}' });
    expect(c).toBe(`curl -sS -X POST 'http://127.0.0.1:1/o?q=it'\\''s' -H "authorization: Bearer $RUN4_AUTH_TOKEN" -H "x-api-key: $RUN4_AUTH_TOKEN" --data-raw '{"a":"b'\\''c"}'`);
    expect(c).not.toContain('abc.def');
  });
});
