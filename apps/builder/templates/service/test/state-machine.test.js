// The entity state machine: allowed transitions succeed, anything else is
// rejected with 409 and leaves the record unchanged.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, createEntity, credentialFor, fillPath, opOf, service, startIssuerStub, startService } from './helpers.js';

const machine = service.stateMachine;
const update = opOf('update', machine.entity);
let svc;
let issuer;

before(async () => {
  issuer = service.issuer ? undefined : await startIssuerStub();
  svc = await startService(issuer ? { AUTH_SERVICE_URL: issuer.url } : {});
});

after(async () => {
  await svc?.close();
  await issuer?.close();
});

async function move(jwt, id, to) {
  return call(svc.url, update.method, fillPath(update, id), { body: { [machine.field]: to }, jwt });
}

test(`[${update.key}] walks ${machine.initial} through every forward transition`, async () => {
  const jwt = update.secured ? await credentialFor(svc.url) : undefined;
  const created = await createEntity(svc.url, machine.entity, jwt);
  assert.equal(created[machine.field], machine.initial);
  for (const to of machine.forward) {
    const res = await move(jwt, created.id, to);
    assert.equal(res.status, update.successStatus, `to ${to}: ${JSON.stringify(res.json)}`);
    assert.equal(res.json[machine.field], to);
  }
});

test(`[${update.key}] rejects a transition the machine does not allow with 409`, async () => {
  const jwt = update.secured ? await credentialFor(svc.url) : undefined;
  const created = await createEntity(svc.url, machine.entity, jwt);
  const last = machine.forward[machine.forward.length - 1];
  const res = await move(jwt, created.id, last);
  assert.equal(res.status, 409);
  const read = opOf('read', machine.entity);
  if (read) {
    const again = await call(svc.url, read.method, fillPath(read, created.id), { jwt });
    assert.equal(again.json[machine.field], machine.initial);
  }
});

test(`[${update.key}] cancels from ${machine.initial} and refuses to leave ${machine.terminalCancel}`, async () => {
  const jwt = update.secured ? await credentialFor(svc.url) : undefined;
  const created = await createEntity(svc.url, machine.entity, jwt);
  const cancelled = await move(jwt, created.id, machine.terminalCancel);
  assert.equal(cancelled.status, update.successStatus);
  const res = await move(jwt, created.id, machine.forward[0]);
  assert.equal(res.status, 409);
});
