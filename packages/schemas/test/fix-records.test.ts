import { describe, expect, it } from 'vitest';
import { DefectCatalogItemSchema, FindingSchema, FixPassItemSchema, FixPassRecordSchema } from '../src/index.js';

const minimal = { finding_id: 'FINDING-001', priority: 'P0', system: 'Build 1', component: 'architect' };
const full = {
  ...minimal,
  evidence: 'handshake: no tools capability',
  recommendation: 'declare the tools capability',
  resolution: 'OPEN',
  fix_pass_number: 0,
  fix_verification: 'no builder can fix it',
  key: 'check:mcp.architect.handshake',
  priority_reason: 'cannot start',
  route: 'owner',
  source: { kind: 'check', check_id: 'mcp.architect.handshake', requirement_ids: ['B1-09'] },
};
const pass = { pass_number: 1, targeted: 4, resolved: 3, failed: 1, regressions: 0, effectiveness: 0.75, regression_rate: 0, new_defects: 0, cost: 0, convergence: 0.8, open_after: { P0: 0, P1: 1, P2: 0, P3: 0 }, duration_ms: 10 };

describe('defect_catalog and fix_passes items', () => {
  it('the reader takes a seed-minimal item and keeps unknown keys; the fix loop\'s schema needs every field', () => {
    expect(DefectCatalogItemSchema.parse({ ...minimal, note: 'kept' })).toEqual({ ...minimal, note: 'kept' });
    expect(FindingSchema.safeParse(minimal).success).toBe(false);
    expect(FindingSchema.parse(full)).toEqual(full);
    expect(DefectCatalogItemSchema.parse(full)).toEqual(full);
  });

  it('both refuse a malformed finding id, priority or resolution', () => {
    for (const bad of [{ finding_id: 'F-1' }, { priority: 'P9' }, { resolution: 'DONE' }]) {
      expect(DefectCatalogItemSchema.safeParse({ ...full, ...bad }).success).toBe(false);
      expect(FindingSchema.safeParse({ ...full, ...bad }).success).toBe(false);
    }
    expect(FindingSchema.safeParse({ ...full, fix_pass_number: -1 }).success).toBe(false);
  });

  it('a pass: the reader takes a partial one, the fix loop\'s record is complete and bounded', () => {
    expect(FixPassItemSchema.parse({ pass_number: 1, effectiveness: 0.5 })).toEqual({ pass_number: 1, effectiveness: 0.5 });
    expect(FixPassItemSchema.safeParse({ pass_number: 1.5 }).success).toBe(false);
    expect(FixPassRecordSchema.parse(pass)).toEqual(pass);
    expect(FixPassRecordSchema.safeParse({ pass_number: 1, effectiveness: 0.5 }).success).toBe(false);
    expect(FixPassRecordSchema.safeParse({ ...pass, effectiveness: 1.5 }).success).toBe(false);
    expect(FixPassRecordSchema.safeParse({ ...pass, pass_number: 0 }).success).toBe(false);
  });
});
