import { copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type BuilderConfig, type BuilderConfigExtras, type BuilderDepth, generateBuilderConfig, writeBuilderConfig } from './builder-config.js';

/** The inputs of one service's builder: its contracts and PRD as source files. */
export interface ServiceInput {
  /** e.g. `payments-api`. */
  name: string;
  /** HTTP port of the generated service; default 8080. */
  port?: number;
  /** Path to the service's OpenAPI file (copied to `contracts/openapi.yaml`). */
  openapi: string;
  /** Optional AsyncAPI file (copied to `contracts/asyncapi.yaml`). */
  asyncapi?: string;
  /** Optional PRD (copied to `PRD.md`). */
  prd?: string;
}

/**
 * Stage a builder directory per the Run4 builder-dir contract: copy the
 * contracts to `contracts/openapi.yaml` (+ `contracts/asyncapi.yaml`), the PRD
 * to `PRD.md`, and write `config.yaml` with the `service`, `contracts` and
 * `prd` blocks. `extras` adds the Build 1 connection fields (e.g. the
 * servers' `mcp_command` / `mcp_args`, `server_root`, `database_path`).
 * Returns the written config.
 *
 * @example
 * await prepareBuilderDir('/tmp/b/payments-api', {
 *   name: 'payments-api', openapi: 'contracts/payments.yaml',
 *   asyncapi: 'contracts/payments-events.yaml',
 * }, 'thorough');
 */
export async function prepareBuilderDir(
  dir: string,
  service: ServiceInput,
  depth: BuilderDepth,
  extras: Pick<BuilderConfigExtras, 'contractEngine' | 'codebaseIntelligence' | 'agentTeams'> = {},
): Promise<BuilderConfig> {
  await mkdir(join(dir, 'contracts'), { recursive: true });
  await copyFile(resolve(service.openapi), join(dir, 'contracts', 'openapi.yaml'));
  if (service.asyncapi) await copyFile(resolve(service.asyncapi), join(dir, 'contracts', 'asyncapi.yaml'));
  if (service.prd) await copyFile(resolve(service.prd), join(dir, 'PRD.md'));
  const config = generateBuilderConfig(depth, {
    ...extras,
    service: { name: service.name, port: service.port ?? 8080 },
    contracts: { openapi: 'contracts/openapi.yaml', ...(service.asyncapi ? { asyncapi: 'contracts/asyncapi.yaml' } : {}) },
    ...(service.prd ? { prd: 'PRD.md' } : {}),
  });
  await writeBuilderConfig(dir, config);
  return config;
}
