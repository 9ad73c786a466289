import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { BuilderStateError } from './errors.js';
import { formatZodIssues } from './zod-issues.js';

/** Where a builder writes its state, relative to the builder dir (seed 003 section 7.1). */
export const STATE_FILE_RELATIVE = join('.agent-team', 'STATE.json');

const count = z.number().int().nonnegative();

/** `summary`: the cross-build contract Build 3 reads (seed 003 section 7.1, R4-M3-002). */
export const BuilderStateSummarySchema = z
  .object({
    success: z.boolean(),
    test_passed: count,
    test_total: count,
    convergence_ratio: z.number().min(0).max(1),
  })
  .loose()
  .superRefine((s, ctx) => {
    if (s.test_passed > s.test_total) {
      ctx.addIssue({
        code: 'custom',
        path: ['test_passed'],
        message: `expected test_passed <= test_total, got test_passed ${s.test_passed} > test_total ${s.test_total}`,
      });
    }
  });

/** `contract_report` of RunState (optional in the contract; typed when present). */
export const ContractReportSchema = z
  .object({
    total_contracts: count,
    verified_contracts: count,
    violated_contracts: count,
    missing_implementations: count,
    violations: z.array(z.unknown()),
    health: z.string(),
    verified_contract_ids: z.array(z.string()),
    violated_contract_ids: z.array(z.string()),
  })
  .loose();

/** `endpoint_test_report` of RunState (optional in the contract; typed when present). */
export const EndpointTestReportSchema = z
  .object({
    total_endpoints: count,
    tested_endpoints: count,
    passed_endpoints: count,
    failed_endpoints: count,
    untested_contracts: z.array(z.unknown()),
    health: z.string(),
  })
  .loose();

/**
 * Build 2's RunState as written to `{builder_dir}/.agent-team/STATE.json`
 * (seed 003 section 7.1). The seven fields of R4-M3-002 are required; the
 * reports are typed when present; unknown extra keys are kept.
 */
export const BuilderStateSchema = z
  .object({
    total_cost: z.number().nonnegative(),
    health: z.enum(['passed', 'partial', 'failed', 'unknown']),
    completed_phases: z.array(z.string()),
    contract_report: ContractReportSchema.optional(),
    endpoint_test_report: EndpointTestReportSchema.optional(),
    registered_artifacts: z.array(z.unknown()).optional(),
    agent_teams_active: z.boolean().optional(),
    summary: BuilderStateSummarySchema,
  })
  .loose();
export type BuilderState = z.infer<typeof BuilderStateSchema>;

/**
 * Validate an already-parsed STATE.json value. Returns the typed state or the
 * list of precise issues (`summary.test_total: expected integer, got "160" (string)`).
 *
 * @example
 * const r = validateBuilderState(JSON.parse(text));
 * if (!r.ok) console.error(r.issues.join('\n'));
 */
export function validateBuilderState(raw: unknown): { ok: true; state: BuilderState } | { ok: false; issues: string[] } {
  const parsed = BuilderStateSchema.safeParse(raw);
  if (parsed.success) return { ok: true, state: parsed.data };
  return { ok: false, issues: formatZodIssues(parsed.error.issues, raw) };
}

/**
 * Parse STATE.json text. Throws {@link BuilderStateError} naming the file and
 * each missing or mistyped field.
 *
 * @example
 * const state = parseBuilderStateText(text, 'svc/.agent-team/STATE.json');
 */
export function parseBuilderStateText(text: string, statePath = 'STATE.json'): BuilderState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new BuilderStateError(
      `${statePath} is not valid JSON (${(error as Error).message}); the builder must write a JSON object per seed 003 section 7.1`,
      { statePath, reason: 'invalid_json', cause: error },
    );
  }
  const result = validateBuilderState(raw);
  if (!result.ok) {
    throw new BuilderStateError(
      `${statePath} breaks the STATE.json contract (seed 003 section 7.1), ${result.issues.length} problem(s):\n` +
        result.issues.map((line) => `  - ${line}`).join('\n') +
        '\nFix the builder so RunState.to_dict() writes these fields with these types.',
      { statePath, reason: 'invalid_schema', issues: result.issues },
    );
  }
  return result.state;
}

/**
 * Read and validate `{dir}/.agent-team/STATE.json`.
 *
 * @example
 * const state = await parseBuilderState('/tmp/builders/payments-api');
 * console.log(state.summary.test_passed, '/', state.summary.test_total);
 */
export async function parseBuilderState(dir: string): Promise<BuilderState> {
  const statePath = join(dir, STATE_FILE_RELATIVE);
  let text: string;
  try {
    text = await readFile(statePath, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new BuilderStateError(
      missing
        ? `${statePath} was not written: the builder must write .agent-team/STATE.json with a summary block (seed 003 section 7.1)`
        : `${statePath} could not be read (${(error as Error).message})`,
      { statePath, reason: missing ? 'missing' : 'unreadable', cause: error },
    );
  }
  return parseBuilderStateText(text, statePath);
}
