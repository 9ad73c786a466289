import { describe, expect, it } from 'vitest';
import { parseBuilderConfig, withDefaults } from '../src/config.js';
import { ConfigError } from '../src/errors.js';

describe('config.yaml', () => {
  it('accepts the runner-generated fields and keeps unknown blocks', () => {
    const config = parseBuilderConfig(
      [
        'depth: thorough',
        'milestone: { enabled: true, health_gate: true }',
        'e2e_testing: { enabled: true, backend_api_tests: true }',
        'post_orchestration_scans: { mock_data_scan: true, api_contract_scan: true, contract_scans: [CONTRACT-001] }',
        'contract_engine: { enabled: true, mcp_command: node }',
        'service: { name: order-service, port: 8080 }',
        'contracts: { openapi: contracts/openapi.yaml, asyncapi: contracts/asyncapi.yaml }',
        'prd: PRD.md',
        'future_block: { anything: 1 }',
      ].join('\n'),
    );
    expect(config.depth).toBe('thorough');
    expect(config.contracts?.asyncapi).toBe('contracts/asyncapi.yaml');
    expect((config as Record<string, unknown>).future_block).toEqual({ anything: 1 });
  });

  it('fills service and contracts from the directory when they are left out', () => {
    const config = withDefaults(parseBuilderConfig('depth: quick\n'), '/tmp/builders/payment-service');
    expect(config.service).toEqual({ name: 'payment-service', port: 8080 });
    expect(config.contracts).toEqual({ openapi: 'contracts/openapi.yaml' });
    expect(() => withDefaults(parseBuilderConfig('depth: quick\n'), '/tmp/Builders/My Service')).toThrow(/service\.name is missing/);
  });

  it('names the field at fault', () => {
    try {
      parseBuilderConfig('contracts: { openapi: "" }\n', 'x/config.yaml');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).field).toBe('contracts.openapi');
      expect((error as ConfigError).exitCode).toBe(2);
      expect((error as ConfigError).message).toMatch(/^x\/config\.yaml: invalid field contracts\.openapi/);
    }
  });
});
