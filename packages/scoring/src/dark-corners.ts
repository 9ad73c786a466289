import type { CheckRecord } from '@run4/checks';
import { z } from 'zod';
import { tagStatus } from './check-stats.js';

/**
 * The dark corners of R4-M6-008. A check gives evidence for one by carrying
 * one of its tags in `requirementIds`: its own id (DC-1..DC-5) or, where the
 * seed matrix test is exactly that scenario, the matrix id (B1-18
 * test_multi_server_simultaneous, B1-20 test_inter_container_dns).
 * `required` ones cap the aggregate at 85 until they PASS (seed 001 9.3:
 * untested, WARN-only or FAIL all leave the corner unverified).
 */
export const DARK_CORNERS = [
  { id: 'DC-1', title: 'MCP server startup race: 3 servers starting at once', tags: ['DC-1', 'B1-18'], required: true },
  { id: 'DC-2', title: 'Docker network DNS: service-to-service by hostname', tags: ['DC-2', 'B1-20'], required: true },
  { id: 'DC-3', title: 'Concurrent builder file conflicts: 2 builders writing the same index', tags: ['DC-3'], required: true },
  { id: 'DC-4', title: 'State machine resume after crash: kill -9 mid-build, then resume', tags: ['DC-4'], required: true },
  { id: 'DC-5', title: 'Large PRD handling (if time permits)', tags: ['DC-5'], required: false },
] as const;

export const DarkCornerResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  required: z.boolean(),
  /** WARN: exercised, but only with a caveat (e.g. DNS on a backend without container DNS): not verified. */
  status: z.enum(['PASS', 'WARN', 'FAIL', 'UNTESTED']),
  checkIds: z.array(z.string()),
  evidence: z.string(),
});
export type DarkCornerResult = z.infer<typeof DarkCornerResultSchema>;

/**
 * Status of each dark corner from the checks that really exercised it
 * (worst status wins); with no such check it is UNTESTED, said plainly.
 *
 * @example
 * evaluateDarkCorners(checks).find((d) => d.id === 'DC-4')?.status; // 'UNTESTED'
 */
export function evaluateDarkCorners(checks: readonly CheckRecord[]): DarkCornerResult[] {
  return DARK_CORNERS.map((dc) => {
    const { status, checks: tagged } = tagStatus(checks, dc.tags);
    return {
      id: dc.id,
      title: dc.title,
      required: dc.required,
      status,
      checkIds: tagged.map((c) => c.id),
      evidence: tagged.length
        ? tagged.map((c) => `${c.id} ${c.status}: ${c.evidence}`).join('; ')
        : `UNTESTED: no check exercised this (tags ${dc.tags.join(', ')})`,
    };
  });
}
