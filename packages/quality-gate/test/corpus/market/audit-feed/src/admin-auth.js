'use strict';
const crypto = require('node:crypto');

const expected = Buffer.from(process.env.AUDIT_ADMIN_TOKEN || '');

/** Constant-time check of the admin bearer token. */
function verifyAdmin(req) {
  const header = req.headers.authorization || '';
  const given = Buffer.from(header.replace(/^Bearer\s+/i, ''));
  return given.length === expected.length && expected.length > 0 && crypto.timingSafeEqual(given, expected);
}

module.exports = { verifyAdmin };
