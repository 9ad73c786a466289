import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CheckRecord, runCheck } from '@run4/checks';
import { parseBuilderState, STATE_FILE_RELATIVE, validateBuilderState } from '../builder-state.js';

/** The seven fields R4-M3-002 requires, as [container path, key, wrong value of another type]. */
const REQUIRED_FIELDS: Array<[string[], string, unknown]> = [
  [['summary'], 'success', 'true'],
  [['summary'], 'test_passed', '1'],
  [['summary'], 'test_total', 1.5],
  [['summary'], 'convergence_ratio', '0.9'],
  [[], 'total_cost', '0'],
  [[], 'health', 42],
  [[], 'completed_phases', 'build'],
];

function container(root: Record<string, unknown>, path: string[]): Record<string, unknown> {
  return path.reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, root);
}

/**
 * R4-M3-002 / X-05: the builder's real STATE.json satisfies the contract
 * (all seven fields, right types), and the contract is enforced: for each
 * required field, a copy with the field removed and a copy with it mistyped
 * must both be rejected with that field's path.
 *
 * @example
 * const rec = await checkStateJsonParsing('/tmp/wiring/invoke/payments-api');
 */
export async function checkStateJsonParsing(dir: string): Promise<CheckRecord> {
  return runCheck(
    { id: 'm3.state-json-parsing', name: 'STATE.json cross-build contract (summary block)', requirementIds: ['R4-M3-002', 'X-05'] },
    async () => {
      const state = await parseBuilderState(dir); // throws a precise BuilderStateError → FAIL with its message
      const raw = JSON.parse(await readFile(join(dir, STATE_FILE_RELATIVE), 'utf8')) as Record<string, unknown>;
      const missed: string[] = [];
      for (const [path, key, wrong] of REQUIRED_FIELDS) {
        const dotted = [...path, key].join('.');
        for (const mode of ['missing', 'mistyped'] as const) {
          const copy = structuredClone(raw);
          const node = container(copy, path);
          if (mode === 'missing') delete node[key];
          else node[key] = wrong;
          const verdict = validateBuilderState(copy);
          if (verdict.ok || !verdict.issues.some((i) => i.startsWith(`${dotted}:`))) missed.push(`${dotted} ${mode}`);
        }
      }
      const s = state.summary;
      const data = { summary: s, total_cost: state.total_cost, health: state.health, completed_phases: state.completed_phases };
      if (missed.length > 0) return { status: 'FAIL', evidence: `contract not enforced for: ${missed.join(', ')}`, data };
      return {
        status: 'PASS',
        evidence: `summary.success=${s.success}, test_passed=${s.test_passed}, test_total=${s.test_total}, convergence_ratio=${s.convergence_ratio}, total_cost=${state.total_cost}, health=${state.health}, completed_phases=[${state.completed_phases.join(', ')}]; 14/14 planted missing/mistyped copies rejected with their field path`,
        data,
      };
    },
  );
}
