import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { type CheckRecord, runCheck } from '@run4/checks';
import { parseBuilderState } from '../builder-state.js';
import { FIX_INSTRUCTIONS_FILE, type FixViolationInput, formatFixInstructions, parseFixInstructions, writeFixInstructions } from '../fix-instructions.js';
import { runBuilder, type RunBuilderOptions } from '../run-builder.js';

/**
 * R4-M3-005 / X-07: in an already built builder dir, write
 * FIX_INSTRUCTIONS.md, read it back identically, run the builder with
 * `--depth quick`, and require exit 0 and a rewritten, valid STATE.json with
 * its `total_cost` field.
 *
 * @example
 * const rec = await checkFixPass('/tmp/wiring/invoke/payments-api', 'payments-api', DEFAULT_FIX_VIOLATIONS, { command });
 */
export async function checkFixPass(
  dir: string,
  serviceId: string,
  violations: FixViolationInput[],
  options: RunBuilderOptions,
): Promise<CheckRecord> {
  return runCheck(
    { id: 'm3.fix-pass', name: 'Fix instructions round trip and quick fix pass', requirementIds: ['R4-M3-005', 'X-07'] },
    async () => {
      const before = await parseBuilderState(dir);
      const path = await writeFixInstructions(dir, violations);
      const text = await readFile(path, 'utf8');
      const expected = parseFixInstructions(formatFixInstructions(violations, dir));
      const readBack = parseFixInstructions(text);
      if (!isDeepStrictEqual(readBack, expected) || readBack.length !== violations.length) {
        return { status: 'FAIL', evidence: `${FIX_INSTRUCTIONS_FILE} read back ${readBack.length} of ${violations.length} violations or differs from what was written` };
      }
      const result = await runBuilder({ service_id: serviceId, dir, depth: 'quick' }, options);
      const data = { violations: violations.length, cost_before: before.total_cost, cost_after: result.cost, failure: result.failure, command: result.command };
      if (!result.success) return { status: 'FAIL', evidence: `quick fix pass failed: ${result.error}`, data };
      if (!result.command.includes('quick')) return { status: 'FAIL', evidence: `the command did not pass depth quick: ${result.command.join(' ')}`, data };
      const after = await parseBuilderState(dir);
      const newPhases = after.completed_phases.filter((p) => !before.completed_phases.includes(p));
      const processed = after.total_cost !== before.total_cost || !isDeepStrictEqual(after.completed_phases, before.completed_phases);
      const summary = `${join(dir, FIX_INSTRUCTIONS_FILE)} with ${violations.length} violations round-tripped; ${result.command.join(' ')} exited 0 and rewrote STATE.json (total_cost ${before.total_cost} -> ${after.total_cost}, new phases [${newPhases.join(', ')}])`;
      const withPhases = { ...data, new_phases: newPhases };
      if (!processed) {
        return { status: 'WARN', evidence: `${summary}; but neither total_cost nor completed_phases changed, so there is no sign the fix pass processed the instructions`, data: withPhases };
      }
      return { status: 'PASS', evidence: summary, data: withPhases };
    },
  );
}
