import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { OrchestratorInputError } from '../errors.js';
import { type SuperOrchestratorConfig, SuperOrchestratorConfigSchema } from './config-schema.js';

/** A loaded config and where it came from ('' = built-in defaults). */
export interface LoadedConfig {
  config: SuperOrchestratorConfig;
  path: string;
}

/**
 * Make relative file arguments of a command template absolute against
 * `baseDir` (builders run in their own directories): a token that is not an
 * option or a placeholder, contains `/` and names an existing file there.
 *
 * @example
 * absolutizeCommand('node apps/builder/dist/cli.js --cwd {dir}', '/work'); // 'node /work/apps/builder/dist/cli.js --cwd {dir}'
 */
export function absolutizeCommand(command: string, baseDir: string): string {
  return command
    .split(' ')
    .map((token) => {
      if (!token || token.startsWith('-') || token.includes('{') || isAbsolute(token) || !token.includes('/')) return token;
      const candidate = resolve(baseDir, token);
      return existsSync(candidate) ? candidate : token;
    })
    .join(' ');
}

/**
 * Validate a parsed config object; `source` names the file in messages and
 * is the base of relative paths (`mcp_config`, `build1_services_dir`,
 * `agent_team_config_path`, files in `builder.command`).
 *
 * @example
 * const config = parseConfig({ budget_limit: 50, mcp_config: '.mcp.json' }, '/abs/config.yaml');
 */
export function parseConfig(raw: unknown, source: string): SuperOrchestratorConfig {
  const parsed = SuperOrchestratorConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || '(top level)';
    throw new OrchestratorInputError(`${source}: field "${field}" is invalid: ${issue?.message ?? 'bad value'}`, field);
  }
  const config = parsed.data;
  const baseDir = source && existsSync(source) ? dirname(resolve(source)) : process.cwd();
  const abs = (p: string) => (p && !isAbsolute(p) ? resolve(baseDir, p) : p);
  config.mcp_config = abs(config.mcp_config);
  config.build1_services_dir = abs(config.build1_services_dir);
  config.agent_team_config_path = abs(config.agent_team_config_path);
  config.builder.command = absolutizeCommand(config.builder.command, baseDir);
  return config;
}

/**
 * Load config.yaml: `explicit` when given (must exist), else
 * `<outputDir>/config.yaml` when present, else the defaults.
 *
 * @example
 * const { config, path } = loadConfig(undefined, '.');
 */
export function loadConfig(explicit: string | undefined, outputDir: string): LoadedConfig {
  const file = explicit ? resolve(explicit) : resolve(outputDir, 'config.yaml');
  if (!existsSync(file)) {
    if (explicit) throw new OrchestratorInputError(`config file not found: ${file} (--config)`, '--config');
    return { config: parseConfig({}, ''), path: '' };
  }
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new OrchestratorInputError(`${file} is not valid YAML: ${(cause as Error).message.split('\n')[0]}`, 'config.yaml');
  }
  return { config: parseConfig(raw, file), path: file };
}

/**
 * Write the default config (seed 003 section 8.4 fields and this
 * orchestrator's additions) to `file` unless it exists. Returns true when written.
 *
 * @example
 * writeDefaultConfig('./config.yaml');
 */
export function writeDefaultConfig(file: string): boolean {
  if (existsSync(file)) return false;
  const defaults = SuperOrchestratorConfigSchema.parse({});
  writeFileSync(file, `# super-orchestrator config (seed 003 section 8.4 + Build 1/Build 2 wiring); see the README\n${stringify(defaults)}`);
  return true;
}
