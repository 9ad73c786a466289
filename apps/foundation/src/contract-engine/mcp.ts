import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { databasePath, openDatabaseOrExit } from '../shared/db.js';
import { registerJsonTool } from '../shared/mcp-tool.js';
import { startMcp } from '../shared/mcp-start.js';
import {
  ContractCreateSchema, ContractTypeSchema, CreateResultShape, ContractListShape, EndpointValidationShape,
  FRAMEWORKS, MarkResultShape, SpecSchema, ValidationResultShape,
} from './schemas.js';
import { ContractService } from './service.js';
import { preloadParsers } from './validate-spec.js';
import { CONTRACT_SCHEMA_SQL, ContractStore } from './store.js';

const SERVICE = 'contract-engine';

/**
 * Register the 9 Contract Engine tools of seed 003 section 1.2.
 *
 * @example
 * registerContractTools(server, new ContractService(store));
 */
export function registerContractTools(server: McpServer, svc: ContractService): void {
  registerJsonTool(server, SERVICE, 'create_contract', {
    description: 'Validate and store a contract (openapi | asyncapi | json_schema). Immutable per build_cycle_id.',
    inputSchema: ContractCreateSchema.shape,
    outputSchema: CreateResultShape,
  }, async (a) => {
    const r = await svc.create(a);
    return { id: r.id, status: r.status, spec_hash: r.spec_hash };
  });
  registerJsonTool(server, SERVICE, 'validate_spec', {
    description: 'Validate a specification with a real parser for its type.',
    inputSchema: { spec: SpecSchema, type: ContractTypeSchema },
    outputSchema: ValidationResultShape,
  }, (a) => svc.validate(a.spec, a.type));
  registerJsonTool(server, SERVICE, 'list_contracts', {
    description: 'List stored contracts, optionally filtered, paginated.',
    inputSchema: {
      service_name: z.string().default(''),
      type: z.string().default(''),
      page: z.number().int().min(1).default(1),
      page_size: z.number().int().min(1).max(500).default(50),
    },
    outputSchema: ContractListShape,
  }, (a) => svc.list(a.service_name, a.type, a.page, a.page_size));
  registerJsonTool(server, SERVICE, 'get_contract', {
    description: 'Get one contract by id.',
    inputSchema: { contract_id: z.string().min(1) },
  }, (a) => svc.get(a.contract_id));
  registerJsonTool(server, SERVICE, 'validate_endpoint', {
    description: "Check a response body against the service's OpenAPI contract for a method, concrete path and status.",
    inputSchema: {
      service_name: z.string().min(1),
      method: z.string().min(1),
      path: z.string().min(1),
      response_body: z.record(z.string(), z.unknown()),
      status_code: z.number().int().min(100).max(599).default(200),
    },
    outputSchema: EndpointValidationShape,
  }, (a) => svc.validateEndpoint(a.service_name, a.method, a.path, a.response_body, a.status_code));
  registerJsonTool(server, SERVICE, 'generate_tests', {
    description: 'Generate a complete contract test file (pytest or vitest).',
    inputSchema: { contract_id: z.string().min(1), framework: z.enum(FRAMEWORKS).default('pytest'), include_negative: z.boolean().default(true) },
  }, (a) => svc.generateTests(a.contract_id, a.framework, a.include_negative).content);
  registerJsonTool(server, SERVICE, 'check_breaking_changes', {
    description: 'Compare a stored contract with a new spec and list the changes with severity and affected consumers.',
    inputSchema: { contract_id: z.string().min(1), new_spec: SpecSchema },
  }, (a) => svc.breakingChanges(a.contract_id, a.new_spec));
  registerJsonTool(server, SERVICE, 'mark_implemented', {
    description: 'Record that a service implements a contract.',
    inputSchema: { contract_id: z.string().min(1), service_name: z.string().min(1), evidence_path: z.string().min(1) },
    outputSchema: MarkResultShape,
  }, (a) => svc.markImplemented(a.contract_id, a.service_name, a.evidence_path));
  registerJsonTool(server, SERVICE, 'get_unimplemented_contracts', {
    description: 'List contracts without any recorded implementation.',
    inputSchema: { service_name: z.string().default('') },
  }, (a) => svc.unimplemented(a.service_name));
}

const db = openDatabaseOrExit(databasePath('contracts.db'), CONTRACT_SCHEMA_SQL);
await startMcp('Contract Engine', SERVICE, (server) => registerContractTools(server, new ContractService(new ContractStore(db))), () => db.close());
preloadParsers();
