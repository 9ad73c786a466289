import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  BUILDER_DEPTHS,
  BuilderConfigError,
  generateBuilderConfig,
  parseBuilderConfig,
  readBuilderConfig,
  stringifyBuilderConfig,
  writeBuilderConfig,
} from '../src/index.js';
import { removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const run4Extras = {
  service: { name: 'order-service', port: 8080 },
  contracts: { openapi: 'contracts/openapi.yaml', asyncapi: 'contracts/asyncapi.yaml' },
  prd: 'PRD.md',
};

describe('generateBuilderConfig', () => {
  it.each(BUILDER_DEPTHS)('round-trips the %s config through YAML', async (depth) => {
    const dir = await tempDir();
    const cfg = generateBuilderConfig(depth, run4Extras);
    await writeBuilderConfig(dir, cfg);
    const raw = parse(await readFile(join(dir, 'config.yaml'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(raw)).toEqual(expect.arrayContaining(['depth', 'milestone', 'e2e_testing', 'post_orchestration_scans', 'service', 'contracts', 'prd']));
    expect(await readBuilderConfig(dir)).toEqual(cfg);
  });

  it('quick turns every contract and codebase feature off (B2-09 backward compatibility)', () => {
    const cfg = generateBuilderConfig('quick');
    expect(cfg.contract_engine.enabled).toBe(false);
    expect(cfg.codebase_intelligence.enabled).toBe(false);
    expect(cfg.post_orchestration_scans.contract_scans).toEqual([]);
    expect(cfg.agent_teams.enabled).toBe(false);
  });

  it('standard enables validation-only contract engine and query-only codebase intelligence with CONTRACT-001/002', () => {
    const cfg = generateBuilderConfig('standard', { agentTeams: true });
    expect(cfg.contract_engine).toMatchObject({ enabled: true, validation_on_build: true, test_generation: false });
    expect(cfg.codebase_intelligence).toMatchObject({ enabled: true, replace_static_map: false, register_artifacts: false });
    expect(cfg.post_orchestration_scans.contract_scans).toEqual(['CONTRACT-001', 'CONTRACT-002']);
    expect(cfg.agent_teams.enabled).toBe(false);
  });

  it.each(['thorough', 'exhaustive'] as const)('%s enables everything, agent teams only when asked', (depth) => {
    const cfg = generateBuilderConfig(depth, { agentTeams: true });
    expect(cfg).toMatchObject({
      depth,
      milestone: { enabled: true, health_gate: true },
      e2e_testing: { enabled: true, backend_api_tests: true },
      post_orchestration_scans: { mock_data_scan: true, api_contract_scan: true },
      contract_engine: { enabled: true, test_generation: true },
      codebase_intelligence: { enabled: true, replace_static_map: true, register_artifacts: true },
      agent_teams: { enabled: true },
    });
    expect(cfg.post_orchestration_scans.contract_scans).toHaveLength(4);
    expect(generateBuilderConfig(depth).agent_teams.enabled).toBe(false);
  });

  it('keeps Build 1 connection overrides but not an enablement override', () => {
    const cfg = generateBuilderConfig('quick', { contractEngine: { mcp_command: 'node', mcp_args: ['dist/ce.js'] } });
    expect(cfg.contract_engine).toMatchObject({ enabled: false, mcp_command: 'node', mcp_args: ['dist/ce.js'] });
  });

  it('rejects an unknown depth', () => {
    expect(() => generateBuilderConfig('deep' as never)).toThrow();
  });
});

describe('parseBuilderConfig', () => {
  it('names each bad field with path, expected and got', () => {
    const text = stringifyBuilderConfig(generateBuilderConfig('standard')).replace('depth: standard', 'depth: deep').replace('health_gate: true', 'health_gate: "yes"');
    const error = (() => {
      try {
        parseBuilderConfig(text, 'svc/config.yaml');
      } catch (e) {
        return e as BuilderConfigError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(BuilderConfigError);
    expect(error?.exitCode).toBe(2);
    expect(error?.issues).toEqual([
      'depth: expected one of "quick" | "standard" | "thorough" | "exhaustive", got "deep" (string)',
      'milestone.health_gate: expected boolean, got "yes" (string)',
    ]);
  });

  it('reports YAML syntax errors with the source name', () => {
    expect(() => parseBuilderConfig('depth: [unclosed', 'x/config.yaml')).toThrow(/x\/config.yaml is not valid YAML/);
  });

  it('accepts a seed-only config (no Run4 blocks) and fills Build 1 defaults', () => {
    const cfg = parseBuilderConfig(
      'depth: thorough\nmilestone: {enabled: true, health_gate: true}\ne2e_testing: {enabled: true, backend_api_tests: true}\npost_orchestration_scans: {mock_data_scan: true, api_contract_scan: true}\n',
    );
    expect(cfg.contract_engine.mcp_command).toBe('python');
    expect(cfg.service).toBeUndefined();
  });
});
