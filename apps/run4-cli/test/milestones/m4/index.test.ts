import { describe, expect, it } from 'vitest';
import { check } from '@run4/checks';
import { M4_BUILD3_PHASES, M4_PHASES, m4Phases, notBuild3Evidence } from '../../../src/milestones/m4/index.js';

describe('M4 and Build 3 evidence', () => {
  it('takes the Build 3 criteria off a check of Run 4\'s own work, and keeps the rest', () => {
    const own = check('l2.svc.response_schema_conformance', 'schema', 'FAIL', 'extra field', ['B3-03', 'R4-M4-006', 'SC-04']);
    expect(notBuild3Evidence(own).requirementIds).toEqual(['R4-M4-006', 'SC-04']);
    const plain = check('m4.flow.df-1', 'flow', 'PASS', 'ok', ['R4-M4-006']);
    expect(notBuild3Evidence(plain)).toBe(plain);
  });

  it('only the phase that observes a Build 3 may speak for it, and a stack without one never runs it', () => {
    expect(M4_BUILD3_PHASES.filter((p) => p.observesBuild3).map((p) => p.name)).toEqual(['orchestrate']);
    expect(M4_PHASES.some((p) => p.observesBuild3)).toBe(false);
    expect(m4Phases({ profile: { build3: { command: 'orch -c {config} -o {output}' } } } as never)).toBe(M4_BUILD3_PHASES);
    expect(m4Phases({ profile: {} } as never)).toBe(M4_PHASES);
  });
});
