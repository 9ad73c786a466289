import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, renderDefaultConfig } from '../../src/config/index.js';

const installRoot = path.resolve(__dirname, '../../../..');

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
    const dir = withConfig('builder_depth: quick\nmax_concurrent_builders: 5\nsample_prd_path: docs/prd.md\noutput_dir: out\n');
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
    const fromDefaults = loadConfig({ cwd: target, installRoot: installRoot, configPath: undefined }).config;
    expect(fromFile).toEqual(fromDefaults);
  });
});
