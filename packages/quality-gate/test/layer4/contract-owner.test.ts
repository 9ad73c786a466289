import { describe, expect, it } from 'vitest';
import { contractOwner } from '../../src/layer4/contract-owner.js';
import type { ContractFacts } from '../../src/layer4/contracts.js';

const services = ['auth-service', 'order-service', 'notification-service'];
function doc(infoTexts: string[], sendTexts: string[]): ContractFacts {
  return { file: 'c.yaml', kind: 'asyncapi', operations: [], channels: [], properties: [], asyncapi: { infoTexts, sendTexts, receiveTexts: [], servers: [] } };
}
const none = new Set<string>();

describe('contractOwner', () => {
  it('takes the service named by info.title or an info.x-* extension', () => {
    expect(contractOwner(doc(['Order service events', 'order-service'], []), { holder: 'notification-service', services, publishers: none })).toBe('order-service');
  });
  it('takes the single service named by the send operations when info names none', () => {
    const d = doc(['TaskTracker order-events'], ['publishOrderCreated', 'order-service publishes OrderCreated']);
    expect(contractOwner(d, { holder: 'notification-service', services, publishers: none })).toBe('order-service');
  });
  it('falls back to code: the holder when it publishes, else the single other publisher', () => {
    const d = doc(['events'], ['publishOrderCreated']);
    expect(contractOwner(d, { holder: 'notification-service', services, publishers: new Set(['order-service']) })).toBe('order-service');
    expect(contractOwner(d, { holder: 'order-service', services, publishers: new Set(['order-service', 'auth-service']) })).toBe('order-service');
  });
  it('keeps the holder when nothing decides (ambiguous names, two other publishers, no evidence)', () => {
    const both = doc(['order-service to notification-service'], ['order-service or notification-service']);
    expect(contractOwner(both, { holder: 'auth-service', services, publishers: none })).toBe('auth-service');
    expect(contractOwner(doc([], []), { holder: 'auth-service', services, publishers: new Set(['order-service', 'notification-service']) })).toBe('auth-service');
    expect(contractOwner(doc(['orders'], []), { holder: 'notification-service', services, publishers: none })).toBe('notification-service');
  });
});
