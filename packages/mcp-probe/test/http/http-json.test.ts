import { afterAll, describe, expect, it } from 'vitest';
import { clip, httpJson } from '../../src/index.js';
import { deadUrl, fakeHttp } from './fake-http.js';

const fake = await fakeHttp(({ url, body }) => (url === '/text' ? { status: 200, text: 'not json' } : { status: 201, body: { echoed: body } }));
afterAll(() => fake.close());

describe('httpJson', () => {
  it('sends and parses JSON', async () => {
    const r = await httpJson('POST', `${fake.url}/x`, { a: 1 });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ echoed: { a: 1 } });
    expect(r.ms).toBeGreaterThanOrEqual(0);
  });

  it('keeps a body that is not JSON as text', async () => {
    expect((await httpJson('GET', `${fake.url}/text`)).body).toBe('not json');
  });

  it('answers status 0 with the error instead of throwing when nothing listens', async () => {
    const r = await httpJson('GET', `${await deadUrl()}/none`);
    expect(r.status).toBe(0);
    expect(r.error).toBe('ECONNREFUSED');
  });
});

describe('clip', () => {
  it('shortens long evidence and marks the cut', () => {
    expect(clip('x'.repeat(300), 10)).toBe(`${'x'.repeat(10)}…`);
    expect(clip({ a: 1 })).toBe('{"a":1}');
    expect(clip(undefined)).toBe('undefined');
  });
});
