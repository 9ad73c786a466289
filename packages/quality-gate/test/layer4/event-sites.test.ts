import { describe, expect, it } from 'vitest';
import type { SourceLanguage } from '../../src/layer3/rule.js';
import { parseSource, releaseParsedFile } from '../../src/layer3/source-file.js';
import { getCodeParser } from '../../src/layer3/tree-sitter.js';
import type { ContractFacts } from '../../src/layer4/contracts.js';
import { buildEventCatalog } from '../../src/layer4/event-catalog.js';
import { findEventSites } from '../../src/layer4/event-sites.js';

const channel = (id: string, names: string[]) => ({ id, names: [id, ...names], line: 1, actions: ['send' as const], servers: [] });
const contract: ContractFacts = {
  file: 'contracts/asyncapi.yaml',
  kind: 'asyncapi',
  operations: [],
  properties: [],
  channels: [channel('orderCreated', ['orders.created', 'OrderCreated', 'publishOrderCreated']), channel('orderShipped', ['orders.shipped', 'OrderShipped', 'publishOrderShipped'])],
};
const catalog = buildEventCatalog([contract]);

async function sites(content: string, language: SourceLanguage = 'javascript') {
  const parsed = parseSource(await getCodeParser(), language === 'python' ? 's/app/x.py' : 's/src/x.js', content, language, 's');
  try {
    return findEventSites(parsed, catalog).map((s) => `${s.kind} ${s.name} ${s.line}`);
  } finally {
    releaseParsedFile(parsed);
  }
}

describe('event catalog', () => {
  it('resolves message name, channel id, address, operation id and constant spellings to one channel', () => {
    const keys = ['OrderCreated', 'orderCreated', 'orders.created', 'publishOrderCreated', 'ORDER_CREATED'].map((n) => catalog.keyOf(n));
    expect(new Set(keys)).toEqual(new Set(['ordercreated']));
    expect(catalog.keyOf('orders.shipped')).toBe('ordershipped');
    expect(catalog.keyOf('order.deleted')).toBeUndefined();
  });
});

describe('findEventSites: publisher side', () => {
  it('finds a publish table entry and an outbound request envelope by message name', async () => {
    const code = "export const service = { events: { publish: [ { name: 'OrderCreated', route: '/events' } ] } };\n" +
      "await fetch(url, { method: 'POST', body: JSON.stringify({ event: 'OrderShipped', payload }) });\n";
    expect(await sites(code)).toEqual(['publish ordercreated 1', 'publish ordershipped 2']);
  });
  it('finds bus calls by channel address and operation id, and a Python producer by message name', async () => {
    expect(await sites("bus.publish('orders.created', o);\nemitter.emit('publishOrderShipped', o);\n")).toEqual(['publish ordercreated 1', 'publish ordershipped 2']);
    expect(await sites('producer.send(topic="orders.created", value=body)\nPUBLISHED_EVENTS = {"type": "OrderShipped"}\n', 'python')).toEqual([
      'publish ordercreated 1',
      'publish ordershipped 2',
    ]);
  });
});

describe('findEventSites: consumer side', () => {
  it('finds an ingest route request schema that pins the event name, and its discriminator mapping', async () => {
    const code = 'export const operations = [{ path: "/events", requestBody: { schema: { oneOf: [\n  { properties: { event: { type: "string", const: "OrderCreated" } } },\n], discriminator: { mapping: {\n  "OrderShipped": "#/x" } } } } }];\n';
    expect(await sites(code)).toEqual(['subscribe ordercreated 2', 'subscribe ordershipped 4']);
  });
  it('finds dispatch on the event name (switch, comparison, handler table) and a subscription to the address', async () => {
    const code = "function onEvent(body) {\n  switch (body.event) {\n    case 'OrderCreated': return created(body);\n  }\n  if (body.type === 'orderShipped') shipped(body);\n}\n" +
      'const table = { OrderCreated: created };\nawait consumer.subscribe({ topic: "orders.shipped" });\n';
    expect(await sites(code)).toEqual(['subscribe ordercreated 3', 'subscribe ordershipped 5', 'subscribe ordercreated 7', 'subscribe ordershipped 8']);
  });
  it('finds a Python handler that dispatches on the event type', async () => {
    expect(await sites('async def ingest(envelope):\n    if envelope["event"] == "OrderCreated":\n        store(envelope)\n', 'python')).toEqual(['subscribe ordercreated 2']);
  });
});

describe('findEventSites: decoys', () => {
  it('ignores names in log messages, bare constants, responses and comparisons on other fields', async () => {
    const code = "// publishes OrderCreated\nlogger.info('OrderCreated');\nconst LABEL = 'orders.created';\nres.send('OrderShipped');\nif (user.role === 'OrderCreated') deny();\nconst x = { title: 'OrderShipped' };\n";
    expect(await sites(code)).toEqual([]);
  });
});
