import { m1 } from './m1/index.js';
import { m2 } from './m2/index.js';
import { m3 } from './m3/index.js';
import { m4 } from './m4/index.js';
import { m5 } from './m5/index.js';
import { m6 } from './m6/index.js';
import type { Milestone } from './types.js';

/** Titles of seed 000's milestones. */
export const MILESTONE_TITLES: Readonly<Record<number, string>> = {
  1: 'Test infrastructure + fixtures',
  2: 'Build 1 → Build 2 MCP wiring',
  3: 'Build 2 → Build 3 builder wiring',
  4: 'End-to-end pipeline',
  5: 'Fix passes + defect remediation',
  6: 'Audit report + final verification',
};

/** The milestone functions; the same ones back `run4 run` and the Nx targets m1..m6. */
export const MILESTONES: Readonly<Record<number, Milestone>> = {
  1: m1,
  2: m2,
  3: m3,
  4: m4,
  5: m5,
  6: m6,
};
