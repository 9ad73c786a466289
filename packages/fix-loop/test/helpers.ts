import { check, type CheckRecord } from '@run4/checks';
import type { FixLoopViolationInput } from '../src/index.js';

export const v = (code: string, service: string, file: string, severity: FixLoopViolationInput['severity'], line = 1, category = ''): FixLoopViolationInput => ({
  code,
  severity,
  category,
  file_path: file,
  line,
  message: `${code} at ${file}:${line}`,
  service,
});

export const HEALTH = v('HEALTH-001', 'order-service', 'src/server.js', 'warning', 0, 'health');
export const SCHEMA = v('SCHEMA-001', 'order-service', 'src/routes/orders.js', 'error', 14, '');
export const LOG = v('LOG-001', 'auth-service', 'src/server.js', 'warning', 22, 'logging');

export const pass = (id: string, ids: string[] = []): CheckRecord => check(id, id, 'PASS', 'ok', ids);
export const fail = (id: string, ids: string[] = []): CheckRecord => check(id, id, 'FAIL', `${id} broke`, ids);
