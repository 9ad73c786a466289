// Every implemented contract operation: the success path answers a
// documented status with a body that matches the contract; bad input is
// rejected; secured operations refuse a missing credential.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { validate } from '../src/lib/schema.js';
import { call, happyRequest, implemented, service, startIssuerStub, startService, fillPath } from './helpers.js';

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

for (const op of implemented) {
  test(`[${op.key}] success path answers ${op.successStatus} with a body matching the contract`, async () => {
    const req = await happyRequest(svc.url, op);
    const res = await call(svc.url, op.method, req.path, { body: req.body, jwt: req.jwt });
    assert.equal(res.status, op.successStatus, `body: ${JSON.stringify(res.json)}`);
    const schema = op.responses[String(res.status)];
    // A build with SCHEMA-001 planted reads responses tolerantly (see the builder README, "Planting").
    if (schema) assert.deepEqual(validate(schema, res.json, '$', { tolerant: Boolean(service.tolerantResponses) }), []);
  });

  const required = op.requestBody?.schema?.required ?? op.requestBody?.schema?.oneOf?.[0]?.required ?? [];
  if (op.requestBody && required.length > 0) {
    test(`[${op.key}] a body missing required fields is rejected with ${op.validationStatus}`, async () => {
      const req = await happyRequest(svc.url, op);
      const res = await call(svc.url, op.method, req.path, { body: {}, jwt: req.jwt });
      assert.equal(res.status, op.validationStatus, `body: ${JSON.stringify(res.json)}`);
    });
  }

  if (op.secured) {
    test(`[${op.key}] a request without a bearer credential is rejected with 401`, async () => {
      const req = await happyRequest(svc.url, op);
      const res = await call(svc.url, op.method, req.path, { body: req.body });
      assert.equal(res.status, 401);
    });
  }

  if (['read', 'update', 'remove'].includes(op.behaviour) && '404' in op.responses) {
    test(`[${op.key}] an unknown id answers 404`, async () => {
      const req = await happyRequest(svc.url, op);
      const res = await call(svc.url, op.method, fillPath(op, '00000000-0000-4000-8000-000000000000'), { body: req.body, jwt: req.jwt });
      assert.equal(res.status, 404);
    });
  }
}
