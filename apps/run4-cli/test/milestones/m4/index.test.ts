import { describe, expect, it } from 'vitest';
import { M4_BUILD3_PHASES, M4_PHASES, m4Phases } from '../../../src/milestones/m4/index.js';

describe('M4 phases and Build 3 evidence', () => {
  it('only the phase that observes a Build 3 may speak for it, and a stack without one never runs it', () => {
    expect(M4_BUILD3_PHASES.filter((p) => p.observesBuild3).map((p) => p.name)).toEqual(['orchestrate']);
    expect(M4_PHASES.some((p) => p.observesBuild3)).toBe(false);
    expect(m4Phases({ profile: { build3: { command: 'orch -c {config} -o {output}' } } } as never)).toBe(M4_BUILD3_PHASES);
    expect(m4Phases({ profile: {} } as never)).toBe(M4_PHASES);
  });
});
