import { BuilderDepthSchema, type BuilderDepth } from '@run4/schemas';
import { z } from 'zod';

/** Deploy backend: the real Docker engine, local child processes, or whichever answers. */
export const DeployBackendSchema = z.enum(['auto', 'docker', 'process']);
export type DeployBackend = z.infer<typeof DeployBackendSchema>;

/** Node clamps timers above 2^31-1 ms to 1 ms: every duration stays below. */
const MAX_TIMER_MS = 2_147_483_647;

export { BuilderDepthSchema, type BuilderDepth };

/**
 * Run4Config (seed 001 R4-M1-001): every field of the seed with the same
 * snake_case name, plus the fields Run 4 needs to reach the systems under
 * test. Relative paths resolve against the config file's directory (or,
 * for the built-in defaults, against the Run 4 installation, whose
 * reference stack is the embedded default).
 */
export const Run4ConfigSchema = z
  .object({
    // Paths of the systems under test: taken from the stack profile unless given here.
    build1_project_root: z.string().optional(),
    build2_project_root: z.string().optional(),
    build3_project_root: z.string().optional(),
    output_dir: z.string().default('.run4'),
    // Docker
    compose_project_name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lowercase letters, digits, "-" or "_" (a compose project name)')
      .default('super-team-run4'),
    /** Compose files of the Build 1 deployment; default: the profile's infra, build1 and traefik tiers. */
    docker_compose_files: z.array(z.string()).optional(),
    // Verification
    health_check_timeout_s: z.number().int().positive().max(86_400).default(120),
    health_check_interval_s: z.number().positive().max(3600).default(3.0),
    required_consecutive_healthy: z.number().int().positive().max(100).default(2),
    // MCP
    mcp_startup_timeout_ms: z.number().int().positive().max(MAX_TIMER_MS).default(30_000),
    mcp_tool_timeout_ms: z.number().int().positive().max(MAX_TIMER_MS).default(60_000),
    mcp_first_start_timeout_ms: z.number().int().positive().max(MAX_TIMER_MS).default(120_000),
    // Builders
    max_concurrent_builders: z.number().int().positive().max(64).default(3),
    builder_timeout_s: z.number().int().positive().max(Math.floor(MAX_TIMER_MS / 1000)).default(1800),
    builder_depth: BuilderDepthSchema.default('thorough'),
    // Fix passes
    max_fix_passes: z.number().int().nonnegative().max(100).default(5),
    fix_effectiveness_floor: z.number().min(0).max(1).default(0.3),
    regression_rate_ceiling: z.number().min(0).max(1).default(0.25),
    // Budget
    budget_limit: z.number().positive().nullable().default(null),
    // Sample app
    sample_prd_path: z.string().optional(),
    // Run 4 additions
    /**
     * The stack profile (packages/schemas StackProfileSchema): which server plays which Build 1 role,
     * the builder, the compose tiers and the sample app with its contracts and data flows.
     * Required in a config file; with no config file the reference stack's profile is used.
     */
    stack_profile: z.string().optional(),
    /** Standard `.mcp.json` (`mcpServers`) describing the Build 1 servers. */
    mcp_config_path: z.string().optional(),
    /** Expected-inventory profile for the probe: Build 1's 4/9/7 tools, or whatever is listed. */
    mcp_profile: z.enum(['build1', 'auto']).default('build1'),
    probe_call_tools: z.union([z.enum(['safe', 'all']), z.array(z.string().min(1)).min(1)]).default('safe'),
    /** Builder command template; placeholders {dir}, {depth}, {service}. */
    builder_command: z.string().optional(),
    deploy_backend: DeployBackendSchema.default('auto'),
    /** Base image passed to every Dockerfile as NODE_IMAGE. */
    node_image: z.string().default('run4/node:20-offline'),
    /** Fixture contracts of the sample app (validated in M1). */
    fixtures_dir: z.string().optional(),
    /** Scan codes the reference builder plants (HEALTH-001, SCHEMA-001, LOG-001) to exercise the gate. */
    plant: z.array(z.string().regex(/^[A-Z]+(-[A-Z]+)*-\d{3}$/, 'must be a scan code like HEALTH-001')).default([]),
  })
  .strict();

/** The fields of a config file that describe the stack under test (filled from the profile when absent). */
export const STACK_FIELDS = [
  'build1_project_root',
  'build2_project_root',
  'build3_project_root',
  'sample_prd_path',
  'mcp_config_path',
  'fixtures_dir',
  'builder_command',
  'docker_compose_files',
] as const;

type RawConfig = z.infer<typeof Run4ConfigSchema>;
type ResolvedField = (typeof STACK_FIELDS)[number] | 'stack_profile';

/** Run4Config as loaded: every stack field resolved (absolute paths), the profile's path included. */
export type Run4Config = Omit<RawConfig, ResolvedField> & { [K in ResolvedField]-?: NonNullable<RawConfig[K]> };
export type Run4ConfigInput = z.input<typeof Run4ConfigSchema>;

/** Config fields that are paths, resolved to absolute paths on load. */
export const PATH_FIELDS = [
  'build1_project_root',
  'build2_project_root',
  'build3_project_root',
  'sample_prd_path',
  'mcp_config_path',
  'fixtures_dir',
  'stack_profile',
] as const satisfies readonly (keyof Run4Config)[];
