import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from './errors.js';
import { CodebaseIntelligenceBlockSchema, ContractEngineBlockSchema } from './mcp/mcp-config.js';

export const DEPTHS = ['quick', 'standard', 'thorough', 'exhaustive'] as const;
export const DepthSchema = z.enum(DEPTHS);
export type Depth = z.infer<typeof DepthSchema>;

const flag = z.boolean();
const SERVICE_NAME = /^[a-z][a-z0-9-]*$/;

/**
 * `{builder_dir}/config.yaml`: the agent_team fields of seed 003 section 4.1
 * (depth, milestone, e2e_testing, post_orchestration_scans, plus the Build 1
 * blocks of section 8.1 with the `server_command` of seed 004 section 11.4,
 * read by the MCP client in src/mcp/) and Run4's `service` and `contracts`
 * blocks, plus `mcp_config`. Unknown top-level keys are accepted and ignored.
 */
export const BuilderConfigSchema = z.looseObject({
  depth: DepthSchema.optional(),
  milestone: z.looseObject({ enabled: flag.default(true), health_gate: flag.default(true) }).optional(),
  e2e_testing: z.looseObject({ enabled: flag.default(true), backend_api_tests: flag.default(true) }).optional(),
  post_orchestration_scans: z.looseObject({ mock_data_scan: flag.optional(), api_contract_scan: flag.optional() }).optional(),
  contract_engine: ContractEngineBlockSchema.optional(),
  codebase_intelligence: CodebaseIntelligenceBlockSchema.optional(),
  /** A standard `.mcp.json` naming the Build 1 servers (relative to the builder directory); env `MCP_CONFIG` when absent. */
  mcp_config: z.string().min(1).optional(),
  agent_teams: z.looseObject({ enabled: flag.default(false), fallback_to_cli: flag.default(true) }).optional(),
  service: z
    .looseObject({
      name: z.string().regex(SERVICE_NAME, 'a lowercase kebab-case name such as order-service'),
      port: z.number().int().min(1).max(65535).default(8080),
    })
    .optional(),
  contracts: z
    .looseObject({
      openapi: z.string().min(1),
      asyncapi: z.string().min(1).optional(),
    })
    .optional(),
  prd: z.string().min(1).optional(),
});
export type BuilderConfigFile = z.infer<typeof BuilderConfigSchema>;

/** A config with the Run4 blocks filled in (defaults applied). */
export type BuilderConfig = BuilderConfigFile & {
  service: { name: string; port: number };
  contracts: { openapi: string; asyncapi?: string };
};

export const DEFAULT_OPENAPI = 'contracts/openapi.yaml';
export const DEFAULT_ASYNCAPI = 'contracts/asyncapi.yaml';

/**
 * Fill the Run4 blocks when config.yaml leaves them out: `service.name` is
 * the builder directory's name, `service.port` 8080, `contracts.openapi`
 * contracts/openapi.yaml and `contracts.asyncapi` contracts/asyncapi.yaml
 * when that file exists.
 *
 * @example
 * withDefaults(parseBuilderConfig('depth: quick\n'), '/tmp/b/order-service').service.name; // 'order-service'
 */
export function withDefaults(config: BuilderConfigFile, dir: string): BuilderConfig {
  const name = config.service?.name ?? basename(dir);
  if (!SERVICE_NAME.test(name)) {
    throw new ConfigError(`${join(dir, 'config.yaml')}: service.name is missing and the directory name ${JSON.stringify(name)} is not a kebab-case service name; add service: { name: ... }`, 'service.name');
  }
  const asyncapi = config.contracts?.asyncapi ?? (existsSync(join(dir, DEFAULT_ASYNCAPI)) ? DEFAULT_ASYNCAPI : undefined);
  return {
    ...config,
    service: { ...config.service, name, port: config.service?.port ?? 8080 },
    contracts: { ...config.contracts, openapi: config.contracts?.openapi ?? DEFAULT_OPENAPI, ...(asyncapi ? { asyncapi } : {}) },
  };
}

function describeIssue(issue: z.core.$ZodIssue): { field: string; text: string } {
  const field = issue.path.length > 0 ? issue.path.join('.') : '(root)';
  return { field, text: `${field}: ${issue.message}` };
}

/**
 * Parse and validate config.yaml text; throws {@link ConfigError} naming the
 * first field at fault.
 *
 * @example
 * const config = parseBuilderConfig('depth: standard\nservice: {name: order-service}\n', 'config.yaml');
 */
export function parseBuilderConfig(text: string, file = 'config.yaml'): BuilderConfigFile {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`${file}: not valid YAML (${(error as Error).message.split('\n')[0]}); fix the syntax and re-run`, '(root)');
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(`${file}: expected a YAML mapping (depth, milestone, ..., service, contracts)`, '(root)');
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
 * Read and validate `{dir}/config.yaml`, with the Run4 defaults of
 * {@link withDefaults} applied.
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
  return withDefaults(parseBuilderConfig(text, file), dir);
}
