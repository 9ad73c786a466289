import type { Finding } from '@run4/schemas';

// The defect_catalog item's schemas live in @run4/schemas (one schema per shape); re-exported here.
export { FindingOccurrenceSchema, FindingRouteSchema, FindingSchema, FindingSourceSchema } from '@run4/schemas';
export type { Finding, FindingOccurrence, FindingRoute, FindingSource } from '@run4/schemas';

/** Format the NNN of FINDING-NNN (three digits, more when the catalog passes 999). */
export function findingId(n: number): string {
  return `FINDING-${String(n).padStart(3, '0')}`;
}

/** True while a finding still needs work (not FIXED, not WONTFIX). */
export function isOpen(f: Pick<Finding, 'resolution'>): boolean {
  return f.resolution === '' || f.resolution === 'OPEN';
}
