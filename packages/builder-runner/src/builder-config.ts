import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { BUILDER_DEPTHS, BuilderDepthSchema, type BuilderDepth } from '@run4/schemas';
import { z } from 'zod';
import { BuilderConfigError } from './errors.js';
import { formatZodIssues } from './zod-issues.js';

// The depth enum is one shared shape (@run4/schemas); re-exported here as part of this package's API.
export { BUILDER_DEPTHS, BuilderDepthSchema, type BuilderDepth };

/** The CONTRACT scans each depth turns on (seed 003 section 8.5). */
export const CONTRACT_SCANS_BY_DEPTH: Record<BuilderDepth, string[]> = {
  quick: [],
  standard: ['CONTRACT-001', 'CONTRACT-002'],
  thorough: ['CONTRACT-001', 'CONTRACT-002', 'CONTRACT-003', 'CONTRACT-004'],
  exhaustive: ['CONTRACT-001', 'CONTRACT-002', 'CONTRACT-003', 'CONTRACT-004'],
};

/** `contract_engine` block (seed 003 section 8.1 defaults). */
export const ContractEngineBlockSchema = z
  .object({
    enabled: z.boolean().default(false),
    mcp_command: z.string().default('python'),
    mcp_args: z.array(z.string()).default(['-m', 'src.contract_engine.mcp_server']),
    database_path: z.string().default(''),
    server_root: z.string().default(''),
    startup_timeout_ms: z.number().int().positive().default(30000),
    tool_timeout_ms: z.number().int().positive().default(60000),
    validation_on_build: z.boolean().default(true),
    test_generation: z.boolean().default(true),
  })
  .loose();

/** `codebase_intelligence` block (seed 003 section 8.1 defaults). */
export const CodebaseIntelligenceBlockSchema = z
  .object({
    enabled: z.boolean().default(false),
    mcp_command: z.string().default('python'),
    mcp_args: z.array(z.string()).default(['-m', 'src.codebase_intelligence.mcp_server']),
    database_path: z.string().default(''),
    chroma_path: z.string().default(''),
    graph_path: z.string().default(''),
    server_root: z.string().default(''),
    replace_static_map: z.boolean().default(true),
    register_artifacts: z.boolean().default(true),
  })
  .loose();

/**
 * Run 4's builder config.yaml: the seed's fields (seed 003 section 4.1:
 * depth, milestone, e2e_testing, post_orchestration_scans), the depth-gated
 * Build 1 blocks (sections 8.1 and 8.5), and the Run4 `service`,
 * `contracts` and optional `prd` blocks (paths relative to the builder dir).
 */
export const BuilderConfigSchema = z
  .object({
    depth: BuilderDepthSchema,
    milestone: z.object({ enabled: z.boolean(), health_gate: z.boolean() }).loose(),
    e2e_testing: z.object({ enabled: z.boolean(), backend_api_tests: z.boolean() }).loose(),
    post_orchestration_scans: z
      .object({
        mock_data_scan: z.boolean(),
        api_contract_scan: z.boolean(),
        contract_scans: z.array(z.string().regex(/^CONTRACT-\d{3}$/)).default([]),
      })
      .loose(),
    contract_engine: ContractEngineBlockSchema.prefault({}),
    codebase_intelligence: CodebaseIntelligenceBlockSchema.prefault({}),
    agent_teams: z
      .object({ enabled: z.boolean().default(false), fallback_to_cli: z.boolean().default(true) })
      .loose()
      .prefault({}),
    service: z.object({ name: z.string().min(1), port: z.number().int().min(1).max(65535) }).loose().optional(),
    contracts: z.object({ openapi: z.string().min(1), asyncapi: z.string().min(1).optional() }).loose().optional(),
    prd: z.string().min(1).optional(),
  })
  .loose();
export type BuilderConfig = z.infer<typeof BuilderConfigSchema>;

/** Run4-specific and override inputs of {@link generateBuilderConfig}. */
export interface BuilderConfigExtras {
  service?: { name: string; port: number };
  contracts?: { openapi: string; asyncapi?: string };
  prd?: string;
  /** Turn agent teams on at thorough/exhaustive (the seed: "if env set"). Ignored below thorough. */
  agentTeams?: boolean;
  /** Overrides of the Build 1 connection fields (command, args, paths); enablement stays depth-gated. */
  contractEngine?: Partial<Omit<z.input<typeof ContractEngineBlockSchema>, 'enabled'>>;
  codebaseIntelligence?: Partial<Omit<z.input<typeof CodebaseIntelligenceBlockSchema>, 'enabled'>>;
}

/**
 * Generate the builder config.yaml content for a depth, applying the depth
 * gating of seed 003 section 8.5: quick turns every contract/codebase
 * feature off (B2-09 backward-compatible behaviour); standard enables the
 * Contract Engine for validation only and Codebase Intelligence for queries
 * only with CONTRACT-001/002; thorough and exhaustive enable everything.
 *
 * @example
 * const cfg = generateBuilderConfig('thorough', {
 *   service: { name: 'payments-api', port: 8080 },
 *   contracts: { openapi: 'contracts/openapi.yaml', asyncapi: 'contracts/asyncapi.yaml' },
 * });
 */
export function generateBuilderConfig(depth: BuilderDepth, extras: BuilderConfigExtras = {}): BuilderConfig {
  const d = BuilderDepthSchema.parse(depth);
  const atLeastStandard = d !== 'quick';
  const full = d === 'thorough' || d === 'exhaustive';
  const raw = {
    depth: d,
    milestone: { enabled: atLeastStandard, health_gate: atLeastStandard },
    e2e_testing: { enabled: atLeastStandard, backend_api_tests: atLeastStandard },
    post_orchestration_scans: {
      mock_data_scan: atLeastStandard,
      api_contract_scan: atLeastStandard,
      contract_scans: CONTRACT_SCANS_BY_DEPTH[d],
    },
    contract_engine: {
      ...extras.contractEngine,
      enabled: atLeastStandard,
      validation_on_build: atLeastStandard,
      test_generation: full,
    },
    codebase_intelligence: {
      ...extras.codebaseIntelligence,
      enabled: atLeastStandard,
      replace_static_map: full,
      register_artifacts: full,
    },
    agent_teams: { enabled: full && extras.agentTeams === true, fallback_to_cli: true },
    ...(extras.service ? { service: extras.service } : {}),
    ...(extras.contracts ? { contracts: extras.contracts } : {}),
    ...(extras.prd ? { prd: extras.prd } : {}),
  };
  return toConfig(raw, 'generateBuilderConfig()');
}

function toConfig(raw: unknown, source: string): BuilderConfig {
  const parsed = BuilderConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = formatZodIssues(parsed.error.issues, raw);
    throw new BuilderConfigError(
      `builder config from ${source} is invalid, ${issues.length} problem(s):\n${issues.map((i) => `  - ${i}`).join('\n')}`,
      { source, issues },
    );
  }
  return parsed.data;
}

/**
 * Parse builder config YAML text (or an already-loaded object) back into a
 * typed {@link BuilderConfig}. Throws {@link BuilderConfigError} naming each field.
 *
 * @example
 * const cfg = parseBuilderConfig(await readFile('svc/config.yaml', 'utf8'), 'svc/config.yaml');
 */
export function parseBuilderConfig(input: string | Record<string, unknown>, source = 'config.yaml'): BuilderConfig {
  let raw: unknown = input;
  if (typeof input === 'string') {
    try {
      raw = parseYaml(input);
    } catch (error) {
      throw new BuilderConfigError(`${source} is not valid YAML: ${(error as Error).message}`, { source, cause: error });
    }
  }
  return toConfig(raw, source);
}

/**
 * Serialise a config as YAML (what {@link writeBuilderConfig} writes).
 *
 * @example
 * const text = stringifyBuilderConfig(generateBuilderConfig('standard'));
 */
export function stringifyBuilderConfig(config: BuilderConfig): string {
  return stringifyYaml(toConfig(config, 'stringifyBuilderConfig()'));
}

/**
 * Write `{dir}/config.yaml` atomically (tmp + rename), creating the dir.
 * Returns the file path.
 *
 * @example
 * await writeBuilderConfig('/tmp/b/payments-api', generateBuilderConfig('quick'));
 */
export async function writeBuilderConfig(dir: string, config: BuilderConfig): Promise<string> {
  const text = stringifyBuilderConfig(config);
  await mkdir(dir, { recursive: true });
  const target = join(dir, 'config.yaml');
  const tmp = `${target}.${process.pid}.tmp`;
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, target);
  return target;
}

/**
 * Read and validate `{dir}/config.yaml`.
 *
 * @example
 * const cfg = await readBuilderConfig('/tmp/b/payments-api');
 */
export async function readBuilderConfig(dir: string): Promise<BuilderConfig> {
  const path = join(dir, 'config.yaml');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new BuilderConfigError(`${path} could not be read (${(error as Error).message})`, { source: path, cause: error });
  }
  return parseBuilderConfig(text, path);
}
