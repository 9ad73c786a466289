import { z } from 'zod';
import { DataFlowSchema, HttpStepSchema } from './http-step.js';

/** The three roles of Build 1 (seed 003 section 1). */
export const BUILD1_ROLES = ['architect', 'contract_engine', 'codebase_intelligence'] as const;
export const Build1RoleSchema = z.enum(BUILD1_ROLES);
export type Build1Role = z.infer<typeof Build1RoleSchema>;

const serviceName = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'a service name: lower case letters, digits, "-" and "_"');

/** Where one Build 1 role serves its HTTP API once deployed from the build1 compose tier. */
export const HttpApiSchema = z
  .object({
    /** The compose service of the build1 tier. */
    service: serviceName,
    /** The port it listens on inside its container. */
    port: z.number().int().min(1).max(65535),
    health_path: z.string().startsWith('/').default('/api/health'),
  })
  .strict();
export type HttpApi = z.infer<typeof HttpApiSchema>;

/** One Build 1 role: which `.mcp.json` server plays it and where its HTTP API lives. */
export const Build1RoleBindingSchema = z
  .object({
    /** The server's name in `mcpServers` of the `.mcp.json`. */
    mcp_server: z.string().min(1),
    http: HttpApiSchema.optional(),
  })
  .strict();
export type Build1RoleBinding = z.infer<typeof Build1RoleBindingSchema>;

/** A Pact provider state set up for real on the live provider: steps, then the params handed to the verifier. */
export const ProviderStateSchema = z
  .object({
    steps: z.array(HttpStepSchema).default([]),
    /** Params returned to the Pact verifier (ProviderState generators), with `{{var}}` from the steps' captures. */
    params: z.record(z.string(), z.string()).default({}),
  })
  .strict();
export type ProviderState = z.infer<typeof ProviderStateSchema>;

/** The sample app's contracts for one service (files relative to the profile). */
export const ServiceContractsSchema = z
  .object({
    openapi: z.string().optional(),
    asyncapi: z.string().optional(),
    /** Pact files in which this service is the provider. */
    pacts: z.array(z.string()).default([]),
    provider_states: z.record(z.string(), ProviderStateSchema).default({}),
  })
  .strict();
export type ServiceContracts = z.infer<typeof ServiceContractsSchema>;

/** Compose tiers of seed 001 section 8.2 (the generated tier is written by Run 4). */
export const StaticTierSchema = z.enum(['infra', 'build1', 'traefik', 'run4', 'test']);
export type StaticTier = z.infer<typeof StaticTierSchema>;

/**
 * The stack profile: everything that differs between one Super Agent Team
 * and another, as data. Run 4's code never tests for a stack's own service,
 * server or builder names; it reads them here. Relative paths resolve
 * against the profile file's directory.
 *
 * @example
 * const profile = StackProfileSchema.parse(yaml.parse(text));
 * profile.build1.roles.architect.mcp_server; // 'architect'
 */
export const StackProfileSchema = z
  .object({
    /** A name for reports. */
    name: z.string().min(1),
    description: z.string().optional(),
    build1: z
      .object({
        /** Root of Build 1's sources (scored for code quality and documentation). */
        project_root: z.string().min(1),
        /** A standard `.mcp.json` (`mcpServers`) of the Build 1 servers. */
        mcp_config: z.string().min(1),
        /** Which server plays which role; a role left out is reported, not guessed. */
        roles: z.partialRecord(Build1RoleSchema, Build1RoleBindingSchema),
      })
      .strict(),
    build2: z
      .object({
        project_root: z.string().min(1),
        /** Builder command template: `{dir}`, `{depth}`, `{service}` are substituted. */
        command: z.string().min(1),
        /** How this builder is asked to plant scan codes, e.g. `--plant {codes}`; absent when it has no such option. */
        plant_option: z.string().optional(),
        /**
         * The builder's own option to parse config.yaml and exit without building (e.g. `--validate-config`);
         * absent: Run 4 checks each depth's config by running the builder for real.
         */
        validate_config_option: z.string().optional(),
        /**
         * Opts the builder into the R4-M3-006 probe (seed 001: M3 runs it with `agent_teams.enabled` in
         * config.yaml, `fallback_to_cli` true then false); the value is appended to the command for those
         * runs (`''` when config.yaml is all the builder needs). Absent: R4-M3-006 is a SKIP.
         */
        agent_teams_option: z.string().optional(),
      })
      .strict(),
    /** Build 3 (the orchestrator), when the stack has one. */
    build3: z
      .object({
        project_root: z.string().min(1),
        /**
         * The Build 3 command without its subcommand: Run 4 appends the seed's
         * subcommands (`run --prd PRD`, `resume`, `status`, `--help`).
         * Placeholders: `{config}` (the config file Run 4 writes from
         * `config`), `{output}` (Build 3's output directory), `{stack}` (this
         * profile's directory). Without it, M4 plays the orchestrator itself.
         */
        command: z.string().min(1).optional(),
        /** Where Build 3 writes PIPELINE_STATE.json, relative to `{output}` (seed 003 section 7.2). */
        state_file: z.string().min(1).default('.super-orchestrator/PIPELINE_STATE.json'),
        /**
         * Build 3's config file as a template (written as YAML to `{config}`):
         * string values may use `{mcp_config}`, `{mcp_data_dir}`,
         * `{contract_engine_url}`, `{builder_command}` (the Build 2 command,
         * wrapped in Run 4's recording shim), `{depth}`, `{max_concurrent}`,
         * `{builder_timeout}`, `{backend}`, `{max_fix_retries}`,
         * `{budget_limit}`, `{output}`, `{service_environment}` (the
         * `services.environment` map, `${VAR:-default}` expanded),
         * `{build_args}` (`compose.build_args`, expanded); other
         * placeholders are left for Build 3.
         */
        config: z.record(z.string(), z.unknown()).default({}),
      })
      .strict()
      .optional(),
    compose: z
      .object({
        /** The static tiers' files; the generated tier is written by Run 4. */
        tiers: z.partialRecord(StaticTierSchema, z.string().min(1)),
        /** Build args given to every generated service's Dockerfile (e.g. the offline base image). */
        build_args: z.record(z.string(), z.string()).default({}),
      })
      .strict(),
    /** Defaults for the services the builders generate. */
    services: z
      .object({
        port: z.number().int().min(1).max(65535).default(8080),
        health_path: z.string().startsWith('/').default('/health'),
        /** Extra environment of every generated service. */
        environment: z.record(z.string(), z.string()).default({}),
      })
      .strict()
      .default({ port: 8080, health_path: '/health', environment: {} }),
    sample_app: z
      .object({
        prd: z.string().min(1),
        /** Contracts by service name; a service the architect finds but that is not listed gets the architect's own stubs. */
        contracts: z.record(serviceName, ServiceContractsSchema).default({}),
        /** Variables every step may use (`{{name}}`), e.g. a generated e-mail address. */
        vars: z.record(z.string(), z.string()).default({}),
        /** How live contract tests authenticate: steps run once, then these headers go with every request. */
        auth: z
          .object({
            steps: z.array(HttpStepSchema).min(1),
            headers: z.record(z.string(), z.string()),
          })
          .strict()
          .optional(),
        /** The service the builder is asked to plant scan codes into (default: the first service built). */
        plant_target: serviceName.optional(),
        /** The cross-service data flows, in order. */
        flows: z.array(DataFlowSchema).default([]),
      })
      .strict(),
  })
  .strict();
export type StackProfile = z.infer<typeof StackProfileSchema>;
export type StackProfileInput = z.input<typeof StackProfileSchema>;
