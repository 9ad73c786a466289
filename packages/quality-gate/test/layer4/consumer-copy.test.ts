import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scanLayer4 } from '../../src/layer4/index.js';
import type { ScanViolation } from '../../src/models/index.js';
import { writeTree } from './helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function scan(files: Record<string, string>): Promise<ScanViolation[]> {
  const { root, cleanup } = writeTree(files);
  cleanups.push(cleanup);
  const names = ['order-service', 'notification-service'];
  const vs = await scanLayer4(names.map((name) => ({ name, dir: join(root, name) })), { rootDir: root });
  return vs.filter((v) => v.code === 'ADV-001' || v.code === 'ADV-002');
}
const brief = (vs: ScanViolation[]) => vs.map((v) => `${v.code} ${v.file_path}:${v.line}`).sort();

/** order-service's AsyncAPI 3 document (HTTP delivery to notification-service's POST /events), optionally without names of the sender. */
function orderEvents(opTitles = true): string {
  const op = (id: string, ch: string, msg: string) =>
    `  ${id}:\n    action: send\n${opTitles ? `    title: order-service publishes ${msg}\n` : ''}    channel:\n      $ref: "#/channels/${ch}"\n`;
  return [
    'asyncapi: 3.0.0',
    'info: {title: TaskTracker order-events, version: 1.0.0}',
    'servers:',
    '  notification-service: {host: "notification-service:8080", pathname: /events, protocol: http}',
    'channels:',
    '  orderCreated:', //  line 6
    '    address: orders.created',
    '    messages:',
    '      OrderCreated: {$ref: "#/components/messages/OrderCreated"}',
    '  orderShipped:', // line 10
    '    address: orders.shipped',
    '    messages:',
    '      OrderShipped: {$ref: "#/components/messages/OrderShipped"}',
    'operations:',
    op('publishOrderCreated', 'orderCreated', 'OrderCreated') + op('publishOrderShipped', 'orderShipped', 'OrderShipped'),
    'components:',
    '  messages:',
    '    OrderCreated: {name: OrderCreated, payload: {type: object}}',
    '    OrderShipped: {name: OrderShipped, payload: {type: object}}',
    '',
  ].join('\n');
}
const PUBLISHER =
  "export async function publish(name, payload) {\n  try {\n    await fetch(`${process.env.NOTIFICATION_SERVICE_URL}/events`, { method: 'POST', body: JSON.stringify({ event: name, payload }) });\n  } catch (e) { log(e); }\n}\n" +
  "export const onCreate = (o) => publish('OrderCreated', o);\nexport const onShip = (o) => publish('OrderShipped', o);\n";
const DISPATCHER = "app.post('/events', (req, res) => {\n  switch (req.body.event) {\n    case 'OrderCreated': return created(req.body.payload, res);\n    case 'OrderShipped': return shipped(req.body.payload, res);\n  }\n  res.status(400).end();\n});\n";

describe('consumer holding a copy of the provider\'s AsyncAPI document', () => {
  it('stays silent (decoy) when the provider publishes and the consumer dispatches on the message names', async () => {
    const vs = await scan({
      'order-service/contracts/asyncapi.yaml': orderEvents(),
      'order-service/src/events.js': PUBLISHER,
      'notification-service/contracts/asyncapi.yaml': orderEvents(),
      'notification-service/src/app.js': DISPATCHER,
    });
    expect(brief(vs)).toEqual([]);
  });

  it('stays silent (decoy) with no sender named in the document and a generic ingest route at the server path', async () => {
    const vs = await scan({
      'order-service/contracts/asyncapi.yaml': orderEvents(false),
      'order-service/src/events.js': PUBLISHER,
      'notification-service/contracts/asyncapi.yaml': orderEvents(false),
      'notification-service/src/app.js': "app.post('/events', async (req, res) => {\n  await store.insert({ event: req.body.event, payload: req.body.payload });\n  res.status(202).end();\n});\n",
    });
    expect(brief(vs)).toEqual([]);
  });

  it('flags a consumer whose code ignores the channels of the copy it holds, and the publish nothing consumes', async () => {
    const vs = await scan({
      'order-service/contracts/asyncapi.yaml': orderEvents(),
      'order-service/src/events.js': PUBLISHER,
      'notification-service/contracts/asyncapi.yaml': orderEvents(),
      'notification-service/src/app.js': "app.post('/notify', (req, res) => res.status(201).end());\n",
    });
    expect(brief(vs)).toEqual([
      'ADV-001 order-service/src/events.js:6',
      'ADV-001 order-service/src/events.js:7',
      'ADV-002 notification-service/contracts/asyncapi.yaml:10',
      'ADV-002 notification-service/contracts/asyncapi.yaml:6',
    ]);
    expect(vs.find((v) => v.code === 'ADV-002')?.message).toContain("a copy of order-service's contract");
  });

  it('flags (subtle) an event the consumer waits for that the provider stopped publishing, and nothing else', async () => {
    const vs = await scan({
      'order-service/contracts/asyncapi.yaml': orderEvents(),
      'order-service/src/events.js': PUBLISHER.replace("export const onShip = (o) => publish('OrderShipped', o);\n", ''),
      'notification-service/contracts/asyncapi.yaml': orderEvents(),
      'notification-service/src/app.js': DISPATCHER,
    });
    expect(brief(vs)).toEqual(['ADV-001 notification-service/contracts/asyncapi.yaml:10', 'ADV-002 order-service/contracts/asyncapi.yaml:10']);
    expect(vs.every((v) => v.message.includes('"orderShipped"'))).toBe(true);
  });
});
