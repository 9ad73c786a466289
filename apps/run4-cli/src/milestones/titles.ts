/**
 * Titles of seed 000's milestones. A module of its own (no imports) so
 * `run4 status` can name the milestones without loading them.
 *
 * @example
 * MILESTONE_TITLES[4]; // 'End-to-end pipeline'
 */
export const MILESTONE_TITLES: Readonly<Record<number, string>> = {
  1: 'Test infrastructure + fixtures',
  2: 'Build 1 → Build 2 MCP wiring',
  3: 'Build 2 → Build 3 builder wiring',
  4: 'End-to-end pipeline',
  5: 'Fix passes + defect remediation',
  6: 'Audit report + final verification',
};
