import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { PlantedSchema } from './generate/plant.js';
import { McpReportSchema } from './mcp/mcp-report.js';

const Health = z.enum(['passed', 'partial', 'failed', 'unknown']);

export const ContractReportSchema = z.object({
  total_contracts: z.number().int(),
  verified_contracts: z.number().int(),
  violated_contracts: z.number().int(),
  missing_implementations: z.number().int(),
  violations: z.array(z.object({ contract_id: z.string(), target: z.string(), test: z.string(), message: z.string() })),
  health: Health,
  verified_contract_ids: z.array(z.string()),
  violated_contract_ids: z.array(z.string()),
});

export const EndpointTestReportSchema = z.object({
  total_endpoints: z.number().int(),
  tested_endpoints: z.number().int(),
  passed_endpoints: z.number().int(),
  failed_endpoints: z.number().int(),
  untested_contracts: z.array(z.string()),
  health: Health,
});

export const FixPassSchema = z.object({
  pass: z.number().int().positive(),
  instructions: z.string(),
  fixed: z.array(z.object({ code: z.string(), file: z.string(), line: z.number().int().optional(), action: z.string() })),
  not_fixed: z.array(z.object({ code: z.string(), file: z.string(), line: z.number().int().optional(), reason: z.string() })),
});
export type FixPass = z.infer<typeof FixPassSchema>;

/**
 * `.agent-team/STATE.json`: seed 003 section 7.1 (RunState.to_dict) with
 * its `summary` cross-build contract, plus the reference builder's extras
 * (service, depth, planted, fix_passes, test_run, health_gate, and `mcp`
 * when config.yaml enables a Build 1 server).
 */
export const RunStateSchema = z.object({
  total_cost: z.number(),
  health: Health,
  completed_phases: z.array(z.string()),
  contract_report: ContractReportSchema,
  endpoint_test_report: EndpointTestReportSchema,
  registered_artifacts: z.array(z.string()),
  agent_teams_active: z.boolean(),
  summary: z.object({
    success: z.boolean(),
    test_passed: z.number().int(),
    test_total: z.number().int(),
    convergence_ratio: z.number(),
  }),
  builder: z.object({ name: z.literal('run4-reference-builder'), version: z.string() }),
  service: z.string(),
  depth: z.string(),
  generated_at: z.string(),
  planted: z.array(PlantedSchema),
  fix_passes: z.array(FixPassSchema),
  test_run: z.object({
    command: z.string(),
    exit_code: z.number().int(),
    duration_ms: z.number(),
    timed_out: z.boolean(),
    failures: z.array(z.object({ name: z.string(), error: z.string().optional() })),
  }),
  health_gate: z.object({ ran: z.boolean(), passed: z.boolean(), detail: z.string() }),
  agent_teams_fallback: z.string().optional(),
  unbound_messages: z.array(z.string()),
  mcp: McpReportSchema.optional(),
});
export type RunState = z.infer<typeof RunStateSchema>;

export const STATE_FILE = join('.agent-team', 'STATE.json');

/**
 * Write STATE.json atomically (tmp + rename) after checking it against
 * {@link RunStateSchema}.
 *
 * @example
 * await writeRunState('/tmp/b/order-service', state);
 */
export async function writeRunState(dir: string, state: RunState): Promise<string> {
  const checked = RunStateSchema.parse(state);
  const target = join(dir, STATE_FILE);
  await mkdir(dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(checked, null, 2)}\n`, 'utf8');
  await rename(tmp, target);
  return target;
}

/**
 * Read a STATE.json written by this builder (undefined when absent or not ours).
 *
 * @example
 * const previous = await readRunState('/tmp/b/order-service');
 */
export async function readRunState(dir: string): Promise<RunState | undefined> {
  try {
    const parsed = RunStateSchema.safeParse(JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
