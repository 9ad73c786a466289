import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FindingSchema, FixPassRecordSchema } from '@run4/schemas';
import { describe, expect, it } from 'vitest';
import { Run4StateSchema, StateStore } from '../../src/state/index.js';

// RUN4_STATE.json of a real M1..M5 run written before defect_catalog and fix_passes took their schemas from
// @run4/schemas, with catalog items as the fix loop writes them, one without `route` (older catalogs), a seed-minimal
// item, a fix loop pass record and a partial pass (as M1's round trip writes it).
const fixture = path.join(__dirname, 'fixtures', 'state-before-shared-fix-schemas.json');
const raw = () => JSON.parse(readFileSync(fixture, 'utf8')) as Record<string, unknown> & { defect_catalog: unknown[]; fix_passes: unknown[] };

describe('RUN4_STATE.json defect_catalog and fix_passes', () => {
  it('loads a state file written before the shared schemas, field for field', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'run4-state-compat-'));
    copyFileSync(fixture, path.join(dir, 'RUN4_STATE.json'));
    expect(new StateStore(dir).load()).toEqual(raw());
  });

  it('writes the same JSON back (only updated_at changes)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'run4-state-compat-'));
    copyFileSync(fixture, path.join(dir, 'RUN4_STATE.json'));
    await new StateStore(dir).update(() => undefined);
    const written = JSON.parse(readFileSync(path.join(dir, 'RUN4_STATE.json'), 'utf8'));
    expect({ ...written, updated_at: '' }).toEqual({ ...raw(), updated_at: '' });
  });

  it('reads the fix loop\'s own items with the same schemas the fix loop writes them by', () => {
    const state = raw();
    expect(state.defect_catalog.slice(0, 3).every((f) => FindingSchema.safeParse(f).success)).toBe(true);
    expect(FixPassRecordSchema.safeParse(state.fix_passes[0]).success).toBe(true);
  });

  it('refuses a catalog item without the seed\'s required fields or with a malformed id', () => {
    const state = raw();
    expect(Run4StateSchema.safeParse({ ...state, defect_catalog: [{ finding_id: 'FINDING-001', priority: 'P0', system: 'Build 1' }] }).success).toBe(false);
    expect(Run4StateSchema.safeParse({ ...state, defect_catalog: [{ finding_id: 'F-1', priority: 'P0', system: 'Build 1', component: 'x' }] }).success).toBe(false);
    expect(Run4StateSchema.safeParse({ ...state, fix_passes: [{ pass_number: 1.5 }] }).success).toBe(false);
  });
});
