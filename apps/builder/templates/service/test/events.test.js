// Events: published events reach the consumer as {event, payload} envelopes
// matching the AsyncAPI payload schema, with the caller's trace id; ingested
// events become stored, listable records.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { validate, sample } from '../src/lib/schema.js';
import { call, credentialFor, fillPath, opOf, service, startIssuerStub, startService, startStub } from './helpers.js';

const published = service.events.publish;
const ingest = opOf('ingest-event');
let svc;
let issuer;
let sink;

before(async () => {
  sink = await startStub();
  issuer = service.issuer ? undefined : await startIssuerStub();
  const env = Object.fromEntries(published.map((e) => [e.targetEnv, sink.url]));
  svc = await startService({ ...env, ...(issuer ? { AUTH_SERVICE_URL: issuer.url } : {}) });
});

after(async () => {
  await svc?.close();
  await issuer?.close();
  await sink?.close();
});

async function waitFor(predicate, ms = 3000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const hit = sink.received.find(predicate);
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 25));
  }
  return undefined;
}

for (const event of published) {
  test(`[event ${event.name}] is delivered to ${event.route} with a contract payload and the caller's trace id`, async () => {
    const create = opOf('create', event.trigger.entity);
    const jwt = create.secured ? await credentialFor(svc.url) : undefined;
    const traceId = 'ab'.repeat(16);
    const res = await call(svc.url, create.method, create.path, { body: sample(create.requestBody.schema), jwt, headers: { traceparent: `00-${traceId}-${'cd'.repeat(8)}-01` } });
    assert.equal(res.status, create.successStatus);
    if (event.trigger.on === 'status') {
      const machine = service.stateMachine;
      const update = opOf('update', event.trigger.entity);
      for (const to of machine.forward.slice(0, machine.forward.indexOf(event.trigger.value) + 1)) {
        const moved = await call(svc.url, update.method, fillPath(update, res.json.id), { body: { [machine.field]: to }, jwt, headers: { traceparent: `00-${traceId}-${'ef'.repeat(8)}-01` } });
        assert.equal(moved.status, update.successStatus);
      }
    }
    const got = await waitFor((r) => r.body?.event === event.name && r.body?.payload?.[event.idField] === res.json.id);
    assert.ok(got, `no ${event.name} received; got ${JSON.stringify(sink.received.map((r) => r.body?.event))}`);
    assert.equal(got.method, 'POST');
    assert.equal(new URL(got.url, 'http://x').pathname, event.route);
    assert.deepEqual(validate(event.payload, got.body.payload), []);
    assert.equal(String(got.headers.traceparent).split('-')[1], traceId);
  });
}

if (ingest) {
  test(`[${ingest.key}] an ingested event becomes a stored record that the list operation returns`, async () => {
    const body = sample(ingest.requestBody.schema);
    const res = await call(svc.url, ingest.method, ingest.path, { body });
    assert.equal(res.status, ingest.successStatus, JSON.stringify(res.json));
    const list = opOf('list', service.events.ingest.entity);
    if (list) {
      const listed = await call(svc.url, list.method, `${list.path}?user_id=${body.payload.user_id}`);
      assert.equal(listed.status, list.successStatus);
      const rows = Array.isArray(listed.json) ? listed.json : Object.values(listed.json).find(Array.isArray);
      assert.ok(rows.some((row) => row.user_id === body.payload.user_id), JSON.stringify(listed.json));
    }
  });

  test(`[${ingest.key}] an envelope that matches no event schema is rejected with ${ingest.validationStatus}`, async () => {
    const res = await call(svc.url, ingest.method, ingest.path, { body: { event: 'NoSuchEvent', payload: {} } });
    assert.equal(res.status, ingest.validationStatus);
  });
}
