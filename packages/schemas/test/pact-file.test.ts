import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PactFileSchema, PactV4HttpFileSchema } from '../src/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a raw JSON document, planted with defects below
type Json = any;
const fixture = (file: string): Json => JSON.parse(readFileSync(path.resolve(__dirname, '../../../fixtures', file), 'utf8'));
const reference = fixture('tasktracker/sample_pact_auth.json');
const python = fixture('pystack/sample/pact_loan_member.json');

describe('PactFileSchema', () => {
  it('accepts both sample stacks\' pacts and keeps the keys it does not name', () => {
    for (const pact of [reference, python]) {
      const parsed = PactFileSchema.parse(pact);
      expect(parsed.interactions.length).toBeGreaterThan(0);
      expect(parsed.interactions[0]).toHaveProperty('request');
      expect(parsed.interactions[0]).toEqual(pact.interactions[0]);
    }
  });

  it('accepts a V3 pact (providerState, no interaction type, no metadata)', () => {
    const v3 = { consumer: { name: 'a' }, provider: { name: 'b' }, interactions: [{ description: 'x', providerState: 'user exists', request: { method: 'GET', path: '/u' }, response: { status: 200 } }] };
    expect(PactFileSchema.parse(v3).interactions[0]).toMatchObject({ providerState: 'user exists' });
  });

  it('rejects a file that is not a pact, naming the missing field', () => {
    const r = PactFileSchema.safeParse({ consumer: { name: 'a' }, interactions: [] });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['provider']);
  });
});

describe('PactV4HttpFileSchema', () => {
  it('accepts the reference pact with its request paths typed', () => {
    const pact = PactV4HttpFileSchema.parse(reference);
    expect(pact.metadata.pactSpecification.version).toMatch(/^4\./);
    expect(pact.interactions.every((i) => i.request.path.startsWith('/'))).toBe(true);
    expect(pact.interactions[0]).toEqual(reference.interactions[0]);
  });

  it.each([
    ['a V3 pact', (p: Json) => (p.metadata.pactSpecification.version = '3.0.0'), 'metadata.pactSpecification.version'],
    ['no interaction', (p: Json) => (p.interactions = []), 'interactions'],
    ['a message interaction', (p: Json) => (p.interactions[0].type = 'Asynchronous/Messages'), 'interactions.0.type'],
    ['a relative request path', (p: Json) => (p.interactions[0].request.path = 'login'), 'interactions.0.request.path'],
    ['a status out of range', (p: Json) => (p.interactions[0].response.status = 42), 'interactions.0.response.status'],
    ['an empty provider name', (p: Json) => (p.provider.name = ''), 'provider.name'],
  ])('rejects %s, naming where', (_what, plant, where) => {
    const bad = structuredClone(reference);
    plant(bad);
    expect(PactFileSchema.safeParse(bad).success).toBe(true); // a pact all the same: the narrowing is what rejects it
    const r = PactV4HttpFileSchema.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toContain(where);
  });
});
