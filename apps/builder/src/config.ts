import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from './errors.js';

export const DEPTHS = ['quick', 'standard', 'thorough', 'exhaustive'] as const;
export const DepthSchema = z.enum(DEPTHS);
export type Depth = z.infer<typeof DepthSchema>;

const flag = z.boolean();

/**
 * `{builder_dir}/config.yaml`: the agent_team fields of seed 003 section 4.1
 * (depth, milestone, e2e_testing, post_orchestration_scans, plus the Build 1
 * blocks of section 8.1, kept as given) and Run4's `service` and `contracts`
 * blocks. Unknown top-level keys are accepted and ignored.
 */
export const BuilderConfigSchema = z.looseObject({
  depth: DepthSchema.optional(),
  milestone: z.looseObject({ enabled: flag.default(true), health_gate: flag.default(true) }).optional(),
  e2e_testing: z.looseObject({ enabled: flag.default(true), backend_api_tests: flag.default(true) }).optional(),
  post_orchestration_scans: z.looseObject({ mock_data_scan: flag.optional(), api_contract_scan: flag.optional() }).optional(),
  contract_engine: z.looseObject({ enabled: flag.optional() }).optional(),
  codebase_intelligence: z.looseObject({ enabled: flag.optional() }).optional(),
  agent_teams: z.looseObject({ enabled: flag.default(false), fallback_to_cli: flag.default(true) }).optional(),
  service: z.strictObject({
    name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a lowercase kebab-case name such as order-service'),
    port: z.number().int().min(1).max(65535).default(8080),
  }),
  contracts: z.strictObject({
    openapi: z.string().min(1),
    asyncapi: z.string().min(1).optional(),
  }),
  prd: z.string().min(1).optional(),
});
export type BuilderConfig = z.infer<typeof BuilderConfigSchema>;

function describeIssue(issue: z.core.$ZodIssue): { field: string; text: string } {
  const field = issue.path.length > 0 ? issue.path.join('.') : '(root)';
  return { field, text: `${field}: ${issue.message}` };
}

/**
 * Parse and validate config.yaml text; throws {@link ConfigError} naming the
 * first field at fault.
 *
 * @example
 * const config = parseBuilderConfig('service: {name: order-service}\ncontracts: {openapi: contracts/openapi.yaml}\n', 'config.yaml');
 */
export function parseBuilderConfig(text: string, file = 'config.yaml'): BuilderConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`${file}: not valid YAML (${(error as Error).message.split('\n')[0]}); fix the syntax and re-run`, '(root)');
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(`${file}: expected a YAML mapping with service and contracts blocks`, '(root)');
  }
  const result = BuilderConfigSchema.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map(describeIssue);
    const first = issues[0] ?? { field: '(root)', text: 'invalid' };
    const more = issues.length > 1 ? ` (+${issues.length - 1} more: ${issues.slice(1).map((i) => i.field).join(', ')})` : '';
    throw new ConfigError(`${file}: invalid field ${first.text}${more}`, first.field);
  }
  return result.data;
}

/**
 * Read and validate `{dir}/config.yaml`.
 *
 * @example
 * const config = await loadBuilderConfig('/tmp/builders/order-service');
 */
export async function loadBuilderConfig(dir: string): Promise<BuilderConfig> {
  const file = join(dir, 'config.yaml');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ConfigError(`${file}: not found; the builder directory needs a config.yaml (service, contracts)`, '(file)');
  }
  return parseBuilderConfig(text, file);
}
