import type { Rule } from '../rule.js';
import { rule as cors001 } from './cors-001.js';
import { rule as cors002 } from './cors-002.js';
import { rule as cors003 } from './cors-003.js';
import { rule as docker001 } from './docker-001.js';
import { rule as docker002 } from './docker-002.js';
import { rule as docker003 } from './docker-003.js';
import { rule as docker004 } from './docker-004.js';
import { rule as docker005 } from './docker-005.js';
import { rule as docker006 } from './docker-006.js';
import { rule as docker007 } from './docker-007.js';
import { rule as docker008 } from './docker-008.js';
import { rule as health001 } from './health-001.js';
import { rule as log001 } from './log-001.js';
import { rule as log004 } from './log-004.js';
import { rule as log005 } from './log-005.js';
import { rule as sec001 } from './sec-001.js';
import { rule as sec002 } from './sec-002.js';
import { rule as sec003 } from './sec-003.js';
import { rule as sec004 } from './sec-004.js';
import { rule as sec005 } from './sec-005.js';
import { rule as sec006 } from './sec-006.js';
import { rule as secret001 } from './sec-secret-001.js';
import { rule as secret002 } from './sec-secret-002.js';
import { rule as secret003 } from './sec-secret-003.js';
import { rule as secret004 } from './sec-secret-004.js';
import { rule as secret005 } from './sec-secret-005.js';
import { rule as secret006 } from './sec-secret-006.js';
import { rule as secret007 } from './sec-secret-007.js';
import { rule as secret008 } from './sec-secret-008.js';
import { rule as secret009 } from './sec-secret-009.js';
import { rule as secret010 } from './sec-secret-010.js';
import { rule as secret011 } from './sec-secret-011.js';
import { rule as secret012 } from './sec-secret-012.js';
import { rule as trace001 } from './trace-001.js';

/** Every Layer 3 rule, in the seed's order (seed 004 section 6.4). */
export const ALL_RULES: readonly Rule[] = [
  sec001, sec002, sec003, sec004, sec005, sec006,
  cors001, cors002, cors003,
  log001, log004, log005,
  trace001,
  secret001, secret002, secret003, secret004, secret005, secret006, secret007, secret008, secret009, secret010, secret011, secret012,
  docker001, docker002, docker003, docker004, docker005, docker006, docker007, docker008,
  health001,
];
