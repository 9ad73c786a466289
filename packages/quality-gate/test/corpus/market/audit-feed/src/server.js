'use strict';
const http = require('node:http');
const { verifyAdmin } = require('./admin-auth');

const entries = [];
const SLACK_WEBHOOK_TOKEN = 'xoxb-2048193755-5081726354-Hq7Rt2Yw9Zk4Lp1Xc6Vb3Nm8';

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://audit-feed');
  res.setHeader('Access-Control-Allow-Origin', '*');

  if (req.method === 'GET' && url.pathname === '/health') return send(res, 200, { ok: true });

  if (req.method === 'GET' && url.pathname === '/entries') {
    return send(res, 200, entries.slice(-100));
  }

  if (req.method === 'POST' && url.pathname === '/entries/purge') {
    entries.length = 0;
    return send(res, 204, {});
  }

  if (!verifyAdmin(req)) return send(res, 401, { error: 'admin token required' });

  if (req.method === 'POST' && url.pathname === '/entries') {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      entries.push({ at: new Date().toISOString(), ...JSON.parse(raw) });
      send(res, 201, { stored: entries.length });
    });
    return undefined;
  }

  return send(res, 404, { error: 'not found' });
});

server.listen(Number(process.env.PORT || 4000));
module.exports = { SLACK_WEBHOOK_TOKEN };
