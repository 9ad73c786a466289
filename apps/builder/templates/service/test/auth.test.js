// Bearer credentials: the issuer refuses wrong passwords, duplicate
// registrations and tampered credentials; other services confirm each
// credential with the issuer over HTTP, propagating traceparent, and answer
// 503 when the issuer cannot be reached.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, credentialFor, fillPath, happyRequest, implemented, opOf, sampleBody, service, startIssuerStub, startService } from './helpers.js';

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

if (service.issuer) {
  const reg = opOf('register');
  const login = opOf('login');
  const me = opOf('current-user');

  test(`[${login.key}] a wrong password is rejected with 401`, async () => {
    const creds = sampleBody(reg);
    await call(svc.url, reg.method, reg.path, { body: creds });
    const res = await call(svc.url, login.method, login.path, { body: { ...creds, password: `${creds.password}-wrong` } });
    assert.equal(res.status, 401);
  });

  test(`[${reg.key}] registering the same email twice answers 409`, async () => {
    const creds = sampleBody(reg);
    assert.equal((await call(svc.url, reg.method, reg.path, { body: creds })).status, reg.successStatus);
    assert.equal((await call(svc.url, reg.method, reg.path, { body: creds })).status, 409);
  });

  if (me) {
    test(`[${me.key}] a credential with a tampered signature is rejected with 401`, async () => {
      const jwt = await credentialFor(svc.url);
      const tampered = `${jwt.slice(0, -4)}${jwt.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
      const res = await call(svc.url, me.method, me.path, { jwt: tampered });
      assert.equal(res.status, 401);
    });
  }
} else {
  const op = implemented.find((o) => o.secured);

  test(`[${op.key}] credentials are confirmed with the issuer, propagating traceparent`, async () => {
    const req = await happyRequest(svc.url, op);
    const traceId = '12'.repeat(16);
    const before = issuer.received.length;
    const res = await call(svc.url, op.method, req.path, { body: req.body, jwt: req.jwt, headers: { traceparent: `00-${traceId}-${'34'.repeat(8)}-01` } });
    assert.equal(res.status, op.successStatus);
    const calls = issuer.received.slice(before);
    assert.ok(calls.some((c) => String(c.headers.traceparent).split('-')[1] === traceId), 'issuer saw no request carrying the trace id');
  });

  test(`[${op.key}] answers 503 when the issuer cannot be reached`, async () => {
    const down = await startService({ AUTH_SERVICE_URL: 'http://127.0.0.1:9' });
    try {
      const req = await happyRequest(svc.url, op);
      const res = await call(down.url, op.method, fillPath(op), { body: req.body, jwt: req.jwt });
      assert.equal(res.status, 503);
    } finally {
      await down.close();
    }
  });
}
