import { existsSync } from 'node:fs';
import path from 'node:path';
import type { StackProfile } from '@run4/schemas';
import { ConfigError } from './config-error.js';
import { readYamlMapping, toConfigError } from './config-issues.js';
import { PATH_FIELDS, Run4ConfigSchema, type Run4Config } from './config-schema.js';
import { findInstallRoot } from './install-root.js';
import { loadStackProfile, REFERENCE_PROFILE } from './load-stack-profile.js';
import { DEFAULT_CONFIG_FILE } from './default-config-file.js';

export { DEFAULT_CONFIG_FILE };

export interface LoadConfigOptions {
  /** Explicit `--config` path; a missing file is an error. */
  configPath?: string;
  /** Where to look for run4.config.yaml and where output_dir defaults to. */
  cwd?: string;
  /** `--output-dir` override. */
  outputDir?: string;
  /** Root that built-in defaults resolve against (the embedded reference stack). */
  installRoot?: string;
}

export interface LoadedConfig {
  config: Run4Config;
  /** The stack under test, from the config's `stack_profile` (or the reference stack's). */
  profile: StackProfile;
  /** The file read, or null when running on built-in defaults. */
  source: string | null;
}

/**
 * Load Run4Config from `--config`, or `run4.config.yaml` in `cwd`, or the
 * built-in defaults (the embedded reference stack). Throws ConfigError
 * (exit code 2) naming file, field and fix on any problem.
 *
 * @example
 * const { config } = loadConfig({ cwd: process.cwd() });
 * config.max_concurrent_builders; // 3
 */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const installRoot = options.installRoot ?? findInstallRoot();
  let file: string | null = null;
  if (options.configPath) {
    file = path.resolve(cwd, options.configPath);
    if (!existsSync(file)) {
      throw new ConfigError(options.configPath, '', 'config file not found', `check the --config path, or run "run4 init" to write ${DEFAULT_CONFIG_FILE}`);
    }
  } else if (existsSync(path.join(cwd, DEFAULT_CONFIG_FILE))) {
    file = path.join(cwd, DEFAULT_CONFIG_FILE);
  }

  let raw: Record<string, unknown> = {};
  const display = file ? path.relative(cwd, file) || file : '(built-in defaults)';
  if (file) {
    raw = readYamlMapping(file, display, 'write "key: value" lines, e.g. "builder_depth: quick"');
    const parsed = Run4ConfigSchema.safeParse(raw);
    if (!parsed.success) throw toConfigError(display, raw, parsed.error, Object.keys(Run4ConfigSchema.shape));
    if (typeof raw.stack_profile !== 'string') {
      // A user's config describes the user's stack: never fall back silently to the reference stack.
      throw new ConfigError(display, 'stack_profile', 'missing: a config file must name the stack profile of the stack under test', `add "stack_profile: path/to/run4.stack.yaml" (the reference stack's is ${path.join(installRoot, REFERENCE_PROFILE)}; "run4 init" writes a complete config)`);
    }
  }

  const parsed = Run4ConfigSchema.parse(raw);
  const configDir = file ? path.dirname(file) : cwd;
  const profileFile = path.resolve(file ? configDir : installRoot, parsed.stack_profile ?? REFERENCE_PROFILE);
  const profileDisplay = path.relative(cwd, profileFile) || profileFile;
  if (!existsSync(profileFile)) {
    throw new ConfigError(display, 'stack_profile', `the stack profile ${profileDisplay} does not exist`, 'correct the path (relative paths resolve against the config file)');
  }
  const loaded = loadStackProfile(profileFile, profileDisplay);
  const { profile } = loaded;
  const fromConfig = (key: (typeof PATH_FIELDS)[number]) => (typeof parsed[key] === 'string' ? path.resolve(configDir, parsed[key]) : undefined);
  const tiers = profile.compose.tiers;
  const config: Run4Config = {
    ...parsed,
    stack_profile: profileFile,
    build1_project_root: fromConfig('build1_project_root') ?? profile.build1.project_root,
    build2_project_root: fromConfig('build2_project_root') ?? profile.build2.project_root,
    build3_project_root: fromConfig('build3_project_root') ?? profile.build3?.project_root ?? installRoot,
    sample_prd_path: fromConfig('sample_prd_path') ?? profile.sample_app.prd,
    mcp_config_path: fromConfig('mcp_config_path') ?? profile.build1.mcp_config,
    fixtures_dir: fromConfig('fixtures_dir') ?? loaded.dir,
    builder_command: parsed.builder_command ?? profile.build2.command,
    docker_compose_files: parsed.docker_compose_files?.map((f) => path.resolve(configDir, f)) ?? [tiers.infra, tiers.build1, tiers.traefik].filter((f): f is string => !!f),
    output_dir: path.resolve(options.outputDir ? cwd : 'output_dir' in raw ? configDir : cwd, options.outputDir ?? parsed.output_dir),
  };
  const profileField = { sample_prd_path: 'sample_app.prd', mcp_config_path: 'build1.mcp_config', build1_project_root: 'build1.project_root', build2_project_root: 'build2.project_root' } as const;
  for (const key of Object.keys(profileField) as (keyof typeof profileField)[]) {
    if (existsSync(config[key])) continue;
    if (fromConfig(key)) throw new ConfigError(display, key, `${config[key]} does not exist`, `correct ${key} (relative paths resolve against the config file)`);
    throw new ConfigError(profileDisplay, profileField[key], `${config[key]} does not exist`, 'correct the path (relative paths resolve against the profile file)');
  }
  return { config, profile, source: file };
}
