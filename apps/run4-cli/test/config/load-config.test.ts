import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, renderDefaultConfig } from '../../src/config/index.js';

const installRoot = path.resolve(__dirname, '../../../..');
const reference = path.join(installRoot, 'fixtures/tasktracker/run4.stack.yaml');

function withConfig(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'run4-config-'));
  writeFileSync(path.join(dir, 'run4.config.yaml'), text);
  return dir;
}

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses the seed defaults and points at the embedded reference stack when no file exists', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'run4-empty-'));
    const { config, source } = loadConfig({ cwd, installRoot });
    expect(source).toBeNull();
    expect(config).toMatchObject({
      compose_project_name: 'super-team-run4',
      health_check_timeout_s: 120,
      health_check_interval_s: 3,
      required_consecutive_healthy: 2,
      mcp_startup_timeout_ms: 30000,
      mcp_tool_timeout_ms: 60000,
      mcp_first_start_timeout_ms: 120000,
      max_concurrent_builders: 3,
      builder_timeout_s: 1800,
      builder_depth: 'thorough',
      max_fix_passes: 5,
      fix_effectiveness_floor: 0.3,
      regression_rate_ceiling: 0.25,
      budget_limit: null,
      deploy_backend: 'auto',
    });
    expect(config.mcp_config_path).toBe(path.join(installRoot, 'apps/foundation/.mcp.json'));
    expect(config.sample_prd_path).toBe(path.join(installRoot, 'fixtures/tasktracker/sample_prd.md'));
    expect(config.output_dir).toBe(path.join(cwd, '.run4'));
  });

  it('reads snake_case YAML and resolves relative paths against the config file', () => {
    const dir = withConfig(`stack_profile: ${reference}\nbuilder_depth: quick\nmax_concurrent_builders: 5\nsample_prd_path: docs/prd.md\noutput_dir: out\n`);
    mkdirSync(path.join(dir, 'docs'));
    writeFileSync(path.join(dir, 'docs/prd.md'), '# PRD\n');
    const { config, source } = loadConfig({ cwd: dir, installRoot });
    expect(source).toBe(path.join(dir, 'run4.config.yaml'));
    expect(config.builder_depth).toBe('quick');
    expect(config.max_concurrent_builders).toBe(5);
    expect(config.sample_prd_path).toBe(path.join(dir, 'docs/prd.md'));
    expect(config.output_dir).toBe(path.join(dir, 'out'));
  });

  it('names file, field and fix for a wrong type', () => {
    const dir = withConfig('builder_timeout_s: "soon"\n');
    const err = configError(() => loadConfig({ cwd: dir, installRoot }));
    expect(err.exitCode).toBe(2);
    expect(err.field).toBe('builder_timeout_s');
    expect(err.message).toBe('run4.config.yaml: builder_timeout_s: expected number, got the string "soon" (fix: set builder_timeout_s to a number)');
    expect(err.message.split('\n')).toHaveLength(1);
  });

  it('suggests the closest key for an unknown one', () => {
    const err = configError(() => loadConfig({ cwd: withConfig('max_concurent_builders: 2\n'), installRoot }));
    expect(err.message).toContain('unknown key "max_concurent_builders"');
    expect(err.fix).toBe('did you mean "max_concurrent_builders"?');
  });

  it('lists the allowed values for an enum', () => {
    const err = configError(() => loadConfig({ cwd: withConfig('deploy_backend: kubernetes\n'), installRoot }));
    expect(err.message).toContain('deploy_backend');
    expect(err.fix).toBe('use one of "auto", "docker", "process"');
  });

  it('rejects a missing --config file and broken YAML with exit code 2', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'run4-missing-'));
    expect(configError(() => loadConfig({ cwd, configPath: 'nope.yaml', installRoot })).message).toContain('nope.yaml: config file not found');
    const err = configError(() => loadConfig({ cwd: withConfig('a: [1, 2\n'), installRoot }));
    expect(err.reason).toMatch(/not valid YAML/);
    expect(configError(() => loadConfig({ cwd: withConfig('- 1\n- 2\n'), installRoot })).reason).toContain('expected a mapping');
  });

  it('writes a default config that loads back to the same settings from another directory', () => {
    const target = mkdtempSync(path.join(tmpdir(), 'run4-init-'));
    writeFileSync(path.join(target, 'run4.config.yaml'), renderDefaultConfig(installRoot, target));
    const fromFile = loadConfig({ cwd: target, installRoot }).config;
    const fromDefaults = loadConfig({ cwd: mkdtempSync(path.join(tmpdir(), 'run4-none-')), installRoot, outputDir: path.join(target, '.run4') }).config;
    expect(fromFile).toEqual(fromDefaults);
  });

  it('takes every stack field from the stack profile: builder, .mcp.json, tiers, PRD', () => {
    const { config, profile } = loadConfig({ cwd: mkdtempSync(path.join(tmpdir(), 'run4-none-')), installRoot });
    expect(config.stack_profile).toBe(reference);
    expect(config.builder_command).toBe(`node ${path.join(installRoot, 'fixtures/tasktracker')}/../../apps/builder/dist/cli.js --cwd {dir} --depth {depth}`);
    expect(config.docker_compose_files).toEqual(['infra', 'build1', 'traefik'].map((t) => path.join(installRoot, `docker/docker-compose.${t}.yml`)));
    expect(profile.sample_app.contracts['auth-service']?.pacts).toEqual([path.join(installRoot, 'fixtures/tasktracker/sample_pact_auth.json')]);
  });

  it('refuses a config file that does not name its stack, rather than verifying the reference stack', () => {
    const err = configError(() => loadConfig({ cwd: withConfig('builder_depth: quick\n'), installRoot }));
    expect(err.exitCode).toBe(2);
    expect(err.field).toBe('stack_profile');
    expect(err.message.split('\n')).toHaveLength(1);
  });

  it('names the profile file and field of a bad profile, and a profile path that does not exist', () => {
    const dir = withConfig('stack_profile: stack.yaml\n');
    expect(configError(() => loadConfig({ cwd: dir, installRoot })).reason).toContain('stack.yaml does not exist');
    writeFileSync(path.join(dir, 'stack.yaml'), 'name: mine\nbuild1: { project_root: ., mcp_config: .mcp.json, roles: {} }\n');
    const err = configError(() => loadConfig({ cwd: dir, installRoot }));
    expect(err.file).toBe('stack.yaml');
    expect(err.field).toBe('build2');
  });

  it('rejects a YAML alias bomb in the profile with one line', () => {
    const dir = withConfig('stack_profile: stack.yaml\n');
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill('*' + 'abcdefgh'[i]).join(', ')}]`)].join('\n');
    writeFileSync(path.join(dir, 'stack.yaml'), `${bomb}\n`);
    const err = configError(() => loadConfig({ cwd: dir, installRoot }));
    expect(err.reason).toMatch(/not valid YAML.*alias/i);
  });

  it('rejects absurd numbers that timers would clamp to 1 ms', () => {
    const err = configError(() => loadConfig({ cwd: withConfig(`stack_profile: ${reference}\nmcp_startup_timeout_ms: 3000000000\n`), installRoot }));
    expect(err.field).toBe('mcp_startup_timeout_ms');
    expect(configError(() => loadConfig({ cwd: withConfig(`stack_profile: ${reference}\nmax_concurrent_builders: 100000\n`), installRoot })).field).toBe('max_concurrent_builders');
  });
});
