import { m1 } from './m1/index.js';
import { m2 } from './m2/index.js';
import { m3 } from './m3/index.js';
import { m4 } from './m4/index.js';
import { m5 } from './m5/index.js';
import { m6 } from './m6/index.js';
import type { Milestone } from './types.js';
import { MILESTONE_TITLES } from './titles.js';

export { MILESTONE_TITLES };

/** The milestone functions; the same ones back `run4 run` and the Nx targets m1..m6. */
export const MILESTONES: Readonly<Record<number, Milestone>> = {
  1: m1,
  2: m2,
  3: m3,
  4: m4,
  5: m5,
  6: m6,
};
