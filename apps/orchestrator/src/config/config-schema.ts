import { BuilderDepthSchema } from '@run4/builder-runner';
import { QualityGateConfigSchema } from '@run4/quality-gate';
import { z } from 'zod';

/** The seed's builder command (seed 003 section 4.1). */
export const SEED_BUILDER_COMMAND = 'python -m agent_team --cwd {dir} --depth {depth}';

/**
 * config.yaml of the super orchestrator: seed 003 section 8.4
 * (`SuperOrchestratorConfig`) with every seed field and default, plus what a
 * real run needs to reach Build 1 and Build 2 (`mcp_config`, `mcp_servers`,
 * `builder.command`, `integration.backend`, ...). Unknown keys are refused
 * so a typo is reported, not ignored.
 */
export const SuperOrchestratorConfigSchema = z
  .object({
    architect: z
      .object({
        max_retries: z.number().int().min(0).default(2),
        timeout: z.number().int().positive().default(900),
        auto_approve: z.boolean().default(false),
      })
      .strict()
      .default({ max_retries: 2, timeout: 900, auto_approve: false }),
    builder: z
      .object({
        max_concurrent: z.number().int().positive().default(3),
        timeout_per_builder: z.number().int().positive().default(1800),
        depth: BuilderDepthSchema.default('thorough'),
        /** Any builder command template: `{dir}`, `{depth}`, `{service}` are filled in. */
        command: z.string().min(1).default(SEED_BUILDER_COMMAND),
        /** Extra environment for builders (the parent environment is inherited). */
        env: z.record(z.string(), z.string()).default({}),
      })
      .strict()
      .default({ max_concurrent: 3, timeout_per_builder: 1800, depth: 'thorough', command: SEED_BUILDER_COMMAND, env: {} }),
    integration: z
      .object({
        timeout: z.number().int().positive().default(600),
        traefik_image: z.string().default('traefik:v3.6'),
        compose_file: z.string().default('docker-compose.yml'),
        test_compose_file: z.string().default('docker-compose.test.yml'),
        /** Deploy backend of @run4/compose-kit: docker, process (local processes) or auto. */
        backend: z.enum(['docker', 'process', 'auto']).default('auto'),
        /** Health path of the generated services. */
        health_path: z.string().startsWith('/').default('/health'),
        /** Longest wait for the deployed services to answer their health path, seconds. */
        health_timeout: z.number().int().positive().default(60),
        /** Port each generated service listens on inside its container / process. */
        service_port: z.number().int().min(1).max(65535).default(8080),
        /** Seed of the Layer 2 request generator and requests per operation. */
        seed: z.number().int().default(42),
        max_examples: z.number().int().positive().default(3),
        /** Extra environment of every generated service (e.g. a shared JWT secret). */
        environment: z.record(z.string(), z.string()).default({}),
        /** Build args of every generated service's Dockerfile (e.g. an offline base image). */
        build_args: z.record(z.string(), z.string()).default({}),
      })
      .strict()
      .default({
        timeout: 600,
        traefik_image: 'traefik:v3.6',
        compose_file: 'docker-compose.yml',
        test_compose_file: 'docker-compose.test.yml',
        backend: 'auto',
        health_path: '/health',
        health_timeout: 60,
        service_port: 8080,
        seed: 42,
        max_examples: 3,
        environment: {},
        build_args: {},
      }),
    quality_gate: QualityGateConfigSchema.default(QualityGateConfigSchema.parse({})),
    budget_limit: z.number().positive().nullable().default(null),
    depth: BuilderDepthSchema.default('standard'),
    phase_timeouts: z.record(z.string(), z.number().int().positive()).default({}),
    build1_services_dir: z.string().default(''),
    agent_team_config_path: z.string().default(''),
    /** A standard .mcp.json naming Build 1's servers (relative to this file). */
    mcp_config: z.string().default(''),
    /** Which .mcp.json server plays which Build 1 role. */
    mcp_servers: z
      .object({
        architect: z.string().default('architect'),
        contract_engine: z.string().default('contract-engine'),
        codebase_intelligence: z.string().default('codebase-intelligence'),
      })
      .strict()
      .default({ architect: 'architect', contract_engine: 'contract-engine', codebase_intelligence: 'codebase-intelligence' }),
    /** Variables for `${VAR}` expansion in the .mcp.json (over the environment), also set in each stdio server's environment. */
    mcp_env: z.record(z.string(), z.string()).default({}),
    /** Deadline of one MCP tool call, seconds. */
    mcp_call_timeout: z.number().int().positive().default(120),
  })
  .strict();
export type SuperOrchestratorConfig = z.infer<typeof SuperOrchestratorConfigSchema>;
export type SuperOrchestratorConfigInput = z.input<typeof SuperOrchestratorConfigSchema>;
