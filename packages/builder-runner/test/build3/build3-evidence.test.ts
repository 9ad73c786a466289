import { describe, expect, it } from 'vitest';
import { check } from '@run4/checks';
import { notBuild3Evidence } from '../../src/index.js';

describe('notBuild3Evidence', () => {
  it('takes the Build 3 criteria off a check of the verifier\'s own work, and keeps the rest', () => {
    const own = check('l2.svc.response_schema_conformance', 'schema', 'FAIL', 'extra field', ['B3-03', 'R4-M4-006', 'SC-04']);
    expect(notBuild3Evidence(own).requirementIds).toEqual(['R4-M4-006', 'SC-04']);
    expect(own.requirementIds).toEqual(['B3-03', 'R4-M4-006', 'SC-04']);
    const plain = check('m4.flow.df-1', 'flow', 'PASS', 'ok', ['R4-M4-006']);
    expect(notBuild3Evidence(plain)).toBe(plain);
  });
});
